//! The `vocal` binary as a user runs it.

mod apikeys;
mod cases;
mod channels;
mod durability;
mod errors;
mod import_and_nps;
mod invitations;
mod job_kill;
mod jobs;
mod mail;
mod rules;
mod settings;
mod shared_database;
mod surveys;
mod users;
mod why;

/// The SMTP sink the app's tests use.
#[path = "../../../app/tests/support/smtp_sink.rs"]
mod smtp_sink;

use std::path::Path;
use std::process::{Child, Command, Output};

/// Runs `vocal ARGS…` against the data directory `data`, with no inherited settings.
pub fn vocal(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vocal"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("VOCAL_DATABASE_URL")
        .env_remove("VOCAL_ORG")
        .env_remove("VOCAL_CONFIG")
        .env_remove("VOCAL_DATA")
        .env_remove("VOCAL_PUBLIC_URL")
        .env_remove("VOCAL_SECRET_KEY")
        .env_remove("VOCAL_SMTP_URL")
        .env_remove("VOCAL_MAIL_FROM")
        .env_remove("VOCAL_ALLOW_PRIVATE_WEBHOOKS")
        .current_dir(std::env::temp_dir())
        .output()
        .expect("the vocal binary runs")
}

/// A running `vocal serve`, killed with SIGKILL and reaped when dropped, so
/// a failed assertion leaves no server behind.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A data directory with `csv` written next to it as `responses.csv`.
pub fn with_csv(csv: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("responses.csv");
    std::fs::write(&file, csv).unwrap();
    (dir, file)
}
