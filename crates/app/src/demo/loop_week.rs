//! The demo's last week, lived through: the answers of the last eight days
//! arrive hour by hour, the evaluator opens cases within the hour, the team
//! leads work them as real teams do (most contacted within a day or two and
//! resolved with a root cause, some unreachable, some forgotten), and the
//! escalation sweep moves the forgotten ones up to the region's manager. So
//! the demo opens on open, overdue, escalated and resolved cases whose
//! times tell a coherent story.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use vocal_domain::alerts::{AlertRule, AlertRules, Conditions, Sla};
use vocal_domain::cases::{CaseAction, ContactVia};
use vocal_domain::{Email, OrgId, Role};
use vocal_store::{Case, CaseQuery, NewResponse, NewUser, Store, StoreError, User};

use crate::closed_loop::alert::Alerting;
use crate::closed_loop::{escalate, evaluate, work};

const HOUR: i64 = 3_600_000;
/// Days lived through before `now`.
pub const DAYS: i64 = 8;

/// The team leads, one per demo team, in team order.
const LEADS: [&str; 13] = [
    "Rosa Jiménez",
    "Tom Becker",
    "Aiko Tanaka",
    "Priya Nair",
    "Lukas Schmid",
    "Chloé Martin",
    "Sam Okafor",
    "Ines Costa",
    "Mateo Rossi",
    "Hana Kim",
    "Olivia Brown",
    "Jonas Berg",
    "Fatima Haddad",
];

/// The demo's rules: every detractor, and a faster SLA when a comment
/// says the customer is about to leave.
pub fn demo_rules() -> AlertRules {
    let churn = AlertRule {
        name: "churn risk".into(),
        when: Conditions {
            comment_matches: ["cancel", "switch to", "close my account", "lawyer", "never again"]
                .map(String::from)
                .to_vec(),
            ..Conditions::default()
        },
        sla: Sla { first_contact_hours: 24, resolve_hours: 72 },
        ..AlertRule::detractors()
    };
    AlertRules::with_rules(vec![AlertRule::detractors(), churn])
}

/// A lead for each team (managers of the team's unit), so alerts reach the
/// person closest to the customer.
pub async fn create_leads<S: Store>(store: &S, org: OrgId, teams: &[vocal_domain::UnitPath]) -> Result<(), StoreError> {
    for (team, name) in teams.iter().zip(LEADS) {
        let unit = store.ensure_unit(org, team).await?;
        let local = name.split(' ').next().unwrap_or("lead").to_lowercase();
        let ascii: String = local.chars().filter(char::is_ascii_alphabetic).collect();
        let email = Email::parse(&format!("{ascii}.lead@northwind.example")).expect("a valid demo address");
        store
            .create_user(
                org,
                NewUser { email, name: name.into(), role: Role::Manager, unit_id: Some(unit), agent_id: None },
            )
            .await?;
    }
    Ok(())
}

/// Stores `recent` (the answers of the last [`DAYS`] days, oldest first)
/// day by day, evaluating, working and sweeping at each day's end.
pub async fn live_the_week<S: Store>(
    store: &S,
    alerting: &Alerting,
    org: OrgId,
    recent: Vec<NewResponse>,
    now_ms: i64,
) -> Result<(), StoreError> {
    // Vocal began closing the loop when the week began: the history before
    // it is evaluated as already seen, so it opens no backlog of cases at once.
    let history_seq = store.max_seq(org).await?;
    store.advance_alert_cursor(org, history_seq).await?;
    let mut rest = recent.into_iter().peekable();
    // Hour by hour, as `vocal serve` would (it evaluates within seconds): each
    // case opens within the hour its answer came, not all at a day's end.
    for hours_ago in (0..DAYS * 24).rev() {
        let hour_end = now_ms - hours_ago * HOUR;
        let mut hour = Vec::new();
        while let Some(response) = rest.next_if(|r| r.submitted_at_ms <= hour_end) {
            hour.push(response);
        }
        if !hour.is_empty() {
            store.insert_responses(org, hour).await?;
        }
        evaluate::evaluate_org(store, alerting, org, hour_end).await?;
        work_open_cases(store, org, hour_end).await?;
        escalate::sweep_and_tell(store, alerting, org, hour_end).await?;
    }
    Ok(())
}

/// What happens to a case, drawn once from its id so every run tells the same story.
struct Fate {
    contact_after_h: Option<i64>,
    /// After the contact: resolved, or closed as unreachable.
    resolve_after_h: Option<i64>,
    unreachable: bool,
}

fn fate(case: &Case) -> Fate {
    let mut rng = StdRng::seed_from_u64(case.response_id.0 as u64 ^ 0x5eed);
    let draw: f64 = rng.random();
    let contact = Some(rng.random_range(1..40));
    match draw {
        d if d < 0.55 => {
            Fate { contact_after_h: contact, resolve_after_h: Some(rng.random_range(3..60)), unreachable: false }
        }
        d if d < 0.65 => {
            Fate { contact_after_h: None, resolve_after_h: Some(rng.random_range(50..80)), unreachable: true }
        }
        d if d < 0.82 => Fate { contact_after_h: contact, resolve_after_h: None, unreachable: false },
        _ => Fate { contact_after_h: None, resolve_after_h: None, unreachable: false },
    }
}

async fn work_open_cases<S: Store>(store: &S, org: OrgId, day_end: i64) -> Result<(), StoreError> {
    let users = store.list_users(org).await?;
    let admin = users.iter().find(|u| u.role == Role::Admin).cloned();
    let query = CaseQuery {
        states: vec![vocal_domain::cases::CaseState::New, vocal_domain::cases::CaseState::Contacted],
        limit: 100_000,
        ..CaseQuery::default()
    };
    for case in store.find_cases(org, &query).await? {
        let fate = fate(&case);
        let Some(owner) = case.owner.and_then(|id| users.iter().find(|u| u.id == id)).or(admin.as_ref()) else {
            continue;
        };
        let mut rng = StdRng::seed_from_u64(case.id.0 as u64);
        let contact_at = fate.contact_after_h.map(|h| case.opened_at_ms + h * HOUR);
        if let Some(at) = contact_at.filter(|&at| at <= day_end && case.first_contact_at_ms.is_none()) {
            let (via, text) = CONTACTS[rng.random_range(0..CONTACTS.len())];
            step(store, owner, &case, CaseAction::Contacted { via, text: text.into() }, at).await;
        }
        let Some(done_at) = fate.resolve_after_h.map(|h| contact_at.unwrap_or(case.opened_at_ms) + h * HOUR) else {
            continue;
        };
        if done_at > day_end {
            continue;
        }
        let action = if fate.unreachable {
            CaseAction::Closed { reason: "Customer unreachable: three calls and an email, no answer.".into() }
        } else {
            let (root_cause, resolution) = RESOLUTIONS[rng.random_range(0..RESOLUTIONS.len())];
            CaseAction::Resolved { root_cause: root_cause.into(), resolution: resolution.into() }
        };
        step(store, owner, &case, action, done_at).await;
    }
    Ok(())
}

/// One step as the owner; a step the case no longer allows (escalated to
/// someone else meanwhile) is simply not taken, as a person would not.
async fn step<S: Store>(store: &S, owner: &User, case: &Case, action: CaseAction, at_ms: i64) {
    if let Err(error) = work::act(store, owner, case.id, action, at_ms).await {
        tracing::debug!(case = case.id.0, %error, "a demo step was not taken");
    }
}

const CONTACTS: [(ContactVia, &str); 4] = [
    (ContactVia::Call, "Called: she explained what went wrong and accepted an apology; promised a follow-up."),
    (ContactVia::Call, "Reached him on the second try. Frustrated about the wait; agreed on next steps."),
    (ContactVia::Email, "Wrote to apologise and asked for a good time to call."),
    (ContactVia::Other, "Spoke in the store when the customer came back."),
];

const RESOLUTIONS: [(&str, &str); 6] = [
    ("Billing or pricing", "Refunded the duplicate charge and added a credit for the trouble."),
    ("Wait time or responsiveness", "Apologised; the team's callback target is now 4 hours."),
    ("Delivery or availability", "Re-shipped by express at no cost; tracking sent."),
    ("Staff behaviour", "Discussed the call with the agent in coaching; customer thanked us."),
    ("Product or service defect", "Replaced the device; defect reported to the product team."),
    ("Communication or information", "Explained the policy clearly and updated the help article."),
];
