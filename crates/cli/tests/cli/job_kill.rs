//! Mail through the queue survives kill -9: `vocal serve` sends a batch of
//! queued mails to a local SMTP sink, is killed with SIGKILL mid-batch and
//! started again; every message arrives, and a message arrives twice only
//! if its job was running (claimed, not yet marked done) at the kill. On
//! SQLite always; on PostgreSQL when `VOCAL_TEST_DATABASE_URL` names a server.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor, PgConnection, SqliteConnection};

use crate::{Server, smtp_sink};

const MAILS: usize = 150;

struct Target {
    data: std::path::PathBuf,
    database_url: Option<String>,
}

impl Target {
    fn vocal(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vocal"));
        command.args(args).arg("--data").arg(&self.data);
        for variable in ["VOCAL_DATABASE_URL", "VOCAL_ORG", "VOCAL_CONFIG", "VOCAL_DATA", "VOCAL_LOG", "VOCAL_SMTP_URL"]
        {
            command.env_remove(variable);
        }
        if let Some(url) = &self.database_url {
            command.arg("--database-url").arg(url);
        }
        command.current_dir(std::env::temp_dir());
        command
    }

    fn serve(&self, smtp_port: u16) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let smtp = format!("smtp://127.0.0.1:{smtp_port}?tls=none");
        self.vocal(&["serve", "--addr", &format!("127.0.0.1:{port}"), "--smtp-url", &smtp])
            .args(["--mail-from", "Vocal <nps@example.com>"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(Server)
            .unwrap()
    }

    /// Runs one statement; returns the integer it selects (0 when it selects nothing).
    async fn sql(&self, statement: &str) -> i64 {
        let statement = sqlx::AssertSqlSafe(statement.to_string());
        match &self.database_url {
            Some(url) => {
                let mut db = PgConnection::connect(url).await.unwrap();
                let value: Option<i64> = sqlx::query_scalar(statement).fetch_optional(&mut db).await.unwrap();
                db.close().await.unwrap();
                value.unwrap_or(0)
            }
            None => {
                let url = format!("sqlite://{}", self.data.join("vocal.db").display());
                let mut db = SqliteConnection::connect(&url).await.unwrap();
                let value: Option<i64> = sqlx::query_scalar(statement).fetch_optional(&mut db).await.unwrap();
                db.close().await.unwrap();
                value.unwrap_or(0)
            }
        }
    }
}

/// A queued mail job as `Mailer::queue` stores it, with its Message-ID.
fn mail_job(n: usize) -> String {
    let payload = serde_json::json!({
        "message": { "to": format!("c{n}@example.com"), "subject": format!("mail {n}"),
                     "text": format!("Hello {n}"), "html": format!("<p>Hello {n}</p>"), "secret": null },
        "message_id": format!("<mail-{n}@example.com>"),
    });
    format!("(1, 'mail', '{payload}', 'queued', 0, 8, 0, 0, 0)")
}

/// The Message-ID of a received message.
fn message_id(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let line = text.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")).expect("a Message-ID");
    line[11..].trim().to_string()
}

async fn every_mail_arrives_through_kill_9(target: Target) {
    let created = target.vocal(&["org", "create", "Acme"]).output().unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let values: Vec<String> = (0..MAILS).map(mail_job).collect();
    target
        .sql(&format!(
            "INSERT INTO jobs (org_id, kind, payload, state, attempts, max_attempts, run_at, created_at, updated_at) \
             VALUES {}",
            values.join(", ")
        ))
        .await;
    let (smtp_port, mut inbox) = smtp_sink::start().await;
    let mut received: BTreeMap<String, usize> = BTreeMap::new();

    let server = target.serve(smtp_port);
    let started = Instant::now();
    while received.values().sum::<usize>() < MAILS / 3 {
        let message = tokio::time::timeout(Duration::from_secs(60), inbox.recv()).await.expect("mail flows").unwrap();
        assert_eq!((message.mail_from.as_str(), message.rcpt_to.len()), ("<nps@example.com>", 1));
        *received.entry(message_id(&message.data)).or_default() += 1;
    }
    drop(server); // SIGKILL mid-batch
    let in_flight = target.sql("SELECT COUNT(*) FROM jobs WHERE state = 'running'").await;
    let done_at_kill = target.sql("SELECT COUNT(*) FROM jobs WHERE state = 'done'").await;
    assert!(done_at_kill < MAILS as i64, "killed mid-batch, not after it ({:?})", started.elapsed());
    // As if the killed workers' leases (2 minutes) had run out.
    target.sql("UPDATE jobs SET run_at = 0, lease_expires_at = 0 WHERE state = 'running'").await;

    let restarted = target.serve(smtp_port);
    let deadline = Instant::now() + Duration::from_secs(120);
    while target.sql("SELECT COUNT(*) FROM jobs WHERE state = 'done'").await < MAILS as i64 {
        assert!(Instant::now() < deadline, "the restarted server did not finish the batch");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(restarted);
    while let Ok(message) = inbox.try_recv() {
        assert!(message.accepted);
        *received.entry(message_id(&message.data)).or_default() += 1;
    }

    let expected: Vec<String> = (0..MAILS).map(|n| format!("<mail-{n}@example.com>")).collect();
    let mut ids: Vec<String> = received.keys().cloned().collect();
    ids.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(ids, expected_sorted, "every message arrived");
    let duplicates: usize = received.values().map(|n| n - 1).sum();
    assert!(duplicates as i64 <= in_flight, "{duplicates} duplicates, {in_flight} jobs in flight at the kill");
    let outbox = target.sql("SELECT COUNT(DISTINCT subject) FROM outbox").await;
    assert_eq!(outbox, MAILS as i64, "each recorded as sent");
    eprintln!("{done_at_kill} done and {in_flight} in flight at the kill; {duplicates} delivered twice");
}

// This test found issue 12 §1: the server dropped its own SQLite locks
// (asking whether its files were writable by opening and closing them), so
// the test's polling connection, on closing, deleted the write-ahead log the
// restarted server went on committing into; the server finished the batch
// out of the test's sight. `shared_database.rs` pins that down on its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_delivers_every_queued_mail_through_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    every_mail_arrives_through_kill_9(Target { data: dir.path().join("data"), database_url: None }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_delivers_every_queued_mail_through_kill_9() {
    let Ok(server_url) = std::env::var("VOCAL_TEST_DATABASE_URL") else {
        eprintln!("skipped: VOCAL_TEST_DATABASE_URL is not set");
        return;
    };
    let name = format!("vocal_jobkill_{:016x}", rand::random::<u64>());
    admin(&server_url, &format!("CREATE DATABASE {name}")).await;
    let url = match server_url.rfind('/') {
        Some(slash) if slash > server_url.find("://").unwrap() + 2 => format!("{}/{name}", &server_url[..slash]),
        _ => format!("{server_url}/{name}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let target = Target { data: dir.path().join("data"), database_url: Some(url) };
    let outcome = tokio::spawn(every_mail_arrives_through_kill_9(target)).await;
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
