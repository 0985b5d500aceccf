//! The closed loop at scale: the escalation sweep over 1,000,000 open cases
//! (the steady state, nothing newly overdue, and a round with some), and the
//! case queues a manager reads, beside the plain SQL a hand-built loop would
//! run on the same database; then the case pages over HTTP (`case_pages`).

use std::path::Path;
use std::time::{Duration, Instant};

use vocal_app::closed_loop::escalate::sweep;
use vocal_app::closed_loop::queues::{self, Queue};
use vocal_domain::{OrgId, Role, UnitPath};
use vocal_store::{NewUser, Store, User};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::servers::{Backend, Database};
use crate::timing::ms;

const TEAMS: usize = 50;
const HOUR: i64 = 3_600_000;

pub async fn run(
    data: &Path,
    admin_url: Option<&str>,
    cases: usize,
    overdue: usize,
    reads: usize,
) -> anyhow::Result<()> {
    let mut backends = vec![Backend::Sqlite];
    if admin_url.is_some() {
        backends.push(Backend::Postgres);
    }
    for backend in backends {
        let db = Database::fresh(backend, data, admin_url.unwrap_or_default(), None, "cases").await?;
        println!("{} — {cases} open cases, {overdue} of them newly overdue", backend.label());
        match &db.url {
            None => {
                let store = SqliteStore::open_dir(&db.dir).await?;
                let plain = Plain::Sqlite(store.pool().clone());
                measure(&store, &plain, db.org, cases, overdue, reads).await?;
                crate::case_pages::measure(&store, &db, db.org, reads).await?;
            }
            Some(url) => {
                let store = PostgresStore::connect(url).await?;
                let plain = Plain::Postgres(store.pool().clone());
                measure(&store, &plain, db.org, cases, overdue, reads).await?;
                crate::case_pages::measure(&store, &db, db.org, reads).await?;
            }
        }
        db.drop_now().await?;
    }
    Ok(())
}

enum Plain {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Plain {
    async fn execute(&self, sql: String) -> anyhow::Result<u64> {
        let sql = sqlx::AssertSqlSafe(sql);
        Ok(match self {
            Plain::Sqlite(pool) => sqlx::query(sql).execute(pool).await?.rows_affected(),
            Plain::Postgres(pool) => sqlx::query(sql).execute(pool).await?.rows_affected(),
        })
    }

    async fn fetch(&self, sql: String) -> anyhow::Result<usize> {
        let sql = sqlx::AssertSqlSafe(sql);
        Ok(match self {
            Plain::Sqlite(pool) => sqlx::query(sql).fetch_all(pool).await?.len(),
            Plain::Postgres(pool) => sqlx::query(sql).fetch_all(pool).await?.len(),
        })
    }

    fn series(&self, count: usize) -> String {
        match self {
            Plain::Postgres(_) => format!("SELECT g AS n FROM generate_series(1, {count}) g"),
            Plain::Sqlite(_) => {
                format!(
                    "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count}) SELECT n FROM g"
                )
            }
        }
    }
}

async fn measure<S: Store>(
    store: &S,
    plain: &Plain,
    org: OrgId,
    cases: usize,
    overdue: usize,
    reads: usize,
) -> anyhow::Result<()> {
    let now = vocal_app::now_ms();
    let (region, leads) = people(store, org).await?;
    let started = Instant::now();
    fill(store, plain, org, &leads, cases, overdue, now).await?;
    eprintln!("  ({cases} responses and cases written in {:.1} s)", started.elapsed().as_secs_f64());

    let started = Instant::now();
    let moved = sweep(store, org, now).await?;
    let with_overdue = started.elapsed();
    let started = Instant::now();
    let none = sweep(store, org, now).await?;
    let steady = started.elapsed();
    anyhow::ensure!(
        moved.len() == overdue && none.is_empty(),
        "escalated {} (expected {overdue}) then {}",
        moved.len(),
        none.len()
    );
    // What a hand-built loop would run: every open case past a deadline, by
    // a scan of the open cases, then one UPDATE for them all.
    let started = Instant::now();
    plain
        .execute(format!(
            "UPDATE cases SET updated_at = updated_at WHERE org_id = {} AND state IN ('new', 'contacted') \
             AND (first_contact_due_at < {now} OR resolve_due_at < {now})",
            org.0
        ))
        .await?;
    let plain_update = started.elapsed();
    println!("  sweep, nothing newly overdue (every tick)           {:>9}", ms(steady));
    println!("  sweep escalating {overdue:>6} cases                      {:>9}", ms(with_overdue));
    println!("  plain UPDATE of every overdue open case (no owners) {:>9}", ms(plain_update));

    for (name, user, queue) in [
        ("region manager, domain", &region, Queue::Domain),
        ("team lead, mine", &leads[0], Queue::Mine),
        ("region manager, overdue", &region, Queue::Overdue),
    ] {
        let mut times = Vec::with_capacity(reads);
        for _ in 0..reads {
            let started = Instant::now();
            let page = queues::list(store, user, queue, None, 50, now).await?;
            times.push(started.elapsed());
            anyhow::ensure!(!page.is_empty(), "the {name} queue is empty");
        }
        times.sort();
        println!("  queue: {name:<30} first 50   p50 {:>9}   p99 {:>9}", ms(pct(&times, 50)), ms(pct(&times, 99)));
    }
    // What the queue page reads: its first 50 and the five tabs' counts.
    let mut times = Vec::with_capacity(reads);
    for _ in 0..reads {
        let started = Instant::now();
        queues::list(store, &region, Queue::Domain, None, 50, now).await?;
        for tab in Queue::ALL {
            queues::count(store, &region, tab, now).await?;
        }
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "  queue page reads: first 50 + 5 tab counts  p50 {:>9}   p99 {:>9}",
        ms(pct(&times, 50)),
        ms(pct(&times, 99))
    );
    // The same by hand: the 50 rows and one count per tab, in plain SQL.
    let units: Vec<String> = leads.iter().filter_map(|l| l.unit_id).map(|u| u.0.to_string()).collect();
    let scope =
        format!("org_id = {} AND unit_id IN ({}, {})", org.0, region.unit_id.map_or(0, |u| u.0), units.join(", "));
    let open = "state IN ('new', 'contacted')";
    let overdue_sql =
        format!("((state = 'new' AND first_contact_due_at < {now}) OR ({open} AND resolve_due_at < {now}))");
    let mine = format!("org_id = {} AND owner_id = {} AND {open}", org.0, region.id.0);
    let statements = [
        format!("SELECT * FROM cases WHERE {scope} AND {open} ORDER BY id DESC LIMIT 50"),
        format!("SELECT COUNT(*) FROM cases WHERE {mine}"),
        format!("SELECT COUNT(*) FROM cases WHERE {scope} AND {open}"),
        format!("SELECT COUNT(*) FROM cases WHERE {scope} AND {overdue_sql}"),
        format!("SELECT COUNT(*) FROM cases WHERE {scope} AND {open} AND owner_id IS NULL"),
        format!("SELECT COUNT(*) FROM cases WHERE {scope}"),
    ];
    let mut times = Vec::with_capacity(reads);
    for _ in 0..reads {
        let started = Instant::now();
        for sql in &statements {
            plain.fetch(sql.clone()).await?;
        }
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "  plain SQL, the same six reads                p50 {:>9}   p99 {:>9}",
        ms(pct(&times, 50)),
        ms(pct(&times, 99))
    );
    Ok(())
}

/// A region with a manager and `TEAMS` teams, each with its lead.
async fn people<S: Store>(store: &S, org: OrgId) -> anyhow::Result<(User, Vec<User>)> {
    let user = |name: String, role, unit_id| NewUser {
        email: vocal_domain::Email::parse(&format!("{name}@bench.example")).expect("a valid address"),
        name,
        role,
        unit_id,
        agent_id: None,
    };
    let region_unit = store.ensure_unit(org, &UnitPath::parse("Bench/Region").map_err(anyhow::Error::msg)?).await?;
    let region = store.create_user(org, user("region".into(), Role::Manager, Some(region_unit))).await?;
    let mut leads = Vec::new();
    for team in 0..TEAMS {
        let path = UnitPath::parse(&format!("Bench/Region/Team {team}")).map_err(anyhow::Error::msg)?;
        let unit = store.ensure_unit(org, &path).await?;
        leads.push(store.create_user(org, user(format!("lead{team}"), Role::Manager, Some(unit))).await?);
    }
    Ok((region, leads))
}

/// `count` detractor responses, each with an open case owned by its team's
/// lead; the first `overdue` missed their first contact an hour ago.
async fn fill<S: Store>(
    store: &S,
    plain: &Plain,
    org: OrgId,
    leads: &[User],
    count: usize,
    overdue: usize,
    now: i64,
) -> anyhow::Result<()> {
    let first_unit = leads[0].unit_id.expect("a lead's unit").0;
    let first_lead = leads[0].id.0;
    let o = org.0;
    let teams = TEAMS as i64;
    plain
        .execute(format!(
            "INSERT INTO responses (org_id, seq, score, submitted_at, unit_id, attributes, source, created_at) \
             SELECT {o}, n, n % 7, {now} - n, {first_unit} + (n % {teams}), '{{}}', 'bench', {now} FROM ({}) s",
            plain.series(count)
        ))
        .await?;
    // Units and leads were made in order, so team i has unit first_unit + i and lead first_lead + i.
    plain
        .execute(format!(
            "INSERT INTO cases (org_id, response_id, response_seq, unit_id, owner_id, routed_by, state, rules, \
               first_contact_due_at, resolve_due_at, opened_at, updated_at) \
             SELECT {o}, r.id, r.seq, r.unit_id, {first_lead} + (r.unit_id - {first_unit}), 'unit_managers', \
               CASE WHEN r.seq % 3 = 0 THEN 'contacted' ELSE 'new' END, '[\"detractors\"]', \
               CASE WHEN r.seq <= {overdue} THEN {now} - {HOUR} ELSE {now} + 48 * {HOUR} END, \
               {now} + 168 * {HOUR}, {now} - {HOUR}, {now} - {HOUR} \
             FROM responses r WHERE r.org_id = {o}"
        ))
        .await?;
    // The overdue ones are still `new` (contacted cases met their first deadline).
    plain.execute(format!("UPDATE cases SET state = 'new' WHERE org_id = {o} AND response_seq <= {overdue}")).await?;
    plain
        .execute(match plain {
            Plain::Sqlite(_) => "ANALYZE".to_string(),
            Plain::Postgres(_) => "ANALYZE cases".to_string(),
        })
        .await?;
    let _ = store;
    Ok(())
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[((sorted.len() - 1) * p / 100).min(sorted.len() - 1)]
}
