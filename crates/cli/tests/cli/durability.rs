//! Nothing acknowledged is lost: responses are sent as fast as possible,
//! the server is killed with SIGKILL in the middle, restarted, and every
//! response that got a 2xx must be there — exactly once. On SQLite always;
//! on PostgreSQL when `VOCAL_TEST_DATABASE_URL` names a server.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor, PgConnection};

/// Where the server keeps its data: `--data DIR`, plus a PostgreSQL URL or not.
struct Target {
    data: std::path::PathBuf,
    database_url: Option<String>,
}

impl Target {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vocal"));
        command.args(args).arg("--data").arg(&self.data);
        for variable in ["VOCAL_DATABASE_URL", "VOCAL_ORG", "VOCAL_CONFIG", "VOCAL_DATA", "VOCAL_LOG"] {
            command.env_remove(variable);
        }
        if let Some(url) = &self.database_url {
            command.arg("--database-url").arg(url);
        }
        command.current_dir(std::env::temp_dir());
        command
    }

    fn key(&self, scope: &str) -> String {
        let output = self.command(&["apikey", "create", "--scope", scope, "--name", scope]).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    }

    fn serve(&self, port: u16) -> Child {
        self.command(&["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_healthy(base: &str) {
    let started = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await
            && r.status().is_success()
        {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Sends responses from `clients` tasks until the server stops answering;
/// returns every acknowledged response as comment → id.
fn load(
    base: &str,
    key: &str,
    clients: usize,
    acked: Arc<Mutex<HashMap<String, i64>>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..clients)
        .map(|client| {
            let (url, key, acked) = (format!("{base}/api/v1/responses"), key.to_string(), acked.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                for i in 0.. {
                    let comment = format!("c{client}-{i}");
                    let body = format!(r#"{{"score": {}, "comment": "{comment}", "channel": "ivr"}}"#, i % 11);
                    let sent = http.post(&url).bearer_auth(&key).body(body).send().await;
                    let Ok(response) = sent else { return };
                    if response.status().as_u16() != 201 {
                        return;
                    }
                    let Ok(answer) = response.json::<serde_json::Value>().await else { return };
                    acked.lock().unwrap().insert(comment, answer["id"].as_i64().unwrap());
                }
            })
        })
        .collect()
}

/// Every stored response as comment → ids, read through the restarted server.
async fn stored(base: &str, key: &str) -> HashMap<String, Vec<i64>> {
    let (http, mut found, mut cursor) = (reqwest::Client::new(), HashMap::<String, Vec<i64>>::new(), None::<String>);
    loop {
        let mut url = format!("{base}/api/v1/responses?limit=1000");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: serde_json::Value = http.get(url).bearer_auth(key).send().await.unwrap().json().await.unwrap();
        for r in page["responses"].as_array().unwrap() {
            found.entry(r["comment"].as_str().unwrap().to_string()).or_default().push(r["id"].as_i64().unwrap());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return found,
        }
    }
}

async fn acknowledged_responses_survive_kill_9(target: Target) {
    // The workspace build gives reqwest rustls without a default provider
    // (single sign-on's); this test's own clients need the one Vocal installs.
    vocal_app::install_crypto_provider();
    let (write, read) = (target.key("write"), target.key("read"));
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = target.serve(port);
    wait_healthy(&base).await;
    let acked = Arc::new(Mutex::new(HashMap::new()));
    let clients = load(&base, &write, 16, acked.clone());
    // Kill once a good number is acknowledged, while requests are in flight.
    let started = Instant::now();
    while acked.lock().unwrap().len() < 2_000 && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.wait().unwrap();
    for client in clients {
        client.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 100, "too few acknowledged before the kill: {}", acked.len());

    let mut restarted = target.serve(port);
    wait_healthy(&base).await;
    let found = stored(&base, &read).await;
    restarted.kill().unwrap();
    restarted.wait().unwrap();
    let lost: Vec<&String> = acked.keys().filter(|c| !found.contains_key(*c)).collect();
    assert!(lost.is_empty(), "{} acknowledged responses lost, e.g. {:?}", lost.len(), &lost[..lost.len().min(5)]);
    for (comment, id) in &acked {
        assert_eq!(found[comment], [*id], "{comment} stored once, under the id acknowledged");
    }
    let twice: Vec<_> = found.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(twice.is_empty(), "stored twice: {twice:?}");
    eprintln!("{} acknowledged, {} stored (the rest were in flight at the kill)", acked.len(), found.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_every_acknowledged_response_through_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    acknowledged_responses_survive_kill_9(Target { data: dir.path().join("data"), database_url: None }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_every_acknowledged_response_through_kill_9() {
    let Ok(server_url) = std::env::var("VOCAL_TEST_DATABASE_URL") else {
        eprintln!("skipped: VOCAL_TEST_DATABASE_URL is not set");
        return;
    };
    let name = format!("vocal_kill_{:016x}", rand::random::<u64>());
    admin(&server_url, &format!("CREATE DATABASE {name}")).await;
    let url = match server_url.rfind('/') {
        Some(slash) if slash > server_url.find("://").unwrap() + 2 => format!("{}/{name}", &server_url[..slash]),
        _ => format!("{server_url}/{name}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let outcome = tokio::spawn(acknowledged_responses_survive_kill_9(Target {
        data: dir.path().join("data"),
        database_url: Some(url),
    }))
    .await;
    admin(&server_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

async fn admin(server_url: &str, sql: &str) {
    let mut connection = PgConnection::connect(server_url).await.unwrap();
    connection.execute(sqlx::AssertSqlSafe(sql.to_string())).await.unwrap();
    connection.close().await.unwrap();
}
