//! Another process may read the SQLite database while `vocal serve` holds
//! it open — an operator's `sqlite3`, a backup, a test harness — and must go
//! on seeing what the server commits after it (issue 12 §1). The server
//! once asked whether its files were writable by opening and closing them,
//! which silently dropped its POSIX locks: the next reader to close its
//! connection then thought itself the last, checkpointed and deleted the
//! write-ahead log, and the server's later commits went into the unlinked
//! log, seen by no other process and lost when the server stopped.

use std::process::Stdio;
use std::time::{Duration, Instant};

use sqlx::{Connection, SqliteConnection};

use crate::{Server, stderr, stdout, vocal};

/// Opens the database as another process would, reads, and closes it
/// properly (a close is when SQLite deletes the log if it is the last).
async fn responses_seen_by_another_process(database: &std::path::Path) -> i64 {
    let mut db = SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses").fetch_one(&mut db).await.unwrap();
    db.close().await.unwrap();
    count
}

async fn wait_healthy(http: &reqwest::Client, base: &str) {
    let started = Instant::now();
    while !http.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_commit_after_another_process_closed_the_database_is_seen_by_the_next_one() {
    vocal_app::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let created = vocal(&data, &["org", "create", "Acme"]);
    assert!(created.status.success(), "{}", stderr(&created));
    let key_made = vocal(&data, &["apikey", "create", "--scope", "write", "--name", "write"]);
    assert!(key_made.status.success(), "{}", stderr(&key_made));
    let key = stdout(&key_made).trim().to_string();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let server = std::process::Command::new(env!("CARGO_BIN_EXE_vocal"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--data"])
        .arg(&data)
        .env_remove("VOCAL_DATABASE_URL")
        .env_remove("VOCAL_CONFIG")
        .env_remove("VOCAL_ORG")
        .env_remove("VOCAL_SMTP_URL")
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(Server)
        .unwrap();
    let http = reqwest::Client::new();
    // The health check's write acquires pooled connections, as every request does.
    wait_healthy(&http, &base).await;

    let database = data.join(vocal_store_sqlite::DATABASE_FILE);
    let log = data.join(format!("{}-wal", vocal_store_sqlite::DATABASE_FILE));
    // Each round: another process opens, reads and closes; then the server
    // commits one more response, which the next round's reader must see.
    let (mut seen, mut statuses, mut log_kept) = (Vec::new(), Vec::new(), true);
    for n in 0..3 {
        seen.push(responses_seen_by_another_process(&database).await);
        log_kept &= log.exists();
        let sent = http
            .post(format!("{base}/api/v1/responses"))
            .bearer_auth(&key)
            .body(format!(r#"{{"score": 9, "comment": "after close {n}", "channel": "ivr"}}"#))
            .send()
            .await
            .unwrap();
        statuses.push(sent.status().as_u16());
    }
    seen.push(responses_seen_by_another_process(&database).await);
    drop(server);

    assert_eq!(statuses, [201, 201, 201]);
    assert_eq!(seen, [0, 1, 2, 3], "each acknowledged response is in the database other processes read");
    assert!(log_kept, "the server's write-ahead log stays while the server has the database open");
}
