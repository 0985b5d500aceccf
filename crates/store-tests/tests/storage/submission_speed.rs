//! How fast group commits land, as the server makes them (one group after
//! another, each durable): ignored by default, run with
//! `cargo test --release -p vocal-store-tests -- --ignored --nocapture submission_speed`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use vocal_store::{NewResponse, Store};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::backends::with_postgres_database;
use crate::fixtures::{email, keyed, new_org, path, submission};

const RESPONSES: u32 = 20_000;

/// An API submission: one response naming a unit, an agent and a contact.
fn api_response(n: u32) -> NewResponse {
    NewResponse {
        comment: Some(format!("Comment {n}")),
        unit: Some(path(&format!("Region {}/Team {}", n % 4, n % 48))),
        agent: Some(format!("Agent {}", n % 400)),
        contact_email: Some(email(&format!("customer{n}@example.com"))),
        attributes: BTreeMap::from([("plan".into(), "pro".into())]),
        source: "api".into(),
        ..keyed(i64::from(n % 11), n)
    }
}

async fn commit_groups<S: Store>(store: S, label: &str, group_size: u32) {
    let org = new_org(&store, &format!("Acme {group_size}")).await;
    let mut latencies = Vec::new();
    let started = Instant::now();
    for first in (0..RESPONSES).step_by(group_size as usize) {
        let group = (first..first + group_size).map(|n| submission(org, vec![api_response(n)])).collect();
        let sent = Instant::now();
        store.commit_submissions(group).await.unwrap();
        latencies.push(sent.elapsed());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let p99 = latencies[latencies.len() * 99 / 100];
    let rate = f64::from(RESPONSES) / elapsed.as_secs_f64();
    eprintln!("{label}, groups of {group_size}: {rate:.0} responses/s, p99 group commit {p99:?}");
    assert!(p99 < Duration::from_millis(50), "p99 {p99:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark; run with --release"]
async fn submission_speed_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    for size in [1, 10, 50] {
        commit_groups(store.clone(), "SQLite", size).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark; run with --release"]
async fn submission_speed_postgres() {
    with_postgres_database(|url| async move {
        let store = PostgresStore::connect(&url).await.unwrap();
        for size in [1, 10, 50] {
            commit_groups(store.clone(), "PostgreSQL", size).await;
        }
    })
    .await;
}
