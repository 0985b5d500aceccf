//! What the OpenAPI tests share: the served document, the router's paths,
//! `$ref` resolution, schema validation and live calls.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::TestServer;

/// The router's source: the routes are read from it, not listed again here.
pub const ROUTER_SOURCES: [&str; 2] =
    [include_str!("../../../src/server.rs"), include_str!("../../../src/survey_routes.rs")];
pub const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

pub async fn document(server: &TestServer) -> Value {
    let response = reqwest::get(format!("{}/api/v1/openapi.json", server.base)).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.expect("the document is JSON")
}

/// Every `.route("…"` path in the router's source.
pub fn routed_paths() -> BTreeSet<String> {
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
pub fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(pointer) => {
            let target = pointer.strip_prefix('#').and_then(|p| doc.pointer(p));
            resolve(doc, target.unwrap_or_else(|| panic!("{pointer} does not resolve")))
        }
        None => value,
    }
}

pub fn all_refs(value: &Value, found: &mut Vec<String>) {
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
pub fn operations(doc: &Value) -> Vec<(String, String, Value)> {
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
pub fn concrete(doc: &Value, path: &str) -> String {
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
pub fn statuses(operation: &Value) -> BTreeSet<u16> {
    operation["responses"].as_object().unwrap().keys().map(|s| s.parse().expect("numeric statuses")).collect()
}

/// A JSON Schema validator for a schema of the document: the document's
/// components travel along so `#/components/schemas/…` resolve.
pub fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = serde_json::Map::new();
    root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    root.insert("components".into(), doc["components"].clone());
    root.insert("allOf".into(), json!([schema]));
    jsonschema::draft202012::new(&Value::Object(root))
        .unwrap_or_else(|e| panic!("schema {schema} does not compile: {e}"))
}

pub fn problems(doc: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let validator = validator(doc, schema);
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

pub fn assert_valid(doc: &Value, schema: &Value, instance: &Value, what: &str) {
    let problems = problems(doc, schema, instance);
    assert!(problems.is_empty(), "{what}: {instance} does not match {schema}: {problems:#?}");
}

pub fn component(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The JSON schema an operation documents for a status.
pub fn answer_schema(doc: &Value, path: &str, method: &str, status: u16) -> Value {
    let operation = &doc["paths"][path][method];
    let documented = operation["responses"].get(status.to_string());
    let documented = resolve(doc, documented.unwrap_or_else(|| panic!("{method} {path}: {status} is not documented")));
    documented["content"]["application/json"]["schema"].clone()
}

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

pub async fn call(server: &TestServer, method: &str, path: &str, key: Option<&str>, body: Option<&Value>) -> Answer {
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
pub async fn checked(
    server: &TestServer,
    doc: &Value,
    method: &str,
    path: &str,
    query: &str,
    key: Option<&str>,
) -> Answer {
    let operation = &doc["paths"][path][method];
    let answer = call(server, method, &format!("{}{query}", concrete(doc, path)), key, None).await;
    assert!(statuses(operation).contains(&answer.status), "{method} {path}{query}: undocumented {}", answer.status);
    let schema = answer_schema(doc, path, method, answer.status);
    assert_valid(doc, &schema, &answer.body, &format!("{method} {path}{query} → {}", answer.status));
    answer
}
