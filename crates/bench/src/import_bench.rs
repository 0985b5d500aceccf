//! `vocal import responses` as a user runs it: the release `vocal` binary,
//! process start to exit, into a fresh data directory and then again with
//! the same file (every row a duplicate), with its peak resident memory
//! (`/usr/bin/time -v`); next to the plain SQL a user would reach for, a
//! bare table filled by `sqlite3 .import` and `psql \copy`, in the same run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Context;
use sqlx::Connection;

use crate::synth;

/// Synthetic rows are generated (and written) this many at a time.
const CHUNK_ROWS: usize = 100_000;

/// How much of a file to write: a number of rows, or a size.
#[derive(Debug, Clone, Copy)]
pub enum FileSize {
    Rows(usize),
    Bytes(u64),
}

/// The bare table of the plain-SQL imports: the file's columns, untyped but the score.
const BARE_TABLE: &str = "CREATE TABLE plain_import (submitted_at TEXT, score INTEGER, comment TEXT, channel TEXT, \
     touchpoint TEXT, unit TEXT, agent TEXT, contact_email TEXT, plan TEXT, segment TEXT)";

pub async fn run(data: &Path, url: Option<&str>, size: FileSize) -> anyhow::Result<()> {
    std::fs::create_dir_all(data)?;
    let csv_path = data.join("import-bench.csv");
    let rows = write_csv(&csv_path, size)?;
    let result = measure_all(data, url, &csv_path, rows).await;
    std::fs::remove_file(&csv_path)?;
    result
}

async fn measure_all(data: &Path, url: Option<&str>, csv: &Path, rows: usize) -> anyhow::Result<()> {
    let vocal = crate::process_bench::vocal_binary()?;
    let mib = std::fs::metadata(csv)?.len() as f64 / 1_048_576.0;
    println!("`vocal import responses` of {rows} rows ({mib:.0} MiB CSV, 200,000 distinct contacts), whole process:");
    let sqlite_dir = data.join("import-sqlite");
    let _ = std::fs::remove_dir_all(&sqlite_dir);
    let import = |global: &[&str], flags: &[&str]| {
        let mut command = Command::new(&vocal);
        command.env_remove("VOCAL_DATABASE_URL").args(global).args(["import", "responses"]).arg(csv).args(flags);
        command
    };
    let sqlite_args = ["--data", path_str(&sqlite_dir)?];
    report("SQLite, first import", rows, measure(import(&sqlite_args, &[]))?);
    report("SQLite, re-import (all duplicates)", rows, measure(import(&sqlite_args, &[]))?);
    std::fs::remove_dir_all(&sqlite_dir)?;
    let storing_only = measure(import(&sqlite_args, &["--no-index-update"]))?;
    report("SQLite, first import, --no-index-update", rows, storing_only);
    std::fs::remove_dir_all(&sqlite_dir)?;

    let plain_db = data.join("import-plain.db");
    let _ = std::fs::remove_file(&plain_db);
    let mut sqlite3 = Command::new("sqlite3");
    sqlite3.arg(&plain_db).arg(BARE_TABLE).arg(format!(".import --csv --skip 1 {} plain_import", path_str(csv)?));
    report("plain SQL: sqlite3 .import into a bare table", rows, measure(sqlite3)?);
    std::fs::remove_file(&plain_db)?;

    if let Some(url) = url {
        let database = format!("vocal_bench_import_{}", std::process::id());
        let mut admin = sqlx::PgConnection::connect(url).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}"))).execute(&mut admin).await?;
        let target = format!("{}/{database}", url.rsplit_once('/').map_or(url, |(base, _)| base));
        let result = measure_postgres(&import, &target, data, csv, rows);
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {database} WITH (FORCE)"))).execute(&mut admin).await?;
        result?;
    }
    Ok(())
}

fn measure_postgres(
    import: &dyn Fn(&[&str], &[&str]) -> Command,
    url: &str,
    data: &Path,
    csv: &Path,
    rows: usize,
) -> anyhow::Result<()> {
    let snapshots = data.join("import-pg");
    let _ = std::fs::remove_dir_all(&snapshots);
    let args = ["--database-url", url, "--data", path_str(&snapshots)?];
    report_server("PostgreSQL, first import", rows, || measure(import(&args, &[])))?;
    report_server("PostgreSQL, re-import (all duplicates)", rows, || measure(import(&args, &[])))?;
    std::fs::remove_dir_all(&snapshots)?;
    let mut psql = Command::new("psql");
    psql.args(["-q", "-v", "ON_ERROR_STOP=1", url, "-c", BARE_TABLE, "-c"])
        .arg(format!("\\copy plain_import FROM '{}' WITH (FORMAT csv, HEADER true)", path_str(csv)?));
    report_server("plain SQL: psql \\copy into a bare table", rows, || measure(psql))?;
    Ok(())
}

/// Wall time, CPU time (user + system, all threads) and peak resident
/// memory of one run of `command`. On a shared machine the CPU time tells
/// what the run cost when the wall time says mostly how busy the others were.
struct Run {
    seconds: f64,
    cpu_seconds: f64,
    peak_mib: f64,
}

fn measure(command: Command) -> anyhow::Result<Run> {
    let mut timed = Command::new("/usr/bin/time");
    timed.arg("-v").arg(command.get_program()).args(command.get_args());
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => timed.env(name, value),
            None => timed.env_remove(name),
        };
    }
    let started = Instant::now();
    let output = timed.stdout(Stdio::null()).stderr(Stdio::piped()).output().context("running /usr/bin/time")?;
    let seconds = started.elapsed().as_secs_f64();
    let report = String::from_utf8_lossy(&output.stderr);
    anyhow::ensure!(output.status.success(), "{:?} failed:\n{report}", command.get_program());
    let field = |name: &str| -> anyhow::Result<f64> {
        let value = report.lines().find_map(|line| line.trim().strip_prefix(name));
        Ok(value.with_context(|| format!("no {name:?} in /usr/bin/time's report"))?.trim().parse()?)
    };
    let cpu_seconds = field("User time (seconds):")? + field("System time (seconds):")?;
    let peak_mib = field("Maximum resident set size (kbytes):")? / 1024.0;
    Ok(Run { seconds, cpu_seconds, peak_mib })
}

fn report(name: &str, rows: usize, run: Run) {
    let rate = rows as f64 / run.seconds;
    println!(
        "  {name:<48} {:>7.2} s = {rate:>9.0} rows/s, CPU {:>7.2} s, peak {:>6.0} MiB resident",
        run.seconds, run.cpu_seconds, run.peak_mib
    );
}

/// [`report`], plus the CPU the PostgreSQL server's processes spent during
/// the run, when the server runs on this machine: the client's CPU says
/// little of an import whose work is mostly the server's. Other sessions
/// on the same server count too.
fn report_server(name: &str, rows: usize, run: impl FnOnce() -> anyhow::Result<Run>) -> anyhow::Result<()> {
    let before = postgres_cpu_seconds();
    let run = run()?;
    report(name, rows, run);
    if let (Some(before), Some(after)) = (before, postgres_cpu_seconds()) {
        println!("  {:<48} server CPU {:>7.2} s (all postgres processes on this machine)", "", after - before);
    }
    Ok(())
}

/// User + system time of every process named `postgres`, from `/proc`,
/// with that of the children they reaped: a session's backend exits with
/// its client, and its time then shows in the postmaster's.
fn postgres_cpu_seconds() -> Option<f64> {
    let ticks_per_second = 100.0; // USER_HZ on Linux
    let mut total = 0u64;
    let mut found = false;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // `pid (comm) state ppid …`: the name is in parentheses, fields 14 and 15 follow it.
        let Some((head, rest)) = stat.rsplit_once(')') else { continue };
        if !head.ends_with("(postgres") {
            continue;
        }
        let fields: Vec<&str> = rest.split_whitespace().collect();
        // utime, stime, cutime, cstime: fields 14 to 17 of the whole line.
        total += fields.iter().skip(11).take(4).map(|f| f.parse::<u64>().unwrap_or(0)).sum::<u64>();
        found = true;
    }
    found.then(|| total as f64 / ticks_per_second)
}

fn path_str(path: &Path) -> anyhow::Result<&str> {
    path.to_str().with_context(|| format!("{} is not UTF-8", path.display()))
}

/// Writes synthetic responses in Vocal's CSV format until `size` is
/// reached, a chunk at a time (the benchmark's memory stays flat too);
/// returns the number of rows.
fn write_csv(path: &PathBuf, size: FileSize) -> anyhow::Result<usize> {
    let file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut writer = csv::Writer::from_writer(file);
    writer.write_record([
        "submitted_at",
        "score",
        "comment",
        "channel",
        "touchpoint",
        "unit",
        "agent",
        "contact_email",
        "plan",
        "segment",
    ])?;
    let end_ms = jiff::Timestamp::now().as_millisecond();
    let mut written = 0;
    loop {
        let wanted = match size {
            FileSize::Rows(rows) if written >= rows => break,
            FileSize::Rows(rows) => CHUNK_ROWS.min(rows - written),
            FileSize::Bytes(bytes) if writer.get_ref().get_ref().metadata()?.len() >= bytes => break,
            FileSize::Bytes(_) => CHUNK_ROWS,
        };
        for (i, r) in synth::responses(written, wanted, end_ms).into_iter().enumerate() {
            let at = jiff::Timestamp::from_millisecond(r.submitted_at_ms)?.to_string();
            let comment = if (written + i) % 3 == 0 { "Quick and friendly, thanks!" } else { "" };
            writer.write_record([
                at.as_str(),
                &r.score.to_string(),
                comment,
                r.channel.as_deref().unwrap_or(""),
                r.touchpoint.as_deref().unwrap_or(""),
                &r.unit.map(|u| u.to_string()).unwrap_or_default(),
                r.agent.as_deref().unwrap_or(""),
                &format!("customer{}@example.com", (written + i) % 200_000),
                &r.attributes["plan"],
                &r.attributes["segment"],
            ])?;
        }
        written += wanted;
        writer.flush()?;
    }
    writer.flush()?;
    Ok(written)
}
