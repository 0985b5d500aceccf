//! `POST /api/v1/responses` and `:batch`: durable, idempotent, strict.

use crate::helpers::spawn;

const GOOD: &str = r#"{"score": 9, "comment": "<script>alert(1)</script> & thanks", "channel": "ivr",
    "touchpoint": "post-call", "unit": "EMEA/Berlin", "agent": "Anna", "contact_email": "ana@example.com",
    "survey": "relationship", "attributes": {"plan": "Gold"}}"#;

#[tokio::test]
async fn a_response_is_stored_and_in_the_figures_at_once() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let (status, body, _) = server.post_json("/api/v1/responses", Some(&server.write_key), GOOD, &[]).await;
    assert_eq!(status, 201, "{body}");
    assert!(body["id"].as_i64().is_some(), "{body}");
    // No waiting: the index is updated before the 2xx.
    assert_eq!(server.totals().await, (1, 1, 0));
    let (_, listed) = server.get("/api/v1/responses").await;
    let stored = &listed["responses"][0];
    assert_eq!(stored["comment"], "<script>alert(1)</script> & thanks", "stored as text, unchanged");
    assert_eq!(stored["unit"], "EMEA/Berlin");
    assert_eq!(stored["source"], "api");
    assert_eq!(stored["attributes"]["plan"], "Gold");
}

#[tokio::test]
async fn keys_without_write_scope_learn_nothing_about_why() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let (status, body, _) = server.post_json("/api/v1/responses", Some(&server.read_key), GOOD, &[]).await;
    assert_eq!((status, body["error"].as_str()), (403, Some("forbidden")));
    let mut unauthorized = Vec::new();
    for key in [None, Some("vocal_0000"), Some("nonsense")] {
        let (status, body, _) = server.post_json("/api/v1/responses", key, GOOD, &[]).await;
        unauthorized.push((status, body));
    }
    assert!(unauthorized.iter().all(|u| u == &unauthorized[0]), "{unauthorized:?}");
    assert_eq!(unauthorized[0].0, 401);
    assert_eq!(server.totals().await.0, 0);
}

#[tokio::test]
async fn bad_bodies_name_the_field_and_store_nothing() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let cases = [
        (r#"{"score": 9, "colour": "red"}"#, "colour"),
        (r#"{"score": "9"}"#, "score"),
        (r#"{"score": 11}"#, "score"),
        (r#"{"comment": "no score"}"#, "score"),
        (r#"[1, 2]"#, "body"),
        (r#"{"score": 5, "channel": "e\nmail"}"#, "channel"),
        (r#"{"score": 5, "submitted_at": "yesterday"}"#, "submitted_at"),
        (r#"{"score": 5, "attributes": {"plan": 3}}"#, "attributes.plan"),
        (r#"{"score": 5, "survey": "nope"}"#, "survey"),
        (r#"{"score": 5"#, "body"),
    ];
    for (body, field) in cases {
        let (status, answer, _) = server.post_json("/api/v1/responses", Some(&server.write_key), body, &[]).await;
        assert_eq!(status, 422, "{body} → {answer}");
        let fields: Vec<&str> =
            answer["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert!(fields.iter().any(|f| f.contains(field)), "{body}: expected {field} in {answer}");
    }
    let long = format!(r#"{{"score": 5, "comment": "{}"}}"#, "x".repeat(10_001));
    let (status, answer, _) = server.post_json("/api/v1/responses", Some(&server.write_key), &long, &[]).await;
    assert_eq!((status, answer["errors"][0]["field"].as_str()), (422, Some("comment")));
    assert_eq!(server.totals().await.0, 0);
}

#[tokio::test]
async fn invalid_utf8_and_oversized_bodies_are_refused() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/responses", server.base);
    let bad_utf8 = b"{\"score\": 5, \"comment\": \"\xff\xfe\"}".to_vec();
    let response = client.post(&url).bearer_auth(&server.write_key).body(bad_utf8).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "body");
    let huge = format!(r#"{{"score": 5, "comment": "{}"}}"#, "x".repeat(300 * 1024));
    let response = client.post(&url).bearer_auth(&server.write_key).body(huge).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: serde_json::Value = response.json().await.expect("a JSON error like every other");
    assert!(body["error"].as_str().unwrap().contains("limit"), "{body}");
    assert_eq!(server.totals().await.0, 0);
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_returns_the_first_result() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let key = [("Idempotency-Key", "call-2026-11-24-0001")];
    let (first, body1, headers1) = server.post_json("/api/v1/responses", Some(&server.write_key), GOOD, &key).await;
    let (again, body2, headers2) = server.post_json("/api/v1/responses", Some(&server.write_key), GOOD, &key).await;
    assert_eq!((first, again), (201, 201));
    assert_eq!(body1, body2);
    assert!(headers1.get("idempotent-replayed").is_none());
    assert_eq!(headers2.get("idempotent-replayed").unwrap(), "true");
    assert_eq!(server.totals().await.0, 1);
    let other = [("Idempotency-Key", "call-2026-11-24-0002")];
    let (_, body3, _) = server.post_json("/api/v1/responses", Some(&server.write_key), GOOD, &other).await;
    assert_ne!(body3["id"], body1["id"]);
    assert_eq!(server.totals().await.0, 2);
}

#[tokio::test]
async fn a_batch_is_all_or_nothing_and_names_every_bad_item() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let bad = r#"{"responses": [{"score": 9}, {"score": 12}, {"score": 3}, {"score": 4, "channel": ""}]}"#;
    let (status, body, _) = server.post_json("/api/v1/responses:batch", Some(&server.write_key), bad, &[]).await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["responses[1].score", "responses[3].channel"]);
    assert_eq!(server.totals().await.0, 0);

    let good = r#"{"responses": [{"score": 9}, {"score": 10}, {"score": 3}]}"#;
    let (status, body, _) = server.post_json("/api/v1/responses:batch", Some(&server.write_key), good, &[]).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["ids"].as_array().unwrap().len(), 3);
    assert_eq!(server.totals().await, (3, 2, 1));

    let too_many = format!(r#"{{"responses": [{}]}}"#, vec![r#"{"score": 1}"#; 10_001].join(","));
    let (status, body, _) = server.post_json("/api/v1/responses:batch", Some(&server.write_key), &too_many, &[]).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (422, Some("responses")));
    assert_eq!(server.totals().await.0, 3);
}

#[tokio::test]
async fn a_batch_names_type_errors_and_range_errors_together() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let bad = r#"{"responses": [
        {"score": "9"},
        {"score": 12},
        {"score": true, "channel": "e\nmail", "attributes": {"plan": 3, "tier:x": "a"}, "colour": "red"},
        {"channel": "web", "submitted_at": "2999-01-01T00:00:00Z"},
        7,
        {"score": 5}
    ]}"#;
    let (status, body, _) = server.post_json("/api/v1/responses:batch", Some(&server.write_key), bad, &[]).await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        [
            "responses[0].score",
            "responses[1].score",
            "responses[2].attributes.plan",
            "responses[2].colour",
            "responses[2].score",
            "responses[2].channel",
            "responses[2].attributes.tier:x",
            "responses[3].score",
            "responses[3].submitted_at",
            "responses[4]",
        ]
    );
    assert_eq!(body["errors"][7]["message"], "is required");
    assert_eq!(body["errors"][8]["message"], "is in the future");
    assert_eq!(server.totals().await.0, 0);
}

#[tokio::test]
async fn one_request_names_a_bounded_number_of_units() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let deep = format!(r#"{{"score": 5, "unit": "{}"}}"#, vec!["u"; 4_000].join("/"));
    let (status, body, _) = server.post_json("/api/v1/responses", Some(&server.write_key), &deep, &[]).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (422, Some("unit")), "{body}");
    let items: Vec<String> = (0..=vocal_domain::MAX_UNITS_PER_WRITE)
        .map(|team| format!(r#"{{"score": 5, "unit": "Team {team}"}}"#))
        .collect();
    let many = format!(r#"{{"responses": [{}]}}"#, items.join(","));
    let (status, body, _) = server.post_json("/api/v1/responses:batch", Some(&server.write_key), &many, &[]).await;
    assert_eq!(status, 422, "{body}");
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["field"], format!("responses[{}].unit", vocal_domain::MAX_UNITS_PER_WRITE));
    assert_eq!(server.totals().await.0, 0);
}
