//! Editing the theme taxonomy in Settings: the default as a file to start
//! from, every problem of a posted file named and nothing stored, a good
//! file applied (the Why page then reads comments against it), admins only.

use vocal_domain::Role;
use vocal_store::NewResponse;
use vocal_store::prelude::*;

use crate::helpers::{response, spawn};

const THEMES: &str = r#"[[theme]]
slug = "parking"
name = { en = "Parking" }
phrases = { en = ["parking", "car park"] }
"#;

#[tokio::test]
async fn an_admin_edits_the_themes_and_the_why_page_reads_comments_against_them() {
    let answer = NewResponse {
        comment: Some("No parking anywhere near the shop".into()),
        language: Some("en".into()),
        ..response(2, "2026-03-01", "web", "Acme/North")
    };
    let server = spawn(vec![answer]).await;
    let admin = server.sign_in_as("admin@acme.example", Role::Admin, None, None).await;
    let (status, page) = admin.get("/admin/themes").await;
    assert_eq!(status, 200);
    assert!(page.contains("the default customer-service themes apply"), "{page}");
    assert!(page.contains("Wait and hold time"), "the default listed: {page}");
    assert!(page.contains("href=\"/admin/outbox\""), "the outbox has a tab in Settings");

    let bad = THEMES.replace("\"parking\", ", "\"\", ").replace("slug = \"parking\"", "slug = \"Parking Lot\"");
    let (status, _, body) = admin.post_form("/admin/themes", &[("file", &bad)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("theme[0].slug"), "{body}");
    assert!(body.contains("theme[0].phrases.en[0]"), "{body}");
    assert_eq!(server.store.theme_taxonomy(server.org).await.unwrap(), None, "nothing stored");

    let (status, location, _) = admin.post_form("/admin/themes", &[("file", THEMES)]).await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin/themes?saved=1")));
    assert_eq!(server.store.theme_taxonomy(server.org).await.unwrap().map(|(text, _)| text).as_deref(), Some(THEMES));
    let (_, why) = admin.get("/why?period=all").await;
    assert!(why.contains(">Parking"), "the Why page uses the new themes: {why}");
    assert!(!why.contains("Wait and hold time"), "and only them");

    server.store.ensure_unit(server.org, &vocal_domain::UnitPath::parse("Acme").unwrap()).await.unwrap();
    let manager = server.sign_in_as("lead@acme.example", Role::Manager, Some("Acme"), None).await;
    assert_eq!(manager.post_form("/admin/themes", &[("file", THEMES)]).await.0, 404, "not for managers");
}

async fn put(server: &crate::helpers::TestServer, key: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    server.put_json("/api/v1/themes", key, body).await
}
#[tokio::test]
async fn the_api_replaces_the_taxonomy_whole_or_names_every_bad_field() {
    let server = spawn(vec![]).await;
    let (status, shown) = server.get_with("/api/v1/themes", Some(&server.read_key)).await;
    assert_eq!(status, 200);
    assert!(shown["updated_at"].is_null(), "the default applies: {shown}");
    assert_eq!(shown["definition"]["theme"].as_array().unwrap().len(), 10, "the ten default themes");

    let bad = serde_json::json!({"theme": [{"slug": "Bad Slug", "name": {"en": "x"}, "phrases": {"en": [""]}}]});
    let (status, body) = put(&server, &server.write_key, &bad).await;
    assert_eq!(status, 422, "{body}");
    let text = body.to_string();
    assert!(text.contains("theme[0].slug") && text.contains("theme[0].phrases.en[0]"), "{text}");
    assert_eq!(server.store.theme_taxonomy(server.org).await.unwrap(), None, "nothing stored");
    assert_eq!(put(&server, &server.read_key, &bad).await.0, 403, "a read key may not write");

    let good =
        serde_json::json!({"theme": [{"slug": "parking", "name": {"en": "Parking"}, "phrases": {"en": ["parking"]}}]});
    let (status, body) = put(&server, &server.write_key, &good).await;
    assert_eq!(status, 200, "{body}");
    let (_, shown) = server.get_with("/api/v1/themes", Some(&server.read_key)).await;
    assert_eq!(shown["definition"], good, "read back as written");
    assert!(shown["updated_at"].is_string());
}
