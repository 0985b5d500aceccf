//! Records that cross the storage boundary. Inputs are already parsed, so a
//! backend only stores; outputs are plain data for the domain to interpret.

use std::collections::BTreeMap;

use vocal_domain::{
    AgentId, ContactId, Email, InvitationId, OrgId, Phone, ResponseId, Role, Score, SurveyDefinition, SurveyId, UnitId,
    UnitPath, UserId,
};

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
    pub contact_email: Option<Email>,
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
    pub contact_email: Option<Email>,
    pub agent_name: Option<String>,
    pub survey_id: Option<SurveyId>,
    /// When it was first stored (a replaced answer keeps it).
    pub created_at_ms: i64,
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
    pub email: Email,
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
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub agent_id: Option<AgentId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewContact {
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub name: Option<String>,
    pub account: Option<String>,
    pub language: Option<String>,
    pub attributes: BTreeMap<String, String>,
}

impl NewContact {
    /// Fills the details this contact lacks from `newer`, keeping the ones
    /// it has: an invitation that matched a known contact completes it but
    /// never overwrites what people entered or imported before.
    pub fn fill_missing(&mut self, newer: &NewContact) {
        fn fill<T: Clone>(kept: &mut Option<T>, offered: &Option<T>) {
            if kept.is_none() {
                kept.clone_from(offered);
            }
        }
        fill(&mut self.email, &newer.email);
        fill(&mut self.phone, &newer.phone);
        fill(&mut self.name, &newer.name);
        fill(&mut self.account, &newer.account);
        fill(&mut self.language, &newer.language);
        for (key, value) in &newer.attributes {
            self.attributes.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: ContactId,
    pub org_id: OrgId,
    pub details: NewContact,
    pub unsubscribed: bool,
}

/// A survey as stored: its validated definition (kept as JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub id: SurveyId,
    pub org_id: OrgId,
    pub definition: SurveyDefinition,
    pub updated_at_ms: i64,
}

/// How a submission treats a response whose de-duplication key is stored already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDuplicate {
    /// Leave the stored response as it is and report its id (an API retry
    /// with the same `Idempotency-Key`).
    Keep,
    /// Replace its score, comment, language and attributes, giving it a new
    /// change sequence (a customer changing their answer on the survey page).
    Replace,
}

/// One request's responses, written with others in one group commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub org: OrgId,
    pub responses: Vec<NewResponse>,
    pub on_duplicate: OnDuplicate,
}

/// What happened to one response of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub id: ResponseId,
    /// False when the de-duplication key was stored already (kept or replaced).
    pub created: bool,
}

/// Where an invitation's response comes from and what flows onto it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<UnitPath>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub touchpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Overrides the contact's language for this invitation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Overrides the survey's redirect; its host is one the survey allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub survey_id: SurveyId,
    /// Matched by email, else by phone, within the organisation; created
    /// when new (a matched contact's empty details are filled in).
    pub contact: NewContact,
    /// `email`, `sms`, `chat`, `web`, `ivr`, …
    pub channel: String,
    /// SHA-256 of the token in the link; the token itself is never stored.
    pub token_hash: [u8; 32],
    /// The token encrypted with the server's secret key, so the API can show
    /// the links again; useless without that key.
    pub token_seal: Vec<u8>,
    pub expires_at_ms: i64,
    pub context: InvitationContext,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: InvitationId,
    pub org_id: OrgId,
    pub survey_id: SurveyId,
    pub contact: Contact,
    pub channel: String,
    pub token_hash: [u8; 32],
    pub token_seal: Vec<u8>,
    pub expires_at_ms: i64,
    pub created_at_ms: i64,
    pub context: InvitationContext,
}

/// What became of an email: handed to the SMTP server, kept in the outbox
/// because no server is configured, or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailStatus {
    Sent,
    Outbox,
    Failed,
}

impl EmailStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EmailStatus::Sent => "sent",
            EmailStatus::Outbox => "outbox",
            EmailStatus::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "sent" => Some(EmailStatus::Sent),
            "outbox" => Some(EmailStatus::Outbox),
            "failed" => Some(EmailStatus::Failed),
            _ => None,
        }
    }
}

/// An email to record in the outbox (the mail history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail {
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub status: EmailStatus,
    /// Why sending failed, for `Failed`.
    pub error: Option<String>,
}

/// An email as recorded in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailRecord {
    pub id: i64,
    pub org_id: OrgId,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub status: EmailStatus,
    pub error: Option<String>,
    pub created_at_ms: i64,
}
