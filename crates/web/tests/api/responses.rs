use crate::helpers::{response, spawn};

#[tokio::test]
async fn responses_page_newest_first_with_a_cursor() {
    let responses: Vec<_> =
        (0..7).map(|i| response(i, "2026-03-01", if i % 2 == 0 { "email" } else { "sms" }, "Acme")).collect();
    let server = spawn(responses).await;
    let (status, first) = server.get("/api/v1/responses?limit=3&where=channel%3Demail").await;
    assert_eq!(status, 200, "{first}");
    let scores = |page: &serde_json::Value| {
        page["responses"].as_array().unwrap().iter().map(|r| r["score"].as_i64().unwrap()).collect::<Vec<_>>()
    };
    // email answers are scores 0, 2, 4, 6, stored in that order: newest first.
    assert_eq!(scores(&first), [6, 4, 2]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = server.get(&format!("/api/v1/responses?limit=3&where=channel%3Demail&cursor={cursor}")).await;
    assert_eq!(scores(&second), [0]);
    assert_eq!(second["next_cursor"], serde_json::Value::Null);
    let first_item = &first["responses"][0];
    assert_eq!(first_item["comment"], "comment for 6");
    assert_eq!(first_item["unit"], "Acme");
    assert_eq!(first_item["category"], "detractor");
    assert_eq!(first_item["submitted_at"], "2026-03-01T12:00:00Z");
}

#[tokio::test]
async fn bad_paging_parameters_are_named() {
    let server = spawn(vec![]).await;
    for (query, field) in [("limit=0", "limit"), ("limit=5000", "limit"), ("cursor=abc", "cursor")] {
        let (status, body) = server.get(&format!("/api/v1/responses?{query}")).await;
        assert_eq!((status, body["field"].as_str()), (400, Some(field)), "{query}");
    }
}
