//! `/api/v1/notification-channels`: write keys only; a webhook's secret is
//! answered once; a loopback URL or a bad gateway template is refused
//! naming the field; rotation answers a new secret; removal is final.

use serde_json::{Value, json};

use crate::helpers::{TestServer, spawn};

const PATH: &str = "/api/v1/notification-channels";

async fn post(server: &TestServer, path: &str, body: &Value) -> (u16, Value) {
    let (status, answer, _) = server.post_json(path, Some(&server.write_key), &body.to_string(), &[]).await;
    (status, answer)
}

async fn delete(server: &TestServer, path: &str) -> u16 {
    let response =
        reqwest::Client::new().delete(format!("{}{path}", server.base)).bearer_auth(&server.write_key).send().await;
    response.unwrap().status().as_u16()
}

fn fields(body: &Value) -> Vec<&str> {
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_webhook_is_added_with_its_secret_shown_once_and_listed_without_it() {
    let server = spawn(vec![]).await;
    let hook = json!({ "kind": "webhook", "name": "crm", "url": "https://93.184.215.14/hooks/vocal", "events": ["case.opened"] });
    let (status, created) = post(&server, PATH, &hook).await;
    assert_eq!(status, 201, "{created}");
    assert!(created["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_eq!((created["kind"].as_str(), created["enabled"].as_bool()), (Some("webhook"), Some(true)));
    assert_eq!(created["events"], json!(["case.opened"]));
    assert_eq!(created["last_delivery"], Value::Null);

    let (status, listed) = server.get_with(PATH, Some(&server.write_key)).await;
    assert_eq!(status, 200);
    let channel = &listed["channels"][0];
    assert_eq!(channel["id"], created["id"]);
    assert_eq!(channel.get("secret"), None, "the secret is not shown again");
    assert_eq!(server.get_with(PATH, Some(&server.read_key)).await.0, 403, "a read key cannot see chat tokens");

    let (again, body) = post(&server, PATH, &hook).await;
    assert_eq!((again, fields(&body)), (422, vec!["name"]));
}

#[tokio::test]
async fn a_loopback_url_and_a_bad_template_are_refused_naming_the_field() {
    let server = spawn(vec![]).await;
    let local = json!({ "kind": "webhook", "name": "local", "url": "http://127.0.0.1:9/hook" });
    let (status, body) = post(&server, PATH, &local).await;
    assert_eq!((status, fields(&body)), (422, vec!["url"]), "{body}");
    let metadata = json!({ "kind": "slack", "name": "meta", "url": "http://0xa9fea9fe/latest" });
    assert_eq!(fields(&post(&server, PATH, &metadata).await.1), vec!["url"]);

    let gateway = json!({
        "kind": "sms_gateway", "name": "sms", "url": "https://93.184.215.14/sms",
        "fields": [{ "name": "To", "value": "{{to}}" }, { "name": "Body", "value": "{{body}}" }]
    });
    let (status, body) = post(&server, PATH, &gateway).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body)[0], "fields[1] (Body)");
    let (_, listed) = server.get_with(PATH, Some(&server.write_key)).await;
    assert_eq!(listed["channels"], json!([]), "nothing stored");
}

#[tokio::test]
async fn a_rotation_answers_a_new_secret_and_a_removed_channel_is_gone() {
    let server = spawn(vec![]).await;
    let hook = json!({ "kind": "webhook", "name": "crm", "url": "https://93.184.215.14/hooks/vocal" });
    let (_, created) = post(&server, PATH, &hook).await;
    let id = created["id"].as_i64().unwrap();
    let (status, rotated) = post(&server, &format!("{PATH}/{id}/rotate-secret"), &json!({})).await;
    assert_eq!(status, 200, "{rotated}");
    assert!(rotated["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_ne!(rotated["secret"], created["secret"]);

    let slack = json!({ "kind": "slack", "name": "cx", "url": "https://93.184.215.14/services/T0/B0/X" });
    let (_, slack) = post(&server, PATH, &slack).await;
    assert_eq!(slack.get("secret"), None, "chat webhooks are not signed");
    let (status, body) = post(&server, &format!("{PATH}/{}/rotate-secret", slack["id"]), &json!({})).await;
    assert_eq!((status, fields(&body)), (422, vec!["id"]));

    assert_eq!(delete(&server, &format!("{PATH}/{id}")).await, 204);
    assert_eq!(delete(&server, &format!("{PATH}/{id}")).await, 404);
    assert_eq!(delete(&server, &format!("{PATH}/nonsense")).await, 404);
    let (_, listed) = server.get_with(PATH, Some(&server.write_key)).await;
    assert_eq!(listed["channels"].as_array().unwrap().len(), 1);
}
