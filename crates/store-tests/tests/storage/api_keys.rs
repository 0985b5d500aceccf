//! API keys: stored by hash, listed, revoked once.

use vocal_store::{ApiKeyRecord, ApiScope, NewApiKey, Store, StoreError};

use crate::fixtures::new_org;

storage_tests!(
    a_created_key_is_found_by_its_hash,
    keys_are_listed_in_the_order_they_were_created,
    a_key_is_revoked_only_once,
    a_key_hash_is_stored_only_once,
);

fn key(name: &str, scope: ApiScope, hash: &str) -> NewApiKey {
    NewApiKey { name: name.into(), scope, key_hash: hash.into(), prefix: format!("vk_{}", &hash[..4]) }
}

async fn a_created_key_is_found_by_its_hash<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let created = store.create_api_key(org, key("CI export", ApiScope::Write, "9f86d081884c7d65")).await.unwrap();

    let expected = ApiKeyRecord {
        id: created.id,
        org_id: org,
        name: "CI export".into(),
        scope: ApiScope::Write,
        prefix: "vk_9f86".into(),
        created_at_ms: created.created_at_ms,
        revoked_at_ms: None,
    };
    assert_eq!(created, expected);
    assert!(created.created_at_ms > 1_600_000_000_000, "a Unix time in milliseconds");
    assert_eq!(store.api_key_by_hash("9f86d081884c7d65").await.unwrap(), Some(expected));
    assert_eq!(store.api_key_by_hash("9f86d081884c7d6").await.unwrap(), None);
}

async fn keys_are_listed_in_the_order_they_were_created<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let zulu = store.create_api_key(org, key("zulu", ApiScope::Read, "aaaa1")).await.unwrap();
    let alpha = store.create_api_key(org, key("alpha", ApiScope::Write, "bbbb2")).await.unwrap();

    assert_eq!(store.list_api_keys(org).await.unwrap(), vec![zulu, alpha]);
}

async fn a_key_is_revoked_only_once<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let kept = store.create_api_key(org, key("kept", ApiScope::Read, "cccc1")).await.unwrap();
    let revoked = store.create_api_key(org, key("old", ApiScope::Read, "dddd2")).await.unwrap();

    let first = store.revoke_api_key(org, revoked.id).await.unwrap();
    let second = store.revoke_api_key(org, revoked.id).await.unwrap();
    let unknown = store.revoke_api_key(org, revoked.id.max(kept.id) + 1).await.unwrap();

    assert!(first);
    assert!(!second, "a second revocation changes nothing");
    assert!(!unknown);
    let stored = store.api_key_by_hash("dddd2").await.unwrap().unwrap();
    let revoked_at = stored.revoked_at_ms.expect("revoked keys keep their record");
    assert!(revoked_at >= stored.created_at_ms);
    let listed = store.list_api_keys(org).await.unwrap();
    assert_eq!(listed.iter().map(|k| k.revoked_at_ms).collect::<Vec<_>>(), [None, Some(revoked_at)]);
}

async fn a_key_hash_is_stored_only_once<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Globex").await;
    store.create_api_key(org, key("first", ApiScope::Read, "eeee1")).await.unwrap();

    let again = store.create_api_key(other, key("second", ApiScope::Write, "eeee1")).await;

    assert!(matches!(again, Err(StoreError::Conflict { field: "api key" })), "got {again:?}");
    assert!(store.list_api_keys(other).await.unwrap().is_empty());
}
