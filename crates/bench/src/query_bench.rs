//! NPS by unit × week over the whole organisation, with and without a
//! filter on a custom attribute: Vocal's index against SQL `GROUP BY`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use sqlx::Row;
use vocal_app::live_index::OrgIndex;
use vocal_app::report::{NpsReport, nps_report};
use vocal_domain::query::RawQuery;
use vocal_domain::{Bucket, QuerySpec, UnitId};
use vocal_index::snapshot::Selection;
use vocal_store::{Organisation, prelude::*};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::synth;
use crate::timing::{line, median, median_async, ms};

pub const ORG: &str = "Benchco";
const BATCH: usize = 200_000;

/// Counts per (unit id, week label): (n, promoters, detractors).
type Counts = BTreeMap<(String, String), (u64, u64, u64)>;

pub async fn bench_org<S: Store>(store: &S) -> anyhow::Result<Organisation> {
    match store.list_orgs().await?.into_iter().find(|o| o.name == ORG) {
        Some(org) => Ok(org),
        None => Ok(store.create_org(ORG, "UTC").await?),
    }
}

async fn fill<S: Store>(store: &S, name: &str, rows: usize) -> anyhow::Result<()> {
    let org = bench_org(store).await?;
    let have = store.max_seq(org.id).await? as usize;
    if have >= rows {
        println!("{name}: already holds {have} responses");
        return Ok(());
    }
    let end_ms = jiff::Timestamp::now().as_millisecond();
    let started = Instant::now();
    let mut done = have;
    while done < rows {
        let count = BATCH.min(rows - done);
        store.insert_responses(org.id, synth::responses(done, count, end_ms)).await?;
        done += count;
        eprint!("\r{name}: {done} / {rows}");
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "\r{name}: stored {} responses in {seconds:.1} s ({:.0} rows/s)",
        rows - have,
        (rows - have) as f64 / seconds
    );
    Ok(())
}

pub async fn generate(data: &Path, url: Option<&str>, rows: usize) -> anyhow::Result<()> {
    fill(&SqliteStore::open_dir(data).await?, "SQLite", rows).await?;
    if let Some(url) = url {
        fill(&PostgresStore::connect(url).await?, "PostgreSQL", rows).await?;
    }
    Ok(())
}

fn spec(filter: Option<&str>) -> anyhow::Result<QuerySpec> {
    let raw = RawQuery { by: Some("unit:3,week"), filters: filter.into_iter().collect(), ..Default::default() };
    Ok(QuerySpec::parse(&raw, &["plan".to_string(), "segment".to_string()])?)
}

/// Vocal's answer as the counts SQL would give, to check both agree.
fn vocal_counts(report: &NpsReport) -> Counts {
    report
        .groups
        .iter()
        .map(|g| {
            let key = (g.key.0[0].1.clone().unwrap_or_default(), g.key.0[1].1.clone().unwrap_or_default());
            (key, (g.figure.n, g.figure.promoters, g.figure.detractors))
        })
        .collect()
}

const WEEK: &str = "(submitted_at / 86400000) - ((submitted_at / 86400000 + 3) % 7)";

fn sql_text(filter: &str) -> String {
    format!(
        "SELECT unit_id, {WEEK} AS week, COUNT(*), SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END) FROM responses WHERE org_id = $1 {filter} GROUP BY unit_id, week"
    )
}

fn to_counts(rows: Vec<(i64, i64, i64, i64, i64)>, index: &OrgIndex) -> Counts {
    rows.into_iter()
        .map(|(unit, week, n, p, d)| {
            ((index.units.path(UnitId(unit)), Bucket::Week.label(week as i32)), (n as u64, p as u64, d as u64))
        })
        .collect()
}

async fn sqlite_query(store: &SqliteStore, org: i64, filter: &str) -> anyhow::Result<Vec<(i64, i64, i64, i64, i64)>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql_text(filter))).bind(org).fetch_all(store.pool()).await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))).collect())
}

async fn postgres_query(
    store: &PostgresStore,
    org: i64,
    filter: &str,
) -> anyhow::Result<Vec<(i64, i64, i64, i64, i64)>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql_text(filter))).bind(org).fetch_all(store.pool()).await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))).collect())
}

pub async fn run(data: &Path, url: Option<&str>, full_scan: bool, vocal_only: bool) -> anyhow::Result<()> {
    let sqlite = SqliteStore::open_dir(data).await?;
    let org = bench_org(&sqlite).await?;
    let rows = sqlite.max_seq(org.id).await?;
    println!(
        "NPS by unit × week, {rows} responses (machine: {} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let snapshot_dir = data.join("index");
    let _ = std::fs::remove_dir_all(&snapshot_dir);
    let started = Instant::now();
    let index = OrgIndex::open(&sqlite, org.clone(), Some(&snapshot_dir), Selection::All).await?;
    let build = started.elapsed();
    let started = Instant::now();
    index.save_snapshot()?;
    let save = started.elapsed();
    let started = Instant::now();
    let reloaded = OrgIndex::open(&sqlite, org.clone(), Some(&snapshot_dir), Selection::All).await?;
    let load = started.elapsed();
    drop(reloaded);
    println!(
        "  index: built from SQLite in {}, snapshot saved in {}, read back whole in {}; columns {:.0} MiB",
        ms(build),
        ms(save),
        ms(load),
        index.index.memory_bytes() as f64 / 1_048_576.0
    );

    let whole = spec(None)?;
    let filtered = spec(Some("plan=Premium"))?;
    // The whole query path: compile, count, and the report with its figures.
    let (vocal_whole, vocal_answer) = median(21, || nps_report(&index, &whole));
    let (vocal_filtered, vocal_filtered_answer) = median(21, || nps_report(&index, &filtered));
    let vocal_answer = vocal_counts(&vocal_answer?);
    let vocal_filtered_answer = vocal_counts(&vocal_filtered_answer?);
    println!("\n  {:<58} {:>12}   {:>9}", "query (median)", "time", "÷ Vocal");
    line("Vocal index, whole organisation", vocal_whole, vocal_whole);
    line("Vocal index, where plan=Premium", vocal_filtered, vocal_whole);
    let plan = index.index.plan(&whole, index.catalog())?;
    let (engine, _) = median(21, || index.index.execute(&plan));
    line("  of which counting (the engine), whole organisation", engine, vocal_whole);
    let (compile, _) = median(21, || index.index.plan(&whole, index.catalog()));
    line("  of which compiling the question", compile, vocal_whole);
    if vocal_only {
        return Ok(());
    }

    let json_filter_sqlite = "AND json_extract(attributes, '$.plan') = 'Premium'";
    if full_scan {
        sqlx::query("DROP INDEX IF EXISTS bench_cover").execute(sqlite.pool()).await?;
        let (t, _) = median_async(1, || sqlite_query(&sqlite, org.id.0, "")).await;
        line("SQLite GROUP BY, no index (full scan)", t, vocal_whole);
    }
    let started = Instant::now();
    sqlx::query("CREATE INDEX IF NOT EXISTS bench_cover ON responses (org_id, unit_id, submitted_at, score)")
        .execute(sqlite.pool())
        .await?;
    sqlx::query("ANALYZE").execute(sqlite.pool()).await?;
    let index_time = started.elapsed();
    let (t, sql_answer) = median_async(3, || sqlite_query(&sqlite, org.id.0, "")).await;
    line("SQLite GROUP BY, covering index", t, vocal_whole);
    let (t, sql_filtered) = median_async(3, || sqlite_query(&sqlite, org.id.0, json_filter_sqlite)).await;
    line("SQLite GROUP BY, where json_extract(plan)", t, vocal_filtered);
    let exact_whole = to_counts(sql_answer?, &index) == vocal_answer;
    let exact_filtered = to_counts(sql_filtered?, &index) == vocal_filtered_answer;

    if let Some(url) = url {
        let postgres = PostgresStore::connect(url).await.context("connecting to PostgreSQL")?;
        let pg_org = bench_org(&postgres).await?;
        sqlx::query("CREATE INDEX IF NOT EXISTS bench_cover ON responses (org_id, unit_id, submitted_at, score)")
            .execute(postgres.pool())
            .await?;
        sqlx::query("VACUUM ANALYZE responses").execute(postgres.pool()).await?;
        let (t, _) = median_async(3, || postgres_query(&postgres, pg_org.id.0, "")).await;
        line("PostgreSQL GROUP BY, covering index", t, vocal_whole);
        let (t, _) = median_async(3, || {
            postgres_query(&postgres, pg_org.id.0, "AND (attributes::jsonb ->> 'plan') = 'Premium'")
        })
        .await;
        line("PostgreSQL GROUP BY, where attributes->>plan", t, vocal_filtered);
    }
    println!("\n  (covering index built in {})", ms(index_time));
    println!("  exact: Vocal's groups equal SQLite's GROUP BY: whole {exact_whole}, filtered {exact_filtered}");
    anyhow::ensure!(exact_whole && exact_filtered, "the index disagrees with SQL");
    Ok(())
}
