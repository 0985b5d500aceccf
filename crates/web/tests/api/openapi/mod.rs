//! `GET /api/v1/openapi.json` kept true: every route the router has is
//! documented and every documented path is routed; every documented method
//! exists and no other does; live answers and the documented examples match
//! the documented schemas.

mod schemas;
mod support;

use std::collections::BTreeSet;

use serde_json::json;

use crate::helpers::spawn;
use support::*;

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
    assert!(routed.len() >= 13 && routed.contains("/api/v1/responses:batch"), "{routed:?}");
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
