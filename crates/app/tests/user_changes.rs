//! Admins' account changes on a real SQLite store: whoever makes them (an
//! admin's page or `vocal user …`), a disabled user is signed out
//! everywhere and the audit log says who did what.

use vocal_app::accounts::user_changes::{Outcome, add, set_disabled, update};
use vocal_app::accounts::users::{AccountError, NewAccount};
use vocal_app::organisation::audit::Actor;
use vocal_domain::{Role, UnitPath};
use vocal_store::{SessionRecord, User, prelude::*};
use vocal_store_sqlite::SqliteStore;

fn account(email: &str, name: &str, role: Role) -> NewAccount {
    NewAccount { email: email.into(), name: name.into(), role, unit: None, agent: None }
}

async fn setup() -> (tempfile::TempDir, SqliteStore, User, User) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    store.ensure_unit(org.id, &UnitPath::parse("EMEA/Berlin").unwrap()).await.unwrap();
    let cli = Actor::CommandLine(org.id);
    let admin = add(&store, cli, account("ada@acme.example", "Ada", Role::Admin), None).await.unwrap().0;
    let ana = add(&store, cli, account("ana@acme.example", "Ana", Role::Analyst), None).await.unwrap().0;
    (dir, store, admin, ana)
}

async fn sign_in(store: &SqliteStore, user: &User, id: u8) {
    let session = SessionRecord {
        id_hash: [id; 32],
        org_id: Some(user.org_id),
        user_id: Some(user.id),
        data: "{}".into(),
        expires_at_ms: i64::MAX / 2,
    };
    store.save_session(session).await.unwrap();
}

async fn signed_in(store: &SqliteStore, id: u8) -> bool {
    store.load_session([id; 32], 0).await.unwrap().is_some()
}

/// "actor action subject: detail", oldest first.
async fn audit(store: &SqliteStore, user: &User) -> Vec<String> {
    let entries = store.list_audit(user.org_id, None, 100).await.unwrap();
    let lines = entries.iter().rev().map(|e| {
        let entry = &e.entry;
        format!("{} {} {}: {}", entry.actor, entry.action, entry.subject, entry.detail)
    });
    lines.collect()
}

#[tokio::test]
async fn the_command_line_disables_like_an_admin_does_signing_the_user_out_and_logging_it() {
    let (_dir, store, admin, ana) = setup().await;
    sign_in(&store, &ana, 1).await;
    sign_in(&store, &ana, 2).await;
    sign_in(&store, &admin, 3).await;

    let cli = Actor::CommandLine(admin.org_id);
    assert_eq!(set_disabled(&store, cli, &ana, true).await.unwrap(), Outcome::Changed);
    assert!(!signed_in(&store, 1).await && !signed_in(&store, 2).await, "both of Ana's sessions end");
    assert!(signed_in(&store, 3).await, "nobody else is signed out");
    let ana = store.user(ana.org_id, ana.id).await.unwrap().unwrap();
    assert!(ana.disabled);
    assert_eq!(set_disabled(&store, cli, &ana, true).await.unwrap(), Outcome::Unchanged);
    assert_eq!(set_disabled(&store, Actor::Person(&admin), &ana, false).await.unwrap(), Outcome::Changed);

    let log = audit(&store, &admin).await;
    assert_eq!(
        log,
        [
            "cli user.create ada@acme.example: (none) → Ada (admin, everything)",
            "cli user.create ana@acme.example: (none) → Ana (analyst, everything)",
            "cli user.disable ana@acme.example: enabled → disabled",
            "ada@acme.example user.enable ana@acme.example: disabled → enabled",
        ]
    );
}

#[tokio::test]
async fn nobody_disables_or_demotes_themselves_and_an_edit_is_logged_before_and_after() {
    let (_dir, store, admin, ana) = setup().await;
    let refused = set_disabled(&store, Actor::Person(&admin), &admin, true).await;
    assert!(matches!(refused, Err(AccountError::Refused(_))), "{refused:?}");
    let demoted = update(&store, &admin, &admin, account("x@y.z", "Ada", Role::Analyst)).await;
    assert!(matches!(demoted, Err(AccountError::Invalid { field: "role", .. })), "{demoted:?}");

    let mut change = account("ignored@acme.example", "Ana Lopez", Role::Manager);
    change.unit = Some(UnitPath::parse("EMEA/Berlin").unwrap());
    assert_eq!(update(&store, &admin, &ana, change.clone()).await.unwrap(), Outcome::Changed);
    let stored = store.user(ana.org_id, ana.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.email.as_str(), stored.name.as_str(), stored.role),
        ("ana@acme.example", "Ana Lopez", Role::Manager)
    );
    assert_eq!(update(&store, &admin, &stored, change).await.unwrap(), Outcome::Unchanged);

    let log = audit(&store, &admin).await;
    assert_eq!(log.len(), 3, "one entry for the edit, none for refusals or no-ops: {log:?}");
    assert_eq!(
        log[2],
        "ada@acme.example user.update ana@acme.example: Ana (analyst, everything) → Ana Lopez (manager, EMEA/Berlin)"
    );
    assert!(!store.user(admin.org_id, admin.id).await.unwrap().unwrap().disabled);
}
