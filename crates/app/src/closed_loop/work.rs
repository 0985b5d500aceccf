//! Working a case: a person records a contact, a note, the resolution with
//! its root cause, a close or a reassignment. The domain says which steps a
//! state allows ([`CaseAction::next_state`]); this checks who may take them
//! (a person within their scope, or an API key of the case's organisation),
//! stores the step guarded against a concurrent one, and logs it in the
//! audit log.

use vocal_domain::alerts::AlertRules;
use vocal_domain::cases::{ActionError, CaseAction};
use vocal_domain::{CaseId, OrgId, UnitTree, UserId};
use vocal_store::{ApiKeyRecord, ApiScope, Case, CaseStep, Store, StoreError, User};

use super::access::{may_receive, sees_case, works_case};
use crate::organisation::audit::{self, Actor};

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    /// Absent, in another organisation, or outside the user's scope: the same answer.
    #[error("no such case")]
    NotFound,
    #[error("you may read this case but not work it")]
    ReadOnly,
    #[error(transparent)]
    Refused(#[from] ActionError),
    #[error("root_cause: {given:?} is not in the organisation's list ({known})")]
    UnknownRootCause { given: String, known: String },
    #[error("to: no active admin or manager who can work this case has that id")]
    UnknownAssignee,
    #[error("the case changed while you were working on it; reload it and try again")]
    ChangedMeanwhile,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The case if `user` may see it; otherwise [`WorkError::NotFound`].
pub async fn visible_case<S: Store>(store: &S, user: &User, id: CaseId) -> Result<(Case, UnitTree), WorkError> {
    let case = store.case(user.org_id, id).await?.ok_or(WorkError::NotFound)?;
    let units = UnitTree::new(store.list_units(user.org_id).await?);
    if sees_case(user, &units, &case) { Ok((case, units)) } else { Err(WorkError::NotFound) }
}

/// Takes `action` on the case as `user`, at `now_ms`; the case after it.
pub async fn act<S: Store>(
    store: &S,
    user: &User,
    id: CaseId,
    action: CaseAction,
    now_ms: i64,
) -> Result<Case, WorkError> {
    let (case, units) = visible_case(store, user, id).await?;
    if !works_case(user, &units, &case) {
        return Err(WorkError::ReadOnly);
    }
    take_step(store, Actor::Person(user), case, &units, action, now_ms).await
}

/// Takes `action` on the case for a program holding an API key. A key
/// belongs to an organisation, not a person: with write scope it works any
/// case of its organisation (as an admin would), and its events and audit
/// entries are signed `api key NAME`. A read key may not act.
pub async fn act_with_key<S: Store>(
    store: &S,
    key: &ApiKeyRecord,
    id: CaseId,
    action: CaseAction,
    now_ms: i64,
) -> Result<Case, WorkError> {
    let case = store.case(key.org_id, id).await?.ok_or(WorkError::NotFound)?;
    if key.scope != ApiScope::Write {
        return Err(WorkError::ReadOnly);
    }
    let units = UnitTree::new(store.list_units(key.org_id).await?);
    take_step(store, Actor::ApiKey { org: key.org_id, name: &key.name }, case, &units, action, now_ms).await
}

/// The one place a step is checked and stored, whoever takes it.
async fn take_step<S: Store>(
    store: &S,
    actor: Actor<'_>,
    case: Case,
    units: &UnitTree,
    action: CaseAction,
    now_ms: i64,
) -> Result<Case, WorkError> {
    let org = actor.org();
    let state = action.next_state(case.state, case.owner)?;
    let mut step = CaseStep {
        case_id: case.id,
        expected_state: case.state,
        expected_owner: case.owner,
        state,
        owner: case.owner,
        root_cause: None,
        resolution: None,
        close_reason: None,
        escalation_level: None,
        follow_up_score: None,
        actor_id: actor.person().map(|user| user.id),
        actor: actor.person().map_or_else(|| actor.label(), person_name),
        kind: action.kind(),
        via: None,
        text: action.text().trim().to_string(),
        at_ms: now_ms,
    };
    let mut detail = step.text.clone();
    match &action {
        CaseAction::Note { .. } => {}
        CaseAction::Contacted { via, .. } => step.via = Some(*via),
        CaseAction::Resolved { root_cause, resolution } => {
            let rules = store.alert_rules(org).await?.map(|r| r.rules).unwrap_or_default();
            let cause = known_root_cause(&rules, root_cause)?;
            detail = format!("{cause}: {}", resolution.trim());
            step.root_cause = Some(cause);
            step.resolution = Some(resolution.trim().to_string());
        }
        CaseAction::Closed { reason } => step.close_reason = Some(reason.trim().to_string()),
        CaseAction::Reassigned { to, .. } => {
            let new_owner = assignee(store, org, units, &case, *to).await?;
            detail = format!("to {}{}", new_owner.email.as_str(), suffix(&step.text));
            step.owner = Some(new_owner.id);
        }
    }
    let stored = store.record_case_step(org, step).await?.ok_or(WorkError::ChangedMeanwhile)?;
    let subject = format!("case {}", stored.id.0);
    if let Err(error) = audit::record(store, actor, &format!("case.{}", action.kind().as_str()), subject, detail).await
    {
        tracing::warn!(%error, case = stored.id.0, "a case step was stored but not written to the audit log");
    }
    Ok(stored)
}

/// The taxonomy's own spelling of the cause, or which ones there are.
fn known_root_cause(rules: &AlertRules, given: &str) -> Result<String, WorkError> {
    rules
        .root_cause(given)
        .map(str::to_string)
        .ok_or_else(|| WorkError::UnknownRootCause { given: given.to_string(), known: rules.root_causes.join(", ") })
}

async fn assignee<S: Store>(
    store: &S,
    org: OrgId,
    units: &UnitTree,
    case: &Case,
    to: UserId,
) -> Result<User, WorkError> {
    let person = store.user(org, to).await?.ok_or(WorkError::UnknownAssignee)?;
    if may_receive(&person, units, case) { Ok(person) } else { Err(WorkError::UnknownAssignee) }
}

/// How a person is shown on events: their name, else their email.
pub fn person_name(user: &User) -> String {
    if user.name.trim().is_empty() { user.email.to_string() } else { user.name.clone() }
}

fn suffix(note: &str) -> String {
    if note.is_empty() { String::new() } else { format!(": {note}") }
}
