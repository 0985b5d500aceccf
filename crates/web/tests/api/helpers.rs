//! Starting a server on its own database, and requests with a key.

use std::collections::BTreeMap;
use vocal_store::prelude::*;

use vocal_app::settings::Settings;
use vocal_domain::{OrgId, Score, UnitPath};
use vocal_store::{ApiScope, NewResponse};
use vocal_store_sqlite::SqliteStore;
use vocal_web::App;

pub struct TestServer {
    pub base: String,
    pub store: SqliteStore,
    pub org: OrgId,
    pub read_key: String,
    pub write_key: String,
    pub dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A response at noon UTC on `day` (YYYY-MM-DD).
pub fn response(score: i64, day: &str, channel: &str, unit: &str) -> NewResponse {
    let at: jiff::Timestamp = format!("{day}T12:00:00Z").parse().unwrap();
    NewResponse {
        dedupe_key: None,
        score: Score::new(score).unwrap(),
        comment: Some(format!("comment for {score}")),
        submitted_at_ms: at.as_millisecond(),
        channel: Some(channel.into()),
        touchpoint: None,
        unit: Some(UnitPath::parse(unit).unwrap()),
        agent: None,
        contact_email: None,
        account: None,
        language: None,
        survey_id: None,
        source: "test".into(),
        attributes: BTreeMap::from([("plan".to_string(), if score >= 9 { "Gold" } else { "Basic" }.to_string())]),
    }
}

/// A server over a fresh SQLite database holding `responses`.
pub async fn spawn(responses: Vec<NewResponse>) -> TestServer {
    spawn_with(responses, |_| {}).await
}

/// [`spawn`] with settings changed by `tweak` (an SMTP server, an https public URL, …).
pub async fn spawn_with(responses: Vec<NewResponse>, tweak: impl FnOnce(&mut Settings)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    store.insert_responses(org.id, responses).await.unwrap();
    let read_key = vocal_app::accounts::api_keys::issue(&store, org.id, "test", ApiScope::Read).await.unwrap().secret;
    let write_key =
        vocal_app::accounts::api_keys::issue(&store, org.id, "writer", ApiScope::Write).await.unwrap().secret;
    let mut settings = Settings {
        data: dir.path().to_path_buf(),
        refresh_ms: 100,
        public_url: Some("http://vocal.test".into()),
        public_rate_per_minute: 5,
        ..Settings::default()
    };
    tweak(&mut settings);
    let app = App::start(store.clone(), settings).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(vocal_web::serve(app, listener, async {
        let _ = rx.await;
    }));
    TestServer { base, store, org: org.id, read_key, write_key, dir, shutdown: Some(tx) }
}

impl TestServer {
    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        self.get_with(path, Some(&self.read_key)).await
    }

    pub async fn get_with(&self, path: &str, key: Option<&str>) -> (u16, serde_json::Value) {
        let mut request = reqwest::Client::new().get(format!("{}{path}", self.base));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// `PUT path` with `body` as JSON and `key` as the bearer token.
    pub async fn put_json(&self, path: &str, key: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let response = reqwest::Client::new()
            .put(format!("{}{path}", self.base))
            .bearer_auth(key)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(serde_json::Value::Null))
    }
}

impl TestServer {
    /// Adds the demo's survey (slug `relationship`, five languages, public link on).
    pub async fn with_demo_survey(self) -> Self {
        self.store.put_survey(self.org, vocal_app::demo::seed::demo_survey()).await.unwrap();
        self
    }

    /// A POST of a JSON body with a key; the status, the JSON answer and the headers.
    pub async fn post_json(
        &self,
        path: &str,
        key: Option<&str>,
        body: &str,
        headers: &[(&str, &str)],
    ) -> (u16, serde_json::Value, reqwest::header::HeaderMap) {
        let mut request = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, response.json().await.unwrap_or(serde_json::Value::Null), headers)
    }

    /// The NPS figure of the whole organisation: (n, promoters, detractors).
    pub async fn totals(&self) -> (u64, u64, u64) {
        let (status, body) = self.get("/api/v1/nps").await;
        assert_eq!(status, 200, "{body}");
        let overall = &body["overall"];
        let n = |k: &str| overall[k].as_u64().unwrap_or_else(|| panic!("{k} in {body}"));
        (n("n"), n("promoters"), n("detractors"))
    }
}
