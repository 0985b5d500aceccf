//! `/api/v1/cases`, its events and `/api/v1/loop-metrics` through the real
//! router: the filters agree with a plain filter over every case, pages
//! cover every case once, each event kind is stored, and bad bodies, read
//! keys and other organisations' cases are refused as documented.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use vocal_domain::cases::CaseState;
use vocal_domain::{Email, OrgId, Role, UnitPath};
use vocal_store::prelude::*;
use vocal_store::{Case, CaseOpening, NewCase, NewUser, User};

use crate::helpers::{TestServer, response, spawn};

const HOUR: i64 = 3_600_000;

struct Fixture {
    server: TestServer,
    cases: Vec<Case>,
    west_manager: User,
    admin: User,
}

async fn user(server: &TestServer, org: OrgId, email: &str, role: Role, unit: Option<&str>) -> User {
    let unit_id = match unit {
        Some(path) => Some(server.store.ensure_unit(org, &UnitPath::parse(path).unwrap()).await.unwrap()),
        None => None,
    };
    let new = NewUser { email: Email::parse(email).unwrap(), name: String::new(), role, unit_id, agent_id: None };
    server.store.create_user(org, new).await.unwrap()
}

/// Opens a case for every response of `org`: case i owned by `owners[i % n]`,
/// its first contact due `due_hours[i % 5]` from now (negative: overdue).
async fn open_all(server: &TestServer, org: OrgId, owners: &[Option<&User>]) -> Vec<Case> {
    let now = jiff::Timestamp::now().as_millisecond();
    let mut cases = Vec::new();
    for (i, row) in server.store.responses_after(org, 0, 1000).await.unwrap().into_iter().enumerate() {
        let due = [-2, 5, 30, -3, 7][i % 5] * HOUR;
        let new = NewCase {
            response_id: row.id,
            response_seq: row.seq,
            unit_id: row.unit_id,
            owner: owners[i % owners.len()].map(|u| u.id),
            routed_by: "unit_managers".into(),
            rules: vec!["detractors".into()],
            first_contact_due_ms: now + due,
            resolve_due_ms: now + 100 * HOUR,
            opened_note: "opened".into(),
            opened_at_ms: now,
            alert_backstop_at_ms: None,
        };
        let CaseOpening::Opened(case) = server.store.open_case(org, new).await.unwrap() else { panic!("new response") };
        cases.push(case);
    }
    cases
}

async fn fixture() -> Fixture {
    let mut rows = Vec::new();
    for (i, unit) in ["East", "East/North", "West", "West", "East", "West/Coast", "East/North"].iter().enumerate() {
        let mut row = response((i % 7) as i64, &format!("2026-11-{:02}", i + 1), "web", unit);
        row.contact_email = Some(Email::parse(&format!("customer{}@example.com", i % 3)).unwrap());
        rows.push(row);
    }
    let server = spawn(rows).await;
    let org = server.org;
    let west_manager = user(&server, org, "west@acme.test", Role::Manager, Some("West")).await;
    let admin = user(&server, org, "admin@acme.test", Role::Admin, None).await;
    let opened = open_all(&server, org, &[Some(&west_manager), Some(&admin), None]).await;
    let cases = after_the_sweep(&server, org, &opened).await;
    Fixture { server, cases, west_manager, admin }
}

/// The cases as they are once the server's escalation sweep has moved the
/// overdue ones up (it runs beside the evaluator): each overdue case
/// escalates once, then stays put until its next deadline days away.
async fn after_the_sweep(server: &TestServer, org: OrgId, opened: &[Case]) -> Vec<Case> {
    let now = jiff::Timestamp::now().as_millisecond();
    for _ in 0..200 {
        let mut cases = Vec::new();
        for case in opened {
            cases.push(server.store.case(org, case.id).await.unwrap().unwrap());
        }
        if cases.iter().all(|c| c.first_contact_due_ms > now || c.escalation_level > 0) {
            return cases;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the sweep did not escalate the overdue cases within 10 s");
}

fn ids(body: &Value) -> Vec<i64> {
    body["cases"].as_array().unwrap_or_else(|| panic!("{body}")).iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

/// Every page of `query`, following `next_cursor`; the ids in order.
async fn all_pages(server: &TestServer, query: &str) -> Vec<i64> {
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = match &cursor {
            Some(c) => format!("/api/v1/cases?{query}&limit=2&cursor={c}"),
            None => format!("/api/v1/cases?{query}&limit=2"),
        };
        let (status, body) = server.get(&page).await;
        assert_eq!(status, 200, "{page}: {body}");
        found.extend(ids(&body));
        match body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return found,
        }
    }
}

#[tokio::test]
async fn filters_agree_with_a_plain_filter_and_pages_cover_every_case_once() {
    let f = fixture().await;
    let units = vocal_domain::UnitTree::new(f.server.store.list_units(f.server.org).await.unwrap());
    let east = units.find(&UnitPath::parse("East").unwrap()).unwrap();
    let now = jiff::Timestamp::now().as_millisecond();
    type Keep = Box<dyn Fn(&Case) -> bool>;
    let west_id = f.west_manager.id;
    let admin_id = Some(f.admin.id);
    let filters: Vec<(&str, Keep)> = vec![
        ("", Box::new(|_| true)),
        ("state=new", Box::new(|c| c.state == CaseState::New)),
        ("state=contacted,resolved&state=closed", Box::new(|c| c.state != CaseState::New)),
        ("owner=WEST@acme.test", Box::new(move |c| c.owner == Some(west_id))),
        ("owner=none", Box::new(|c| c.owner.is_none())),
        ("unit=East", Box::new(move |c| c.unit_id.is_some_and(|u| units.is_within(u, east)))),
        ("overdue=true", Box::new(move |c| now > c.first_contact_due_ms)),
        ("overdue=true&owner=admin@acme.test", Box::new(move |c| now > c.first_contact_due_ms && c.owner == admin_id)),
        // The sweep has handed every overdue unowned case to an admin.
        ("overdue=true&owner=none", Box::new(move |c| now > c.first_contact_due_ms && c.owner.is_none())),
    ];
    for (query, keep) in filters {
        let mut expected: Vec<i64> = f.cases.iter().filter(|c| keep(c)).map(|c| c.id.0).collect();
        expected.sort_unstable_by(|a, b| b.cmp(a));
        let found = all_pages(&f.server, query).await;
        assert_eq!(found, expected, "{query}: newest first, each case once");
        let nothing_expected = query.starts_with("state=contacted") || query == "overdue=true&owner=none";
        assert_eq!(expected.is_empty(), nothing_expected, "{query}: what the fixture should select");
    }
    // One case in full: the owner's email, the unit path and the response.
    let (_, body) = f.server.get("/api/v1/cases?owner=west@acme.test&limit=1").await;
    let case = &body["cases"][0];
    assert_eq!(case["owner"]["email"], "west@acme.test");
    let response = &case["response"];
    let original = f.cases.iter().find(|c| c.id.0 == case["id"].as_i64().unwrap()).unwrap();
    assert_eq!(response["id"].as_i64(), Some(original.response_id.0));
    assert_eq!(response["comment"], format!("comment for {}", response["score"]));
    assert!(case["opened_at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn bad_filters_name_the_parameter() {
    let f = fixture().await;
    for (query, field) in [
        ("state=open", "state"),
        ("owner=nobody@acme.test", "owner"),
        ("unit=Mars", "unit"),
        ("overdue=yes", "overdue"),
        ("limit=201", "limit"),
        ("limit=0", "limit"),
        ("cursor=x", "cursor"),
        ("colour=red", "colour"),
    ] {
        let (status, body) = f.server.get(&format!("/api/v1/cases?{query}")).await;
        assert_eq!((status, body["field"].as_str()), (400, Some(field)), "{query}: {body}");
    }
}

async fn post_event(server: &TestServer, id: i64, body: Value) -> (u16, Value) {
    let (status, answer, _) =
        server.post_json(&format!("/api/v1/cases/{id}/events"), Some(&server.write_key), &body.to_string(), &[]).await;
    (status, answer)
}

fn error_fields(body: &Value) -> Vec<&str> {
    body["errors"].as_array().map(|e| e.iter().map(|e| e["field"].as_str().unwrap()).collect()).unwrap_or_default()
}

#[tokio::test]
async fn each_event_kind_is_recorded_and_signed_by_the_key() {
    let f = fixture().await;
    let case = f.cases.iter().find(|c| c.owner == Some(f.admin.id)).unwrap().id.0;
    let (status, body) =
        post_event(&f.server, case, json!({"kind": "contacted", "via": "call", "text": "Called"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["state"], "contacted");
    assert!(body["first_contact_at"].is_string());
    let (status, body) = post_event(&f.server, case, json!({"kind": "note", "text": "Waiting for a part"})).await;
    assert_eq!((status, &body["state"]), (200, &json!("contacted")), "{body}");
    let (status, body) = post_event(&f.server, case, json!({"kind": "reassigned", "to": "West@acme.test"})).await;
    assert_eq!(status, 422, "the case is in East, outside the West manager's domain: {body}");
    assert_eq!(error_fields(&body), ["to"]);
    let (status, body) = post_event(&f.server, case, json!({"kind": "reassigned", "to": "nobody@acme.test"})).await;
    assert_eq!((status, error_fields(&body)), (422, vec!["to"]), "{body}");
    let (status, body) =
        post_event(&f.server, case, json!({"kind": "resolved", "root_cause": "Weather", "resolution": "x"})).await;
    assert_eq!((status, error_fields(&body)), (422, vec!["root_cause"]), "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("Billing or pricing"), "lists the known: {body}");
    let resolved = json!({"kind": "resolved", "root_cause": "billing or pricing", "resolution": "Refunded"});
    let (status, body) = post_event(&f.server, case, resolved).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((&body["state"], &body["root_cause"]), (&json!("resolved"), &json!("Billing or pricing")));
    // The key's steps, after the opening (and the sweep's escalation of an overdue case).
    let events: Vec<&Value> = body["events"].as_array().unwrap().iter().filter(|e| e["kind"] != "escalated").collect();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["opened", "contacted", "note", "resolved"]);
    assert_eq!(events[1]["actor"], "api key writer");
    assert_eq!(events[1]["via"], "call");
    // Done: only notes now.
    let (status, body) = post_event(&f.server, case, json!({"kind": "closed", "reason": "again"})).await;
    assert_eq!(status, 409, "{body}");

    // Close and reassign on other cases.
    let other = f.cases.iter().filter(|c| c.id.0 != case).find(|c| c.owner.is_none()).unwrap().id.0;
    let (status, body) = post_event(&f.server, other, json!({"kind": "closed", "reason": "Unreachable"})).await;
    assert_eq!((status, &body["close_reason"]), (200, &json!("Unreachable")), "{body}");
    let not_admins = |c: &&Case| ![other, case].contains(&c.id.0) && c.owner != Some(f.admin.id);
    let moved = f.cases.iter().find(not_admins).unwrap().id.0;
    let (status, body) =
        post_event(&f.server, moved, json!({"kind": "reassigned", "to": "admin@acme.test", "note": "yours"})).await;
    assert_eq!((status, &body["owner"]["email"]), (200, &json!("admin@acme.test")), "{body}");
    let audit = f.server.store.list_audit(f.server.org, None, 100).await.unwrap();
    assert!(
        audit.iter().any(|e| e.entry.actor == "api key writer" && e.entry.action == "case.reassigned"),
        "{audit:?}"
    );
}

#[tokio::test]
async fn bad_bodies_read_keys_and_other_organisations_are_refused() {
    let f = fixture().await;
    let case = f.cases[0].id.0;
    for (body, field) in [
        (json!({"text": "no kind"}), "kind"),
        (json!({"kind": "phoned"}), "kind"),
        (json!({"kind": "contacted", "via": "pigeon"}), "via"),
        (json!({"kind": "contacted", "via": "call", "colour": 1}), "colour"),
        (json!({"kind": "note", "text": "  "}), "text"),
        (json!({"kind": "note"}), "text"),
        (json!({"kind": "closed", "reason": "x".repeat(10_001)}), "reason"),
    ] {
        let (status, answer) = post_event(&f.server, case, body.clone()).await;
        assert_eq!((status, error_fields(&answer)), (422, vec![field]), "{body}: {answer}");
    }
    let (status, _, _) = f
        .server
        .post_json(
            &format!("/api/v1/cases/{case}/events"),
            Some(&f.server.read_key),
            r#"{"kind":"note","text":"x"}"#,
            &[],
        )
        .await;
    assert_eq!(status, 403, "a read key may not write");
    // Another organisation's case does not exist for this key.
    let other = f.server.store.create_org("Other", "UTC").await.unwrap().id;
    f.server.store.insert_responses(other, vec![response(1, "2026-11-20", "web", "Elsewhere")]).await.unwrap();
    let theirs = open_all(&f.server, other, &[None]).await[0].id.0;
    assert_eq!(f.server.get(&format!("/api/v1/cases/{theirs}")).await.0, 404);
    assert_eq!(post_event(&f.server, theirs, json!({"kind": "note", "text": "x"})).await.0, 404);
    assert!(!ids(&f.server.get("/api/v1/cases?limit=200").await.1).contains(&theirs));
    assert_eq!(f.server.get("/api/v1/cases/abc").await.0, 404);
    let theirs_after = f.server.store.case(other, vocal_domain::CaseId(theirs)).await.unwrap().unwrap();
    assert_eq!(theirs_after.state, CaseState::New, "nothing written across organisations");
}

#[tokio::test]
async fn a_case_shows_its_events_and_the_customers_earlier_answers() {
    let f = fixture().await;
    // Responses 0, 3 and 6 share customer0; the last one has two earlier answers.
    let latest = f.cases.last().unwrap();
    let (status, body) = f.server.get(&format!("/api/v1/cases/{}", latest.id.0)).await;
    assert_eq!(status, 200, "{body}");
    let earlier: Vec<&str> =
        body["earlier_responses"].as_array().unwrap().iter().map(|r| r["submitted_at"].as_str().unwrap()).collect();
    assert_eq!(earlier, ["2026-11-04T12:00:00Z", "2026-11-01T12:00:00Z"]);
    assert_eq!(body["events"][0]["kind"], "opened");
    assert_eq!(body["events"][0]["text"], "opened");
}

#[tokio::test]
async fn loop_metrics_count_the_cases_per_group() {
    let f = fixture().await;
    let case = f.cases.iter().find(|c| c.owner == Some(f.admin.id)).unwrap().id.0;
    assert_eq!(post_event(&f.server, case, json!({"kind": "contacted", "via": "email"})).await.0, 200);
    let (status, body) = f.server.get("/api/v1/loop-metrics?by=owner").await;
    assert_eq!(status, 200, "{body}");
    let per_owner: BTreeSet<(Option<String>, u64)> = body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["group"].as_str().map(str::to_string), g["cases"].as_u64().unwrap()))
        .collect();
    let count = |owner: Option<vocal_domain::UserId>| f.cases.iter().filter(|c| c.owner == owner).count() as u64;
    let expected = BTreeSet::from([
        (Some("west@acme.test".to_string()), count(Some(f.west_manager.id))),
        (Some("admin@acme.test".to_string()), count(Some(f.admin.id))),
        (None, count(None)),
    ]);
    assert_eq!(per_owner, expected);
    assert_eq!(body["total"]["cases"].as_u64(), Some(f.cases.len() as u64));
    assert_eq!(body["total"]["first_contact_hours_median"].as_f64(), Some(0.0), "contacted at once");
    // Scores 0..6 are detractors: every response is one, in November.
    let (_, body) = f.server.get("/api/v1/loop-metrics?by=unit&since=2026-11-01&until=2026-11-30").await;
    assert_eq!(body["total"]["detractors_in_period"].as_u64(), Some(7), "{body}");
    let west = body["groups"].as_array().unwrap().iter().find(|g| g["group"] == "West").unwrap();
    assert_eq!(west["detractors_in_period"].as_u64(), Some(2), "{west}");
    for (query, field) in
        [("by=team", "by"), ("since=yesterday", "since"), ("since=2026-12-02&until=2026-12-01", "since")]
    {
        let (status, body) = f.server.get(&format!("/api/v1/loop-metrics?{query}")).await;
        assert_eq!((status, body["field"].as_str()), (400, Some(field)), "{query}: {body}");
    }
}
