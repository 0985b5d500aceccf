//! A user's password hash and disabled flag, set only within their organisation.

use vocal_domain::Role;
use vocal_store::{NewUser, Store};

use crate::fixtures::new_org;

storage_tests!(a_password_hash_is_set_read_and_cleared, disabling_is_per_user_and_per_organisation);

fn user(email: &str) -> NewUser {
    NewUser {
        email: crate::fixtures::email(email),
        name: "N".into(),
        role: Role::Analyst,
        unit_id: None,
        agent_id: None,
    }
}

async fn a_password_hash_is_set_read_and_cleared<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let ana = store.create_user(org, user("ana@example.com")).await.unwrap();
    assert_eq!(store.user_password_hash(org, ana.id).await.unwrap(), None, "a new user has none");
    assert!(store.set_user_password(org, ana.id, Some("$argon2id$v=19$x")).await.unwrap());
    assert_eq!(store.user_password_hash(org, ana.id).await.unwrap().as_deref(), Some("$argon2id$v=19$x"));
    assert!(!store.set_user_password(other, ana.id, Some("stolen")).await.unwrap(), "not through another org");
    assert_eq!(store.user_password_hash(other, ana.id).await.unwrap(), None);
    assert_eq!(store.user_password_hash(org, ana.id).await.unwrap().as_deref(), Some("$argon2id$v=19$x"));
    assert!(store.set_user_password(org, ana.id, None).await.unwrap());
    assert_eq!(store.user_password_hash(org, ana.id).await.unwrap(), None);
}

async fn disabling_is_per_user_and_per_organisation<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let ana = store.create_user(org, user("ana@example.com")).await.unwrap();
    let bob = store.create_user(org, user("bob@example.com")).await.unwrap();
    assert!(!store.set_user_disabled(other, ana.id, true).await.unwrap());
    assert!(store.set_user_disabled(org, ana.id, true).await.unwrap());
    let flags: Vec<(String, bool)> =
        store.list_users(org).await.unwrap().into_iter().map(|u| (u.email.into(), u.disabled)).collect();
    assert_eq!(flags, [("ana@example.com".to_string(), true), ("bob@example.com".to_string(), false)]);
    assert!(store.set_user_disabled(org, ana.id, false).await.unwrap());
    assert!(!store.list_users(org).await.unwrap().iter().any(|u| u.disabled));
    let _ = bob;
}
