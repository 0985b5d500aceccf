//! The closed loop end to end, as a user runs it: `servers` `vocal serve`
//! processes on one database, detractor answers posted through the API at
//! `rate` per second (round robin over the servers), and each alert's
//! arrival at a real SMTP sink and a real webhook receiver in this process.
//! Latency runs from the API's 201 (the answer is stored) to the arrival.
//! Counted at the end: cases in the database, mails and webhooks received,
//! and duplicates (the same answer's alert arriving twice).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vocal_app::messaging::outbound::TargetPolicy;
use vocal_app::messaging::outbound::channels::{self, ChannelSpec};
use vocal_app::organisation::audit::Actor;
use vocal_domain::{Email, Role, UnitPath};
use vocal_store::{ChannelEvent, ChannelKind, NewUser, Store};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::servers::{Backend, Database, Kind, Server};

#[allow(dead_code)]
#[path = "../../app/tests/support/smtp_sink.rs"]
mod smtp_sink;

#[allow(dead_code)]
#[path = "../../app/tests/support/http_receiver.rs"]
mod http_receiver;

/// When each answer was stored and when its alerts arrived, by answer number.
#[derive(Default)]
struct Arrivals {
    stored: BTreeMap<u64, Instant>,
    mails: BTreeMap<u64, Vec<Instant>>,
}

/// Every answer is a detractor, or with `mixed` one in three (the rest
/// passives and promoters, which open no case), as a real stream is.
pub async fn run(
    data: &Path,
    admin_url: Option<&str>,
    servers: usize,
    answers: u64,
    rate: f64,
    mixed: bool,
) -> anyhow::Result<()> {
    let is_detractor = move |i: u64| !mixed || i.is_multiple_of(3);
    let detractors = (0..answers).filter(|&i| is_detractor(i)).count() as u64;
    let backend = if admin_url.is_some() { Backend::Postgres } else { Backend::Sqlite };
    anyhow::ensure!(servers == 1 || admin_url.is_some(), "several servers share a database on PostgreSQL only");
    let db = Database::fresh(backend, data, admin_url.unwrap_or_default(), None, "loop").await?;
    let (smtp_port, mut inbox) = smtp_sink::start().await;
    let receiver = http_receiver::start().await;
    match &db.url {
        Some(url) => prepare(&PostgresStore::connect(url).await?, &db, &receiver.url).await?,
        None => prepare(&SqliteStore::open_dir(&db.dir).await?, &db, &receiver.url).await?,
    }
    let config = format!(
        "smtp_url = \"smtp://127.0.0.1:{smtp_port}?tls=none\"\nmail_from = \"Vocal <nps@bench.example>\"\n\
         allow_private_webhooks = true\n"
    );
    let mut running = Vec::new();
    for i in 0..servers {
        // SQLite lives in the data directory; servers on PostgreSQL each get their own.
        let dir = if db.url.is_some() { db.dir.join(format!("server-{i}")) } else { db.dir.clone() };
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("vocal.toml"), &config)?;
        let own = Database::existing(dir, db.url.clone(), db.org);
        running.push(Server::start(Kind::Vocal, &own).await?);
    }
    println!(
        "{} — {servers} server(s), {answers} answers ({detractors} detractors) through the API at {rate}/s",
        backend.label()
    );

    let arrivals = Arc::new(Mutex::new(Arrivals::default()));
    let collector = arrivals.clone();
    tokio::spawn(async move {
        while let Some(mail) = inbox.recv().await {
            let text = String::from_utf8_lossy(&mail.data).to_string();
            if let Some(n) = answer_number(&text) {
                collector.lock().unwrap().mails.entry(n).or_default().push(Instant::now());
            }
        }
    });
    let hooks = Arc::new(Mutex::new(BTreeMap::<u64, Vec<Instant>>::new()));
    let watcher = (receiver.clone(), hooks.clone());
    tokio::spawn(async move {
        let mut seen = 0;
        loop {
            let all = watcher.0.received();
            for hook in &all[seen..] {
                if let Some(n) = answer_number(&hook.text()) {
                    watcher.1.lock().unwrap().entry(n).or_default().push(Instant::now());
                }
            }
            seen = all.len();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });

    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut posts = Vec::new();
    let mut refused = 0u64; // detractors not stored
    for i in 0..answers {
        let due = started + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let server = &running[i as usize % running.len()];
        let request =
            client.post(format!("{}/api/v1/responses", server.base)).bearer_auth(&db.key).json(&serde_json::json!({
                "score": if is_detractor(i) { (i % 7) as i64 } else { 7 + (i % 4) as i64 },
                "comment": format!("answer-{i}-end please call me back"),
                "unit": "Bench/Support",
            }));
        let arrivals = arrivals.clone();
        let detractor = is_detractor(i);
        posts.push(tokio::spawn(async move {
            let answer = request.send().await;
            let ok = answer.is_ok_and(|a| a.status().as_u16() == 201);
            if ok && detractor {
                arrivals.lock().unwrap().stored.insert(i, Instant::now());
            }
            ok || !detractor
        }));
    }
    for post in posts {
        refused += u64::from(!post.await?);
    }
    let posted_in = started.elapsed();
    // Wait for the last alerts (at most a minute after the last answer).
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let mails = arrivals.lock().unwrap().mails.len() as u64;
        let hooks_in = hooks.lock().unwrap().len() as u64;
        if mails >= detractors - refused && hooks_in >= detractors - refused {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await; // late duplicates, if any
    let cases = count_cases(&db).await?;
    // Where the time goes: answer stored → case opened (the evaluator), and
    // job queued → job done (the workers), medians in ms (PostgreSQL's SQL).
    let opening = db
        .scalar(
            "SELECT CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY c.opened_at - r.created_at) AS BIGINT) \
             FROM cases c JOIN responses r ON r.id = c.response_id",
        )
        .await
        .unwrap_or(-1);
    let delivering = db
        .scalar(
            "SELECT CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY updated_at - created_at) AS BIGINT) \
             FROM jobs WHERE state = 'done'",
        )
        .await
        .unwrap_or(-1);
    if db.url.is_some() {
        println!("  medians: answer stored → case opened {opening} ms; job queued → done {delivering} ms");
    }
    for server in running {
        server.stop()?;
    }
    {
        let arrivals = arrivals.lock().unwrap();
        let hooks = hooks.lock().unwrap();
        let (mail_latency, mail_copies) = latencies(&arrivals.stored, &arrivals.mails);
        let (hook_latency, hook_copies) = latencies(&arrivals.stored, &hooks);
        println!("  posted in {:.1} s; {refused} not stored", posted_in.as_secs_f64());
        println!("  cases opened: {cases} (detractor answers stored: {})", arrivals.stored.len());
        report("mail", &mail_latency, arrivals.mails.len(), mail_copies);
        report("webhook", &hook_latency, hooks.len(), hook_copies);
    }
    db.drop_now().await
}

/// A unit with its manager (who gets the alerts by email, the default) and
/// a webhook channel for case openings pointing at the receiver.
async fn prepare<S: Store>(store: &S, db: &Database, hook_url: &str) -> anyhow::Result<()> {
    let unit = store.ensure_unit(db.org, &UnitPath::parse("Bench/Support").map_err(anyhow::Error::msg)?).await?;
    let manager = NewUser {
        email: Email::parse("manager@bench.example").map_err(anyhow::Error::msg)?,
        name: "Bench Manager".into(),
        role: Role::Manager,
        unit_id: Some(unit),
        agent_id: None,
    };
    store.create_user(db.org, manager).await?;
    let spec = ChannelSpec {
        kind: ChannelKind::Webhook,
        name: "receiver".into(),
        url: hook_url.into(),
        events: vec![ChannelEvent::CaseOpened],
        sms: None,
    };
    channels::add(store, Actor::CommandLine(db.org), TargetPolicy { allow_private: true }, spec).await?;
    Ok(())
}

async fn count_cases(db: &Database) -> anyhow::Result<i64> {
    db.scalar("SELECT COUNT(*) FROM cases").await
}

/// The answer number in an alert's text (`answer-17-end`).
fn answer_number(text: &str) -> Option<u64> {
    let start = text.find("answer-")? + "answer-".len();
    let rest = &text[start..];
    rest[..rest.find("-end")?].parse().ok()
}

/// Milliseconds from storing to the first arrival, sorted, and how many
/// arrivals were copies of one already received.
fn latencies(stored: &BTreeMap<u64, Instant>, arrived: &BTreeMap<u64, Vec<Instant>>) -> (Vec<f64>, usize) {
    let mut times: Vec<f64> = arrived
        .iter()
        .filter_map(|(n, at)| Some(at.iter().min()?.saturating_duration_since(*stored.get(n)?).as_secs_f64() * 1e3))
        .collect();
    times.sort_by(f64::total_cmp);
    (times, arrived.values().map(|at| at.len() - 1).sum())
}

fn report(what: &str, times: &[f64], answers: usize, copies: usize) {
    let pct = |p: f64| times.get(((p / 100.0) * (times.len().max(1) - 1) as f64).round() as usize).copied();
    let shown = |v: Option<f64>| v.map_or("–".to_string(), |ms| format!("{ms:.0} ms"));
    println!(
        "  {what:<8} arrived for {answers} answers, {copies} duplicates; stored → arrived p50 {}  p99 {}  max {}",
        shown(pct(50.0)),
        shown(pct(99.0)),
        shown(times.last().copied())
    );
}
