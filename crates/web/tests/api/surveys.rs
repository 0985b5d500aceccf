use serde_json::{Value, json};
use vocal_store::prelude::*;

use crate::helpers::{TestServer, spawn};

/// The demo survey as the API takes it.
fn demo_json() -> Value {
    serde_json::to_value(vocal_app::demo::seed::demo_survey()).unwrap()
}

async fn put(server: &TestServer, key: &str, slug: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .put(format!("{}/api/v1/surveys/{slug}", server.base))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The `field`s of a 422 body.
fn fields(body: &Value) -> Vec<String> {
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_survey_is_created_then_updated_then_left_unchanged() {
    let server = spawn(vec![]).await;
    let key = server.write_key.clone();
    let mut survey = demo_json();

    let (status, created) = put(&server, &key, "relationship", survey.to_string()).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["slug"], "relationship");
    assert_eq!(created["definition"], survey);
    assert!(created["updated_at"].as_str().unwrap().ends_with('Z'), "{created}");

    survey["name"] = json!("Relationship NPS 2026");
    let (status, updated) = put(&server, &key, "relationship", survey.to_string()).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["id"], created["id"], "the same survey, not a new one");
    let (status, again) = put(&server, &key, "relationship", survey.to_string()).await;
    assert_eq!((status, &again["updated_at"]), (200, &updated["updated_at"]), "nothing was written");

    let (status, fetched) = server.get("/api/v1/surveys/relationship").await;
    assert_eq!(status, 200);
    assert_eq!(fetched["definition"]["name"], "Relationship NPS 2026");
    let (status, listed) = server.get("/api/v1/surveys").await;
    assert_eq!(status, 200);
    assert_eq!(listed["surveys"].as_array().unwrap().len(), 1, "{listed}");
}

#[tokio::test]
async fn reading_needs_a_key_and_writing_a_write_key() {
    let server = spawn(vec![]).await;
    assert_eq!(server.get_with("/api/v1/surveys", None).await.0, 401);
    let (status, body) = put(&server, &server.read_key, "relationship", demo_json().to_string()).await;
    assert_eq!((status, body), (403, json!({ "error": "forbidden" })));
    assert!(server.store.list_surveys(server.org).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_survey_of_another_organisation_is_not_found() {
    let server = spawn(vec![]).await;
    let other = server.store.create_org("Other", "UTC").await.unwrap();
    server.store.put_survey(other.id, vocal_app::demo::seed::demo_survey()).await.unwrap();
    let (status, body) = server.get("/api/v1/surveys/relationship").await;
    assert_eq!((status, body), (404, json!({ "error": "not found" })));
    let (_, listed) = server.get("/api/v1/surveys").await;
    assert_eq!(listed, json!({ "surveys": [] }));
}

#[tokio::test]
async fn every_broken_rule_is_named_and_nothing_is_stored() {
    let server = spawn(vec![]).await;
    let key = server.write_key.clone();
    let mut survey = demo_json();
    survey["brand"]["colour"] = json!("blue");
    survey["texts"]["fr"]["why"] = json!("");
    survey["questions"][1]["id"] = json!("channel");
    let (status, body) = put(&server, &key, "relationship", survey.to_string()).await;
    assert_eq!(status, 422, "{body}");
    let named = fields(&body);
    for field in ["brand.colour", "texts.fr.why", "questions[1].id", "texts.fr.questions.one_change"] {
        assert!(named.iter().any(|f| f == field), "{field} not in {named:?}");
    }
    assert!(server.store.list_surveys(server.org).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_slug_in_the_path_must_match_the_body() {
    let server = spawn(vec![]).await;
    let key = server.write_key.clone();
    let (status, body) = put(&server, &key, "another", demo_json().to_string()).await;
    assert_eq!((status, fields(&body)), (422, vec!["slug".to_string()]));
}

#[tokio::test]
async fn malformed_json_and_unknown_fields_are_named() {
    let server = spawn(vec![]).await;
    let key = server.write_key.clone();
    let (status, body) = put(&server, &key, "relationship", "not json").await;
    assert_eq!((status, fields(&body)), (422, vec!["body".to_string()]), "{body}");

    let mut survey = demo_json();
    survey["brand"]["color"] = json!("#000000");
    let (status, body) = put(&server, &key, "relationship", survey.to_string()).await;
    assert_eq!(status, 422, "{body}");
    let error = &body["errors"][0];
    assert!(error["field"].as_str().unwrap().starts_with("brand"), "{body}");
    assert!(error["message"].as_str().unwrap().contains("color"), "{body}");

    let mut survey = demo_json();
    survey["edit_window_hours"] = json!("two days");
    let (status, body) = put(&server, &key, "relationship", survey.to_string()).await;
    assert_eq!((status, fields(&body)), (422, vec!["edit_window_hours".to_string()]), "{body}");
}

/// As with a survey file, a first survey needs only a slug, a name and its
/// texts: the page shows the survey's name in Vocal's own blue.
#[tokio::test]
async fn a_survey_without_a_brand_gets_the_default_look() {
    let server = spawn(vec![]).await;
    let texts = json!({"question": "How likely are you to recommend us?", "why": "Why?", "thank_you": "Thanks!"});
    let minimal =
        json!({"slug": "first", "name": "Our first survey", "default_language": "en", "texts": {"en": texts}});
    let (status, created) = put(&server, &server.write_key, "first", minimal.to_string()).await;
    assert_eq!(status, 201, "{created}");
    let brand = &created["definition"]["brand"];
    assert_eq!(
        (&brand["organisation"], &brand["colour"]),
        (&json!("Our first survey"), &json!("#2563eb")),
        "{created}"
    );
    let (status, again) = put(&server, &server.write_key, "first", minimal.to_string()).await;
    assert_eq!((status, &again["updated_at"]), (200, &created["updated_at"]), "the defaults are what is stored");
}
