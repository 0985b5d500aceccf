//! The evaluator: follows each organisation's response changes (the change
//! `seq`) from a cursor kept in the database, so every new or changed
//! response is looked at once whichever way it arrived — API, survey page,
//! import, or another process on the same database. [`evaluate_once`] is one
//! step (tests call it directly); [`keep_evaluating`] runs it in `vocal serve`.

use std::time::Duration;

use vocal_domain::alerts::routing::Person;
use vocal_domain::alerts::{AlertRules, DEFAULT_WINDOW_DAYS};
use vocal_domain::{OrgId, ResponseId, UnitTree};
use vocal_store::{Store, StoreError};

use super::alert::Alerting;
use super::open::{Outcome, evaluate_response};
use super::rules::current_rules;

/// Changes read per round trip.
const BATCH: i64 = 1_000;
const DAY_MS: i64 = 86_400_000;

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evaluated {
    /// Changed responses the cursor moved past.
    pub looked_at: usize,
    pub opened: usize,
    /// Edited answers noted on their open case.
    pub noted: usize,
}

impl std::ops::AddAssign for Evaluated {
    fn add_assign(&mut self, other: Self) {
        self.looked_at += other.looked_at;
        self.opened += other.opened;
        self.noted += other.noted;
    }
}

/// What routing needs of the organisation, read once per step.
pub(crate) struct Organisation {
    pub(crate) units: UnitTree,
    pub(crate) people: Vec<Person>,
}

impl Organisation {
    pub(crate) async fn load<S: Store>(store: &S, org: OrgId) -> Result<Self, StoreError> {
        let units = UnitTree::new(store.list_units(org).await?);
        Ok(Organisation { units, people: super::owners::people(store, org).await? })
    }
}

/// Evaluates every organisation's responses changed since its cursor, at
/// `now_ms`, queueing the alert of every case it opens through `alerting`.
pub async fn evaluate_once<S: Store>(store: &S, alerting: &Alerting, now_ms: i64) -> Result<Evaluated, StoreError> {
    let mut total = Evaluated::default();
    for org in store.list_orgs().await? {
        total += evaluate_org(store, alerting, org.id, now_ms).await?;
    }
    Ok(total)
}

/// Catches one organisation's cursor up with its changes. Responses
/// submitted before every rule's window (an import of last year's history)
/// are passed over without reading them whole. The cursor moves after each
/// batch: a crash repeats at most one batch, and repeating is harmless (one
/// case per response, one note per change).
pub async fn evaluate_org<S: Store>(
    store: &S,
    alerting: &Alerting,
    org: OrgId,
    now_ms: i64,
) -> Result<Evaluated, StoreError> {
    let (rules, _) = current_rules(store, org).await?;
    let earliest = now_ms - lookback_ms(&rules);
    let mut organisation = None;
    let mut done = Evaluated::default();
    loop {
        let cursor = store.alert_cursor(org).await?;
        let changes = store.responses_after(org, cursor, BATCH).await?;
        let Some(last) = changes.last().map(|c| c.seq) else { break };
        done.looked_at += changes.len();
        let recent: Vec<ResponseId> = changes.iter().filter(|c| c.submitted_at_ms >= earliest).map(|c| c.id).collect();
        if !recent.is_empty() {
            let organisation = match &organisation {
                Some(loaded) => loaded,
                None => organisation.insert(Organisation::load(store, org).await?),
            };
            for record in store.responses_by_ids(org, &recent).await? {
                match evaluate_response(store, alerting, org, &rules, organisation, &record, now_ms).await? {
                    Outcome::Opened => done.opened += 1,
                    Outcome::Noted => done.noted += 1,
                    Outcome::Nothing => {}
                }
            }
        }
        store.advance_alert_cursor(org, last).await?;
        if (changes.len() as i64) < BATCH {
            break;
        }
    }
    Ok(done)
}

/// How far back a changed response may have been submitted and still
/// matter: the widest rule window, and at least the default one so an
/// edited answer still reaches its case when every rule is off.
fn lookback_ms(rules: &AlertRules) -> i64 {
    rules.widest_window_ms().max(i64::from(DEFAULT_WINDOW_DAYS) * DAY_MS)
}

/// Runs [`evaluate_once`] and then the escalation sweep every `every` until
/// the task is dropped; a failed
/// step (the database away) is logged and tried again at the next tick.
pub async fn keep_evaluating<S: Store>(store: S, alerting: Alerting, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match evaluate_once(&store, &alerting, crate::now_ms()).await {
            Ok(done) if done.opened + done.noted > 0 => {
                tracing::info!(
                    looked_at = done.looked_at,
                    opened = done.opened,
                    noted = done.noted,
                    "alert rules evaluated"
                )
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not evaluate alert rules"),
        }
        match super::escalate::sweep_all_and_tell(&store, &alerting, crate::now_ms()).await {
            Ok(moved) if moved > 0 => tracing::info!(escalated = moved, "overdue cases escalated"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not escalate overdue cases"),
        }
    }
}
