//! Collection under load: API submissions (`ingest`), survey pages
//! (`pages`) and both together (`mixed`), each against a real server
//! process over a fresh database, driven open loop at a fixed rate by
//! [`crate::load`]. Submissions are also sent, at the same rate, to the
//! plain-SQL handler of [`crate::plain_server`].

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};

use crate::load::{self, Flow, Outcome};
use crate::servers::{Backend, Database, Kind, Profiler, Server};
use crate::synth;

#[derive(clap::Args, Clone)]
pub struct LoadArgs {
    /// Backends to measure, one after the other
    #[arg(long, value_enum, value_delimiter = ',', default_value = "sqlite")]
    pub(crate) backend: Vec<Backend>,
    /// PostgreSQL server on which a fresh database is created per run (and dropped)
    #[arg(long, env = "VOCAL_BENCH_POSTGRES", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    pub(crate) postgres: String,
    /// Where the fresh SQLite databases and server logs go (removed after)
    #[arg(long, default_value = "bench-data")]
    pub(crate) data: PathBuf,
    /// Measured seconds
    #[arg(long, default_value_t = 10.0)]
    pub(crate) seconds: f64,
    /// Seconds at the same rate before measuring (connections open, caches warm)
    #[arg(long, default_value_t = 2.0)]
    warmup: f64,
    /// Keep-alive connections of the load generator
    #[arg(long, default_value_t = 256)]
    connections: usize,
    /// Afterwards, a closed-loop run with this many requests in flight to find the ceiling (0: none)
    #[arg(long, default_value_t = 0)]
    ceiling: usize,
    /// A setting for the PostgreSQL connections of the servers under test, e.g. plan_cache_mode=force_custom_plan
    #[arg(long)]
    pub(crate) pg_setting: Option<String>,
    /// Record the server with `perf record` during the measured run, into this file
    #[arg(long)]
    perf: Option<PathBuf>,
}

/// One submission body: what an IVR or chat integration sends.
pub(crate) fn submission(i: u64) -> Vec<u8> {
    const COMMENTS: [&str; 4] = [
        "The agent solved my billing problem on the first call, friendly and quick. Thanks for the follow-up email!",
        "Waited almost twenty minutes on hold before anyone picked up, and then I had to explain everything twice.",
        "Good service overall, but the app kept logging me out while I was trying to change my delivery address.",
        "Clear answers and no upselling. I would recommend you to colleagues who need a reliable internet provider.",
    ];
    const CITIES: [&str; 7] =
        ["EMEA/Berlin", "EMEA/Paris", "EMEA/Madrid", "Americas/Reno", "Americas/Austin", "APAC/Sydney", "APAC/Tokyo"];
    let i = i as usize;
    let team = i % (synth::REGIONS * synth::TEAMS_PER_REGION);
    let body = serde_json::json!({
        "score": (i * 7) % 11,
        "comment": COMMENTS[i % COMMENTS.len()],
        "channel": synth::CHANNELS[i % synth::CHANNELS.len()],
        "touchpoint": format!("Touchpoint {}", i % 20),
        "unit": format!("{}/Team {}", CITIES[team / synth::TEAMS_PER_REGION], team % synth::TEAMS_PER_REGION + 1),
        "agent": synth::agent_name(i % synth::AGENTS),
        "attributes": { "plan": synth::PLANS[i % 4], "segment": synth::SEGMENTS[i % 3] },
    });
    serde_json::to_vec(&body).expect("JSON")
}

/// `POST /api/v1/responses` with the key, cycling through 1,024 bodies.
fn submissions(base: &str, key: &str, rate: f64) -> Flow {
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new((0..1024).map(submission).collect());
    let (url, bearer) = (format!("{base}/api/v1/responses"), format!("Bearer {key}"));
    Flow {
        name: "POST /api/v1/responses".into(),
        rate,
        make: Arc::new(move |client, i| {
            client
                .post(&url)
                .header(AUTHORIZATION, &bearer)
                .header(CONTENT_TYPE, "application/json")
                .body(bodies[i as usize % bodies.len()].clone())
        }),
    }
}

/// `GET /s/{token}?score=N` over the invitations' links, spread over them.
fn pages(links: Arc<Vec<String>>, rate: f64) -> Flow {
    Flow {
        name: "GET /s/{token}?score=N".into(),
        rate,
        make: Arc::new(move |client, i| client.get(&links[(i as usize * 7_919) % links.len()])),
    }
}

/// Creates `count` invitations through the API and returns every score link.
async fn invite(client: &reqwest::Client, base: &str, key: &str, count: usize) -> anyhow::Result<Vec<String>> {
    let mut links = Vec::with_capacity(count * 11);
    for start in (0..count).step_by(500) {
        let batch: Vec<serde_json::Value> = (start..count.min(start + 500))
            .map(|i| {
                serde_json::json!({"survey": "relationship", "channel": "email",
                    "contact": {"email": format!("c{i}@example.com")}})
            })
            .collect();
        let answer = client
            .post(format!("{base}/api/v1/invitations:batch"))
            .bearer_auth(key)
            .json(&serde_json::json!({ "invitations": batch }))
            .send()
            .await?;
        anyhow::ensure!(answer.status() == 201, "creating invitations: {}", answer.text().await?);
        let body: serde_json::Value = answer.json().await?;
        for invitation in body["invitations"].as_array().context("invitations in the answer")? {
            let urls = invitation["score_urls"].as_array().context("score_urls")?;
            links.extend(urls.iter().filter_map(|u| u.as_str().map(String::from)));
        }
    }
    Ok(links)
}

/// Responses stored, as Vocal's own figures say: `GET /api/v1/nps` `overall.n`.
async fn nps_n(client: &reqwest::Client, base: &str, key: &str) -> anyhow::Result<u64> {
    let body: serde_json::Value =
        client.get(format!("{base}/api/v1/nps")).bearer_auth(key).send().await?.json().await?;
    body["overall"]["n"].as_u64().with_context(|| format!("overall.n in {body}"))
}

/// CPU used by the generator, the server and PostgreSQL over one run, in cores.
struct Cpu {
    server: u32,
    start: [f64; 4],
    at: std::time::Instant,
}

impl Cpu {
    fn start(server: u32) -> Self {
        Cpu { server, start: Self::now(server), at: std::time::Instant::now() }
    }

    fn now(server: u32) -> [f64; 4] {
        let generator = load::cpu_seconds(std::process::id());
        let (busy, _) = load::machine_cpu();
        [generator, load::cpu_seconds(server), load::cpu_seconds_named("postgres"), busy]
    }

    fn print(&self, requests: u64) {
        let end = Self::now(self.server);
        let wall = self.at.elapsed().as_secs_f64();
        let used: Vec<f64> = (0..4).map(|i| (end[i] - self.start[i]) / wall).collect();
        let per_request_us = (end[1] - self.start[1]) / requests.max(1) as f64 * 1e6;
        println!(
            "  CPU (cores of 2): generator {:.2}, server {:.2} ({per_request_us:.0} µs per request), postgres {:.2}, machine {:.2}",
            used[0], used[1], used[2], used[3]
        );
    }
}

/// Warm-up, the measured open-loop run (profiled when asked), and the ceiling.
async fn drive(
    client: &reqwest::Client,
    server: &Server,
    flows: &[Flow],
    args: &LoadArgs,
) -> anyhow::Result<(Vec<Outcome>, Vec<Outcome>)> {
    let warm = load::open_loop(client, flows, args.warmup, args.connections).await?;
    let profiler = Profiler::start(args.perf.as_deref(), server.pid())?;
    let cpu = Cpu::start(server.pid());
    let measured = load::open_loop(client, flows, args.seconds, args.connections).await?;
    cpu.print(measured.iter().map(Outcome::answered).sum());
    profiler.stop()?;
    for outcome in &measured {
        outcome.print(ok_status(&outcome.name));
    }
    let mut all = warm;
    if args.ceiling > 0 {
        for flow in flows {
            let cpu = Cpu::start(server.pid());
            let ceiling = load::closed_loop(client, flow, args.seconds, args.ceiling).await?;
            cpu.print(ceiling.answered());
            ceiling.print(ok_status(&flow.name));
            all.push(ceiling);
        }
    }
    Ok((measured, all))
}

fn ok_status(flow: &str) -> u16 {
    if flow.starts_with("POST") { 201 } else { 200 }
}

/// Checks that every 201 is a stored response, and nothing more is.
async fn check_stored(
    client: &reqwest::Client,
    kind: Kind,
    server: &Server,
    db: &Database,
    runs: &[&[Outcome]],
) -> anyhow::Result<Option<usize>> {
    let created: u64 = runs.iter().flat_map(|r| r.iter()).map(|o| o.status(201)).sum();
    let rows = db.scalar("SELECT count(*) FROM responses").await?;
    let vocal = match kind {
        Kind::Vocal => format!(", Vocal's overall.n {}", nps_n(client, &server.base, &db.key).await?),
        Kind::Plain => String::new(),
    };
    let verdict = if rows as u64 == created { "equal" } else { "DIFFERENT" };
    println!("  stored: {created} answered 201, {rows} rows in the database{vocal}: {verdict}");
    if kind == Kind::Vocal {
        let groups = crate::breakdown::groups(db).await?.max(1);
        println!(
            "  group commits: ≈{groups} (distinct commit times), {:.1} responses per group",
            rows as f64 / groups as f64
        );
        return Ok(Some((rows / groups).max(1) as usize));
    }
    Ok(None)
}

/// `vocal-bench ingest`: submissions to Vocal, then to plain SQL, same rate.
pub async fn ingest(args: &LoadArgs, rate: f64, vocal_only: bool) -> anyhow::Result<()> {
    let client = load::client(args.connections)?;
    for &backend in &args.backend {
        let kinds: &[Kind] = if vocal_only { &[Kind::Vocal] } else { &[Kind::Vocal, Kind::Plain] };
        for &kind in kinds {
            println!(
                "{} — {} — {rate:.0} submissions/s for {} s, open loop",
                backend.label(),
                kind.label(),
                args.seconds
            );
            let db = Database::fresh(backend, &args.data, &args.postgres, args.pg_setting.as_deref(), "ingest").await?;
            let server = Server::start(kind, &db).await?;
            let flows = [submissions(&server.base, &db.key, rate)];
            let (measured, other) = drive(&client, &server, &flows, args).await?;
            let group_size = check_stored(&client, kind, &server, &db, &[&measured, &other]).await?;
            server.stop()?;
            if let Some(group_size) = group_size {
                crate::breakdown::print(&db, group_size).await?;
            }
            db.drop_now().await?;
        }
    }
    Ok(())
}

/// `vocal-bench pages` and `vocal-bench mixed`: survey pages of real
/// invitations, with submissions at `post_rate` alongside when above 0.
pub async fn pages_and_posts(args: &LoadArgs, get_rate: f64, post_rate: f64, invitations: usize) -> anyhow::Result<()> {
    let client = load::client(args.connections)?;
    for &backend in &args.backend {
        println!(
            "{} — Vocal — {get_rate:.0} page views/s{} for {} s, open loop, {invitations} invitations",
            backend.label(),
            if post_rate > 0.0 { format!(" + {post_rate:.0} submissions/s") } else { String::new() },
            args.seconds
        );
        let db = Database::fresh(backend, &args.data, &args.postgres, args.pg_setting.as_deref(), "pages").await?;
        let server = Server::start(Kind::Vocal, &db).await?;
        let links = Arc::new(invite(&client, &server.base, &db.key, invitations).await?);
        let mut flows = vec![pages(links, get_rate)];
        if post_rate > 0.0 {
            flows.push(submissions(&server.base, &db.key, post_rate));
        }
        let (measured, other) = drive(&client, &server, &flows, args).await?;
        if post_rate > 0.0 {
            check_stored(&client, Kind::Vocal, &server, &db, &[&measured, &other]).await?;
        }
        server.stop()?;
        db.drop_now().await?;
    }
    Ok(())
}
