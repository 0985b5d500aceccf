//! Collecting answers: responses pushed by integrations, invitations with
//! their links, the survey page's answers and the anonymous public link.
//! Every write goes through the [`Committer`] (group commit), so each is on
//! disk and in the query index before it is acknowledged.

pub mod answers;
pub mod committer;
pub mod contacts_file;
pub mod fields;
pub mod ingest;
pub mod invitations;
pub mod survey_cache;
pub mod tokens;

#[cfg(test)]
mod fields_tests;

use std::sync::Arc;

pub use committer::Committer;
pub use fields::FieldError;
pub use tokens::{ServerSecret, Token};
use vocal_store::{Store, StoreError};

use crate::live_index::registry::Indexes;

/// What the collection use cases share.
#[derive(Clone)]
pub struct Collector<S: Store> {
    pub store: S,
    pub committer: Committer,
    pub secret: ServerSecret,
    /// Where links point, e.g. `https://nps.example.com` (no trailing slash).
    pub public_url: Arc<str>,
    pub surveys: survey_cache::SurveyCache,
}

impl<S: Store> Collector<S> {
    pub fn new(store: S, indexes: Arc<Indexes>, secret: ServerSecret, public_url: &str) -> Self {
        let committer = Committer::start(store.clone(), indexes);
        Collector {
            store,
            committer,
            secret,
            public_url: public_url.trim_end_matches('/').into(),
            surveys: Default::default(),
        }
    }

    /// The survey link and the eleven one-click score links of a token.
    pub fn links(&self, token: &Token) -> Links {
        let survey_url = format!("{}/s/{}", self.public_url, token.as_str());
        let score_urls = std::array::from_fn(|score| format!("{survey_url}?score={score}"));
        Links { survey_url, score_urls }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Links {
    pub survey_url: String,
    /// Index = score. Opening one selects the score; it is recorded only by
    /// the page's script or a tap on Send, never by the GET itself.
    pub score_urls: [String; 11],
}

/// Why a collection request was not stored.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// Bad input: every bad field, nothing stored.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The survey form is incomplete or wrong, field by field.
    #[error("the survey form needs changes")]
    Form(Vec<(String, answers::FormProblem)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// The first 16 bytes of SHA-256 over the parts, separated so that no two
/// different lists of parts hash the same.
pub(crate) fn derived_key(parts: &[&[u8]]) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}
