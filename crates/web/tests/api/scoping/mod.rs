//! The route × role matrix: every route the app declares (`ui::policies()`),
//! every method, each role, and targets in the user's own subtree, its
//! parent, a sibling and another organisation. Nothing outside a user's
//! scope may appear in any answer, and addressing it by id gives 404.
//! A route in a router without a declared policy fails
//! `every_routed_path_has_a_policy`.

pub mod fixture;
mod routes;

use std::collections::BTreeSet;
use std::time::Duration;

use fixture::{MARKERS, ROLES, World, sees, sees_agent, sees_case, world};
use vocal_store::prelude::*;
use vocal_web::ui::Policy;

/// Query strings that try to reach outside a scope through filters.
const PROBES: &[&str] = &[
    "",
    "?unit=Top/West",
    "?unit=Top",
    "?unit=West",
    "?agent=Walt",
    "?agent=Alice",
    "?channel=mkwestwalt-channel",
    "?attr=plan:mkotherorg-plan",
    "?q=mk",
    "?by=agent",
    "?by=channel",
    "?by=attr:plan",
    "?period=all",
];

/// A concrete URL for a declared path and a target, or `None` when the
/// target kind does not apply. Unknown parameters fail: a new route needs
/// a fixture here.
fn concrete(path: &str, world: &World, target: &str) -> Option<String> {
    let Some(start) = path.find('{') else { return Some(path.to_string()) };
    let name = &path[start + 1..path.find('}').unwrap()];
    let value = match (name, path) {
        ("name", p) if p.starts_with("/assets/") => "app.css".to_string(),
        ("token", _) => "not-a-token".to_string(),
        ("id", p) if p.starts_with("/responses/") => world.responses.get(target)?.to_string(),
        ("id", p) if p.starts_with("/cases/") => world.cases.get(target)?.to_string(),
        ("id", p) if p.starts_with("/agents/") => {
            let (name, acme) = agent_target(target)?;
            world.agents.iter().find(|a| a.0 == name && a.1 == acme).unwrap().2.0.to_string()
        }
        // Admin pages: any id of the organisation; non-admins get 404 whatever it is.
        ("id", p) if p.starts_with("/admin/") => "1".to_string(),
        _ => panic!("the scoping matrix has no fixture for {{{name}}} in {path}: add one in scoping/mod.rs"),
    };
    Some(path.replacen(&format!("{{{name}}}"), &value, 1))
}

fn agent_target(target: &str) -> Option<(&'static str, bool)> {
    match target {
        "agent-alice" => Some(("Alice", true)),
        "agent-walt" => Some(("Walt", true)),
        "agent-other" => Some(("Alice", false)),
        _ => None,
    }
}

fn targets(path: &str) -> Vec<&'static str> {
    if path.starts_with("/responses/") || path.starts_with("/cases/") {
        MARKERS.iter().map(|m| m.0).collect()
    } else if path.starts_with("/agents/{") {
        vec!["agent-alice", "agent-walt", "agent-other"]
    } else {
        vec!["-"]
    }
}

/// Whether `role` may open the target of an id route.
fn target_visible(role: &str, path: &str, target: &str) -> bool {
    if path.starts_with("/responses/") {
        return sees(role, target);
    }
    if path.starts_with("/cases/") {
        return sees_case(role, target);
    }
    match agent_target(target) {
        Some((name, acme)) => sees_agent(role, name, acme),
        None => true,
    }
}

/// The values a probe names, as they may appear on the page.
fn echoed_values(probe: &str) -> Vec<String> {
    let query = probe.trim_start_matches('?');
    url::form_urlencoded::parse(query.as_bytes())
        .flat_map(|(_, v)| {
            let v = v.into_owned();
            let tail = v.split_once(':').map(|(_, t)| t.to_string());
            std::iter::once(v).chain(tail)
        })
        .filter(|v| v.starts_with("mk") || v.contains(":mk"))
        .collect()
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, String, String) {
    let response = client.get(url).send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    if kind.starts_with("text/event-stream") {
        // A live stream never ends: read what comes within a moment.
        let body = tokio::time::timeout(Duration::from_millis(300), response.text())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        return (status, kind, body);
    }
    (status, kind, response.text().await.unwrap())
}

#[tokio::test]
async fn no_route_shows_anything_outside_the_users_scope() {
    let world = world().await;
    let policies = vocal_web::ui::policies();
    assert!(policies.len() >= 10, "{policies:?}");
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut checked = 0;
    for (role, user) in &world.users {
        for &(path, policy) in &policies {
            for target in targets(path) {
                let Some(url) = concrete(path, &world, target) else { continue };
                let probes: &[&str] = if path.contains('{') || policy != Policy::Scoped { &[""] } else { PROBES };
                for probe in probes {
                    let full = format!("{}{url}{probe}", world.server.base);
                    let (status, _, body) = get(&user.client, &full).await;
                    // A filter value the user typed may be echoed back (as invalid): that is not a leak.
                    let body = echoed_values(probe).iter().fold(body, |b, v| b.replace(v.as_str(), ""));
                    checked += 1;
                    assert!(status < 500, "{role} GET {url}{probe}: {status}");
                    match policy {
                        Policy::Admin if *role != "admin" => {
                            assert!(matches!(status, 404 | 405), "{role} GET {url}: {status} (admins only)")
                        }
                        Policy::Scoped if path.contains('{') => {
                            let expected = if target_visible(role, path, target) { 200 } else { 404 };
                            assert_eq!(status, expected, "{role} GET {url} ({target})");
                        }
                        _ => {}
                    }
                    for &(marker, ..) in MARKERS {
                        if body.contains(marker) {
                            assert!(sees(role, marker), "{role} GET {url}{probe} shows {marker}");
                            seen.insert((role, marker));
                        }
                    }
                }
            }
        }
    }
    // The check above means something only if visible things do show.
    for role in ROLES {
        for &(marker, ..) in MARKERS {
            if sees(role, marker) {
                assert!(seen.contains(&(*role, marker)), "{role} never saw {marker}: the matrix proves nothing");
            }
        }
    }
    assert!(checked > 200, "{checked}");
}

#[tokio::test]
async fn posts_change_nothing_they_may_not_and_anonymous_people_see_nothing() {
    let world = world().await;
    // Sign-ins, and the account page's wrong current passwords (`sign_in.recheck_failed`), are no change.
    let is_change = |e: &&vocal_store::AuditEntry| !e.entry.action.starts_with("sign_in");
    let audit_before = world.server.store.list_audit(world.server.org, None, 1000).await.unwrap();
    let audit_before = audit_before.iter().filter(is_change).count();
    let anonymous = crate::signed_in::browser();
    for &(path, policy) in &vocal_web::ui::policies() {
        let Some(url) = concrete(path, &world, targets(path)[0]) else { continue };
        let full = format!("{}{url}", world.server.base);
        for (role, user) in &world.users {
            if policy == Policy::Admin && *role != "admin" {
                let response = user
                    .client
                    .post(&full)
                    .header("sec-fetch-site", "same-origin")
                    .form(&[("name", "Hacked"), ("role", "admin"), ("parent", ""), ("scope", "write")])
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                assert!(matches!(status, 404 | 405), "{role} POST {url}: {status}");
            }
        }
        // Scoped routes answer a POST (mostly 405) without a 500, a change or a leak.
        for (role, user) in world.users.iter().filter(|_| policy == Policy::Scoped) {
            for target in targets(path) {
                let Some(url) = concrete(path, &world, target) else { continue };
                let response = user
                    .client
                    .post(format!("{}{url}", world.server.base))
                    .header("sec-fetch-site", "same-origin")
                    .form(&[("password", "x"), ("current", "x"), ("confirm", "x"), ("unit", "Top/West")])
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                let body = response.text().await.unwrap();
                assert!(status < 500, "{role} POST {url}: {status}");
                for &(marker, ..) in MARKERS {
                    assert!(!body.contains(marker) || sees(role, marker), "{role} POST {url} shows {marker}");
                }
            }
        }
        if policy != Policy::Public {
            let (status, _, body) = get(&anonymous, &full).await;
            assert_eq!(status, 303, "anonymous GET {url}");
            assert!(MARKERS.iter().all(|m| !body.contains(m.0)));
        }
    }
    let audit = world.server.store.list_audit(world.server.org, None, 1000).await.unwrap();
    let changes: Vec<_> = audit.iter().filter(is_change).collect();
    assert_eq!(changes.len() - audit_before, 0, "{changes:?}");
    assert!(changes.is_empty(), "{changes:?}");
    let units = world.server.store.list_units(world.server.org).await.unwrap();
    assert!(units.iter().all(|u| u.name != "Hacked"));
    let _ = world.other_org;
}

#[test]
fn every_routed_path_has_a_policy() {
    let declared: BTreeSet<String> = vocal_web::ui::policies().iter().map(|p| p.0.to_string()).collect();
    let api = routes::api_paths();
    let mut missing = Vec::new();
    for path in routes::routed_paths() {
        if !declared.contains(&path) && !api.contains(&path) {
            missing.push(path);
        }
    }
    assert!(
        missing.is_empty(),
        "routes without a scoping policy (declare them in their module's POLICIES): {missing:?}"
    );
    let unrouted: Vec<_> = declared.iter().filter(|p| !routes::routed_paths().contains(*p)).collect();
    assert!(unrouted.is_empty(), "declared but not routed: {unrouted:?}");
}
