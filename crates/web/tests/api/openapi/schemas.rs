//! Request and response bodies against the documented schemas: what the
//! server refuses the schemas refuse, and the documented examples are accepted.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::support::*;
use crate::helpers::{response, spawn};

/// Bodies the server refuses with 422 are refused by the request schemas too.
#[tokio::test]
async fn request_schemas_refuse_what_the_server_refuses() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let doc = document(&server).await;
    let long = "x".repeat(10_001);
    let too_many: Vec<Value> = (0..10_001).map(|_| json!({ "score": 1 })).collect();
    let cases = [
        ("/api/v1/responses", "ResponseInput", json!({ "score": 9, "colour": "red" })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": "9" })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": 11 })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": -1 })),
        ("/api/v1/responses", "ResponseInput", json!({ "comment": "no score" })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": 5, "comment": long })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": 5, "channel": "" })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": 5, "attributes": { "plan": 3 } })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": 5, "attributes": { "channel": "x" } })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": 5, "attributes": { "tier:gold": "x" } })),
        ("/api/v1/responses", "ResponseInput", json!({ "score": 5, "attributes": { "1st": "x" } })),
        ("/api/v1/responses:batch", "ResponseBatch", json!({ "responses": [] })),
        ("/api/v1/responses:batch", "ResponseBatch", json!({ "responses": too_many })),
        ("/api/v1/responses:batch", "ResponseBatch", json!({ "items": [{ "score": 1 }] })),
        (
            "/api/v1/invitations",
            "InvitationInput",
            json!({ "survey": "relationship", "channel": "sms", "contact": {} }),
        ),
        (
            "/api/v1/invitations",
            "InvitationInput",
            json!({ "survey": "relationship", "channel": "email", "contact": { "email": "a@example.com" }, "expires_in_days": 0 }),
        ),
        (
            "/api/v1/invitations",
            "InvitationInput",
            json!({ "survey": "relationship", "contact": { "email": "a@example.com" } }),
        ),
    ];
    for (path, schema, body) in cases {
        let shown = body.to_string().chars().take(120).collect::<String>();
        assert!(!problems(&doc, &component(schema), &body).is_empty(), "{schema} accepts {shown}");
        let answer = call(&server, "post", path, Some(&server.write_key), Some(&body)).await;
        assert_eq!(answer.status, 422, "{path} {shown} → {}", answer.body);
        assert_valid(&doc, &answer_schema(&doc, path, "post", 422), &answer.body, path);
    }
    assert_eq!(server.totals().await.0, 0);
    // A column name from an exported spreadsheet is an attribute name to the API as to the import.
    let body = json!({ "score": 5, "attributes": { "Delighted Country": "DE", "城市": "東京" } });
    assert!(problems(&doc, &component("ResponseInput"), &body).is_empty(), "the schema refuses {body}");
    let answer = call(&server, "post", "/api/v1/responses", Some(&server.write_key), Some(&body)).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
}

#[tokio::test]
async fn examples_are_valid_and_accepted_and_answers_match_their_schemas() {
    let responses = vec![
        response(9, "2026-01-05", "email", "Acme/North"),
        response(3, "2026-01-06", "sms", "Acme/South"),
        response(10, "2026-02-01", "email", "Acme/North"),
    ];
    let server = spawn(responses).await.with_demo_survey().await;
    let doc = document(&server).await;
    let write = Some(server.write_key.as_str());
    let read = Some(server.read_key.as_str());
    open_a_case_for_the_detractor(&server).await;

    // Every documented request example: valid against its schema, and accepted.
    let mut sent = 0;
    let mut invitation_id = None;
    for (path, method, operation) in operations(&doc) {
        let Some(media) = operation["requestBody"]["content"].get("application/json") else {
            continue;
        };
        let examples = media["examples"].as_object().unwrap_or_else(|| panic!("{method} {path} has no examples"));
        let success: BTreeSet<u16> = statuses(&operation).into_iter().filter(|s| (200..300).contains(s)).collect();
        for (name, example) in examples {
            let value = &resolve(&doc, example)["value"];
            assert_valid(&doc, &media["schema"], value, &format!("example {name} of {method} {path}"));
            let url = concrete(&doc, &path);
            let answer = call(&server, &method, &url, write, Some(value)).await;
            assert!(
                success.contains(&answer.status),
                "example {name}: {method} {url} → {} {}",
                answer.status,
                answer.body
            );
            let schema = answer_schema(&doc, &path, &method, answer.status);
            assert_valid(&doc, &schema, &answer.body, &format!("answer to example {name} of {method} {path}"));
            if path == "/api/v1/invitations" {
                invitation_id = answer.body["id"].as_i64();
            }
            sent += 1;
        }
    }
    assert!(sent >= 6, "{sent} examples");

    // A retried write says so in the documented header.
    let example = &doc["paths"]["/api/v1/responses"]["post"]["requestBody"]["content"]["application/json"]["examples"];
    let body = example["ivr"]["value"].to_string();
    let key = [("Idempotency-Key", "openapi-test-0001")];
    let (_, first, headers) = server.post_json("/api/v1/responses", write, &body, &key).await;
    assert!(headers.get("idempotent-replayed").is_none());
    let (_, again, headers) = server.post_json("/api/v1/responses", write, &body, &key).await;
    assert_eq!(first, again);
    let replayed = json!(headers["idempotent-replayed"].to_str().unwrap());
    let documented = &doc["components"]["headers"]["IdempotentReplayed"]["schema"];
    assert_valid(&doc, documented, &replayed, "Idempotent-Replayed");
    assert!(
        doc["paths"]["/api/v1/responses:batch"]["post"]["responses"]["201"]["headers"]["Idempotent-Replayed"]
            .is_object()
    );

    // Reads, with and without parameters.
    let id = invitation_id.expect("the invitation example was sent");
    let reads = [
        ("/healthz", "", None),
        ("/api/v1/nps", "", read),
        ("/api/v1/nps", "?by=channel", read),
        ("/api/v1/nps", "?by=unit,month&where=channel%3Demail&min_n=1", read),
        ("/api/v1/nps", "?by=plan&since=2026-01-01&until=2026-12-31", read),
        ("/api/v1/responses", "", read),
        ("/api/v1/responses", "?limit=1&where=channel%3Demail", read),
        ("/api/v1/surveys", "", read),
        ("/api/v1/surveys/{slug}", "", read),
        ("/api/v1/alert-rules", "", read),
        ("/api/v1/cases", "", read),
        ("/api/v1/cases", "?state=resolved&overdue=false&limit=5", read),
        ("/api/v1/cases/{id}", "", read),
        ("/api/v1/loop-metrics", "?by=root_cause", read),
        ("/api/v1/themes", "", read),
        ("/api/v1/why", "", read),
        ("/api/v1/why", "?where=channel%3Demail&min_n=1", read),
    ];
    for (path, query, key) in reads {
        let answer = checked(&server, &doc, "get", path, query, key).await;
        assert_eq!(answer.status, 200, "{path}{query}: {}", answer.body);
    }
    let (status, invitation) = server.get_with(&format!("/api/v1/invitations/{id}"), write).await;
    assert_eq!(status, 200);
    assert_valid(&doc, &answer_schema(&doc, "/api/v1/invitations/{id}", "get", 200), &invitation, "invitation");
    let (_, listed) = server.get("/api/v1/responses?limit=2").await;
    assert!(listed["next_cursor"].is_string(), "{listed}");
    let (_, groups) = server.get("/api/v1/nps?by=channel").await;
    assert!(!groups["groups"].as_array().unwrap().is_empty(), "{groups}");

    // Errors have their documented shapes.
    let errors = [
        ("/api/v1/nps", "", None, 401),
        ("/api/v1/nps", "?bogus=1", read, 400),
        ("/api/v1/nps", "?by=nonsense", read, 400),
        ("/api/v1/responses", "?limit=0", read, 400),
        ("/api/v1/invitations/{id}", "", read, 403),
        ("/api/v1/surveys/{slug}", "", None, 401),
    ];
    for (path, query, key, expected) in errors {
        let answer = checked(&server, &doc, "get", path, query, key).await;
        assert_eq!(answer.status, expected, "{path}{query}: {}", answer.body);
    }
    let answer = call(&server, "get", "/api/v1/surveys/nope", read, None).await;
    assert_eq!(answer.status, 404);
    assert_valid(&doc, &answer_schema(&doc, "/api/v1/surveys/{slug}", "get", 404), &answer.body, "404");
    let answer = call(&server, "get", "/api/v1/invitations/999999", write, None).await;
    assert_eq!(answer.status, 404);
    assert_valid(&doc, &answer_schema(&doc, "/api/v1/invitations/{id}", "get", 404), &answer.body, "404");
    let answer = call(&server, "post", "/api/v1/responses", read, Some(&json!({ "score": 9 }))).await;
    assert_eq!(answer.status, 403);
    assert_valid(&doc, &answer_schema(&doc, "/api/v1/responses", "post", 403), &answer.body, "403");
    let answer = call(&server, "get", "/api/v1/nope", read, None).await;
    assert_eq!(answer.status, 404);
    assert_valid(&doc, &component("Error"), &answer.body, "unknown path");

    // A body over the limit is refused with the JSON error shape, as documented.
    let documented = resolve(&doc, &doc["paths"]["/api/v1/responses"]["post"]["responses"]["413"]);
    assert!(documented["content"]["application/json"].is_object());
    let huge = json!({ "score": 5, "comment": "x".repeat(300 * 1024) });
    let answer = call(&server, "post", "/api/v1/responses", write, Some(&huge)).await;
    assert_eq!(answer.status, 413);
    assert!(answer.headers["content-type"].to_str().unwrap().starts_with("application/json"));
    assert_valid(&doc, &component("Error"), &answer.body, "413");
}

/// Case 1, for the documented case examples: the January answers are too
/// old for the evaluator, so the case is opened as the evaluator would.
async fn open_a_case_for_the_detractor(server: &crate::helpers::TestServer) {
    use vocal_store::prelude::*;
    let rows = server.store.responses_after(server.org, 0, 10).await.unwrap();
    let detractor = rows.iter().find(|r| r.score.value() <= 6).unwrap();
    let case = vocal_store::NewCase {
        response_id: detractor.id,
        response_seq: detractor.seq,
        unit_id: detractor.unit_id,
        owner: None,
        routed_by: "admins".into(),
        rules: vec!["detractors".into()],
        first_contact_due_ms: detractor.submitted_at_ms + 48 * 3_600_000,
        resolve_due_ms: detractor.submitted_at_ms + 168 * 3_600_000,
        opened_note: "opened by the test".into(),
        opened_at_ms: detractor.submitted_at_ms,
        alert_backstop_at_ms: None,
    };
    let opened = server.store.open_case(server.org, case).await.unwrap();
    assert!(matches!(opened, vocal_store::CaseOpening::Opened(ref c) if c.id.0 == 1), "{opened:?}");
}
