//! `GET`/`PUT /api/v1/alert-rules`, and `vocal serve` evaluating them: a
//! detractor posted through the API opens a case without anyone asking.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vocal_store::prelude::*;

use crate::helpers::{TestServer, spawn};

async fn put(server: &TestServer, key: &str, body: &Value) -> (u16, Value) {
    server.put_json("/api/v1/alert-rules", key, body).await
}
fn fields(body: &Value) -> Vec<&str> {
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect()
}

fn key_accounts() -> Value {
    json!({ "rules": [
        { "name": "detractors", "when": { "band": "detractor" } },
        { "name": "key accounts", "when": { "score": { "min": 0, "max": 8 }, "contact_attributes": { "tier": "gold" } },
          "sla": { "first_contact_hours": 4, "resolve_hours": 48 } }
    ] })
}

#[tokio::test]
async fn the_default_rule_applies_until_rules_are_put_then_they_read_back() {
    let server = spawn(vec![]).await;
    let (status, body) = server.get("/api/v1/alert-rules").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["updated_at"], Value::Null, "nothing applied yet");
    assert_eq!(body["definition"]["rules"][0]["name"], "detractors");
    assert_eq!(body["definition"]["rules"][0]["when"], json!({ "band": "detractor" }));

    let (status, stored) = put(&server, &server.write_key, &key_accounts()).await;
    assert_eq!(status, 200, "{stored}");
    assert!(stored["updated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(stored["definition"]["rules"][1]["sla"], json!({ "first_contact_hours": 4, "resolve_hours": 48 }));
    assert_eq!(stored["definition"]["rules"][0]["window_days"], 7, "defaults are filled in");
    let (_, again) = put(&server, &server.write_key, &key_accounts()).await;
    assert_eq!(again["updated_at"], stored["updated_at"], "the same rules twice write nothing");
    let (_, read) = server.get("/api/v1/alert-rules").await;
    assert_eq!(read, stored);
    // What GET answers can be PUT back as it is.
    assert_eq!(put(&server, &server.write_key, &read["definition"]).await.0, 200);
}

#[tokio::test]
async fn bad_rules_are_refused_naming_every_field_and_nothing_is_stored() {
    let server = spawn(vec![]).await;
    let bad = json!({ "rules": [
        { "name": "a", "window_days": 0, "when": { "score": { "min": 9, "max": 4 } } },
        { "name": "a", "when": {}, "route": { "owner": "nobody@example.com" } }
    ] });
    let (status, body) = put(&server, &server.write_key, &bad).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        fields(&body),
        vec![
            "rules[0].window_days",
            "rules[0].when.score.min",
            "rules[1].name",
            "rules[1].when",
            "rules[1].route.owner"
        ]
    );
    let typo = json!({ "rules": [{ "name": "a", "when": { "chanels": ["sms"] } }] });
    let (status, body) = put(&server, &server.write_key, &typo).await;
    assert_eq!((status, fields(&body)), (422, vec!["rules[0].when.chanels"]), "{body}");
    let (_, read) = server.get("/api/v1/alert-rules").await;
    assert_eq!(read["updated_at"], Value::Null, "nothing was stored");
}

#[tokio::test]
async fn reading_needs_a_key_and_writing_a_write_key() {
    let server = spawn(vec![]).await;
    assert_eq!(server.get_with("/api/v1/alert-rules", None).await.0, 401);
    assert_eq!(put(&server, &server.read_key, &key_accounts()).await.0, 403);
}

#[tokio::test]
async fn the_server_opens_a_case_for_a_detractor_posted_through_the_api() {
    let server = spawn(vec![]).await;
    let now = jiff::Timestamp::now().to_string();
    let body = json!({ "score": 2, "comment": "I will cancel", "submitted_at": now }).to_string();
    let (status, answer, _) = server.post_json("/api/v1/responses", Some(&server.write_key), &body, &[]).await;
    assert_eq!(status, 201, "{answer}");
    let posted = Instant::now();
    loop {
        let cases = server.store.list_cases(server.org, 0, 10).await.unwrap();
        if !cases.is_empty() {
            assert_eq!(cases.len(), 1);
            assert_eq!(cases[0].rules, vec!["detractors".to_string()]);
            break;
        }
        assert!(posted.elapsed() < Duration::from_secs(10), "no case was opened");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
