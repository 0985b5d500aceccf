//! `vocal-bench dashboard` end to end on a tiny data set: it builds HTTP
//! clients, which panicked ("No rustls crypto provider is configured") in
//! the release build until the binary installed the provider itself.
//!
//! The command starts the `vocal` binary that sits next to `vocal-bench`;
//! `cargo test --workspace` (CI, the README) builds both.

use std::path::PathBuf;
use std::process::Command;

const BENCH: &str = env!("CARGO_BIN_EXE_vocal-bench");

fn vocal_next_to_the_bench() -> PathBuf {
    let vocal = PathBuf::from(BENCH).with_file_name(format!("vocal{}", std::env::consts::EXE_SUFFIX));
    assert!(
        vocal.exists(),
        "{} is missing: run `cargo test --workspace`, or `cargo build -p vocal` first",
        vocal.display()
    );
    vocal
}

fn bench(args: &[&str]) -> String {
    let output = Command::new(BENCH).args(args).env_remove("VOCAL_BENCH_DATABASE_URL").output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "vocal-bench {args:?} failed\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stdout.into_owned()
}

#[test]
fn the_dashboard_benchmark_runs_on_a_tiny_data_set() {
    vocal_next_to_the_bench();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    bench(&["generate", "--data", data, "--rows", "2000"]);

    let report = bench(&["dashboard", "--data", data, "--requests", "2"]);
    assert!(report.contains("Dashboard page, 2000 responses"), "{report}");
    assert!(report.contains("manager's subtree, last 12 months"), "every view is measured: {report}");
}
