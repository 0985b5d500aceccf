//! Records that cross the storage boundary. Inputs are already parsed, so a
//! backend only stores; outputs are plain data for the domain to interpret.

use std::collections::BTreeMap;

use vocal_domain::{AgentId, ContactId, OrgId, ResponseId, Role, Score, SurveyId, UnitId, UnitPath, UserId};

/// The tenant. Days are counted in its time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    /// An IANA zone name such as `Europe/Berlin`; `UTC` by default.
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub id: AgentId,
    pub name: String,
    pub unit_id: Option<UnitId>,
}

/// A response to store, already parsed and validated at the edge.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResponse {
    /// Identity for de-duplication: a second response with the same key in
    /// the same organisation is skipped, not stored twice.
    pub dedupe_key: Option<[u8; 16]>,
    pub score: Score,
    pub comment: Option<String>,
    pub submitted_at_ms: i64,
    pub channel: Option<String>,
    pub touchpoint: Option<String>,
    /// Created, with any missing ancestors, when it does not exist yet.
    pub unit: Option<UnitPath>,
    /// An agent by name; created when new.
    pub agent: Option<String>,
    /// A contact by email; created when new.
    pub contact_email: Option<String>,
    pub account: Option<String>,
    pub language: Option<String>,
    pub survey_id: Option<SurveyId>,
    /// Where it came from: `import`, `api`, `email`, `demo`, …
    pub source: String,
    pub attributes: BTreeMap<String, String>,
}

/// One message of a streamed write ([`crate::Store::insert_response_stream`]).
#[derive(Debug)]
pub enum StreamItem {
    Rows(Vec<NewResponse>),
    /// Everything sent is complete: commit it.
    Commit,
}

/// What an all-or-nothing write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InsertOutcome {
    pub inserted: u64,
    /// Rows whose de-duplication key was already stored.
    pub duplicates: u64,
}

/// The fields the in-memory index needs, in change order.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedResponse {
    pub id: ResponseId,
    /// The global change sequence: every insert or change takes the next
    /// number, in commit order, so readers can catch up from a watermark.
    pub seq: i64,
    pub score: Score,
    pub submitted_at_ms: i64,
    pub channel: Option<String>,
    pub touchpoint: Option<String>,
    pub unit_id: Option<UnitId>,
    pub agent_id: Option<AgentId>,
    pub account: Option<String>,
    pub source: String,
    pub language: Option<String>,
    pub attributes: BTreeMap<String, String>,
}

/// A response as shown to people and integrators.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRecord {
    pub indexed: IndexedResponse,
    pub comment: Option<String>,
    pub contact_id: Option<ContactId>,
    pub contact_email: Option<String>,
    pub agent_name: Option<String>,
    pub survey_id: Option<SurveyId>,
}

/// What an API key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiScope {
    Read,
    Write,
}

impl ApiScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiScope::Read => "read",
            ApiScope::Write => "write",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "read" => Some(ApiScope::Read),
            "write" => Some(ApiScope::Write),
            _ => None,
        }
    }
}

/// An API key as stored: only a hash of the secret is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    pub id: i64,
    pub org_id: OrgId,
    pub name: String,
    pub scope: ApiScope,
    /// The first characters of the key, to recognise it in a list.
    pub prefix: String,
    pub created_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub name: String,
    pub scope: ApiScope,
    /// SHA-256 of the key, hex.
    pub key_hash: String,
    pub prefix: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub org_id: OrgId,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The subtree a manager manages.
    pub unit_id: Option<UnitId>,
    /// The agent whose feedback an agent user sees.
    pub agent_id: Option<AgentId>,
    pub disabled: bool,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub agent_id: Option<AgentId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewContact {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
    pub account: Option<String>,
    pub language: Option<String>,
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: ContactId,
    pub org_id: OrgId,
    pub details: NewContact,
    pub unsubscribed: bool,
}

/// A survey's wording in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyText {
    pub language: String,
    /// The 0–10 question.
    pub question: String,
    /// The open "why" follow-up.
    pub why_question: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSurvey {
    pub slug: String,
    pub name: String,
    pub default_language: String,
    pub texts: Vec<SurveyText>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub id: SurveyId,
    pub org_id: OrgId,
    pub definition: NewSurvey,
}
