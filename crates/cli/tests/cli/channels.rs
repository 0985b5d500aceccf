//! `vocal channels`: a loopback receiver is refused unless private targets
//! are allowed; a webhook's secret is printed once; a bad gateway template
//! names its field; list, rotate-secret, test and remove.

use crate::{stderr, stdout, vocal};

/// The `whsec_…` word of a command's output.
fn secret(output: &str) -> &str {
    output.split_whitespace().find(|word| word.starts_with("whsec_")).expect("a secret printed")
}

#[test]
fn channels_are_added_listed_rotated_tested_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(vocal(&data, &["org", "create", "Acme"]).status.success());
    let add = ["channels", "add", "--kind", "webhook", "--name", "local", "--url", "http://127.0.0.1:9/hook"];

    let refused = vocal(&data, &add);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("url: leads to 127.0.0.1, a loopback address"), "{}", stderr(&refused));

    let allowed: Vec<&str> = ["--allow-private-webhooks", "true"].into_iter().chain(add).collect();
    let added = vocal(&data, &allowed);
    assert!(added.status.success(), "{}", stderr(&added));
    let printed = stdout(&added);
    assert!(printed.contains("channel 1 (local) added") && printed.contains("whsec_"), "{printed}");

    let listed = stdout(&vocal(&data, &["channels", "list"]));
    assert!(listed.contains("http://127.0.0.1:9/hook") && !listed.contains("whsec_"), "{listed}");

    let rotated = stdout(&vocal(&data, &["channels", "rotate-secret", "1"]));
    assert_ne!(secret(&rotated), secret(printed.as_str()), "{rotated}");
    let tested = vocal(&data, &["channels", "test", "1"]);
    assert!(stdout(&tested).contains("test queued as job 1"), "{}", stderr(&tested));

    let gateway = ["channels", "add", "--kind", "sms_gateway", "--name", "sms", "--url", "https://93.184.215.14/sms"];
    let bad: Vec<&str> = gateway.into_iter().chain(["--field", "To={{to}}", "--field", "Body={{txt}}"]).collect();
    let bad = vocal(&data, &bad);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("fields[1] (Body): unknown placeholder {{txt}}"), "{}", stderr(&bad));

    assert!(vocal(&data, &["channels", "remove", "1"]).status.success());
    let gone = vocal(&data, &["channels", "remove", "1"]);
    assert!(stderr(&gone).contains("no notification channel 1"), "{}", stderr(&gone));
}
