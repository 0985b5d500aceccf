//! The escalation sweep: every open case past a deadline it has not met goes
//! to the next manager up the hierarchy, flagged, once per missed deadline
//! (`vocal_domain::cases::escalation`). Run beside the evaluator by `vocal
//! serve`; several processes may sweep at once, since each step is guarded
//! by the level, state and owner it saw: a case escalates once.

use vocal_domain::cases::{CaseEventKind, escalation};
use vocal_domain::{OrgId, UserId};
use vocal_store::{Case, CaseStep, Store, StoreError};

use super::alert::{Alerting, enqueue_escalation_alert};
use super::evaluate::Organisation;

/// Cases read per round of the sweep.
const BATCH: i64 = 500;

/// One case the sweep moved: the case after it, and who had it before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalated {
    pub case: Case,
    pub previous_owner: Option<UserId>,
}

/// Escalates every organisation's overdue cases at `now_ms`.
pub async fn sweep_all<S: Store>(store: &S, now_ms: i64) -> Result<Vec<Escalated>, StoreError> {
    let mut moved = Vec::new();
    for org in store.list_orgs().await? {
        moved.extend(sweep(store, org.id, now_ms).await?);
    }
    Ok(moved)
}

/// Escalates one organisation's overdue cases at `now_ms`.
pub async fn sweep<S: Store>(store: &S, org: OrgId, now_ms: i64) -> Result<Vec<Escalated>, StoreError> {
    let mut moved = Vec::new();
    let mut organisation = None;
    loop {
        let overdue = store.overdue_cases(org, now_ms, BATCH).await?;
        if overdue.is_empty() {
            return Ok(moved);
        }
        let organisation = match &organisation {
            Some(loaded) => loaded,
            None => organisation.insert(Organisation::load(store, org).await?),
        };
        let mut progressed = false;
        for found in overdue {
            let case = &found.case;
            let next = escalation::next_owner(case.unit_id, case.owner, &organisation.people, &organisation.units);
            let step = CaseStep {
                case_id: case.id,
                expected_state: case.state,
                expected_owner: case.owner,
                state: case.state,
                owner: next.or(case.owner),
                root_cause: None,
                resolution: None,
                close_reason: None,
                escalation_level: Some(found.earned_level),
                follow_up_score: None,
                actor_id: None,
                actor: "Vocal".into(),
                kind: CaseEventKind::Escalated,
                via: None,
                text: escalation_note(found.earned_level, next.is_some()),
                at_ms: now_ms,
            };
            // `None`: another sweeper or a person acted first; the next
            // round reads the case again if it still needs escalating.
            if let Some(after) = store.record_case_step(org, step).await? {
                progressed = true;
                moved.push(Escalated { case: after, previous_owner: case.owner });
            }
        }
        if !progressed {
            return Ok(moved);
        }
    }
}

/// [`sweep_all`], then tells the new and the previous owner of each moved
/// case (mail by their choices, and the organisation's channels).
pub async fn sweep_all_and_tell<S: Store>(store: &S, alerting: &Alerting, now_ms: i64) -> Result<usize, StoreError> {
    let moved = sweep_all(store, now_ms).await?;
    tell(store, alerting, &moved).await;
    Ok(moved.len())
}

/// [`sweep`] of one organisation, telling people as [`sweep_all_and_tell`] does.
pub async fn sweep_and_tell<S: Store>(
    store: &S,
    alerting: &Alerting,
    org: OrgId,
    now_ms: i64,
) -> Result<usize, StoreError> {
    let moved = sweep(store, org, now_ms).await?;
    tell(store, alerting, &moved).await;
    Ok(moved.len())
}

/// The escalation is stored; an alert that cannot be queued is logged.
async fn tell<S: Store>(store: &S, alerting: &Alerting, moved: &[Escalated]) {
    for escalated in moved {
        let case = &escalated.case;
        let Some(new_owner) = case.owner.filter(|o| Some(*o) != escalated.previous_owner) else { continue };
        let told = enqueue_escalation_alert(
            store,
            &alerting.mailer,
            &alerting.public_url,
            case,
            escalated.previous_owner,
            new_owner,
        );
        if let Err(error) = told.await {
            tracing::error!(case = case.id.0, %error, "a case escalated; its alert could not be queued");
        }
    }
}

fn escalation_note(level: u8, moved: bool) -> String {
    let missed = if level >= 2 { "Resolution" } else { "First contact" };
    if moved {
        format!("{missed} overdue: escalated to the next manager up.")
    } else {
        format!("{missed} overdue: nobody above the owner to escalate to; flagged.")
    }
}
