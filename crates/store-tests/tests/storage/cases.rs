//! Alert rules, the evaluator's cursor and cases, on both backends: one case
//! per response however many processes try, and an edit noted once.

use vocal_domain::alerts::{AlertRule, AlertRules};
use vocal_domain::cases::{CaseEventKind, CaseState};
use vocal_domain::{OrgId, ResponseId, Score};
use vocal_store::{CaseOpening, NewCase, NewResponse, Store};

use crate::fixtures::{all_responses, email, new_org, response};

storage_tests!(
    rules_are_absent_until_applied_then_read_back_whole,
    the_cursor_only_moves_forward,
    a_response_opens_one_case_with_an_opened_event,
    an_edit_is_noted_once_per_change,
    the_previous_score_is_the_contacts_answer_before_and_the_earlier_answers_newest_first,
);

fn new_case(response: ResponseId, seq: i64) -> NewCase {
    NewCase {
        response_id: response,
        response_seq: seq,
        unit_id: None,
        owner: None,
        routed_by: "admins".into(),
        rules: vec!["detractors".into(), "angry words".into()],
        first_contact_due_ms: 1_000,
        resolve_due_ms: 2_000,
        opened_note: "score 2".into(),
        opened_at_ms: 500,
        alert_backstop_at_ms: None,
    }
}

async fn one_response<S: Store>(store: &S) -> (OrgId, ResponseId, i64) {
    let org = new_org(store, "Acme").await;
    store.insert_responses(org, vec![response(2)]).await.unwrap();
    let row = all_responses(store, org).await.remove(0);
    (org, row.id, row.seq)
}

async fn rules_are_absent_until_applied_then_read_back_whole<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    assert_eq!(store.alert_rules(org).await.unwrap(), None);
    let mut off = AlertRule::detractors();
    off.enabled = false;
    let rules = AlertRules::with_rules(vec![off, AlertRule { name: "second".into(), ..AlertRule::detractors() }]);
    store.put_alert_rules(org, &rules).await.unwrap();
    assert_eq!(store.alert_rules(org).await.unwrap().unwrap().rules, rules);
    store.put_alert_rules(org, &AlertRules::default()).await.unwrap();
    assert_eq!(store.alert_rules(org).await.unwrap().unwrap().rules, AlertRules::default(), "replaced whole");
}

async fn the_cursor_only_moves_forward<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    assert_eq!(store.alert_cursor(org).await.unwrap(), 0);
    store.advance_alert_cursor(org, 10).await.unwrap();
    store.advance_alert_cursor(org, 4).await.unwrap();
    assert_eq!(store.alert_cursor(org).await.unwrap(), 10, "a late, slower evaluator does not move it back");
    store.advance_alert_cursor(org, 12).await.unwrap();
    assert_eq!(store.alert_cursor(org).await.unwrap(), 12);
    assert_eq!(store.alert_cursor(other).await.unwrap(), 0, "each organisation has its own");
}

async fn a_response_opens_one_case_with_an_opened_event<S: Store>(store: S) {
    let (org, id, seq) = one_response(&store).await;
    let CaseOpening::Opened(case) = store.open_case(org, new_case(id, seq)).await.unwrap() else {
        panic!("the first opening opens")
    };
    assert_eq!((case.state, case.response_id, case.response_seq), (CaseState::New, id, seq));
    assert_eq!(case.rules, vec!["detractors".to_string(), "angry words".to_string()]);
    assert_eq!((case.first_contact_due_ms, case.resolve_due_ms), (1_000, 2_000));
    let again = store.open_case(org, new_case(id, seq)).await.unwrap();
    assert_eq!(again, CaseOpening::AlreadyOpen(case.clone()));
    let events = store.case_events(org, case.id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| (e.kind, e.text.as_str(), e.actor_id)).collect();
    assert_eq!(kinds, vec![(CaseEventKind::Opened, "score 2", None)], "one opened event, by Vocal");
    assert_eq!(store.case(org, case.id).await.unwrap(), Some(case.clone()));
    assert_eq!(store.case_for_response(org, id).await.unwrap(), Some(case.clone()));
    assert_eq!(store.list_cases(org, 0, 10).await.unwrap(), vec![case.clone()]);
    let other = new_org(&store, "Other").await;
    assert_eq!(store.case(other, case.id).await.unwrap(), None, "another organisation sees nothing");
}

async fn an_edit_is_noted_once_per_change<S: Store>(store: S) {
    let (org, id, seq) = one_response(&store).await;
    let CaseOpening::Opened(case) = store.open_case(org, new_case(id, seq)).await.unwrap() else { panic!() };
    assert!(!store.note_response_change(org, case.id, seq, "same").await.unwrap(), "not newer");
    assert!(store.note_response_change(org, case.id, seq + 5, "score 2 → 4").await.unwrap());
    assert!(!store.note_response_change(org, case.id, seq + 5, "score 2 → 4").await.unwrap(), "noted already");
    let texts: Vec<String> = store.case_events(org, case.id).await.unwrap().into_iter().map(|e| e.text).collect();
    assert_eq!(texts, vec!["score 2".to_string(), "score 2 → 4".to_string()]);
    assert_eq!(store.case(org, case.id).await.unwrap().unwrap().response_seq, seq + 5);
}

async fn the_previous_score_is_the_contacts_answer_before_and_the_earlier_answers_newest_first<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let by = |score: i64, at: i64, who: &str| NewResponse {
        submitted_at_ms: at,
        contact_email: Some(email(who)),
        ..response(score)
    };
    let rows = vec![
        by(9, 100, "ana@example.com"),
        by(7, 200, "ana@example.com"),
        by(1, 150, "bo@example.com"),
        by(3, 300, "ana@example.com"),
    ];
    store.insert_responses(org, rows).await.unwrap();
    let ids: Vec<ResponseId> = all_responses(&store, org).await.iter().map(|r| r.id).collect();
    let records = store.responses_by_ids(org, &ids).await.unwrap();
    let last = records.iter().find(|r| r.indexed.score.value() == 3).unwrap();
    let first = records.iter().find(|r| r.indexed.score.value() == 9).unwrap();
    let ana = last.contact_id.unwrap();
    assert_eq!(store.previous_score(org, ana, last.indexed.id, 300).await.unwrap(), Some(Score::new(7).unwrap()));
    assert_eq!(store.previous_score(org, ana, first.indexed.id, 100).await.unwrap(), None, "the first answer");
    let contact = store.contact(org, ana).await.unwrap().unwrap();
    assert_eq!(contact.details.email, Some(email("ana@example.com")));
    // The history beside a case: Ana's answers before her last, newest first; Bo's is not hers.
    let earlier_ids = |answers: Vec<vocal_store::PreviousAnswer>| answers.iter().map(|a| a.id).collect::<Vec<_>>();
    let earlier = earlier_ids(store.previous_answers(org, ana, last.indexed.id, 300, 10).await.unwrap());
    let second = records.iter().find(|r| r.indexed.score.value() == 7).unwrap();
    assert_eq!(earlier, [second.indexed.id, first.indexed.id]);
    let newest = earlier_ids(store.previous_answers(org, ana, last.indexed.id, 300, 1).await.unwrap());
    assert_eq!(newest, [second.indexed.id]);
    assert!(store.previous_answers(org, ana, first.indexed.id, 100, 10).await.unwrap().is_empty());
}

mod concurrent {
    use super::*;

    /// Two processes (two stores on one database) open cases for the same
    /// 30 responses at once: each response gets exactly one case.
    async fn two_processes_open_one_case_per_response<S: Store>(stores: [S; 2]) {
        let org = new_org(&stores[0], "Acme").await;
        stores[0].insert_responses(org, (0..30).map(|i| response(i % 7)).collect()).await.unwrap();
        let rows = all_responses(&stores[0], org).await;
        let tasks: Vec<_> = stores
            .iter()
            .map(|store| {
                let (store, rows) = (store.clone(), rows.clone());
                tokio::spawn(async move {
                    let mut opened = 0;
                    for row in rows {
                        if let CaseOpening::Opened(_) = store.open_case(org, new_case(row.id, row.seq)).await.unwrap() {
                            opened += 1;
                        }
                    }
                    opened
                })
            })
            .collect();
        let mut opened = 0;
        for task in tasks {
            opened += task.await.unwrap();
        }
        assert_eq!(opened, 30, "each response was opened by exactly one of the two");
        assert_eq!(stores[1].list_cases(org, 0, 1_000).await.unwrap().len(), 30);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_two_processes_open_one_case_per_response() {
        let dir = tempfile::tempdir().unwrap();
        let open = || vocal_store_sqlite::SqliteStore::open_dir(dir.path());
        two_processes_open_one_case_per_response([open().await.unwrap(), open().await.unwrap()]).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_two_processes_open_one_case_per_response() {
        crate::backends::with_postgres_database(|url| async move {
            let open = || vocal_store_postgres::PostgresStore::connect(&url);
            two_processes_open_one_case_per_response([open().await.unwrap(), open().await.unwrap()]).await;
        })
        .await;
    }
}
