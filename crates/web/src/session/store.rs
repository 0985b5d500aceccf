//! tower-sessions' storage on our own database: one pool, one migration
//! set, and two things the library's stores do not do — the session id is
//! stored only as its SHA-256 (a copy of the database signs nobody in), and
//! the signed-in user sits in its own column, so a password change or a
//! disabled account ends all of that user's sessions at once.

use std::fmt;

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};
use vocal_domain::{OrgId, UserId};
use vocal_store::{SessionRecord, Store, StoreError};

/// The key under which a session holds who signed in.
pub const SIGNED_IN: &str = "signed_in";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignedInAs {
    pub org: OrgId,
    pub user: UserId,
}

#[derive(Clone)]
pub struct DatabaseSessions<S: Store>(pub S);

impl<S: Store> fmt::Debug for DatabaseSessions<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseSessions")
    }
}

pub fn id_hash(id: &Id) -> [u8; 32] {
    Sha256::digest(id.0.to_le_bytes()).into()
}

fn backend(error: impl fmt::Display) -> Error {
    Error::Backend(error.to_string())
}

/// Starts the message of a backend error when the database did not answer:
/// tower-sessions keeps only a string, and the one mapping to HTTP
/// (`crate::fault`) must still tell a 503 from a 500.
pub(crate) const UNAVAILABLE: &str = "database unavailable: ";

fn store_backend(error: StoreError) -> Error {
    match error {
        StoreError::Unavailable(detail) => Error::Backend(format!("{UNAVAILABLE}{detail}")),
        other => backend(other),
    }
}

fn now_ms() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp() * 1000
}

#[async_trait]
impl<S: Store> SessionStore for DatabaseSessions<S> {
    async fn save(&self, record: &Record) -> Result<()> {
        let signed_in: Option<SignedInAs> =
            record.data.get(SIGNED_IN).and_then(|v| serde_json::from_value(v.clone()).ok());
        let session = SessionRecord {
            id_hash: id_hash(&record.id),
            org_id: signed_in.map(|s| s.org),
            user_id: signed_in.map(|s| s.user),
            data: serde_json::to_string(&record.data).map_err(backend)?,
            expires_at_ms: record.expiry_date.unix_timestamp() * 1000,
        };
        self.0.save_session(session).await.map_err(store_backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(stored) = self.0.load_session(id_hash(id), now_ms()).await.map_err(store_backend)? else {
            return Ok(None);
        };
        let data = serde_json::from_str(&stored.data).map_err(backend)?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(stored.expires_at_ms / 1000).map_err(backend)?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.0.delete_session(id_hash(id)).await.map_err(store_backend)
    }
}
