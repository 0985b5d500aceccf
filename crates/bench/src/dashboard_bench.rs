//! The dashboard page over the 10 M data set, as a signed-in admin (the
//! whole organisation) and a signed-in manager (one region's subtree),
//! with and without filters: the time a `vocal serve` process takes to
//! answer `GET /dashboard`, next to the SQL a dashboard built on plain SQL
//! would run for the same view, on the same database, in the same run.

use std::path::Path;
use std::time::{Duration, Instant};

use vocal_app::accounts::users::{NewAccount, create};
use vocal_domain::{OrgId, Role, UnitPath};
use vocal_store::prelude::*;
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::servers::{Database, Kind, Server};
use crate::timing::{ms, quantile, time_pages};

pub(crate) const PASSWORD: &str = "benchmark password 2026";
const REGION: &str = "Benchco/Region 1";

/// (label, who, query string)
const VIEWS: &[(&str, &str, &str)] = &[
    ("whole organisation, last 12 months", "admin", "period=12m"),
    ("whole organisation, channel + attribute filter", "admin", "period=12m&channel=chat&attr=plan:Premium"),
    ("whole organisation, by agent, 90 days", "admin", "period=90d&by=agent"),
    ("manager's subtree, last 12 months", "manager", "period=12m"),
    ("manager's subtree, channel + attribute filter", "manager", "period=12m&channel=chat&attr=plan:Premium"),
];

pub async fn run(data: &Path, url: Option<&str>, requests: usize) -> anyhow::Result<()> {
    let sqlite = SqliteStore::open_dir(data).await?;
    let org = crate::query_bench::bench_org(&sqlite).await?;
    prepare_users(&sqlite, org.id).await?;
    let rows = sqlite.max_seq(org.id).await?;
    sqlite.pool().close().await;
    println!("Dashboard page, {rows} responses, {requests} sequential requests per view after 10 warm-ups");
    measure("SQLite", Database::existing(data.canonicalize()?, None, org.id), requests).await?;
    if let Some(url) = url {
        let postgres = PostgresStore::connect(url).await?;
        let pg_org = crate::query_bench::bench_org(&postgres).await?;
        prepare_users(&postgres, pg_org.id).await?;
        let dir = data.join("postgres-server");
        std::fs::create_dir_all(&dir)?;
        measure("PostgreSQL", Database::existing(dir.canonicalize()?, Some(url.into()), pg_org.id), requests).await?;
    }
    Ok(())
}

/// An admin and a manager of one region, with a known password.
async fn prepare_users<S: Store>(store: &S, org: OrgId) -> anyhow::Result<()> {
    let users = store.list_users(org).await?;
    for (email, role, unit) in
        [("admin@bench.example", Role::Admin, None), ("manager@bench.example", Role::Manager, Some(REGION))]
    {
        if users.iter().any(|u| u.email == email) {
            continue;
        }
        let account = NewAccount {
            email: email.into(),
            name: email.into(),
            role,
            unit: unit.map(|u| UnitPath::parse(u).expect("a valid path")),
            agent: None,
        };
        create(store, org, account, Some(PASSWORD.into())).await?;
    }
    Ok(())
}

pub(crate) async fn signed_in(base: &str, email: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let answer =
        client.post(format!("{base}/sign-in")).form(&[("email", email), ("password", PASSWORD)]).send().await?;
    anyhow::ensure!(answer.status().as_u16() == 303, "signing in as {email}: {}", answer.status());
    Ok(client)
}

async fn measure(backend: &str, db: Database, requests: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let server = Server::start(Kind::Vocal, &db).await?;
    println!("\n{backend}: server ready in {:.1} s", started.elapsed().as_secs_f64());
    let admin = signed_in(&server.base, "admin@bench.example").await?;
    let manager = signed_in(&server.base, "manager@bench.example").await?;
    let mut weight = 0;
    for asset in ["app.css", "app.js"] {
        weight += admin.get(format!("{}/assets/{asset}", server.base)).send().await?.bytes().await?.len();
    }
    println!("  {:<52} {:>9} {:>9} {:>9} {:>10}", "view", "p50", "p99", "max", "page KB");
    for &(label, who, query) in VIEWS {
        let client = if who == "admin" { &admin } else { &manager };
        let url = format!("{}/dashboard?{query}", server.base);
        let (times, bytes) = time_pages(client, &url, requests, 10).await?;
        let at = |p| quantile(&times, p);
        println!(
            "  {label:<52} {:>9} {:>9} {:>9} {:>10.1}",
            ms(at(0.50)),
            ms(at(0.99)),
            ms(*times.last().unwrap_or(&Duration::ZERO)),
            (bytes + weight) as f64 / 1024.0
        );
    }
    server.stop()?;
    crate::plain_dashboard::compare(&db).await
}
