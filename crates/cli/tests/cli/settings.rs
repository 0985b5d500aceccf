use std::process::Command;

use crate::{stderr, stdout, vocal, with_csv};

/// Five responses: whether the overall figure is a low sample shows which min_n won.
fn low_sample(data: &std::path::Path, config: &std::path::Path, env: Option<&str>, flag: Option<&str>) -> bool {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vocal"));
    command.args(["nps", "--format", "json", "--config"]).arg(config).arg("--data").arg(data);
    command.env_remove("VOCAL_MIN_N").env_remove("VOCAL_DATABASE_URL").env_remove("VOCAL_DATA");
    if let Some(value) = env {
        command.env("VOCAL_MIN_N", value);
    }
    if let Some(value) = flag {
        command.args(["--min-n", value]);
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    report["overall"]["low_sample"].as_bool().unwrap()
}

#[test]
fn flags_beat_environment_which_beats_the_file() {
    let rows: String = (0..5).map(|i| format!("2026-01-0{},9\n", i + 1)).collect();
    let (dir, file) = with_csv(&format!("submitted_at,score\n{rows}"));
    let data = dir.path().join("data");
    assert!(vocal(&data, &["import", "responses", file.to_str().unwrap()]).status.success());
    let config = dir.path().join("vocal.toml");
    std::fs::write(&config, "min_n = 10\n").unwrap();
    assert!(low_sample(&data, &config, None, None), "the file's 10 > 5");
    assert!(!low_sample(&data, &config, Some("2"), None), "the environment's 2 beats the file");
    assert!(low_sample(&data, &config, Some("2"), Some("10")), "the flag's 10 beats the environment");
    std::fs::write(&config, "min_sample = 10\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_vocal"))
        .args(["nps", "--config"])
        .arg(&config)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("min_sample"), "an unknown key is named: {}", stderr(&output));
}
