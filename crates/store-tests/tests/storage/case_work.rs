//! Working cases on both backends: a step is stored with its event only if
//! the case is still as the caller saw it; the queues filter exactly like a
//! plain filter over every case; the sweep finds each missed deadline once.

use vocal_domain::cases::{CaseEventKind, CaseState, ContactVia};
use vocal_domain::{CaseId, OrgId, UnitId, UserId};
use vocal_store::{Case, CaseOpening, CaseQuery, CaseStep, NewCase, Store};

use crate::fixtures::{all_responses, new_org, path, response};
use crate::web_fixtures::new_user;

storage_tests!(
    a_step_needs_the_state_and_owner_the_caller_saw,
    resolving_keeps_the_root_cause_and_first_contact_once,
    the_queues_filter_like_a_plain_filter,
    the_sweep_finds_each_missed_deadline_once,
);

const HOUR: i64 = 3_600_000;

/// A plain filter over every case: the reference the queries must match.
type Keep = Box<dyn Fn(&Case) -> bool + Send + Sync>;

/// `count` cases, case i in unit i % 2 (A, B) with deadlines `i` hours apart.
async fn cases<S: Store>(store: &S, count: i64) -> (OrgId, Vec<Case>, [UnitId; 2]) {
    let org = new_org(store, "Acme").await;
    let units = [store.ensure_unit(org, &path("A")).await.unwrap(), store.ensure_unit(org, &path("B")).await.unwrap()];
    let rows = (0..count).map(|i| response(i % 7)).collect();
    store.insert_responses(org, rows).await.unwrap();
    let mut opened = Vec::new();
    for (i, row) in all_responses(store, org).await.into_iter().enumerate() {
        let i = i as i64;
        let case = NewCase {
            response_id: row.id,
            response_seq: row.seq,
            unit_id: Some(units[(i % 2) as usize]),
            owner: None,
            routed_by: "admins".into(),
            rules: vec!["detractors".into()],
            first_contact_due_ms: (i + 1) * HOUR,
            resolve_due_ms: (i + 10) * HOUR,
            opened_note: "opened".into(),
            opened_at_ms: 0,
            alert_backstop_at_ms: None,
        };
        let CaseOpening::Opened(case) = store.open_case(org, case).await.unwrap() else { panic!("a new response") };
        opened.push(case);
    }
    (org, opened, units)
}

fn step(case: &Case, kind: CaseEventKind, state: CaseState, actor: Option<UserId>) -> CaseStep {
    CaseStep {
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
        actor_id: actor,
        actor: "Ana".into(),
        kind,
        via: None,
        text: "Called her".into(),
        at_ms: 5 * HOUR,
    }
}

async fn a_step_needs_the_state_and_owner_the_caller_saw<S: Store>(store: S) {
    let (org, cases, _) = cases(&store, 1).await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let case = &cases[0];
    let contacted = CaseStep {
        via: Some(ContactVia::Call),
        ..step(case, CaseEventKind::Contacted, CaseState::Contacted, Some(ana.id))
    };
    let after = store.record_case_step(org, contacted.clone()).await.unwrap().expect("the case was as seen");
    assert_eq!((after.state, after.first_contact_at_ms), (CaseState::Contacted, Some(5 * HOUR)));
    // The same step again: the case is no longer `new`, so it is refused and writes nothing.
    assert_eq!(store.record_case_step(org, contacted).await.unwrap(), None);
    let reassign =
        CaseStep { owner: Some(ana.id), ..step(&after, CaseEventKind::Reassigned, CaseState::Contacted, None) };
    let owned = store.record_case_step(org, reassign.clone()).await.unwrap().unwrap();
    assert_eq!(owned.owner, Some(ana.id));
    assert_eq!(store.record_case_step(org, reassign).await.unwrap(), None, "the owner changed meanwhile");
    let events = store.case_events(org, case.id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| (e.kind, e.via, e.actor_id)).collect();
    assert_eq!(
        kinds,
        vec![
            (CaseEventKind::Opened, None, None),
            (CaseEventKind::Contacted, Some(ContactVia::Call), Some(ana.id)),
            (CaseEventKind::Reassigned, None, None)
        ]
    );
    let other = new_org(&store, "Other").await;
    assert_eq!(
        store.record_case_step(other, step(&owned, CaseEventKind::Note, CaseState::Contacted, None)).await.unwrap(),
        None
    );
}

async fn resolving_keeps_the_root_cause_and_first_contact_once<S: Store>(store: S) {
    let (org, cases, _) = cases(&store, 1).await;
    let case = &cases[0];
    let contacted = step(case, CaseEventKind::Contacted, CaseState::Contacted, None);
    let case = store.record_case_step(org, contacted).await.unwrap().unwrap();
    let again = CaseStep { at_ms: 7 * HOUR, ..step(&case, CaseEventKind::Contacted, CaseState::Contacted, None) };
    let case = store.record_case_step(org, again).await.unwrap().unwrap();
    assert_eq!(case.first_contact_at_ms, Some(5 * HOUR), "the first contact is the first one");
    let resolve = CaseStep {
        root_cause: Some("Billing or pricing".into()),
        resolution: Some("Refunded the fee".into()),
        at_ms: 9 * HOUR,
        ..step(&case, CaseEventKind::Resolved, CaseState::Resolved, None)
    };
    let done = store.record_case_step(org, resolve).await.unwrap().unwrap();
    assert_eq!(done.root_cause.as_deref(), Some("Billing or pricing"));
    assert_eq!(done.resolution.as_deref(), Some("Refunded the fee"));
    assert_eq!(done.done_at_ms, Some(9 * HOUR));
    let note = CaseStep { at_ms: 11 * HOUR, ..step(&done, CaseEventKind::Note, CaseState::Resolved, None) };
    let noted = store.record_case_step(org, note).await.unwrap().unwrap();
    assert_eq!((noted.root_cause, noted.done_at_ms), (done.root_cause, Some(9 * HOUR)), "a later note keeps them");
    assert_eq!(store.case(org, case.id).await.unwrap().unwrap().updated_at_ms, 11 * HOUR);
}

async fn the_queues_filter_like_a_plain_filter<S: Store>(store: S) {
    let (org, mut cases, units) = cases(&store, 24).await;
    let ana = new_user(&store, org, "ana@example.com").await;
    // Every third case is Ana's and contacted; every fifth is closed.
    for (i, case) in cases.iter_mut().enumerate() {
        if i % 3 == 0 {
            let s =
                CaseStep { owner: Some(ana.id), ..step(case, CaseEventKind::Contacted, CaseState::Contacted, None) };
            *case = store.record_case_step(org, s).await.unwrap().unwrap();
        }
        if i % 5 == 0 {
            let s = CaseStep {
                close_reason: Some("unreachable".into()),
                ..step(case, CaseEventKind::Closed, CaseState::Closed, None)
            };
            *case = store.record_case_step(org, s).await.unwrap().unwrap();
        }
    }
    let now = 6 * HOUR + 1;
    let overdue = move |c: &Case| {
        (c.state == CaseState::New && c.first_contact_due_ms < now) || (c.state.is_open() && c.resolve_due_ms < now)
    };
    let queries: Vec<(CaseQuery, Keep)> = vec![
        (CaseQuery::default(), Box::new(|_| true)),
        (
            CaseQuery { states: vec![CaseState::New, CaseState::Contacted], ..CaseQuery::default() },
            Box::new(|c| c.state.is_open()),
        ),
        (CaseQuery { owner: Some(Some(ana.id)), ..CaseQuery::default() }, Box::new(move |c| c.owner == Some(ana.id))),
        (CaseQuery { owner: Some(None), ..CaseQuery::default() }, Box::new(|c| c.owner.is_none())),
        (
            CaseQuery { units: Some(vec![units[1]]), ..CaseQuery::default() },
            Box::new(move |c| c.unit_id == Some(units[1])),
        ),
        (CaseQuery { units: Some(vec![]), ..CaseQuery::default() }, Box::new(|_| false)),
        (CaseQuery { overdue_at_ms: Some(now), ..CaseQuery::default() }, Box::new(overdue)),
    ];
    for (query, keep) in queries {
        let mut expected: Vec<CaseId> = cases.iter().filter(|c| keep(c)).map(|c| c.id).collect();
        expected.reverse(); // newest first
        // Pages of 4, following the cursor, add up to the whole answer.
        let mut got = Vec::new();
        let mut before = None;
        loop {
            let page = store.find_cases(org, &CaseQuery { before, limit: 4, ..query.clone() }).await.unwrap();
            got.extend(page.iter().map(|c| c.id));
            if page.len() < 4 {
                break;
            }
            before = page.last().map(|c| c.id);
        }
        assert_eq!(got, expected, "{query:?}");
        // The count ignores the page: a cursor part-way still counts them all.
        let paged = CaseQuery { before: expected.get(2).copied(), limit: 1, ..query.clone() };
        assert_eq!(store.count_cases(org, &paged).await.unwrap(), expected.len() as u64, "count of {query:?}");
    }
}

async fn the_sweep_finds_each_missed_deadline_once<S: Store>(store: S) {
    let (org, cases, _) = cases(&store, 6).await;
    // At 3.5 h, cases 0..=2 missed first contact (due 1, 2, 3 h); none missed resolution (10 h+).
    let now = 3 * HOUR + HOUR / 2;
    let overdue = store.overdue_cases(org, now, 100).await.unwrap();
    let mut found: Vec<(CaseId, u8)> = overdue.iter().map(|o| (o.case.id, o.earned_level)).collect();
    found.sort();
    assert_eq!(found, vec![(cases[0].id, 1), (cases[1].id, 1), (cases[2].id, 1)]);
    let escalate = |case: &Case, level| CaseStep {
        escalation_level: Some(level),
        ..step(case, CaseEventKind::Escalated, case.state, None)
    };
    let first = store.record_case_step(org, escalate(&cases[0], 1)).await.unwrap().unwrap();
    assert_eq!((first.escalation_level, first.escalated_at_ms), (1, Some(5 * HOUR)));
    assert_eq!(
        store.record_case_step(org, escalate(&first, 1)).await.unwrap(),
        None,
        "a second sweep at level 1 does nothing"
    );
    let left: Vec<CaseId> = store.overdue_cases(org, now, 100).await.unwrap().iter().map(|o| o.case.id).collect();
    assert!(!left.contains(&cases[0].id));
    // Past case 0's resolution (10 h) it earns level 2 and is found again.
    let later = store.overdue_cases(org, 10 * HOUR + 1, 100).await.unwrap();
    let zero = later.iter().find(|o| o.case.id == cases[0].id).expect("overdue for resolution");
    assert_eq!(zero.earned_level, 2);
    assert_eq!(store.overdue_cases(org, now, 2).await.unwrap().len(), 2, "the limit holds");
}
