//! The admins' settings pages: the unit tree, users, API keys and the audit
//! log, through the browser's forms; and that nobody else reaches them.

use std::collections::BTreeSet;

use vocal_domain::{Role, UnitPath, UnitTree};
use vocal_store::prelude::*;

use crate::helpers::{TestServer, response, spawn};
use crate::signed_in::SignedIn;

const ADMIN: &str = "root@acme.example";

/// A server with Acme → East → Reno and Acme → West, and its admin signed in.
async fn acme() -> (TestServer, SignedIn) {
    let server = spawn(vec![
        response(10, "2026-03-01", "email", "Acme/East"),
        response(9, "2026-03-02", "email", "Acme/East/Reno"),
        response(3, "2026-03-03", "sms", "Acme/West"),
    ])
    .await;
    let admin = server.sign_in_as(ADMIN, Role::Admin, None, None).await;
    (server, admin)
}

async fn tree(server: &TestServer) -> UnitTree {
    UnitTree::new(server.store.list_units(server.org).await.unwrap())
}

async fn unit_id(server: &TestServer, path: &str) -> i64 {
    tree(server).await.find(&UnitPath::parse(path).unwrap()).unwrap_or_else(|| panic!("no unit {path}")).0
}

async fn paths(server: &TestServer) -> BTreeSet<String> {
    let tree = tree(server).await;
    tree.units().iter().map(|u| tree.path(u.id)).collect()
}

/// The unit labels of a breakdown from the API, with their response counts.
async fn breakdown(server: &TestServer, by: &str) -> Vec<(String, u64)> {
    let (status, body) = server.get(&format!("/api/v1/nps?by={by}&min_n=1")).await;
    assert_eq!(status, 200, "{body}");
    let groups = body["groups"].as_array().unwrap();
    groups.iter().map(|g| (g["key"][by].as_str().unwrap().to_string(), g["n"].as_u64().unwrap())).collect()
}

/// The actions in the audit log, newest first, sign-ins left out.
async fn changes(server: &TestServer) -> Vec<String> {
    let entries = server.store.list_audit(server.org, None, 100).await.unwrap();
    entries.into_iter().map(|e| e.entry.action).filter(|a| !a.starts_with("sign_in")).collect()
}

/// The audit log's rows as text, newest first.
async fn audit_rows(admin: &SignedIn) -> Vec<String> {
    let (status, body) = admin.get("/admin/audit").await;
    assert_eq!(status, 200);
    body.split("<tr>").skip(2).map(str::to_string).collect()
}

#[tokio::test]
async fn renaming_and_moving_a_unit_changes_its_path_in_the_figures() {
    let (server, admin) = acme().await;
    let east = unit_id(&server, "Acme/East").await;
    let (status, location, _) = admin.post_form(&format!("/admin/units/{east}/rename"), &[("name", "Eastern")]).await;
    assert_eq!((status, location.as_deref()), (303, Some(format!("/admin/units/{east}?done=renamed").as_str())));
    let level_two = breakdown(&server, "unit:2").await;
    assert!(level_two.contains(&("Acme/Eastern".to_string(), 2)), "{level_two:?}");
    assert!(!level_two.iter().any(|(unit, _)| unit == "Acme/East"), "{level_two:?}");

    let reno = unit_id(&server, "Acme/Eastern/Reno").await;
    let (status, location, _) = admin.post_form(&format!("/admin/units/{reno}/move"), &[("parent", "")]).await;
    assert_eq!((status, location.as_deref()), (303, Some(format!("/admin/units/{reno}?done=moved").as_str())));
    let top = breakdown(&server, "unit:1").await;
    assert!(top.contains(&("Reno".to_string(), 1)) && top.contains(&("Acme".to_string(), 2)), "{top:?}");
    let (_, page) = admin.get(&format!("/admin/units/{reno}?done=moved")).await;
    assert!(page.contains("<h1>Reno</h1>"), "{page}");
    assert!(page.contains("The unit is moved"));

    let rows = audit_rows(&admin).await;
    assert!(rows[0].contains("unit.move") && rows[0].contains("Acme/Eastern/Reno → Reno"), "{}", rows[0]);
    assert!(rows[1].contains("unit.rename") && rows[1].contains("Acme/East → Acme/Eastern"), "{}", rows[1]);
    assert!(rows[..2].iter().all(|r| r.contains(ADMIN)));
}

#[tokio::test]
async fn a_move_into_its_own_subtree_is_refused_and_changes_nothing() {
    let (server, admin) = acme().await;
    let before = paths(&server).await;
    let (acme_id, reno) = (unit_id(&server, "Acme").await, unit_id(&server, "Acme/East/Reno").await);
    for parent in [reno, acme_id] {
        let (status, _, body) =
            admin.post_form(&format!("/admin/units/{acme_id}/move"), &[("parent", &parent.to_string())]).await;
        assert_eq!(status, 422, "under {parent}");
        assert!(body.contains("A unit cannot move into itself or below itself."), "{body}");
        assert!(body.contains(r#"aria-invalid="true" aria-describedby="unit-parent-error""#));
        assert!(body.contains(&format!(r#"<option value="{parent}" selected>"#)), "the choice is kept");
    }
    assert_eq!(paths(&server).await, before);
    assert!(changes(&server).await.is_empty());
}

#[tokio::test]
async fn a_name_a_sibling_has_is_refused_on_rename_and_create() {
    let (server, admin) = acme().await;
    let before = paths(&server).await;
    let west = unit_id(&server, "Acme/West").await;
    let (status, _, body) = admin.post_form(&format!("/admin/units/{west}/rename"), &[("name", "East")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("Another unit with this name has the same parent."), "{body}");
    assert!(body.contains(r#"value="East""#), "the input is kept");
    assert_eq!(admin.get(&format!("/admin/units/{west}/rename")).await.0, 303, "reopening it leads to the unit");
    let acme_id = unit_id(&server, "Acme").await.to_string();
    let (status, _, body) = admin.post_form("/admin/units", &[("name", "West"), ("parent", &acme_id)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("A unit with this name is there already."));
    for bad in ["", "North/South", "tab\there"] {
        let (status, _, _) = admin.post_form("/admin/units", &[("name", bad), ("parent", &acme_id)]).await;
        assert_eq!(status, 422, "{bad:?}");
    }
    assert_eq!(paths(&server).await, before);

    let (status, location, _) = admin.post_form("/admin/units", &[("name", "North"), ("parent", &acme_id)]).await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin/units?done=created")));
    assert!(paths(&server).await.contains("Acme/North"));
}

#[tokio::test]
async fn a_manager_without_a_unit_is_refused_next_to_the_unit_field() {
    let (server, admin) = acme().await;
    let form = [("email", "mia@acme.example"), ("name", "Mia Manager"), ("role", "manager"), ("unit", "")];
    let (status, _, body) = admin.post_form("/admin/users", &form).await;
    assert_eq!(status, 422);
    let error = body.find(r#"id="user-unit-error""#).expect("an error on the unit field");
    assert!(body[error..].contains("a manager needs the unit they manage"));
    assert!(body.contains(r#"name="unit" aria-invalid="true" aria-describedby="user-unit-error""#));
    for kept in [r#"value="mia@acme.example""#, r#"value="Mia Manager""#, r#"<option value="manager" selected>"#] {
        assert!(body.contains(kept), "{kept} kept");
    }
    assert!(
        server.store.users_by_email(&vocal_domain::Email::parse("mia@acme.example").unwrap()).await.unwrap().is_empty()
    );

    let form = [("email", "mia@acme.example"), ("name", "Mia Manager"), ("role", "manager"), ("unit", "Acme/East")];
    let (status, location, _) = admin.post_form("/admin/users", &form).await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin/users?done=invited")));
    let mia =
        server.store.users_by_email(&vocal_domain::Email::parse("mia@acme.example").unwrap()).await.unwrap().remove(0);
    assert_eq!((mia.role, mia.unit_id.map(|u| u.0)), (Role::Manager, Some(unit_id(&server, "Acme/East").await)));
    assert_eq!(server.store.user_password_hash(server.org, mia.id).await.unwrap(), None, "no password");
    // Queued, then sent by the server's job workers.
    let mut invited = false;
    for _ in 0..200 {
        let emails = server.store.list_emails(server.org, 10).await.unwrap();
        invited = emails.iter().any(|e| e.to_address == "mia@acme.example");
        if invited {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(invited, "an invitation is sent");
    let (_, list) = admin.get("/admin/users").await;
    assert!(list.contains("invitation pending"));
}

#[tokio::test]
async fn editing_disabling_and_enabling_a_user() {
    let (server, admin) = acme().await;
    let ana = server.sign_in_as("ana@acme.example", Role::Analyst, None, None).await;
    let path = format!("/admin/users/{}", ana.user.id.0);
    let form = [("name", "Ana"), ("role", "manager"), ("unit", "Acme/West"), ("agent", "")];
    assert_eq!(admin.post_form(&path, &form).await.0, 303);
    let stored = server.store.user(server.org, ana.user.id).await.unwrap().unwrap();
    assert_eq!((stored.name.as_str(), stored.role), ("Ana", Role::Manager));
    let (status, _, body) = admin.post_form(&path, &[("name", "Ana"), ("role", "agent"), ("unit", "")]).await;
    assert_eq!(status, 422);
    assert!(body.contains(r#"id="user-agent-error""#));

    assert_eq!(ana.get("/").await.0, 303);
    assert_eq!(admin.post_form(&format!("{path}/disable"), &[]).await.0, 303);
    let (status, _) = ana.get("/admin").await;
    assert_eq!(status, 303, "signed out: off to the sign-in page");
    assert!(server.store.user(server.org, ana.user.id).await.unwrap().unwrap().disabled);
    assert_eq!(admin.post_form(&format!("{path}/enable"), &[]).await.0, 303);
    assert!(!server.store.user(server.org, ana.user.id).await.unwrap().unwrap().disabled);

    assert_eq!(changes(&server).await, ["user.enable", "user.disable", "user.update"]);
}

#[tokio::test]
async fn an_admin_cannot_disable_or_demote_themselves() {
    let (server, admin) = acme().await;
    let path = format!("/admin/users/{}", admin.user.id.0);
    let (status, _, body) = admin.post_form(&format!("{path}/disable"), &[]).await;
    assert_eq!(status, 422);
    assert!(body.contains("You cannot disable yourself"));
    let (status, _, body) = admin.post_form(&path, &[("name", "Root"), ("role", "analyst")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("You cannot take away your own admin role"));
    let me = server.store.user(server.org, admin.user.id).await.unwrap().unwrap();
    assert_eq!((me.role, me.disabled, me.name), (Role::Admin, false, admin.user.name.clone()));
}

#[tokio::test]
async fn an_api_key_works_once_shown_and_is_refused_once_revoked() {
    let (server, admin) = acme().await;
    let response = admin
        .client
        .post(format!("{}/admin/api-keys", server.base))
        .header("sec-fetch-site", "same-origin")
        .form(&[("name", "Help desk"), ("scope", "read")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = response.text().await.unwrap();
    let start = body.find(r#"value="vocal_"#).expect("the secret is shown") + r#"value=""#.len();
    let secret = &body[start..start + "vocal_".len() + 64];
    assert_eq!(server.get_with("/api/v1/nps", Some(secret)).await.0, 200);
    assert!(!admin.get("/admin/api-keys").await.1.contains(secret), "shown only once");

    let keys = server.store.list_api_keys(server.org).await.unwrap();
    let key = keys.iter().find(|k| k.name == "Help desk").unwrap();
    let (status, location, _) = admin.post_form(&format!("/admin/api-keys/{}/revoke", key.id), &[]).await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin/api-keys?done=revoked")));
    assert_eq!(server.get_with("/api/v1/nps", Some(secret)).await.0, 401);
    let rows = audit_rows(&admin).await;
    assert!(rows[0].contains("api_key.revoke") && rows[0].contains(ADMIN));
    assert!(rows[1].contains("api_key.create") && rows[1].contains("Help desk") && rows[1].contains(ADMIN));
}

#[tokio::test]
async fn the_audit_log_pages_back_fifty_at_a_time() {
    let (server, admin) = acme().await;
    for i in 0..55 {
        let entry = vocal_store::NewAuditEntry {
            actor_id: Some(admin.user.id),
            actor: ADMIN.into(),
            action: "unit.create".into(),
            subject: format!("entry-{i:02}"),
            detail: String::new(),
        };
        server.store.record_audit(server.org, entry).await.unwrap();
    }
    let (_, first) = admin.get("/admin/audit").await;
    assert_eq!(first.matches("entry-").count(), 50);
    assert!(first.contains("entry-54") && !first.contains("entry-04"));
    let older = first.split(r#"href="/admin/audit?before="#).nth(1).expect("a link to older entries");
    let before = &older[..older.find('"').unwrap()];
    let (_, second) = admin.get(&format!("/admin/audit?before={before}")).await;
    assert_eq!(second.matches("entry-").count(), 5);
    assert!(second.contains("entry-00") && second.contains("entry-04"));
}

#[tokio::test]
async fn nobody_but_an_admin_reaches_an_admin_page_or_changes_anything() {
    let (server, _admin) = acme().await;
    server.store.assign_agent(server.org, "Alice", None).await.unwrap();
    let people = [
        server.sign_in_as("ana@acme.example", Role::Analyst, None, None).await,
        server.sign_in_as("max@acme.example", Role::Manager, Some("Acme"), None).await,
        server.sign_in_as("alice@acme.example", Role::Agent, None, Some("Alice")).await,
    ];
    let (unit, user) = (unit_id(&server, "Acme/West").await, people[0].user.id.0);
    let before = (paths(&server).await, server.store.list_users(server.org).await.unwrap());
    let key = server.store.list_api_keys(server.org).await.unwrap()[0].id;
    let pages = [
        "/admin",
        "/admin/units",
        "/admin/users",
        "/admin/api-keys",
        "/admin/surveys",
        "/admin/alert-rules",
        "/admin/audit",
    ];
    let ids = [format!("/admin/units/{unit}"), format!("/admin/users/{user}"), "/admin/surveys/1".into()];
    let posts = [
        ("/admin/units".to_string(), vec![("name", "Hacked"), ("parent", "")]),
        (format!("/admin/units/{unit}/rename"), vec![("name", "Hacked")]),
        (format!("/admin/units/{unit}/move"), vec![("parent", "")]),
        ("/admin/users".into(), vec![("email", "evil@acme.example"), ("name", "Evil"), ("role", "admin")]),
        (format!("/admin/users/{user}"), vec![("name", "Hacked"), ("role", "admin")]),
        (format!("/admin/users/{user}/disable"), vec![]),
        ("/admin/api-keys".into(), vec![("name", "Hacked"), ("scope", "write")]),
        (format!("/admin/api-keys/{key}/revoke"), vec![]),
    ];
    for person in &people {
        for page in pages.iter().map(|p| p.to_string()).chain(ids.iter().cloned()) {
            assert_eq!(person.get(&page).await.0, 404, "{} GET {page}", person.user.role);
        }
        for (path, form) in &posts {
            assert_eq!(person.post_form(path, form).await.0, 404, "{} POST {path}", person.user.role);
        }
    }
    assert_eq!((paths(&server).await, server.store.list_users(server.org).await.unwrap()), before);
    assert!(server.store.list_api_keys(server.org).await.unwrap().iter().all(|k| k.revoked_at_ms.is_none()));
    assert!(changes(&server).await.is_empty());
}

#[tokio::test]
async fn html_in_names_is_escaped_on_every_admin_page() {
    let (server, admin) = acme().await;
    let server = server.with_demo_survey().await;
    let acme_id = unit_id(&server, "Acme").await.to_string();
    admin.post_form("/admin/units", &[("name", "<script>alert(1)"), ("parent", &acme_id)]).await;
    let unit = unit_id(&server, "Acme/<script>alert(1)").await;
    let form = [
        ("email", "x@acme.example"),
        ("name", "<script>alert(2)</script>"),
        ("role", "manager"),
        ("unit", "Acme/<script>alert(1)"),
    ];
    assert_eq!(admin.post_form("/admin/users", &form).await.0, 303);
    let user =
        server.store.users_by_email(&vocal_domain::Email::parse("x@acme.example").unwrap()).await.unwrap()[0].id.0;
    assert_eq!(
        admin.post_form("/admin/api-keys", &[("name", "<script>alert(3)</script>"), ("scope", "read")]).await.0,
        200
    );
    let survey = server.store.list_surveys(server.org).await.unwrap()[0].id.0;
    let mut rule = vocal_domain::alerts::AlertRule::detractors();
    rule.name = "<script>alert(4)</script>".into();
    let rules = vocal_domain::alerts::AlertRules::with_rules(vec![rule]);
    server.store.put_alert_rules(server.org, &rules).await.unwrap();
    let pages = [
        "/admin".to_string(),
        "/admin/units".into(),
        format!("/admin/units/{unit}"),
        "/admin/users".into(),
        format!("/admin/users/{user}"),
        "/admin/api-keys".into(),
        "/admin/surveys".into(),
        format!("/admin/surveys/{survey}"),
        "/admin/alert-rules".into(),
        "/admin/audit".into(),
    ];
    for page in pages {
        let (status, body) = admin.get(&page).await;
        assert_eq!(status, 200, "{page}");
        assert!(!body.contains("<script>alert"), "{page} lets HTML through");
        // Askama writes `<` and `>` as `&#60;` and `&#62;`; either spelling is escaped.
        let shown = ["&lt;script&gt;alert", "&#60;script&#62;alert"].iter().any(|e| body.contains(e));
        assert!(shown || page.starts_with("/admin/surveys"), "{page} shows the name, escaped");
    }
}

#[tokio::test]
async fn the_alert_rules_page_shows_the_rules_in_force_and_units_without_an_owner() {
    let (server, admin) = acme().await;
    server.sign_in_as("east@acme.example", Role::Manager, Some("Acme/East"), None).await;
    let (status, body) = admin.get("/admin/alert-rules").await;
    assert_eq!(status, 200);
    assert!(body.contains("No rules applied yet: the default rule applies."), "{body}");
    assert!(body.contains("<th scope=\"row\">detractors</th>"), "{body}");
    assert!(body.contains("the unit&#39;s managers") || body.contains("the unit's managers"), "{body}");
    assert!(body.contains("48 h / 168 h"), "{body}");
    // East (and Reno below it) has a manager; Acme and West have none.
    assert!(body.contains("<li>Acme</li>") && body.contains("<li>Acme/West</li>"), "{body}");
    assert!(!body.contains("<li>Acme/East"), "{body}");
}
