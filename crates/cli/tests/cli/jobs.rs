//! `vocal jobs`: the queue listed, by state, and a dead job queued again;
//! a job that cannot be retried, or does not exist, is refused by name.

use sqlx::{Connection, Executor, SqliteConnection};

use crate::{stderr, stdout, vocal};

/// Puts a queued and a dead mail job in the queue, as workers leave them.
async fn two_jobs(data: &std::path::Path) {
    let url = format!("sqlite://{}", data.join("vocal.db").display());
    let mut db = SqliteConnection::connect(&url).await.unwrap();
    db.execute(
        "INSERT INTO jobs (org_id, kind, payload, state, attempts, max_attempts, run_at, last_error, created_at, updated_at)
         VALUES (1, 'mail', '{}', 'queued', 0, 8, 1800000000000, NULL, 1800000000000, 1800000000000),
                (1, 'mail', '{}', 'dead', 8, 8, 1800000000000, 'connection refused', 1800000000000, 1800000000000)",
    )
    .await
    .unwrap();
    db.close().await.unwrap();
}

/// The table's rows that start with a job id (the header and borders do not).
fn rows(table: &str) -> Vec<String> {
    table
        .lines()
        .filter(|line| line.trim_start_matches(['│', ' ']).starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn jobs_are_listed_by_state_and_a_dead_one_is_queued_again() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(vocal(&data, &["org", "create", "Acme"]).status.success());
    two_jobs(&data).await;

    let all = stdout(&vocal(&data, &["jobs", "list"]));
    assert_eq!(rows(&all).len(), 2, "{all}");
    let dead = stdout(&vocal(&data, &["jobs", "list", "--state", "dead"]));
    let dead = rows(&dead);
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert!(dead[0].contains("dead") && dead[0].contains("8/8") && dead[0].contains("connection refused"), "{dead:?}");

    let retried = vocal(&data, &["jobs", "retry", "2"]);
    assert!(retried.status.success(), "{}", stderr(&retried));
    assert!(stdout(&retried).contains("job 2 queued again"), "{}", stdout(&retried));
    assert!(rows(&stdout(&vocal(&data, &["jobs", "list", "--state", "dead"]))).is_empty());
    let queued = rows(&stdout(&vocal(&data, &["jobs", "list", "--state", "queued"])));
    assert_eq!(queued.len(), 2, "{queued:?}");
    assert!(queued.iter().any(|row| row.contains("0/8") && row.contains("connection refused")), "{queued:?}");

    let refused = vocal(&data, &["jobs", "retry", "1"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("job 1 is queued: only a failed or dead job can be retried"),
        "{}",
        stderr(&refused)
    );
    let missing = vocal(&data, &["jobs", "retry", "99"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no job 99"), "{}", stderr(&missing));
    let bad = vocal(&data, &["jobs", "list", "--state", "lost"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("queued, running, done, failed, dead"), "{}", stderr(&bad));
}
