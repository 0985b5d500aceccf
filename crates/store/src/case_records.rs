//! Records of the closed loop: an organisation's alert rules as stored, and
//! cases with their events.

use vocal_domain::alerts::AlertRules;
use vocal_domain::cases::{CaseEventKind, CaseState};
use vocal_domain::{CaseId, OrgId, ResponseId, UserId};

/// The rules an organisation applied, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAlertRules {
    pub rules: AlertRules,
    pub updated_at_ms: i64,
}

/// A case to open for a response (at most one per response).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub response_id: ResponseId,
    /// The response's change sequence when the case was opened: a later one
    /// is an edited answer (see [`crate::Cases::note_response_change`]).
    pub response_seq: i64,
    /// `None` only when the organisation has nobody to route to.
    pub owner: Option<UserId>,
    /// How the owner was found: `unit_managers`, `attribute`, `named_user`, `admins`.
    pub routed_by: String,
    /// Every rule the response matched, by name, in rule order.
    pub rules: Vec<String>,
    pub first_contact_due_ms: i64,
    pub resolve_due_ms: i64,
    /// The text of the `opened` event.
    pub opened_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: CaseId,
    pub org_id: OrgId,
    pub response_id: ResponseId,
    pub response_seq: i64,
    pub owner: Option<UserId>,
    pub routed_by: String,
    pub state: CaseState,
    /// Why a `closed` case ended without resolution.
    pub close_reason: Option<String>,
    pub rules: Vec<String>,
    pub first_contact_due_ms: i64,
    pub resolve_due_ms: i64,
    pub opened_at_ms: i64,
    pub updated_at_ms: i64,
}

/// What opening a case did: a response opens one case, whoever asks first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseOpening {
    Opened(Case),
    /// The response had a case already (another evaluator opened it).
    AlreadyOpen(Case),
}

/// One step in a case's life, with who took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    pub id: i64,
    pub case_id: CaseId,
    pub at_ms: i64,
    /// `None` for Vocal itself (opening, an edited answer).
    pub actor_id: Option<UserId>,
    /// How the actor was shown, kept after the user is gone.
    pub actor: String,
    pub kind: CaseEventKind,
    pub text: String,
}
