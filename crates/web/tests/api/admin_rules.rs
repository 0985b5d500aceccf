//! Editing the alert rules in Settings: the rules in force as a file to
//! edit, every problem of a posted file named with its line and key and
//! nothing stored, a good file applied and audited, admins only.

use vocal_domain::Role;
use vocal_store::prelude::*;

use crate::helpers::spawn;

const RULES: &str = r#"praise = true

[[rules]]
name = "detractors"
window_days = 7

[rules.when]
band = "detractor"

[rules.sla]
first_contact_hours = 24
resolve_hours = 72
"#;

#[tokio::test]
async fn an_admin_edits_the_rules_and_a_bad_file_is_named_line_by_line() {
    let server = spawn(vec![]).await;
    let admin = server.sign_in_as("admin@acme.example", Role::Admin, None, None).await;
    let (status, page) = admin.get("/admin/alert-rules").await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"file\""), "an editor: {page}");
    assert!(
        page.contains("name = &#34;detractors&#34;") || page.contains("name = \"detractors\""),
        "the default rule, as a file: {page}"
    );

    let bad = RULES
        .replace("window_days = 7", "window_days = 0")
        .replace("first_contact_hours = 24", "first_contact_hours = 0");
    let (status, _, body) = admin.post_form("/admin/alert-rules", &[("file", &bad)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("2 problem(s)"), "{body}");
    assert!(body.contains("line 5: rules[0].window_days"), "{body}");
    assert!(body.contains("rules[0].sla.first_contact_hours"), "{body}");
    assert!(body.contains("window_days = 0"), "the text is kept");
    assert_eq!(server.store.alert_rules(server.org).await.unwrap(), None, "nothing stored");
    let (status, _, body) = admin.post_form("/admin/alert-rules", &[("file", "[[rules]\nname =")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("line 1"), "a syntax error names its line: {body}");

    let (status, location, _) = admin.post_form("/admin/alert-rules", &[("file", RULES)]).await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin/alert-rules?saved=1")));
    let stored = server.store.alert_rules(server.org).await.unwrap().unwrap().rules;
    assert!(stored.praise);
    assert_eq!((stored.rules[0].sla.first_contact_hours, stored.rules[0].sla.resolve_hours), (24, 72));
    let audit = server.store.list_audit(server.org, None, 5).await.unwrap();
    assert!(
        audit.iter().any(|e| e.entry.action == "alert_rules.apply" && e.entry.actor.contains("admin")),
        "{audit:?}"
    );
    let (_, page) = admin.get("/admin/alert-rules?saved=1").await;
    assert!(page.contains("The rules were applied."));

    server.store.ensure_unit(server.org, &vocal_domain::UnitPath::parse("Acme").unwrap()).await.unwrap();
    let manager = server.sign_in_as("lead@acme.example", Role::Manager, Some("Acme"), None).await;
    let (status, ..) = manager.post_form("/admin/alert-rules", &[("file", RULES)]).await;
    assert_eq!(status, 404, "not for managers");
}
