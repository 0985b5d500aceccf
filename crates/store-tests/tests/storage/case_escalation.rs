//! Working and escalating cases through the app's use cases, on both
//! backends: who sees and works a case follows the scoping rule, steps are
//! checked and logged, and an overdue case climbs the hierarchy once per
//! missed deadline.

use vocal_app::closed_loop::escalate::sweep;
use vocal_app::closed_loop::evaluate::evaluate_once;
use vocal_app::closed_loop::queues::{self, Queue};
use vocal_app::closed_loop::work::{WorkError, act, visible_case};
use vocal_domain::cases::{CaseAction, CaseEventKind, CaseState, ContactVia};
use vocal_domain::{CaseId, OrgId, Role};
use vocal_store::{NewResponse, NewUser, Store, User};

use crate::fixtures::{email, new_org, outbox, path, response};

storage_tests!(
    only_the_line_sees_a_case_and_analysts_only_read,
    steps_are_checked_logged_and_named,
    an_overdue_case_climbs_once_per_missed_deadline
);

const HOUR: i64 = 3_600_000;

struct People {
    admin: User,
    head: User,
    region: User,
    lead: User,
    other_lead: User,
    analyst: User,
    agent: User,
}

async fn person<S: Store>(store: &S, org: OrgId, name: &str, role: Role, unit: Option<&str>) -> User {
    let unit_id = match unit {
        Some(p) => Some(store.ensure_unit(org, &path(p)).await.unwrap()),
        None => None,
    };
    let new =
        NewUser { email: email(&format!("{name}@example.com")), name: name.into(), role, unit_id, agent_id: None };
    store.create_user(org, new).await.unwrap()
}

/// Acme > EU > Berlin (the case's team) and Acme > EU > Paris; a detractor
/// answer about Berlin an hour ago, evaluated into a case owned by Berlin's lead.
async fn one_case<S: Store>(store: &S) -> (OrgId, People, CaseId, i64) {
    let org = new_org(store, "Acme").await;
    let people = People {
        admin: person(store, org, "admin", Role::Admin, None).await,
        head: person(store, org, "head", Role::Manager, Some("Acme")).await,
        region: person(store, org, "region", Role::Manager, Some("Acme/EU")).await,
        lead: person(store, org, "lead", Role::Manager, Some("Acme/EU/Berlin")).await,
        other_lead: person(store, org, "paris", Role::Manager, Some("Acme/EU/Paris")).await,
        analyst: person(store, org, "analyst", Role::Analyst, None).await,
        agent: person(store, org, "agent", Role::Agent, None).await,
    };
    let opened_at = vocal_app::now_ms();
    let answer = NewResponse { submitted_at_ms: opened_at - HOUR, unit: Some(path("Acme/EU/Berlin")), ..response(2) };
    store.insert_responses(org, vec![answer]).await.unwrap();
    assert_eq!(evaluate_once(store, &outbox(), opened_at).await.unwrap().opened, 1);
    let case = store.list_cases(org, 0, 10).await.unwrap().remove(0);
    assert_eq!(case.owner, Some(people.lead.id), "routed to the team's lead");
    (org, people, case.id, opened_at)
}

async fn only_the_line_sees_a_case_and_analysts_only_read<S: Store>(store: S) {
    let (_, p, id, now) = one_case(&store).await;
    for who in [&p.admin, &p.head, &p.region, &p.lead, &p.analyst] {
        assert!(visible_case(&store, who, id).await.is_ok(), "{} sees it", who.name);
    }
    for who in [&p.other_lead, &p.agent] {
        assert!(matches!(visible_case(&store, who, id).await, Err(WorkError::NotFound)), "{} must not", who.name);
        let queue = queues::list(&store, who, Queue::All, None, 50, now).await.unwrap();
        assert!(queue.is_empty(), "{}'s queues are empty", who.name);
    }
    let note = CaseAction::Note { text: "looking".into() };
    assert!(matches!(act(&store, &p.analyst, id, note.clone(), now).await, Err(WorkError::ReadOnly)));
    assert!(matches!(act(&store, &p.other_lead, id, note, now).await, Err(WorkError::NotFound)));
    let mine = queues::list(&store, &p.lead, Queue::Mine, None, 50, now).await.unwrap();
    assert_eq!(mine.iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
    assert!(queues::list(&store, &p.region, Queue::Mine, None, 50, now).await.unwrap().is_empty());
    assert_eq!(queues::list(&store, &p.region, Queue::Domain, None, 50, now).await.unwrap().len(), 1);
    assert!(queues::list(&store, &p.lead, Queue::Overdue, None, 50, now).await.unwrap().is_empty());
}

async fn steps_are_checked_logged_and_named<S: Store>(store: S) {
    let (org, p, id, now) = one_case(&store).await;
    let call = CaseAction::Contacted { via: ContactVia::Call, text: "Spoke to her, refund promised".into() };
    let case = act(&store, &p.lead, id, call, now).await.unwrap();
    assert_eq!((case.state, case.first_contact_at_ms), (CaseState::Contacted, Some(now)));
    let unknown = CaseAction::Resolved { root_cause: "Gremlins".into(), resolution: "Refunded".into() };
    match act(&store, &p.lead, id, unknown, now).await {
        Err(WorkError::UnknownRootCause { known, .. }) => assert!(known.contains("Billing or pricing"), "{known}"),
        other => panic!("expected the known causes listed, got {other:?}"),
    }
    let to_paris = CaseAction::Reassigned { to: p.other_lead.id, note: String::new() };
    assert!(
        matches!(act(&store, &p.lead, id, to_paris, now).await, Err(WorkError::UnknownAssignee)),
        "Paris is not in Berlin's line"
    );
    let to_agent = CaseAction::Reassigned { to: p.agent.id, note: String::new() };
    assert!(matches!(act(&store, &p.lead, id, to_agent, now).await, Err(WorkError::UnknownAssignee)));
    let up = CaseAction::Reassigned { to: p.region.id, note: "needs a goodwill budget".into() };
    assert_eq!(act(&store, &p.lead, id, up, now).await.unwrap().owner, Some(p.region.id));
    // Spelled differently, the taxonomy's own spelling is kept.
    let fix = CaseAction::Resolved { root_cause: "billing OR pricing ".into(), resolution: "Refunded the fee".into() };
    let done = act(&store, &p.region, id, fix, now).await.unwrap();
    assert_eq!((done.state, done.root_cause.as_deref()), (CaseState::Resolved, Some("Billing or pricing")));
    let close = CaseAction::Closed { reason: "again".into() };
    assert!(matches!(act(&store, &p.region, id, close, now).await, Err(WorkError::Refused(_))));
    let kinds: Vec<_> = store.case_events(org, id).await.unwrap().iter().map(|e| (e.kind, e.actor.clone())).collect();
    assert_eq!(
        kinds,
        vec![
            (CaseEventKind::Opened, "Vocal".to_string()),
            (CaseEventKind::Contacted, "lead".to_string()),
            (CaseEventKind::Reassigned, "lead".to_string()),
            (CaseEventKind::Resolved, "region".to_string()),
        ]
    );
    let audit = store.list_audit(org, None, 50).await.unwrap();
    let actions: Vec<&str> = audit.iter().rev().map(|e| e.entry.action.as_str()).collect();
    assert_eq!(actions, vec!["case.contacted", "case.reassigned", "case.resolved"]);
}

async fn an_overdue_case_climbs_once_per_missed_deadline<S: Store>(store: S) {
    let (org, p, id, opened_at) = one_case(&store).await;
    assert!(sweep(&store, org, opened_at + 47 * HOUR).await.unwrap().is_empty(), "first contact is due after 48 h");
    let first = sweep(&store, org, opened_at + 49 * HOUR).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!((first[0].previous_owner, first[0].case.owner), (Some(p.lead.id), Some(p.region.id)));
    assert_eq!(first[0].case.escalation_level, 1);
    assert!(sweep(&store, org, opened_at + 50 * HOUR).await.unwrap().is_empty(), "escalated once for first contact");
    // Contacted late, then the resolution (7 days) is missed too: up once more.
    let call = CaseAction::Contacted { via: ContactVia::Email, text: String::new() };
    act(&store, &p.region, id, call, opened_at + 51 * HOUR).await.unwrap();
    let second = sweep(&store, org, opened_at + 7 * 24 * HOUR + 1).await.unwrap();
    assert_eq!(second.iter().map(|e| e.case.owner).collect::<Vec<_>>(), vec![Some(p.head.id)]);
    assert!(sweep(&store, org, opened_at + 30 * 24 * HOUR).await.unwrap().is_empty(), "two deadlines, two escalations");
    let escalations =
        store.case_events(org, id).await.unwrap().into_iter().filter(|e| e.kind == CaseEventKind::Escalated).count();
    assert_eq!(escalations, 2);
}
