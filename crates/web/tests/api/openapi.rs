//! `GET /api/v1/openapi.json` kept true: every route the router has is
//! documented and every documented path is routed; every documented method
//! exists and no other does; live answers and the documented examples match
//! the documented schemas.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{TestServer, response, spawn};

/// The router's source: the routes are read from it, not listed again here.
const ROUTER_SOURCES: [&str; 2] = [include_str!("../../src/server.rs"), include_str!("../../src/survey_routes.rs")];
const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

async fn document(server: &TestServer) -> Value {
    let response = reqwest::get(format!("{}/api/v1/openapi.json", server.base)).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.expect("the document is JSON")
}

/// Every `.route("…"` path in the router's source.
fn routed_paths() -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for source in ROUTER_SOURCES {
        for after in source.split(".route(").skip(1) {
            let quoted = after.trim_start().strip_prefix('"').expect("a route path is a string literal");
            paths.insert(quoted[..quoted.find('"').unwrap()].to_string());
        }
    }
    paths
}

/// Follows a `$ref` (within the document) if there is one.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(pointer) => {
            let target = pointer.strip_prefix('#').and_then(|p| doc.pointer(p));
            resolve(doc, target.unwrap_or_else(|| panic!("{pointer} does not resolve")))
        }
        None => value,
    }
}

fn all_refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => all_refs(child, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| all_refs(item, found)),
        _ => {}
    }
}

/// Every (path, method, operation) of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if METHODS.contains(&method.as_str()) || method == "head" {
                found.push((path.clone(), method.clone(), operation.clone()));
            }
        }
    }
    found
}

/// The path with each `{param}` replaced by its documented example (or `1`).
fn concrete(doc: &Value, path: &str) -> String {
    let item = &doc["paths"][path];
    let levels = std::iter::once(&item["parameters"]).chain(METHODS.iter().map(|m| &item[*m]["parameters"]));
    let mut result = path.to_string();
    for parameter in levels.filter_map(Value::as_array).flatten().map(|p| resolve(doc, p)) {
        if parameter["in"] == "path" {
            let example = match &parameter["example"] {
                Value::String(text) => text.clone(),
                Value::Null => "1".to_string(),
                other => other.to_string(),
            };
            result = result.replace(&format!("{{{}}}", parameter["name"].as_str().unwrap()), &example);
        }
    }
    assert!(!result.contains('{'), "a path parameter of {path} is not documented");
    result
}

/// The statuses documented for an operation.
fn statuses(operation: &Value) -> BTreeSet<u16> {
    operation["responses"].as_object().unwrap().keys().map(|s| s.parse().expect("numeric statuses")).collect()
}

/// A JSON Schema validator for a schema of the document: the document's
/// components travel along so `#/components/schemas/…` resolve.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = serde_json::Map::new();
    root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    root.insert("components".into(), doc["components"].clone());
    root.insert("allOf".into(), json!([schema]));
    jsonschema::draft202012::new(&Value::Object(root))
        .unwrap_or_else(|e| panic!("schema {schema} does not compile: {e}"))
}

fn problems(doc: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let validator = validator(doc, schema);
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn assert_valid(doc: &Value, schema: &Value, instance: &Value, what: &str) {
    let problems = problems(doc, schema, instance);
    assert!(problems.is_empty(), "{what}: {instance} does not match {schema}: {problems:#?}");
}

fn component(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The JSON schema an operation documents for a status.
fn answer_schema(doc: &Value, path: &str, method: &str, status: u16) -> Value {
    let operation = &doc["paths"][path][method];
    let documented = operation["responses"].get(status.to_string());
    let documented = resolve(doc, documented.unwrap_or_else(|| panic!("{method} {path}: {status} is not documented")));
    documented["content"]["application/json"]["schema"].clone()
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn call(server: &TestServer, method: &str, path: &str, key: Option<&str>, body: Option<&Value>) -> Answer {
    let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", server.base));
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    Answer { status, headers, body: response.json().await.unwrap_or(Value::Null) }
}

/// Calls a documented operation and checks the answer's status is
/// documented and its body matches the schema documented for it.
async fn checked(server: &TestServer, doc: &Value, method: &str, path: &str, query: &str, key: Option<&str>) -> Answer {
    let operation = &doc["paths"][path][method];
    let answer = call(server, method, &format!("{}{query}", concrete(doc, path)), key, None).await;
    assert!(statuses(operation).contains(&answer.status), "{method} {path}{query}: undocumented {}", answer.status);
    let schema = answer_schema(doc, path, method, answer.status);
    assert_valid(doc, &schema, &answer.body, &format!("{method} {path}{query} → {}", answer.status));
    answer
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_its_references_resolve() {
    let server = spawn(vec![]).await;
    let doc = document(&server).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."), "{}", doc["openapi"]);
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    assert!(doc["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer");
    let mut refs = Vec::new();
    all_refs(&doc, &mut refs);
    assert!(refs.len() > 50, "the shapes are shared through components");
    for target in &refs {
        assert!(target.starts_with("#/components/"), "{target} is not a component");
        assert!(doc.pointer(&target[1..]).is_some(), "{target} does not resolve");
    }
    let mut ids = BTreeSet::new();
    for (path, method, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        assert!(ids.insert(id.to_string()), "operationId {id} twice");
        assert!(!statuses(&operation).is_empty(), "{method} {path} documents no answer");
        assert!(operation["summary"].is_string(), "{method} {path} has no summary");
    }
    // Every schema compiles as JSON Schema 2020-12.
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        validator(&doc, &component(name));
    }
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_path_is_routed() {
    let server = spawn(vec![]).await;
    let doc = document(&server).await;
    let routed = routed_paths();
    assert!(routed.len() >= 14 && routed.contains("/api/v1/responses:batch"), "{routed:?}");
    let documented: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(undocumented.is_empty() && unrouted.is_empty(), "undocumented: {undocumented:?}; not routed: {unrouted:?}");
}

#[tokio::test]
async fn documented_methods_answer_as_documented_and_others_are_not_allowed() {
    let server = spawn(vec![]).await;
    let doc = document(&server).await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let operation = &item[method];
            let url = concrete(&doc, path);
            // No key, no body: the method exists, and the answer is one the operation documents.
            let answer = call(&server, method, &url, None, None).await;
            if operation.is_null() {
                assert_eq!(answer.status, 405, "{method} {path} is not documented, yet answers {}", answer.status);
                assert!(answer.headers.contains_key("allow"));
            } else {
                assert_ne!(answer.status, 405, "{method} {path} is documented but not routed");
                assert!(
                    statuses(operation).contains(&answer.status),
                    "{method} {path}: undocumented {}",
                    answer.status
                );
            }
        }
    }
}

#[tokio::test]
async fn the_validator_refuses_what_the_document_does_not_allow() {
    let server = spawn(vec![]).await;
    let doc = document(&server).await;
    let bad = [
        ("ResponseCreated", json!({ "id": 1, "extra": true })),
        ("ResponseCreated", json!({ "id": "1" })),
        ("Invitation", json!({ "id": 1 })),
        ("ValidationError", json!({ "error": "invalid input", "errors": [{ "field": "score" }] })),
        ("NpsReport", json!({ "overall": {}, "groups": [] })),
    ];
    for (name, instance) in bad {
        assert!(!problems(&doc, &component(name), &instance).is_empty(), "{name} accepts {instance}");
    }
}

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
