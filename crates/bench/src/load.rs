//! An HTTP load generator over keep-alive HTTP/1.1 connections.
//!
//! Open loop: request `i` of a flow is due at `t0 + i / rate` whatever the
//! server does, and its latency runs from that due time, so a server that
//! stalls shows in the percentiles instead of slowing the generator down
//! (no coordinated omission). Requests wait for one of `connections`
//! connections; that wait counts too. Closed loop: `workers` clients each
//! send their next request when the previous one is answered, to find the
//! ceiling.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Builds request `i` of a flow.
pub type MakeRequest = Arc<dyn Fn(&reqwest::Client, u64) -> reqwest::RequestBuilder + Send + Sync>;

/// One stream of requests at a fixed rate.
#[derive(Clone)]
pub struct Flow {
    pub name: String,
    pub rate: f64,
    pub make: MakeRequest,
}

/// What one flow measured.
#[derive(Default)]
pub struct Outcome {
    pub name: String,
    /// Latencies of answered requests (any status), microseconds.
    latencies_us: Vec<u32>,
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no HTTP answer, by kind.
    pub failures: BTreeMap<String, u64>,
    pub elapsed: Duration,
    pub due: u64,
}

impl Outcome {
    pub fn answered(&self) -> u64 {
        self.statuses.values().sum()
    }

    pub fn status(&self, code: u16) -> u64 {
        self.statuses.get(&code).copied().unwrap_or(0)
    }

    /// Requests answered with `ok` per second of the run.
    pub fn achieved(&self, ok: u16) -> f64 {
        self.status(ok) as f64 / self.elapsed.as_secs_f64()
    }

    /// A percentile (0–100) of the latencies in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        let i = ((p / 100.0) * (self.latencies_us.len() - 1) as f64).round() as usize;
        f64::from(self.latencies_us[i]) / 1000.0
    }

    fn record(&mut self, result: Result<u16, String>, latency: Duration) {
        match result {
            Ok(status) => {
                *self.statuses.entry(status).or_default() += 1;
                self.latencies_us.push(latency.as_micros().min(u128::from(u32::MAX)) as u32);
            }
            Err(kind) => *self.failures.entry(kind).or_default() += 1,
        }
    }

    fn finish(&mut self, elapsed: Duration) {
        self.latencies_us.sort_unstable();
        self.elapsed = elapsed;
    }

    /// One line: achieved rate, statuses, failures and percentiles.
    pub fn print(&self, ok: u16) {
        let statuses: Vec<String> = self.statuses.iter().map(|(s, n)| format!("{s}×{n}")).collect();
        let failures: Vec<String> = self.failures.iter().map(|(s, n)| format!("{s}×{n}")).collect();
        println!(
            "  {:<34} {:>7.0}/s ok   p50 {:>7.2}  p90 {:>7.2}  p99 {:>8.2}  max {:>8.2} ms   [{}{}{}]",
            self.name,
            self.achieved(ok),
            self.percentile_ms(50.0),
            self.percentile_ms(90.0),
            self.percentile_ms(99.0),
            self.percentile_ms(100.0),
            statuses.join(" "),
            if failures.is_empty() { "" } else { "; no answer: " },
            failures.join(" "),
        );
    }
}

/// A client for up to `connections` keep-alive connections to one host.
pub fn client(connections: usize) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// Sends one request and reads the whole answer: its status, or why there was none.
async fn send(request: reqwest::RequestBuilder) -> Result<u16, String> {
    let response = request.send().await.map_err(kind)?;
    let status = response.status().as_u16();
    response.bytes().await.map_err(kind)?;
    Ok(status)
}

fn kind(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "timeout".into()
    } else if error.is_connect() {
        "connect".into()
    } else {
        "io".into()
    }
}

/// Runs every flow at its rate for `seconds`, together, open loop.
pub async fn open_loop(
    client: &reqwest::Client,
    flows: &[Flow],
    seconds: f64,
    connections: usize,
) -> anyhow::Result<Vec<Outcome>> {
    let permits = Arc::new(tokio::sync::Semaphore::new(connections));
    let t0 = Instant::now() + Duration::from_millis(10);
    let mut runs = Vec::new();
    for flow in flows {
        let (client, flow, permits) = (client.clone(), flow.clone(), permits.clone());
        runs.push(tokio::spawn(async move { run_flow(client, flow, seconds, t0, permits).await }));
    }
    let mut outcomes = Vec::new();
    for run in runs {
        outcomes.push(run.await?);
    }
    Ok(outcomes)
}

async fn run_flow(
    client: reqwest::Client,
    flow: Flow,
    seconds: f64,
    t0: Instant,
    permits: Arc<tokio::sync::Semaphore>,
) -> Outcome {
    let total = (flow.rate * seconds).round() as u64;
    let outcome = Arc::new(Mutex::new(Outcome { name: flow.name.clone(), due: total, ..Outcome::default() }));
    let mut tasks = tokio::task::JoinSet::new();
    let mut next = 0u64;
    tokio::time::sleep_until(t0.into()).await;
    while next < total {
        // Every request due by now, each with its own due time.
        let due_now = ((t0.elapsed().as_secs_f64() * flow.rate) as u64 + 1).min(total);
        while next < due_now {
            let due = t0 + Duration::from_secs_f64(next as f64 / flow.rate);
            let request = (flow.make)(&client, next);
            let (outcome, permits) = (outcome.clone(), permits.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let result = send(request).await;
                let latency = due.elapsed();
                outcome.lock().expect("not poisoned").record(result, latency);
            });
            next += 1;
        }
        while tasks.try_join_next().is_some() {}
        tokio::time::sleep(Duration::from_micros(500)).await;
    }
    while tasks.join_next().await.is_some() {}
    let mut outcome = Arc::try_unwrap(outcome).ok().expect("every task ended").into_inner().expect("not poisoned");
    outcome.finish(t0.elapsed());
    outcome
}

/// `workers` clients, each sending its next request as soon as the last is
/// answered, for `seconds`; latency runs from each send.
pub async fn closed_loop(
    client: &reqwest::Client,
    flow: &Flow,
    seconds: f64,
    workers: usize,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let counter = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (client, flow, counter) = (client.clone(), flow.clone(), counter.clone());
        tasks.spawn(async move {
            let mut outcome = Outcome::default();
            while Instant::now() < deadline {
                let i = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let sent = Instant::now();
                let result = send((flow.make)(&client, i)).await;
                outcome.record(result, sent.elapsed());
            }
            outcome
        });
    }
    let mut total = Outcome { name: format!("{} (closed loop, {workers} in flight)", flow.name), ..Outcome::default() };
    while let Some(part) = tasks.join_next().await {
        let part = part?;
        total.latencies_us.extend(part.latencies_us);
        for (s, n) in part.statuses {
            *total.statuses.entry(s).or_default() += n;
        }
        for (k, n) in part.failures {
            *total.failures.entry(k).or_default() += n;
        }
    }
    total.due = total.answered() + total.failures.values().sum::<u64>();
    total.finish(started.elapsed());
    Ok(total)
}

/// CPU seconds used so far by a process (user + system), from /proc.
pub fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the parenthesised name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU seconds used so far by every process whose name starts with `name`.
pub fn cpu_seconds_named(name: &str) -> f64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.starts_with(name)))
        .map(cpu_seconds)
        .sum()
}

/// Busy and total CPU seconds of the whole machine, from /proc/stat.
pub fn machine_cpu() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<f64> =
        stat.lines().next().unwrap_or("").split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
    let total: f64 = fields.iter().sum();
    let idle = fields.get(3).copied().unwrap_or(0.0) + fields.get(4).copied().unwrap_or(0.0);
    ((total - idle) / 100.0, total / 100.0)
}
