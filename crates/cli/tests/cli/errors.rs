use crate::{stderr, stdout, vocal, with_csv};

#[test]
fn a_file_with_bad_rows_imports_nothing_and_lists_every_bad_line() {
    let csv = "submitted_at,score,comment\n2026-01-01,9,fine\n2026-01-02,11,too high\n2026-01-03,\"seven\",word\n2026-01-04,,missing\n";
    let (dir, file) = with_csv(csv);
    let data = dir.path().join("data");
    let output = vocal(&data, &["import", "responses", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    for line in ["line 3: score", "line 4: score", "line 5: score", "nothing was imported"] {
        assert!(message.contains(line), "missing {line:?} in:\n{message}");
    }
    assert!(!message.contains("line 2:"), "{message}");
    let orgs = vocal(&data, &["org", "list"]);
    assert!(orgs.status.success(), "{}", stderr(&orgs));
    assert_eq!(stdout(&orgs), "", "not even the organisation was created");
}

#[test]
fn unknown_fields_and_bad_dates_are_named() {
    let (dir, file) = with_csv("submitted_at,score,plan\n2026-01-01,9,Gold\n");
    let data = dir.path().join("data");
    assert!(vocal(&data, &["import", "responses", file.to_str().unwrap()]).status.success());
    let output = vocal(&data, &["nps", "--by", "colour"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("\"colour\"") && message.contains("channel") && message.contains("plan"), "{message}");
    let output = vocal(&data, &["nps", "--since", "2026-02-30"]);
    assert!(stderr(&output).contains("since: \"2026-02-30\" is not a date"), "{}", stderr(&output));
    let output = vocal(&data, &["nps", "--where", "plan"]);
    assert!(stderr(&output).contains("\"plan\" is not FIELD=VALUE"), "{}", stderr(&output));
}

#[test]
fn an_empty_file_and_a_file_without_scores_are_refused() {
    let (dir, file) = with_csv("");
    let output = vocal(&dir.path().join("data"), &["import", "responses", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nothing was imported"), "{}", stderr(&output));
    let (dir, file) = with_csv("submitted_at,rating\n2026-01-01,9\n");
    let output = vocal(&dir.path().join("data"), &["import", "responses", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("score"), "{}", stderr(&output));
}

#[test]
fn an_unusable_database_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "a file where the data directory should be").unwrap();
    let output = vocal(&blocker.join("data"), &["nps"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(message.starts_with("error: ") && message.contains("data directory"), "{message}");
    assert!(!message.contains("panicked"), "{message}");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vocal"))
        .args(["nps", "--database-url", "postgres://vocal:secret@127.0.0.1:1/vocal"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(!message.contains("secret"), "the password leaked: {message}");
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        &["--help"][..],
        &["serve", "--help"],
        &["demo", "--help"],
        &["import", "responses", "--help"],
        &["nps", "--help"],
        &["apikey", "create", "--help"],
        &["survey", "apply", "--help"],
        &["healthcheck", "--help"],
    ] {
        let output = vocal(dir.path(), command);
        assert!(output.status.success(), "{command:?}: {}", stderr(&output));
        assert!(stdout(&output).contains("Usage:"), "{command:?}");
    }
}
