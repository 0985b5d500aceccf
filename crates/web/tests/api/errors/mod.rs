//! One mapping from server errors to HTTP, on every surface (the JSON API,
//! the app's pages, the survey page): 500 for what is unexpected, 503 only
//! when the database is unavailable; the client sees a fixed message and
//! the request id that the `x-request-id` header carries, never internal text.
//!
//! The 500s break the schema under a running server; the 503s close the
//! store's pool ([`unavailable`]) or cut PostgreSQL's connection ([`outage`]).

mod outage;
mod unavailable;

use vocal_domain::Role;

use crate::helpers::{TestServer, spawn};
use crate::invitations::INVITE;

/// What a fault's answer may never contain: SQL, table names, driver text.
const INTERNAL_WORDS: [&str; 8] =
    ["no such table", "sqlx", "SELECT", "audit_log", "invitations", "database error", "Database", "corrupt"];

/// Status, `x-request-id` and `retry-after` headers and body of an answer.
pub struct Answer {
    pub status: u16,
    pub request_id: String,
    pub retry_after: Option<String>,
    pub body: String,
}

pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_string())
        .expect("every answer has an x-request-id header");
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
    Answer { status, request_id, retry_after, body: response.text().await.unwrap() }
}

/// The id a page shows, between the markers the pages put around it.
pub fn id_on_page(html: &str) -> &str {
    let start = html.find(r#"<code class="request-id">"#).unwrap_or_else(|| panic!("no request id on {html}"));
    let rest = &html[start + r#"<code class="request-id">"#.len()..];
    &rest[..rest.find("</code>").unwrap()]
}

/// A made-up id is a UUID (8-4-4-4-12 hex digits), not something echoed by chance.
pub fn assert_uuid(id: &str) {
    let groups: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
    assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{id}");
}

pub fn assert_no_internal_text(body: &str) {
    for word in INTERNAL_WORDS {
        assert!(!body.contains(word), "{word:?} reached the client: {body}");
    }
}

/// A 503 says when to come back; a 500 does not pretend waiting helps.
fn assert_retry_after(got: &Answer) {
    let expected = (got.status == 503).then(|| "5".to_string());
    assert_eq!(got.retry_after, expected, "Retry-After of a {}", got.status);
}

/// A page's fault: the status, the id shown equal to the header's, no internal text.
pub fn assert_page_fault(got: &Answer, status: u16) {
    assert_eq!(got.status, status, "{}", got.body);
    assert_retry_after(got);
    assert_uuid(&got.request_id);
    assert_eq!(id_on_page(&got.body), got.request_id);
    assert_no_internal_text(&got.body);
}

/// The API's fault: the fixed JSON body with the header's id, nothing else.
pub fn assert_api_fault(got: &Answer, status: u16, message: &str) {
    assert_eq!(got.status, status, "{}", got.body);
    assert_retry_after(got);
    assert_uuid(&got.request_id);
    let body: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(body, serde_json::json!({ "error": message, "request_id": got.request_id }));
}

/// Runs raw SQL on the server's own database, to break what a handler reads.
async fn break_schema(server: &TestServer, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(server.store.pool()).await.unwrap();
}

/// An invitation's `/s/{token}` path (the server is not at vocal.test).
pub async fn invite(server: &TestServer) -> (i64, String) {
    let (status, body, _) = server.post_json("/api/v1/invitations", Some(&server.write_key), INVITE, &[]).await;
    assert_eq!(status, 201, "{body}");
    let path = body["survey_url"].as_str().unwrap().strip_prefix("http://vocal.test").unwrap().to_string();
    (body["id"].as_i64().unwrap(), path)
}

#[tokio::test]
async fn an_app_page_over_a_broken_table_is_a_500_with_the_request_id() {
    let server = spawn(vec![]).await;
    let admin = server.sign_in_as("admin@example.com", Role::Admin, None, None).await;
    let (status, _) = admin.get("/admin/audit").await;
    assert_eq!(status, 200, "the page works before the schema breaks");
    break_schema(&server, "ALTER TABLE audit_log RENAME TO audit_log_gone").await;

    let got = answer(admin.client.get(format!("{}/admin/audit", server.base)).send().await.unwrap()).await;
    assert_page_fault(&got, 500);
    assert!(got.body.contains("Something went wrong"), "{}", got.body);
    assert!(!got.body.contains("did not answer"), "a broken table is not an outage: {}", got.body);
}

#[tokio::test]
async fn the_survey_page_over_a_broken_table_is_a_500_with_the_request_id() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let (_, path) = invite(&server).await;
    break_schema(&server, "DROP TABLE invitations").await;

    let got = answer(reqwest::get(format!("{}{path}", server.base)).await.unwrap()).await;
    assert_page_fault(&got, 500);
    assert!(got.body.contains("Something went wrong on our side"), "{}", got.body);
}

#[tokio::test]
async fn the_api_over_a_broken_table_is_a_500_with_the_request_id() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let (id, _) = invite(&server).await;
    break_schema(&server, "ALTER TABLE invitations RENAME COLUMN token_seal TO gone").await;

    let url = format!("{}/api/v1/invitations/{id}", server.base);
    let got = answer(reqwest::Client::new().get(url).bearer_auth(&server.write_key).send().await.unwrap()).await;
    assert_api_fault(&got, 500, "internal error");
}

#[tokio::test]
async fn a_request_id_from_a_proxy_is_kept_and_sent_back() {
    let server = spawn(vec![]).await;
    let url = format!("{}/api/v1/nps", server.base);
    let sent = reqwest::Client::new().get(url).bearer_auth(&server.read_key).header("x-request-id", "edge-42");
    let got = answer(sent.send().await.unwrap()).await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.request_id, "edge-42");
}
