use std::time::{Duration, Instant};

use vocal_store::prelude::*;
use vocal_store_sqlite::SqliteStore;

use crate::helpers::{response, spawn};

/// Another process writing to the same database file: the server must see
/// the response within 2 seconds without being told.
#[tokio::test]
async fn a_response_written_by_another_process_appears_within_two_seconds() {
    let server = spawn(vec![response(9, "2026-01-05", "email", "Acme")]).await;
    let other_process = SqliteStore::open_dir(server.dir.path()).await.unwrap();
    other_process.insert_responses(server.org, vec![response(2, "2026-01-06", "chat", "Acme/New Team")]).await.unwrap();
    let written = Instant::now();
    loop {
        let (_, body) = server.get("/api/v1/nps?by=channel").await;
        if body["overall"]["n"] == 2 {
            assert_eq!(body["groups"][0]["key"]["channel"], "chat");
            break;
        }
        assert!(written.elapsed() < Duration::from_secs(2), "not visible after 2 s: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
