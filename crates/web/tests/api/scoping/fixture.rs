//! The matrix's world, written out by hand so expectations do not come from
//! the code under test: organisation Acme with Top → East → Team A and
//! Top → West, agents Alice (Team A) and Walt (West); another organisation
//! with the same names. Every response's comment carries a marker saying
//! where it lies, and so does the name of an attribute only its responses have.

use std::collections::BTreeMap;
use vocal_store::prelude::*;

use vocal_domain::{AgentId, OrgId, Role, Score, UnitPath};
use vocal_store::NewResponse;

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
    World { server, other_org, users, responses, agents }
}
