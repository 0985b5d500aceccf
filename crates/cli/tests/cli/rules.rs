//! `vocal rules apply|show|unowned-units`.

use std::path::PathBuf;

use crate::{stderr, stdout, vocal};

const EXAMPLE: &str = include_str!("../../../app/src/closed_loop/example_rules.toml");

fn rules_file(dir: &tempfile::TempDir, text: &str) -> PathBuf {
    let file = dir.path().join("rules.toml");
    std::fs::write(&file, text).unwrap();
    file
}

fn create_user(data: &std::path::Path, email: &str, role: &str, unit: Option<&str>) {
    let mut args = vec!["user", "create", "--email", email, "--name", "Someone", "--role", role];
    if let Some(unit) = unit {
        args.extend(["--unit", unit]);
    }
    let created = vocal(data, &args);
    assert!(created.status.success(), "{}", stderr(&created));
}

#[test]
fn the_documented_example_applies_once_then_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    create_user(&data, "care-lead@northwind.example", "analyst", None);
    let shown = vocal(&data, &["rules", "show"]);
    assert!(stderr(&shown).contains("default rule"), "{}", stderr(&shown));
    let file = rules_file(&dir, EXAMPLE);
    let first = vocal(&data, &["rules", "apply", file.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).starts_with("created alert rules of "), "{}", stdout(&first));
    assert!(stdout(&first).contains("(5 rules)"));
    let second = vocal(&data, &["rules", "apply", file.to_str().unwrap()]);
    assert!(stdout(&second).starts_with("unchanged alert rules"), "{}", stdout(&second));
    let shown: serde_json::Value = serde_json::from_str(&stdout(&vocal(&data, &["rules", "show"]))).unwrap();
    assert_eq!(shown["rules"][1]["name"], "key accounts");
    assert_eq!(shown["rules"][1]["sla"]["first_contact_hours"], 4);
}

#[test]
fn a_bad_file_names_each_line_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let text = EXAMPLE.replace("window_days = 3", "window_days = 0").replace("drop = 3", "drop = 30");
    let file = rules_file(&dir, &text);
    let output = vocal(&data, &["rules", "apply", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    let path = file.display().to_string();
    assert!(message.contains(&format!("{path}:26: rules[1].window_days: must be 1 to 366 days")), "{message}");
    assert!(message.contains(&format!("{path}:52: rules[3].when.drop: must be 1 to 10 points")), "{message}");
    assert!(message.contains("nothing was stored"), "{message}");
    assert_eq!(stdout(&vocal(&data, &["org", "list"])), "", "not even the organisation was created");
}

#[test]
fn a_named_owner_must_be_a_user_and_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    create_user(&data, "admin@northwind.example", "admin", None);
    let file = rules_file(&dir, EXAMPLE);
    let output = vocal(&data, &["rules", "apply", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(":57: rules[3].route.owner: care-lead@northwind.example is not an active user"),
        "{message}"
    );
    let shown = vocal(&data, &["rules", "show"]);
    assert!(stderr(&shown).contains("default rule"), "nothing was stored: {}", stderr(&shown));
}

#[test]
fn units_without_an_owner_are_listed() {
    let (dir, csv) =
        crate::with_csv("submitted_at,score,unit\n2026-01-05,3,Acme/Europe/Paris\n2026-01-05,9,Acme/Americas/Reno\n");
    let data = dir.path().join("data");
    let imported = vocal(&data, &["import", "responses", csv.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    create_user(&data, "eu@example.com", "manager", Some("Acme/Europe"));
    create_user(&data, "ops@example.com", "manager", Some("Acme/Americas/Reno"));
    let listed = stdout(&vocal(&data, &["rules", "unowned-units"]));
    assert_eq!(listed, "Acme\nAcme/Americas\n", "Europe (and Paris below it) and Reno are owned");
}
