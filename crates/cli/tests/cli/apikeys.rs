use crate::{stderr, stdout, vocal};

#[test]
fn keys_are_printed_once_listed_by_prefix_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let created = vocal(&data, &["apikey", "create", "--scope", "read", "--name", "dashboards"]);
    assert!(created.status.success(), "{}", stderr(&created));
    let key = stdout(&created).trim().to_string();
    assert!(key.starts_with("vocal_") && key.len() >= 6 + 32, "{key}");
    let listed = stdout(&vocal(&data, &["apikey", "list"]));
    assert!(listed.contains("dashboards") && listed.contains(&key[..12]), "{listed}");
    assert!(!listed.contains(&key), "the full key must not be shown again");
    let revoked = vocal(&data, &["apikey", "revoke", "1"]);
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    let again = vocal(&data, &["apikey", "revoke", "1"]);
    assert_eq!(again.status.code(), Some(1));
}
