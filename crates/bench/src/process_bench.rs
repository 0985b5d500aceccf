//! Whole processes, as a user runs them: `vocal nps --by month` from a cold
//! start, and a server's start-up time and resident memory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::timing::{median, ms, rss_mib};

/// The `vocal` binary built next to this one.
pub(crate) fn vocal_binary() -> anyhow::Result<PathBuf> {
    let path = std::env::current_exe()?.with_file_name("vocal");
    anyhow::ensure!(path.exists(), "{} is missing: build it with `cargo build --release -p vocal`", path.display());
    Ok(path)
}

pub async fn run(data: &Path, url: Option<&str>) -> anyhow::Result<()> {
    let vocal = vocal_binary()?;
    let nps = || {
        Command::new(&vocal)
            .args(["nps", "--by", "month", "--org", crate::query_bench::ORG, "--data"])
            .arg(data)
            .env_remove("VOCAL_DATABASE_URL")
            .stdout(Stdio::null())
            .status()
    };
    anyhow::ensure!(nps()?.success(), "vocal nps failed");
    let (time, _) = median(9, nps);
    println!("`vocal nps --by month`, fresh process over {}: median {} wall", data.display(), ms(time));

    let sqlite = ["--data".to_string(), data.display().to_string()];
    measure_server(&vocal, &sqlite, "SQLite, index snapshot present")?;
    if let Some(url) = url {
        let pg_data = data.join("pg");
        let _ = std::fs::remove_dir_all(&pg_data);
        let postgres =
            ["--database-url".to_string(), url.to_string(), "--data".to_string(), pg_data.display().to_string()];
        measure_server(&vocal, &postgres, "PostgreSQL, no snapshot (index built from the database)")?;
        measure_server(&vocal, &postgres, "PostgreSQL, snapshot written at the previous shutdown")?;
    }
    Ok(())
}

/// Starts `vocal serve`, waits for /healthz, and reads its resident memory.
fn measure_server(vocal: &Path, args: &[String], name: &str) -> anyhow::Result<()> {
    let addr = "127.0.0.1:18089";
    let started = Instant::now();
    let mut child = Command::new(vocal).arg("serve").args(args).args(["--addr", addr]).stderr(Stdio::null()).spawn()?;
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let healthy = Command::new(vocal)
            .args(["healthcheck", "--addr", addr])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?
            .success();
        if healthy {
            break;
        }
        anyhow::ensure!(Instant::now() < deadline, "the server did not become healthy");
        std::thread::sleep(Duration::from_millis(20));
    }
    let startup = started.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    let rss = rss_mib(child.id()).context("reading the server's memory")?;
    println!("server on {name}: serving after {} (start-up included), resident {rss:.0} MiB", ms(startup));
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status()?;
    child.wait()?;
    Ok(())
}
