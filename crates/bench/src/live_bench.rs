//! Live updates under load: `dashboards` signed-in pages listen on `/live`
//! and fetch themselves again on each `change` event, as the page's script
//! does, while responses are posted through the API at a fixed rate. For
//! every acknowledged response and every open dashboard: the time from the
//! acknowledgement until that dashboard shows a count that includes it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vocal_app::accounts::users::{NewAccount, create};
use vocal_domain::Role;
use vocal_store::Store;
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::collect_bench::LoadArgs;
use crate::servers::{Backend, Database, Kind, Server};

const PASSWORD: &str = "benchmark password 2026";
const VIEW: &str = "/dashboard?period=all";

pub async fn run(load: &LoadArgs, dashboards: usize, rate: f64) -> anyhow::Result<()> {
    for &backend in &load.backend {
        let db = Database::fresh(backend, &load.data, &load.postgres, load.pg_setting.as_deref(), "live").await?;
        match backend {
            Backend::Sqlite => seed(&SqliteStore::open_dir(&db.dir).await?, &db).await?,
            Backend::Postgres => {
                seed(&PostgresStore::connect(db.url.as_deref().unwrap_or_default()).await?, &db).await?
            }
        }
        let server = Server::start(Kind::Vocal, &db).await?;
        let result = measure(&server.base, &db.key, dashboards, rate, load.seconds).await;
        server.stop()?;
        db.drop_now().await?;
        let (latencies, missed) = result?;
        report(backend.label(), dashboards, rate, latencies, missed);
    }
    Ok(())
}

/// 10,000 earlier responses, so the page has figures, and an admin.
async fn seed<S: Store>(store: &S, db: &Database) -> anyhow::Result<()> {
    let now = jiff::Timestamp::now().as_millisecond();
    store.insert_responses(db.org, crate::synth::responses(0, 10_000, now - 60_000)).await?;
    let account = NewAccount {
        email: "admin@bench.example".into(),
        name: "Admin".into(),
        role: Role::Admin,
        unit: None,
        agent: None,
    };
    create(store, db.org, account, Some(PASSWORD.into())).await?;
    Ok(())
}

/// The headline count on the page (`data-n="…"`).
fn shown_n(html: &str) -> Option<u64> {
    let after = html.split("data-n=\"").nth(1)?;
    after[..after.find('"')?].parse().ok()
}

type Seen = Arc<Mutex<Vec<(Instant, u64)>>>;

async fn measure(
    base: &str,
    key: &str,
    dashboards: usize,
    rate: f64,
    seconds: f64,
) -> anyhow::Result<(Vec<Duration>, usize)> {
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let signed = plain
        .post(format!("{base}/sign-in"))
        .form(&[("email", "admin@bench.example"), ("password", PASSWORD)])
        .send()
        .await?;
    let cookie = signed.headers()["set-cookie"].to_str()?.split(';').next().unwrap_or_default().to_string();
    let first = plain.get(format!("{base}{VIEW}")).header("cookie", &cookie).send().await?.text().await?;
    let start_n = shown_n(&first).ok_or_else(|| anyhow::anyhow!("the dashboard shows no data-n count"))?;
    let mut pages = Vec::new();
    for _ in 0..dashboards {
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn(listen(plain.clone(), base.to_string(), cookie.clone(), seen.clone()));
        pages.push((seen, task));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let acks = post(&plain, base, key, rate, seconds).await?;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mut latencies = Vec::new();
    let mut missed = 0;
    for (seen, task) in pages {
        task.abort();
        let seen = seen.lock().map_err(|_| anyhow::anyhow!("a listener panicked"))?.clone();
        for (k, acked_at) in acks.iter().enumerate() {
            let wanted = start_n + k as u64 + 1;
            match seen.iter().find(|(_, n)| *n >= wanted) {
                Some((at, _)) => latencies.push(at.saturating_duration_since(*acked_at)),
                None => missed += 1,
            }
        }
    }
    Ok((latencies, missed))
}

/// One open dashboard: waits for events and fetches the page on each.
async fn listen(client: reqwest::Client, base: String, cookie: String, seen: Seen) -> anyhow::Result<()> {
    let mut stream = client.get(format!("{base}/live")).header("cookie", &cookie).send().await?;
    let mut buffer = String::new();
    while let Some(chunk) = stream.chunk().await? {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if event.contains("event: change") {
                let html = client.get(format!("{base}{VIEW}")).header("cookie", &cookie).send().await?.text().await?;
                if let (Some(n), Ok(mut seen)) = (shown_n(&html), seen.lock()) {
                    seen.push((Instant::now(), n));
                }
            }
        }
    }
    Ok(())
}

/// Posts at `rate` for `seconds`; the acknowledgement times, in order.
async fn post(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    rate: f64,
    seconds: f64,
) -> anyhow::Result<Vec<Instant>> {
    let count = (rate * seconds) as u64;
    let every = Duration::from_secs_f64(1.0 / rate);
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::new();
    for i in 0..count {
        tokio::time::sleep_until(started + every * i as u32).await;
        let request = client
            .post(format!("{base}/api/v1/responses"))
            .bearer_auth(key)
            .header("content-type", "application/json")
            .body(crate::collect_bench::submission(i));
        tasks.push(tokio::spawn(async move {
            let answer = request.send().await?;
            anyhow::ensure!(answer.status().as_u16() == 201, "a submission got {}", answer.status());
            Ok(Instant::now())
        }));
    }
    let mut acks = Vec::new();
    for task in tasks {
        acks.push(task.await??);
    }
    acks.sort();
    Ok(acks)
}

fn report(backend: &str, dashboards: usize, rate: f64, mut latencies: Vec<Duration>, missed: usize) {
    latencies.sort();
    let at = |p: f64| {
        latencies.get(((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len().max(1)) - 1).copied()
    };
    let show = |d: Option<Duration>| d.map_or("-".into(), |d| format!("{:.0} ms", d.as_secs_f64() * 1000.0));
    println!(
        "{backend}: {dashboards} dashboards, {rate}/s posted: acknowledged → on every open dashboard: p50 {}, p99 {}, max {} ({} pairs, {missed} never shown)",
        show(at(0.5)),
        show(at(0.99)),
        show(latencies.last().copied()),
        latencies.len()
    );
}
