//! `vocal user create|list|disable|enable`.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::{stderr, stdout, vocal};

#[test]
fn users_are_created_with_a_password_listed_and_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let created =
        vocal(&data, &["user", "create", "--email", "Ana@Example.com", "--name", "Ana Lopez", "--role", "admin"]);
    assert!(created.status.success(), "{}", stderr(&created));
    let password = stdout(&created).trim().to_string();
    assert_eq!(password.len(), 27, "a generated password is printed once: {password}");
    assert!(stderr(&created).contains("shown only once"));

    let listed = stdout(&vocal(&data, &["user", "list"]));
    let row = listed.lines().find(|l| l.starts_with("ana@example.com")).expect(&listed);
    assert!(
        row.contains("admin") && row.contains("everything") && row.contains(" set ") && row.ends_with("no"),
        "{row}"
    );
    assert!(!listed.contains(&password), "the password is never shown again");

    let disabled = vocal(&data, &["user", "disable", "ana@example.com"]);
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    let listed = stdout(&vocal(&data, &["user", "list"]));
    assert!(listed.lines().any(|l| l.starts_with("ana@example.com") && l.ends_with("yes")), "{listed}");
    assert!(vocal(&data, &["user", "enable", "ana@example.com"]).status.success());
    assert_eq!(vocal(&data, &["user", "disable", "nobody@example.com"]).status.code(), Some(1));
}

#[test]
fn a_scoped_role_needs_its_scope_and_a_bad_user_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cases: [(&[&str], &str); 4] = [
        (&["--role", "manager"], "unit"),
        (&["--role", "manager", "--unit", "Nowhere/Team"], "no unit Nowhere/Team"),
        (&["--role", "agent"], "agent"),
        (&["--role", "analyst", "--agent", "Sam"], "only agent users"),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["user", "create", "--email", "li@example.com", "--name", "Li"];
        args.extend_from_slice(extra);
        let output = vocal(&data, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(stderr(&output).contains(expected), "{args:?}: {}", stderr(&output));
    }
    // A password from standard input that is too short: refused, nothing stored.
    let mut child = Command::new(env!("CARGO_BIN_EXE_vocal"))
        .args(["user", "create", "--email", "li@example.com", "--name", "Li", "--role", "analyst", "--password-stdin"])
        .arg("--data")
        .arg(&data)
        .env_remove("VOCAL_DATABASE_URL")
        .env_remove("VOCAL_ORG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("at least 12 characters"), "{}", stderr(&output));
    assert!(!stdout(&vocal(&data, &["user", "list"])).contains("li@example.com"), "nothing stored");
}

#[test]
fn notification_preferences_are_shown_changed_and_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let created = vocal(&data, &["user", "create", "--email", "li@example.com", "--name", "Li", "--role", "admin"]);
    assert!(created.status.success(), "{}", stderr(&created));

    let shown = vocal(&data, &["user", "notify", "li@example.com"]);
    assert_eq!(stdout(&shown).trim(), "li@example.com: email on, sms off, mobile none, language en");

    let refused = vocal(&data, &["user", "notify", "li@example.com", "--sms", "on"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("sms: SMS alerts need a mobile number"), "{}", stderr(&refused));
    let refused = vocal(&data, &["user", "notify", "li@example.com", "--sms", "on", "--phone", "030 901820"]);
    assert!(stderr(&refused).contains("mobile: "), "{}", stderr(&refused));
    let refused = vocal(&data, &["user", "notify", "li@example.com", "--email", "off", "--language", "xx"]);
    assert!(stderr(&refused).contains("language: \"xx\""), "{}", stderr(&refused));
    let unchanged = vocal(&data, &["user", "notify", "li@example.com"]);
    assert!(stdout(&unchanged).contains("email on"), "a refused change stores nothing: {}", stdout(&unchanged));

    let args = ["user", "notify", "li@example.com", "--email", "off", "--sms", "on", "--phone", "+49 30 901820"];
    let changed = vocal(&data, &[&args[..], &["--language", "de"]].concat());
    assert!(changed.status.success(), "{}", stderr(&changed));
    let expected = "li@example.com: email off, sms on, mobile +4930901820, language de";
    assert_eq!(stdout(&changed).trim(), expected);
    assert_eq!(stdout(&vocal(&data, &["user", "notify", "li@example.com"])).trim(), expected);
}
