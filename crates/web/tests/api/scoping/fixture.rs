//! The matrix's world, written out by hand so expectations do not come from
//! the code under test: organisation Acme with Top → East → Team A and
//! Top → West, agents Alice (Team A) and Walt (West); another organisation
//! with the same names. Every response's comment carries a marker saying
//! where it lies, and so does the name of an attribute only its responses have.

use std::collections::BTreeMap;
use vocal_store::prelude::*;

use vocal_domain::{AgentId, OrgId, Role, Score, UnitPath};
use vocal_store::{CaseOpening, NewCase, NewResponse};

use crate::helpers::{TestServer, spawn};
use crate::signed_in::SignedIn;

/// Where a marked response lies: (marker, organisation is Acme, unit, agent).
pub const MARKERS: &[(&str, bool, &str, Option<&str>)] = &[
    ("mkteamaalice", true, "Top/East/Team A", Some("Alice")),
    ("mkeastnone", true, "Top/East", None),
    ("mkwestwalt", true, "Top/West", Some("Walt")),
    ("mktopnone", true, "Top", None),
    ("mkotherorg", false, "Top/East/Team A", Some("Alice")),
];

/// The signed-in roles of the matrix, by name.
pub const ROLES: &[&str] = &["admin", "analyst", "manager-east", "manager-west", "agent-alice"];

/// Whether `role` may see responses marked `marker` — the rule, by hand.
pub fn sees(role: &str, marker: &str) -> bool {
    let &(_, acme, unit, agent) = MARKERS.iter().find(|m| m.0 == marker).unwrap();
    acme && match role {
        "admin" | "analyst" => true,
        "manager-east" => unit.starts_with("Top/East"),
        "manager-west" => unit.starts_with("Top/West"),
        "agent-alice" => agent == Some("Alice"),
        _ => unreachable!(),
    }
}

/// Whether `role` may see the agent `name` of Acme (`acme` false: the other organisation's).
pub fn sees_agent(role: &str, name: &str, acme: bool) -> bool {
    acme && match role {
        "admin" | "analyst" => true,
        "manager-east" | "agent-alice" => name == "Alice",
        "manager-west" => name == "Walt",
        _ => unreachable!(),
    }
}

pub struct World {
    pub server: TestServer,
    pub other_org: OrgId,
    pub users: Vec<(&'static str, SignedIn)>,
    /// Response ids per marker (the first of each).
    pub responses: BTreeMap<&'static str, i64>,
    /// (name, is Acme's, id)
    pub agents: Vec<(&'static str, bool, AgentId)>,
    /// The case opened for each marker's first response.
    pub cases: BTreeMap<&'static str, i64>,
}

/// Whether `role` may open the case of `marker`'s response: as for the
/// response, except agent users, who own none of them.
pub fn sees_case(role: &str, marker: &str) -> bool {
    role != "agent-alice" && sees(role, marker)
}

/// Opens a case for each marker's first response, owned by the manager of
/// its line (the Top unit's nobody's), as routing would.
async fn open_cases(
    server: &TestServer,
    other_org: OrgId,
    responses: &BTreeMap<&'static str, i64>,
    users: &[(&'static str, SignedIn)],
) -> BTreeMap<&'static str, i64> {
    let user_id = |role: &str| users.iter().find(|u| u.0 == role).map(|u| u.1.user.id);
    let mut cases = BTreeMap::new();
    for &(marker, acme, unit, _) in MARKERS {
        let org = if acme { server.org } else { other_org };
        let id = vocal_domain::ResponseId(responses[marker]);
        let record = &server.store.responses_by_ids(org, &[id]).await.unwrap()[0];
        let owner = match (acme, unit) {
            (false, _) | (true, "Top") => None,
            (true, u) if u.starts_with("Top/East") => user_id("manager-east"),
            (true, _) => user_id("manager-west"),
        };
        let case = NewCase {
            response_id: id,
            response_seq: record.indexed.seq,
            unit_id: record.indexed.unit_id,
            owner,
            routed_by: "unit_managers".into(),
            rules: vec![format!("{marker}-rule")],
            first_contact_due_ms: record.indexed.submitted_at_ms + 48 * 3_600_000,
            resolve_due_ms: record.indexed.submitted_at_ms + 168 * 3_600_000,
            opened_note: "opened by the test".into(),
            opened_at_ms: record.indexed.submitted_at_ms,
            alert_backstop_at_ms: None,
        };
        let opened = match server.store.open_case(org, case).await.unwrap() {
            CaseOpening::Opened(case) | CaseOpening::AlreadyOpen(case) => case,
        };
        cases.insert(marker, opened.id.0);
    }
    cases
}

fn marked(marker: &str, unit: &str, agent: Option<&str>, score: i64, day: u32) -> NewResponse {
    let at: jiff::Timestamp = format!("2026-03-{day:02}T12:00:00Z").parse().unwrap();
    NewResponse {
        dedupe_key: None,
        score: Score::new(score).unwrap(),
        comment: Some(format!("{marker} says hello")),
        submitted_at_ms: at.as_millisecond(),
        channel: Some(format!("{marker}-channel")),
        touchpoint: Some("support".into()),
        unit: Some(UnitPath::parse(unit).unwrap()),
        agent: agent.map(str::to_string),
        contact_email: Some(vocal_domain::Email::parse(&format!("{marker}@example.com")).unwrap()),
        account: None,
        language: Some("en".into()),
        survey_id: None,
        source: "test".into(),
        // An attribute only this marker's responses have: its name alone must not leak.
        attributes: BTreeMap::from([
            ("plan".to_string(), format!("{marker}-plan")),
            (format!("{marker}_attr"), "yes".to_string()),
        ]),
    }
}

pub async fn world() -> World {
    let server = spawn(vec![]).await;
    let other_org = server.store.create_org("Other", "UTC").await.unwrap().id;
    for (org, team_a, west) in [(server.org, "Top/East/Team A", "Top/West"), (other_org, "Top/East/Team A", "Top/West")]
    {
        let team_a = server.store.ensure_unit(org, &UnitPath::parse(team_a).unwrap()).await.unwrap();
        let west = server.store.ensure_unit(org, &UnitPath::parse(west).unwrap()).await.unwrap();
        server.store.assign_agent(org, "Alice", Some(team_a)).await.unwrap();
        server.store.assign_agent(org, "Walt", Some(west)).await.unwrap();
    }
    let mut acme = Vec::new();
    let mut other = Vec::new();
    for (i, &(marker, is_acme, unit, agent)) in MARKERS.iter().enumerate() {
        for (j, score) in [10, 9, 7, 3, 0].into_iter().enumerate() {
            let response = marked(marker, unit, agent, score, 1 + (i * 5 + j) as u32 % 27);
            if is_acme { acme.push(response) } else { other.push(response) }
        }
    }
    let expected = acme.len() as u64;
    server.store.insert_responses(server.org, acme).await.unwrap();
    server.store.insert_responses(other_org, other).await.unwrap();
    // Wait until the server's index holds them.
    for _ in 0..100 {
        if server.totals().await.0 == expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(server.totals().await.0, expected);
    let mut responses = BTreeMap::new();
    for org in [server.org, other_org] {
        for change in server.store.responses_after(org, 0, 1000).await.unwrap() {
            let record = &server.store.responses_by_ids(org, &[change.id]).await.unwrap()[0];
            let comment = record.comment.clone().unwrap_or_default();
            let marker = MARKERS.iter().map(|m| m.0).find(|m| comment.starts_with(m)).unwrap();
            responses.entry(marker).or_insert(change.id.0);
        }
    }
    let mut agents = Vec::new();
    for (org, acme) in [(server.org, true), (other_org, false)] {
        for agent in server.store.list_agents(org).await.unwrap() {
            let name = if agent.name == "Alice" { "Alice" } else { "Walt" };
            agents.push((name, acme, agent.id));
        }
    }
    let mut users = Vec::new();
    for &role in ROLES {
        let email = format!("{role}@acme.example");
        let signed_in = match role {
            "admin" => server.sign_in_as(&email, Role::Admin, None, None).await,
            "analyst" => server.sign_in_as(&email, Role::Analyst, None, None).await,
            "manager-east" => server.sign_in_as(&email, Role::Manager, Some("Top/East"), None).await,
            "manager-west" => server.sign_in_as(&email, Role::Manager, Some("Top/West"), None).await,
            "agent-alice" => server.sign_in_as(&email, Role::Agent, None, Some("Alice")).await,
            _ => unreachable!(),
        };
        users.push((role, signed_in));
    }
    let cases = open_cases(&server, other_org, &responses, &users).await;
    World { server, other_org, users, responses, agents, cases }
}
