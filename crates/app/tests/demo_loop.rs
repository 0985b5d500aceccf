//! The demo's week of closing the loop, on a real SQLite store: the demo
//! opens on cases in every state, escalated ones among them, each with a
//! history that reads forward in time.

use std::collections::BTreeSet;

use vocal_app::demo::seed::seed_demo;
use vocal_domain::alerts::AlertRules;
use vocal_domain::cases::{CaseState, escalation};
use vocal_store::prelude::*;
use vocal_store_sqlite::SqliteStore;

#[tokio::test]
async fn the_demo_shows_the_loop_working() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let now = vocal_app::now_ms();
    let seeded = seed_demo(&store, &alerting(), 30_000, now).await.unwrap();
    let org = seeded.org.id;
    let rules = store.alert_rules(org).await.unwrap().expect("the demo applies its rules").rules;
    assert!(rules.validate().is_ok());
    assert!(rules.rules.len() >= 2);
    let cases = store.list_cases(org, 0, 100_000).await.unwrap();
    assert!(cases.len() > 50, "a week of detractors opens cases: {}", cases.len());
    let states: BTreeSet<CaseState> = cases.iter().map(|c| c.state).collect();
    assert_eq!(states.len(), 4, "new, contacted, resolved and closed: {states:?}");
    let escalated = cases.iter().filter(|c| c.escalation_level > 0).count();
    let overdue =
        cases.iter().filter(|c| escalation::is_overdue(c.state, c.first_contact_due_ms, c.resolve_due_ms, now)).count();
    assert!(escalated > 0 && overdue > 0, "escalated {escalated}, overdue {overdue}");
    let defaults = AlertRules::default();
    let taxonomy: BTreeSet<&str> = defaults.root_causes.iter().map(String::as_str).collect();
    for case in &cases {
        assert!(case.opened_at_ms <= now);
        if case.state == CaseState::Resolved {
            assert!(taxonomy.contains(case.root_cause.as_deref().unwrap()), "{:?}", case.root_cause);
        }
        let events = store.case_events(org, case.id).await.unwrap();
        let times: Vec<i64> = events.iter().map(|e| e.at_ms).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "case {} reads forward: {times:?}", case.id.0);
        assert!(times.iter().all(|&t| t <= now), "nothing happens after now");
        if let Some(contact) = case.first_contact_at_ms {
            assert!(contact >= case.opened_at_ms);
        }
    }
    // Opened cases belong to the recent week only (the history opens none),
    // each within the hour its answer came, as a running server would.
    assert!(cases.iter().all(|c| c.opened_at_ms > now - 9 * 86_400_000));
    let ids: Vec<_> = cases.iter().map(|c| c.response_id).collect();
    let answers = store.responses_by_ids(org, &ids).await.unwrap();
    for case in &cases {
        let answer = answers.iter().find(|r| r.indexed.id == case.response_id).unwrap();
        let waited = case.opened_at_ms - answer.indexed.submitted_at_ms;
        assert!((0..=3_600_000).contains(&waited), "case {} opened {waited} ms after its answer", case.id.0);
    }
    // A working team: most cases are not overdue.
    assert!(overdue * 3 < cases.len(), "{overdue} of {} overdue", cases.len());
    // A second run finds the demo and changes nothing.
    let again = seed_demo(&store, &alerting(), 30_000, now).await.unwrap();
    assert!(!again.created);
    assert_eq!(store.list_cases(org, 0, 100_000).await.unwrap().len(), cases.len());
}

fn alerting() -> vocal_app::closed_loop::alert::Alerting {
    vocal_app::closed_loop::alert::Alerting {
        mailer: vocal_app::messaging::email::Mailer::new(None, None).unwrap(),
        public_url: "http://127.0.0.1:8080".into(),
    }
}
