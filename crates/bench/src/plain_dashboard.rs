//! What a dashboard built on plain SQL runs for one view: the score
//! distribution of the period and of the previous one, the weekly trend, the
//! breakdown by unit and the newest comments — on the same database as the
//! Vocal server just measured, with a covering index, sequentially, as one
//! page request would.

use std::time::{Duration, Instant};

use sqlx::AssertSqlSafe;
use vocal_domain::{Unit, UnitTree};
use vocal_store::prelude::*;
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::servers::Database;
use crate::timing::ms;

const DAY_MS: i64 = 86_400_000;
const WEEK: &str = "(submitted_at / 86400000) - ((submitted_at / 86400000 + 3) % 7)";

fn page_sql(units: &str) -> [String; 5] {
    let base = format!("FROM responses WHERE org_id = $1 AND submitted_at >= $2 AND submitted_at < $3 {units}");
    [
        format!("SELECT score, COUNT(*) {base} GROUP BY score"),
        format!(
            "SELECT score, COUNT(*) FROM responses WHERE org_id = $1 AND submitted_at >= $2 - ($3 - $2) AND submitted_at < $2 {units} GROUP BY score"
        ),
        format!(
            "SELECT {WEEK} AS w, COUNT(*), SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END), SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END) {base} GROUP BY w"
        ),
        format!(
            "SELECT unit_id, COUNT(*), SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END), SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END) {base} GROUP BY unit_id"
        ),
        format!("SELECT id, score, comment, submitted_at {base} AND comment IS NOT NULL ORDER BY id DESC LIMIT 20"),
    ]
}

fn subtree(units: Vec<Unit>, region: &str) -> String {
    let tree = UnitTree::new(units);
    let top = tree.find(&vocal_domain::UnitPath::parse(region).expect("a valid path")).expect("the region exists");
    let ids: Vec<String> =
        tree.units().iter().filter(|u| tree.is_within(u.id, top)).map(|u| u.id.0.to_string()).collect();
    format!("AND unit_id IN ({})", ids.join(","))
}

const COVER: &str = "CREATE INDEX IF NOT EXISTS bench_cover ON responses (org_id, unit_id, submitted_at, score)";

pub async fn compare(db: &Database) -> anyhow::Result<()> {
    let now = jiff::Timestamp::now().as_millisecond();
    let (org, since, until) = (db.org.0, now - 365 * DAY_MS, now + DAY_MS);
    println!("  plain SQL for the same view (covering index on org_id, unit_id, submitted_at, score; median of 3):");
    match &db.url {
        None => {
            let store = SqliteStore::open_dir(&db.dir).await?;
            sqlx::query(COVER).execute(store.pool()).await?;
            let run = |sql: String| {
                let pool = store.pool().clone();
                async move {
                    sqlx::query(AssertSqlSafe(sql)).bind(org).bind(since).bind(until).fetch_all(&pool).await?;
                    Ok(())
                }
            };
            time_views(store.list_units(db.org).await?, run).await
        }
        Some(url) => {
            let store = PostgresStore::connect(url).await?;
            sqlx::query(COVER).execute(store.pool()).await?;
            let run = |sql: String| {
                let pool = store.pool().clone();
                async move {
                    sqlx::query(AssertSqlSafe(sql)).bind(org).bind(since).bind(until).fetch_all(&pool).await?;
                    Ok(())
                }
            };
            time_views(store.list_units(db.org).await?, run).await
        }
    }
}

/// Times each view's queries, run one after the other as one page would.
async fn time_views<F, Fut>(units: Vec<Unit>, run: F) -> anyhow::Result<()>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let region = subtree(units, "Benchco/Region 1");
    for (label, units) in [("whole organisation, last 12 months", String::new()), ("manager's subtree", region)] {
        let sql = page_sql(&units);
        let mut times = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            for text in &sql {
                run(text.clone()).await?;
            }
            times.push(start.elapsed());
        }
        report(label, times);
    }
    Ok(())
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    println!("    {label:<50} {:>9}", ms(times[times.len() / 2]));
}
