//! Medians of repeated runs, and printing figures side by side.

use std::time::{Duration, Instant};

/// Runs `f` `runs` times (after one warm-up) and returns the median.
pub fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut result = f();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        result = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], result)
}

pub async fn median_async<T, F: std::future::Future<Output = T>>(
    runs: usize,
    mut f: impl FnMut() -> F,
) -> (Duration, T) {
    let mut result = f().await;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        result = f().await;
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], result)
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// One line of the report: a name, a time, and its ratio to the reference.
pub fn line(name: &str, time: Duration, reference: Duration) {
    let ratio = time.as_secs_f64() / reference.as_secs_f64();
    println!("  {name:<58} {:>12}   ×{ratio:>8.1}", ms(time));
}

/// Resident memory of a process, from /proc (Linux).
pub fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Page timings: `GET url` `requests` times after `warm_ups`, sorted, and
/// the size of the last answer in bytes. A non-success answer is an error.
pub async fn time_pages(
    client: &reqwest::Client,
    url: &str,
    requests: usize,
    warm_ups: usize,
) -> anyhow::Result<(Vec<Duration>, usize)> {
    let mut times = Vec::with_capacity(requests);
    let mut bytes = 0;
    for i in 0..requests + warm_ups {
        let start = Instant::now();
        let answer = client.get(url).send().await?;
        anyhow::ensure!(answer.status().is_success(), "{url}: {}", answer.status());
        bytes = answer.bytes().await?.len();
        if i >= warm_ups {
            times.push(start.elapsed());
        }
    }
    times.sort();
    Ok((times, bytes))
}

/// The `p` quantile (0…1) of sorted `times`, nearest rank.
pub fn quantile(times: &[Duration], p: f64) -> Duration {
    times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1]
}
