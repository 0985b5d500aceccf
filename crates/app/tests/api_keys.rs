//! An admin's key use cases on a real SQLite store: the key works, the
//! audit log says who made or revoked it, and a refused name stores nothing.

use vocal_app::accounts::api_keys::{KeyError, Revoked, authenticate, create_key, revoke_key};
use vocal_app::accounts::users::{NewAccount, create};
use vocal_domain::Role;
use vocal_store::{ApiScope, User, prelude::*};
use vocal_store_sqlite::SqliteStore;

async fn setup() -> (tempfile::TempDir, SqliteStore, User) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    let account =
        NewAccount { email: "ada@acme.example".into(), name: "Ada".into(), role: Role::Admin, unit: None, agent: None };
    let admin = create(&store, org.id, account, Some("a long enough password".into())).await.unwrap().0;
    (dir, store, admin)
}

async fn audit(store: &SqliteStore, admin: &User) -> Vec<String> {
    let entries = store.list_audit(admin.org_id, None, 100).await.unwrap();
    entries
        .iter()
        .rev()
        .map(|e| format!("{} {} {}: {}", e.entry.actor, e.entry.action, e.entry.subject, e.entry.detail))
        .collect()
}

#[tokio::test]
async fn a_key_is_made_logged_revoked_and_then_refused() {
    let (_dir, store, admin) = setup().await;
    let issued = create_key(&store, &admin, "  CRM sync ", ApiScope::Write).await.unwrap();
    assert_eq!(issued.record.name, "CRM sync");
    assert!(authenticate(&store, &issued.secret).await.unwrap().is_some());
    let prefix = &issued.record.prefix;
    assert_eq!(
        audit(&store, &admin).await,
        [format!("ada@acme.example api_key.create CRM sync: (none) → write key {prefix}…")]
    );

    assert_eq!(revoke_key(&store, &admin, issued.record.id).await.unwrap(), Revoked::Now);
    assert!(authenticate(&store, &issued.secret).await.unwrap().is_none());
    assert_eq!(revoke_key(&store, &admin, issued.record.id).await.unwrap(), Revoked::Already);
    assert!(matches!(revoke_key(&store, &admin, 9_999).await, Err(KeyError::NotFound)));
    let log = audit(&store, &admin).await;
    assert_eq!(log.len(), 2, "revoking twice is logged once: {log:?}");
    assert_eq!(log[1], format!("ada@acme.example api_key.revoke CRM sync ({prefix}…): active → revoked"));
}

#[tokio::test]
async fn a_refused_name_makes_no_key() {
    let (_dir, store, admin) = setup().await;
    for bad in ["", "   ", "two\nlines"] {
        assert!(
            matches!(create_key(&store, &admin, bad, ApiScope::Read).await, Err(KeyError::InvalidName(_))),
            "{bad:?}"
        );
    }
    assert!(store.list_api_keys(admin.org_id).await.unwrap().is_empty());
    assert!(audit(&store, &admin).await.is_empty());
}
