//! The evaluator on both backends: detractors open cases, old history opens
//! none, an edited answer adds a note instead of a second case, routing
//! walks up the unit tree, and two evaluators at once open one case each.

use vocal_app::closed_loop::evaluate::{Evaluated, evaluate_once};
use vocal_app::closed_loop::rules::apply_rules;
use vocal_domain::alerts::{AlertRule, AlertRules, Conditions, Sla};
use vocal_domain::cases::CaseEventKind;
use vocal_domain::{OrgId, Role, UserId};
use vocal_store::{Case, NewResponse, NewUser, OnDuplicate, Store, Submission};

use crate::fixtures::{email, keyed, new_org, outbox, path, response};

storage_tests!(
    a_detractor_opens_one_case_and_is_not_looked_at_twice,
    an_imported_old_response_opens_nothing,
    an_edited_answer_adds_a_note_never_a_second_case,
    routing_walks_up_the_tree_then_falls_back_to_admins,
    many_matching_rules_open_one_case_with_the_strictest_sla,
);

const HOUR: i64 = 3_600_000;

fn now() -> i64 {
    vocal_app::now_ms()
}

/// A response submitted an hour ago.
fn recent(score: i64) -> NewResponse {
    NewResponse { submitted_at_ms: now() - HOUR, ..response(score) }
}

async fn cases<S: Store>(store: &S, org: OrgId) -> Vec<Case> {
    store.list_cases(org, 0, 10_000).await.unwrap()
}

async fn user<S: Store>(store: &S, org: OrgId, name: &str, role: Role, unit: Option<&str>) -> UserId {
    let unit_id = match unit {
        Some(p) => Some(store.ensure_unit(org, &path(p)).await.unwrap()),
        None => None,
    };
    let new =
        NewUser { email: email(&format!("{name}@example.com")), name: name.into(), role, unit_id, agent_id: None };
    store.create_user(org, new).await.unwrap().id
}

async fn a_detractor_opens_one_case_and_is_not_looked_at_twice<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    user(&store, org, "admin", Role::Admin, None).await;
    store.insert_responses(org, vec![recent(3), recent(9), recent(7)]).await.unwrap();
    let done = evaluate_once(&store, &outbox(), now()).await.unwrap();
    assert_eq!(done, Evaluated { looked_at: 3, opened: 1, noted: 0 }, "the default rule: the one detractor");
    let again = evaluate_once(&store, &outbox(), now()).await.unwrap();
    assert_eq!(again, Evaluated::default(), "the cursor moved past them");
    let opened = cases(&store, org).await;
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].rules, vec!["detractors".to_string()]);
    let events = store.case_events(org, opened[0].id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, CaseEventKind::Opened);
    assert!(events[0].text.contains("score 3/10"), "{}", events[0].text);
}

async fn an_imported_old_response_opens_nothing<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let last_year =
        |score| NewResponse { submitted_at_ms: now() - 365 * 24 * HOUR, source: "import".into(), ..response(score) };
    store.insert_responses(org, (0..50).map(|i| last_year(i % 7)).collect()).await.unwrap();
    let eight_days = NewResponse { submitted_at_ms: now() - 8 * 24 * HOUR, ..response(0) };
    store.insert_responses(org, vec![eight_days]).await.unwrap();
    let done = evaluate_once(&store, &outbox(), now()).await.unwrap();
    assert_eq!(done, Evaluated { looked_at: 51, opened: 0, noted: 0 }, "all outside the 7-day window");
    assert!(cases(&store, org).await.is_empty());
}

async fn an_edited_answer_adds_a_note_never_a_second_case<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let answer = |score: i64, comment: &str| Submission {
        org,
        responses: vec![NewResponse {
            comment: Some(comment.into()),
            submitted_at_ms: now() - HOUR,
            ..keyed(score, 1)
        }],
        on_duplicate: OnDuplicate::Replace,
    };
    store.commit_submissions(vec![answer(2, "slow")]).await.unwrap();
    assert_eq!(evaluate_once(&store, &outbox(), now()).await.unwrap().opened, 1);
    store.commit_submissions(vec![answer(4, "slow, and rude")]).await.unwrap();
    let done = evaluate_once(&store, &outbox(), now()).await.unwrap();
    assert_eq!(done, Evaluated { looked_at: 1, opened: 0, noted: 1 });
    store.commit_submissions(vec![answer(9, "sorted now")]).await.unwrap();
    assert_eq!(evaluate_once(&store, &outbox(), now()).await.unwrap().noted, 1, "even when it no longer matches");
    let all = cases(&store, org).await;
    assert_eq!(all.len(), 1, "one case per response");
    let events = store.case_events(org, all[0].id).await.unwrap();
    let kinds: Vec<CaseEventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![CaseEventKind::Opened, CaseEventKind::Note, CaseEventKind::Note]);
    assert!(events[1].text.contains("score 4/10") && events[1].text.contains("slow, and rude"), "{}", events[1].text);
}

async fn routing_walks_up_the_tree_then_falls_back_to_admins<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let admin = user(&store, org, "admin", Role::Admin, None).await;
    let europe = user(&store, org, "europe", Role::Manager, Some("Acme/Europe")).await;
    user(&store, org, "analyst", Role::Analyst, Some("Acme/Europe/Paris")).await;
    let at = |unit: &str| NewResponse { unit: Some(path(unit)), ..recent(1) };
    store.insert_responses(org, vec![at("Acme/Europe/Paris/Team 1"), at("Acme/Americas")]).await.unwrap();
    evaluate_once(&store, &outbox(), now()).await.unwrap();
    let owned: Vec<(Option<UserId>, String)> =
        cases(&store, org).await.into_iter().map(|c| (c.owner, c.routed_by)).collect();
    assert_eq!(
        owned,
        vec![(Some(europe), "unit_managers".to_string()), (Some(admin), "admins".to_string())],
        "Paris's team has no manager, nor Paris: Europe's; the Americas have nobody: the admin"
    );
}

async fn many_matching_rules_open_one_case_with_the_strictest_sla<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let owner = user(&store, org, "care", Role::Analyst, None).await;
    let words = AlertRule {
        name: "churn words".into(),
        when: Conditions { comment_matches: vec!["résilier".into()], ..Conditions::default() },
        route: vocal_domain::alerts::Route { owner: Some(email("care@example.com")), owner_attribute: None },
        sla: Sla { first_contact_hours: 4, resolve_hours: 500 },
        ..AlertRule::detractors()
    };
    let strict_resolve = AlertRule {
        name: "fast".into(),
        sla: Sla { first_contact_hours: 24, resolve_hours: 72 },
        ..AlertRule::detractors()
    };
    let rules = AlertRules::with_rules(vec![AlertRule::detractors(), words, strict_resolve]);
    apply_rules(&store, org, rules).await.unwrap();
    let angry = NewResponse { comment: Some("Je vais RESILIER".into()), ..recent(2) };
    store.insert_responses(org, vec![angry]).await.unwrap();
    let before = now();
    assert_eq!(evaluate_once(&store, &outbox(), before).await.unwrap().opened, 1);
    let case = cases(&store, org).await.remove(0);
    assert_eq!(case.rules, vec!["detractors".to_string(), "churn words".to_string(), "fast".to_string()]);
    assert_eq!((case.owner, case.routed_by.as_str()), (Some(owner), "named_user"));
    assert_eq!(case.first_contact_due_ms, before + 4 * HOUR, "the strictest first contact");
    assert_eq!(case.resolve_due_ms, before + 72 * HOUR, "the strictest resolution");
}

mod concurrent {
    use super::*;

    const RESPONSES: i64 = 60;

    /// Two evaluators (two processes' stores on one database) run at once
    /// while responses arrive through a third: every detractor gets exactly
    /// one case.
    async fn two_evaluators_open_exactly_one_case_per_detractor<S: Store>(stores: [S; 3]) {
        let [writer, one, two] = stores;
        let org = new_org(&writer, "Acme").await;
        let writing = tokio::spawn(async move {
            for chunk in 0..6 {
                let batch = (0..RESPONSES / 6).map(|i| recent((chunk * 10 + i) % 11)).collect();
                writer.insert_responses(org, batch).await.unwrap();
                tokio::task::yield_now().await;
            }
            writer
        });
        let evaluate = |store: S| {
            tokio::spawn(async move {
                let mut opened = 0;
                for _ in 0..20 {
                    opened += evaluate_once(&store, &outbox(), now()).await.unwrap().opened;
                }
                (store, opened)
            })
        };
        let (a, b) = (evaluate(one), evaluate(two));
        let writer = writing.await.unwrap();
        let ((one, opened_one), (_, opened_two)) = (a.await.unwrap(), b.await.unwrap());
        let opened_after = evaluate_once(&one, &outbox(), now()).await.unwrap().opened;
        let detractors = (0..RESPONSES).filter(|n| n % 11 <= 6).count();
        assert_eq!(opened_one + opened_two + opened_after, detractors, "each opened by exactly one evaluator");
        let all = cases(&writer, org).await;
        assert_eq!(all.len(), detractors);
        let mut responses: Vec<_> = all.iter().map(|c| c.response_id).collect();
        responses.sort();
        responses.dedup();
        assert_eq!(responses.len(), detractors, "no response has two cases");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_two_evaluators_open_exactly_one_case_per_detractor() {
        let dir = tempfile::tempdir().unwrap();
        let open = || vocal_store_sqlite::SqliteStore::open_dir(dir.path());
        two_evaluators_open_exactly_one_case_per_detractor([
            open().await.unwrap(),
            open().await.unwrap(),
            open().await.unwrap(),
        ])
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_two_evaluators_open_exactly_one_case_per_detractor() {
        crate::backends::with_postgres_database(|url| async move {
            let open = || vocal_store_postgres::PostgresStore::connect(&url);
            two_evaluators_open_exactly_one_case_per_detractor([
                open().await.unwrap(),
                open().await.unwrap(),
                open().await.unwrap(),
            ])
            .await;
        })
        .await;
    }
}
