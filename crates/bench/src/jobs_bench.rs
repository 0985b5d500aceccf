//! The job queue with a long queue waiting: how long claiming the next job
//! takes (as a worker does it: claim, then mark done) with 1,000 and with
//! 1,000,000 jobs due, next to the plain `SELECT` of the next due row the
//! claim is built on; and the resident memory of `vocal serve` with a
//! short and a long queue (not yet due, so its workers only look).

use std::path::Path;
use std::time::{Duration, Instant};

use vocal_store::{JobEnd, Lease, Store};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::servers::{Backend, Database, Kind, Server};
use crate::timing::{ms, rss_mib};

/// Far in the future: queued, but never due during the run.
const LATER_MS: i64 = 9_000_000_000_000;
const SHORT: usize = 1_000;

pub async fn run(data: &Path, admin_url: Option<&str>, jobs: usize, claims: usize) -> anyhow::Result<()> {
    let mut backends = vec![Backend::Sqlite];
    if admin_url.is_some() {
        backends.push(Backend::Postgres);
    }
    for backend in backends {
        let db = Database::fresh(backend, data, admin_url.unwrap_or_default(), None, "jobs").await?;
        println!("{} — {} claims per queue length (claim + done, one worker)", backend.label(), claims);
        match &db.url {
            None => {
                let store = SqliteStore::open_dir(&db.dir).await?;
                let plain = Plain::Sqlite(store.pool().clone());
                measure(&store, &plain, &db, jobs, claims).await?;
            }
            Some(url) => {
                let store = PostgresStore::connect(url).await?;
                let plain = Plain::Postgres(store.pool().clone());
                measure(&store, &plain, &db, jobs, claims).await?;
            }
        }
        db.drop_now().await?;
    }
    Ok(())
}

/// The same database's pool, for the plain statement.
enum Plain {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Plain {
    async fn execute(&self, sql: &str) -> anyhow::Result<()> {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        match self {
            Plain::Sqlite(pool) => {
                sqlx::query(sql).execute(pool).await?;
            }
            Plain::Postgres(pool) => {
                sqlx::query(sql).execute(pool).await?;
            }
        }
        Ok(())
    }

    /// The select the claim is built on, alone: what a hand-written queue reads.
    async fn next_due(&self, now_ms: i64) -> anyhow::Result<Option<i64>> {
        const NEXT: &str = "SELECT id FROM jobs WHERE state IN ('queued', 'failed', 'running') AND run_at <= $1 \
                            ORDER BY run_at, id LIMIT 1";
        Ok(match self {
            Plain::Sqlite(pool) => sqlx::query_scalar(NEXT).bind(now_ms).fetch_optional(pool).await?,
            Plain::Postgres(pool) => sqlx::query_scalar(NEXT).bind(now_ms).fetch_optional(pool).await?,
        })
    }
}

async fn measure<S: Store>(store: &S, plain: &Plain, db: &Database, jobs: usize, claims: usize) -> anyhow::Result<()> {
    let postpone = format!("UPDATE jobs SET run_at = {LATER_MS} WHERE state = 'queued'");
    fill(plain, db, SHORT).await?;
    let (short, plain_short) = claim_times(store, plain, claims.min(SHORT / 2)).await?;
    plain.execute(&postpone).await?;
    let rss_short = server_rss(db).await?;

    fill(plain, db, jobs).await?;
    let (long, plain_long) = claim_times(store, plain, claims).await?;
    plain.execute(&postpone).await?;
    let rss_long = server_rss(db).await?;

    let row = |name: &str, t: &[Duration]| {
        println!("  {name:<52} p50 {:>9}   p99 {:>9}   max {:>9}", ms(pct(t, 50)), ms(pct(t, 99)), ms(pct(t, 100)));
    };
    row(&format!("claim + done, {SHORT} jobs waiting"), &short);
    row(&format!("plain SELECT of the next due row, {SHORT} waiting"), &plain_short);
    row(&format!("claim + done, {jobs} jobs waiting"), &long);
    row(&format!("plain SELECT of the next due row, {jobs} waiting"), &plain_long);
    println!(
        "  claim p99 at {jobs} ÷ at {SHORT}: ×{:.2};  ÷ plain SELECT p99 at {jobs}: ×{:.1}",
        pct(&long, 99).as_secs_f64() / pct(&short, 99).as_secs_f64(),
        pct(&long, 99).as_secs_f64() / pct(&plain_long, 99).as_secs_f64()
    );
    println!(
        "  vocal serve resident memory: {rss_short:.1} MiB with {SHORT} queued, {rss_long:.1} MiB with {jobs} queued"
    );
    Ok(())
}

/// Adds `count` due jobs of a kind no handler knows, in one statement.
async fn fill(plain: &Plain, db: &Database, count: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let select = match db.url {
        Some(_) => format!(
            "SELECT {org}, 'bench', '{{}}', 'queued', 0, 3, g % 1000, 0, 0 FROM generate_series(1, {count}) g",
            org = db.org.0
        ),
        None => format!(
            "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count})
             SELECT {org}, 'bench', '{{}}', 'queued', 0, 3, n % 1000, 0, 0 FROM g",
            org = db.org.0
        ),
    };
    plain
        .execute(&format!(
            "INSERT INTO jobs (org_id, kind, payload, state, attempts, max_attempts, run_at, created_at, updated_at) \
             {select}"
        ))
        .await?;
    plain.execute(if db.url.is_some() { "ANALYZE jobs" } else { "ANALYZE" }).await?;
    eprintln!("  ({count} jobs queued in {:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// Each claim as a worker makes it (then marked done), and the plain
/// `SELECT` of the next due row between them.
async fn claim_times<S: Store>(
    store: &S,
    plain: &Plain,
    claims: usize,
) -> anyhow::Result<(Vec<Duration>, Vec<Duration>)> {
    let (mut claim, mut select) = (Vec::with_capacity(claims), Vec::with_capacity(claims));
    let now_ms = vocal_app::now_ms();
    for i in 0..claims {
        let lease = Lease { owner: format!("bench-{i}"), now_ms, expires_at_ms: now_ms + 120_000 };
        let started = Instant::now();
        let job = store.claim_job(lease.clone()).await?.ok_or_else(|| anyhow::anyhow!("the queue ran dry"))?;
        store.finish_job(job.id, &lease.owner, JobEnd::Done { payload: None }).await?;
        claim.push(started.elapsed());
        let started = Instant::now();
        plain.next_due(now_ms).await?;
        select.push(started.elapsed());
    }
    claim.sort();
    select.sort();
    Ok((claim, select))
}

/// `vocal serve` on the database, its resident memory after 3 s of its
/// workers polling the queue.
async fn server_rss(db: &Database) -> anyhow::Result<f64> {
    let server = Server::start(Kind::Vocal, db).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss = rss_mib(server.pid()).unwrap_or(f64::NAN);
    server.stop()?;
    Ok(rss)
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[((sorted.len() - 1) * p / 100).min(sorted.len() - 1)]
}
