//! `vocal mail`: without an SMTP server the test email waits in the outbox,
//! where it can be listed and read; a refused server is recorded as failed.

use crate::{stderr, stdout, vocal};

#[test]
fn without_smtp_the_test_email_waits_in_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(vocal(&data, &["org", "create", "Zürich Café"]).status.success());

    let sent = vocal(&data, &["--public-url", "https://nps.example.com", "mail", "test", "--to", "ana@example.com"]);
    assert!(sent.status.success(), "{}", stderr(&sent));
    assert_eq!(stdout(&sent), "no SMTP server configured: stored in the outbox (vocal mail outbox)\n");

    let outbox = stdout(&vocal(&data, &["mail", "outbox"]));
    assert!(outbox.contains("ana@example.com"), "{outbox}");
    assert!(outbox.contains("Test email from Vocal for Zürich Café"), "{outbox}");
    assert!(outbox.contains("outbox"), "{outbox}");

    let text = stdout(&vocal(&data, &["mail", "show", "1"]));
    assert!(text.contains("Zürich Café") && text.contains("https://nps.example.com"), "{text}");
    let html = stdout(&vocal(&data, &["mail", "show", "1", "--html"]));
    assert!(html.contains(r#"href="https://nps.example.com""#), "{html}");

    let missing = vocal(&data, &["mail", "show", "2"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no email 2"), "{}", stderr(&missing));
}

#[test]
fn a_refused_smtp_server_fails_the_command_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let smtp_url = format!("smtp://nps:hunter2@127.0.0.1:{closed_port}?tls=none");

    let sent = vocal(
        &data,
        &["--smtp-url", &smtp_url, "--mail-from", "Vocal <nps@example.com>", "mail", "test", "--to", "ana@example.com"],
    );

    assert_eq!(sent.status.code(), Some(1));
    assert!(stderr(&sent).contains("outbox #1"), "{}", stderr(&sent));
    assert!(!stderr(&sent).contains("hunter2"));
    let outbox = stdout(&vocal(&data, &["mail", "outbox"]));
    assert!(outbox.contains("failed"), "{outbox}");
}
