//! Where a group commit's time goes: after an ingest run, with the server
//! stopped, each step the committer runs per group is timed alone on the
//! same database (42 units, 500 agents, the run's responses), through the
//! same `Store` calls.

use std::time::Duration;

use vocal_domain::OrgId;
use vocal_store::{OnDuplicate, Store, Submission};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::servers::Database;
use crate::synth;
use crate::timing::{median_async, ms};

/// Responses committed per group, from their commit times: a group's rows
/// share one `created_at` (two groups in one millisecond count as one).
pub async fn groups(db: &Database) -> anyhow::Result<i64> {
    db.scalar("SELECT count(DISTINCT created_at) FROM responses").await
}

pub async fn print(db: &Database, group_size: usize) -> anyhow::Result<()> {
    match &db.url {
        Some(url) => {
            let store = PostgresStore::connect(url).await?;
            steps(&store, db.org, group_size).await?;
            store.pool().close().await;
        }
        None => {
            let store = SqliteStore::open_dir(&db.dir).await?;
            steps(&store, db.org, group_size).await?;
            store.pool().close().await;
        }
    }
    Ok(())
}

async fn steps<S: Store>(store: &S, org: OrgId, group_size: usize) -> anyhow::Result<()> {
    let runs = 21;
    let (commit, _) = median_async(runs, || {
        let responses = synth::responses(0, group_size, jiff::Timestamp::now().as_millisecond());
        store.commit_submissions(vec![Submission { org, responses, on_duplicate: OnDuplicate::Keep }])
    })
    .await;
    let seq = store.max_seq(org).await?;
    let (read, _) = median_async(runs, || store.responses_after(org, seq - group_size as i64, 10_000)).await;
    let (catalog, _) = median_async(runs, || async {
        let units = store.list_units(org).await.map(|u| u.len());
        let agents = store.list_agents(org).await.map(|a| a.len());
        (units, agents)
    })
    .await;
    let hash = vocal_app::accounts::api_keys::hash_key("vocal_0000");
    let (key, _) = median_async(runs, || store.api_key_by_hash(&hash)).await;
    let total = commit + read + catalog;
    let share = |d: Duration| 100.0 * d.as_secs_f64() / total.as_secs_f64();
    println!("  one group of {group_size}, each step alone (median of {runs}):");
    println!("    commit_submissions (one durable commit)        {:>10}  {:>3.0} %", ms(commit), share(commit));
    println!("    responses_after (index catch-up read)          {:>10}  {:>3.0} %", ms(read), share(read));
    println!("    list_units + list_agents (catalog refresh)     {:>10}  {:>3.0} %", ms(catalog), share(catalog));
    println!("  and per request: api_key_by_hash (authentication) {:>9}", ms(key));
    Ok(())
}
