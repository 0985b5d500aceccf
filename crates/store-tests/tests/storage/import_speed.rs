//! How fast a large import lands: ignored by default, run with
//! `cargo test --release -p vocal-store-tests -- --ignored --nocapture import_speed`.

use std::collections::BTreeMap;
use std::time::Instant;

use vocal_store::{NewResponse, Store};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::backends::with_postgres_database;
use crate::fixtures::{email, keyed, new_org, path};

const ROWS: u32 = 1_000_000;

fn realistic(n: u32) -> NewResponse {
    NewResponse {
        comment: n.is_multiple_of(3).then(|| format!("Comment number {n}: the agent was helpful and quick.")),
        channel: Some(["email", "sms", "web"][(n % 3) as usize].into()),
        touchpoint: Some(format!("Touchpoint {}", n % 20)),
        unit: Some(path(&format!("Region {}/Site {}/Team {}", n % 4, n % 12, n % 48))),
        agent: Some(format!("Agent {}", n % 400)),
        contact_email: Some(email(&format!("customer{}@example.com", n % 200_000))),
        account: Some(format!("ACC-{}", n % 5_000)),
        language: Some("en".into()),
        attributes: BTreeMap::from([
            ("tier".into(), ["gold", "silver"][(n % 2) as usize].into()),
            ("plan".into(), "pro".into()),
        ]),
        submitted_at_ms: 1_700_000_000_000 + i64::from(n) * 1000,
        source: "import".into(),
        ..keyed(i64::from(n % 11), n)
    }
}

async fn import<S: Store>(store: S, label: &str) {
    let org = new_org(&store, "Acme").await;
    let rows: Vec<NewResponse> = (0..ROWS).map(realistic).collect();
    let started = Instant::now();
    let outcome = store.insert_responses(org, rows).await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(outcome.inserted, u64::from(ROWS));
    eprintln!("{label}: {ROWS} rows in {seconds:.2} s = {:.0} rows/s", f64::from(ROWS) / seconds);
    let again: Vec<NewResponse> = (0..1000).map(realistic).collect();
    assert_eq!(store.insert_responses(org, again).await.unwrap().duplicates, 1000);
}

#[tokio::test]
#[ignore = "a benchmark; run in release"]
async fn postgres_import_speed() {
    with_postgres_database(|url| async move {
        let store = PostgresStore::connect(&url).await.unwrap();
        import(store.clone(), "postgres").await;
        store.pool().close().await;
    })
    .await;
}

#[tokio::test]
#[ignore = "a benchmark; run in release"]
async fn sqlite_import_speed() {
    let dir = tempfile::tempdir().unwrap();
    import(SqliteStore::open_dir(dir.path()).await.unwrap(), "sqlite").await;
}
