//! Records of the web app: browser sessions, single-use account links,
//! sign-in attempts and the audit log.

use vocal_domain::{AgentId, OrgId, Role, UnitId, UserId};

/// A browser session as stored. The cookie holds a random id; only its
/// SHA-256 is stored, so a copy of the database signs nobody in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id_hash: [u8; 32],
    /// Who is signed in (sessions carry nothing else worth revoking).
    pub org_id: Option<OrgId>,
    pub user_id: Option<UserId>,
    /// The session library's data, as JSON.
    pub data: String,
    pub expires_at_ms: i64,
}

/// What a single-use link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Choose a new password (asked for on the sign-in page).
    PasswordReset,
    /// Set a first password (sent when an admin invites a user).
    Invitation,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::PasswordReset => "reset",
            LinkPurpose::Invitation => "invite",
        }
    }
}

/// A single-use link to store: only the token's SHA-256 is kept.
#[derive(Debug, Clone)]
pub struct NewUserLink {
    pub org_id: OrgId,
    pub user_id: UserId,
    pub purpose: LinkPurpose,
    pub token_hash: [u8; 32],
    pub expires_at_ms: i64,
}

/// A change an admin makes to a user (their email stays: it is how they sign in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserChange {
    pub name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub agent_id: Option<AgentId>,
}

/// One line of the audit log, to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEntry {
    /// The user who acted; `None` for the command line or the system.
    pub actor_id: Option<UserId>,
    /// How the actor is shown (their email, `cli`, `system`), kept even if the user goes.
    pub actor: String,
    /// What was done, e.g. `unit.rename`, `user.create`, `api_key.revoke`, `sign_in.failed`.
    pub action: String,
    /// What it was done to, e.g. a unit path or a user's email.
    pub subject: String,
    /// Details for people (before → after), free text.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at_ms: i64,
    pub entry: NewAuditEntry,
}
