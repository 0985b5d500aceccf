//! Records of the closed loop: an organisation's alert rules as stored, and
//! cases with their events.

use vocal_domain::alerts::AlertRules;
use vocal_domain::cases::{CaseEventKind, CaseState, ContactVia};
use vocal_domain::{CaseId, OrgId, ResponseId, UnitId, UserId};

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
    /// The response's unit: the case is in the scope of its managers.
    pub unit_id: Option<UnitId>,
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
    /// When the evaluator opened it, by the evaluator's clock (its due
    /// times count from the same instant).
    pub opened_at_ms: i64,
    /// When set, a [`CASE_ALERT_JOB`] due then is queued in the transaction
    /// that opens the case: the alert's backstop, should the opener die
    /// before it told anyone (docs/cases.md).
    pub alert_backstop_at_ms: Option<i64>,
}

/// The job kind of a case's alert backstop; its payload is `{"case_id": N}`.
pub const CASE_ALERT_JOB: &str = "case_alert";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: CaseId,
    pub org_id: OrgId,
    pub response_id: ResponseId,
    pub response_seq: i64,
    pub unit_id: Option<UnitId>,
    pub owner: Option<UserId>,
    pub routed_by: String,
    pub state: CaseState,
    /// Why a `closed` case ended without resolution.
    pub close_reason: Option<String>,
    /// From the organisation's taxonomy, set on resolution.
    pub root_cause: Option<String>,
    /// What was done, set on resolution.
    pub resolution: Option<String>,
    pub rules: Vec<String>,
    pub first_contact_due_ms: i64,
    pub resolve_due_ms: i64,
    /// The first recorded contact with the customer.
    pub first_contact_at_ms: Option<i64>,
    /// When it was resolved or closed.
    pub done_at_ms: Option<i64>,
    /// 0, or 1 / 2 once escalated for a missed first contact / resolution.
    pub escalation_level: u8,
    pub escalated_at_ms: Option<i64>,
    /// The customer's 0–10 answer to the follow-up survey.
    pub follow_up_score: Option<u8>,
    pub opened_at_ms: i64,
    pub updated_at_ms: i64,
    /// The alert's backstop job, queued with the case (see [`NewCase`]).
    pub alert_job_id: Option<i64>,
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
    /// How a `contacted` event reached the customer.
    pub via: Option<ContactVia>,
}

/// One step on a case, stored with the case's new values in one
/// transaction, and only if the case is still as the caller saw it
/// (`expected_*`): two people acting at once cannot both win.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStep {
    pub case_id: CaseId,
    pub expected_state: CaseState,
    pub expected_owner: Option<UserId>,
    pub state: CaseState,
    pub owner: Option<UserId>,
    /// Set only when `Some` (a resolution); kept otherwise.
    pub root_cause: Option<String>,
    pub resolution: Option<String>,
    pub close_reason: Option<String>,
    /// Set when escalating: the step counts only if the case's level is lower.
    pub escalation_level: Option<u8>,
    pub follow_up_score: Option<u8>,
    /// `None` for Vocal itself (an escalation).
    pub actor_id: Option<UserId>,
    pub actor: String,
    pub kind: CaseEventKind,
    pub via: Option<ContactVia>,
    pub text: String,
    pub at_ms: i64,
}

/// Which cases to list; every filter given applies. Newest first, `before`
/// a case id for the next page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseQuery {
    /// Any of these states; all states when empty.
    pub states: Vec<CaseState>,
    /// `Some(None)`: cases nobody owns.
    pub owner: Option<Option<UserId>>,
    /// Cases of these units only (a scope, its subtree already expanded).
    pub units: Option<Vec<UnitId>>,
    /// Open cases past a deadline they have not met at this instant.
    pub overdue_at_ms: Option<i64>,
    pub before: Option<CaseId>,
    pub limit: i64,
}

/// An open case the escalation sweep found past a deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueCase {
    pub case: Case,
    /// The level it earned (see `vocal_domain::cases::escalation`).
    pub earned_level: u8,
}
