//! Finding users to sign them in, and an admin's changes to a user, always
//! within the user's organisation.

use vocal_domain::Role;
use vocal_store::{Store, StoreError, UserChange};

use crate::fixtures::{email, new_org, path};
use crate::web_fixtures::new_user;

storage_tests!(
    users_are_found_by_email_in_every_organisation,
    a_user_is_read_within_their_organisation_only,
    a_change_applies_within_the_organisation_only,
    a_change_cannot_scope_a_user_to_another_organisation,
);

fn manager_of(unit: Option<vocal_domain::UnitId>) -> UserChange {
    UserChange { name: "Ana Lima".into(), role: Role::Manager, unit_id: unit, agent_id: None }
}

async fn users_are_found_by_email_in_every_organisation<S: Store>(store: S) {
    let first = new_org(&store, "First").await;
    let second = new_org(&store, "Second").await;
    let in_second = new_user(&store, second, "ana@example.com").await;
    let in_first = new_user(&store, first, "ana@example.com").await;
    new_user(&store, first, "bob@example.com").await;

    let found = store.users_by_email(&email("Ana@Example.com")).await.unwrap();

    assert_eq!(found, [in_first, in_second], "by organisation id");
    assert_eq!(store.users_by_email(&email("nobody@example.com")).await.unwrap(), []);
}

async fn a_user_is_read_within_their_organisation_only<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let ana = new_user(&store, org, "ana@example.com").await;

    assert_eq!(store.user(org, ana.id).await.unwrap(), Some(ana.clone()));
    assert_eq!(store.user(other, ana.id).await.unwrap(), None);
}

async fn a_change_applies_within_the_organisation_only<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let north = store.ensure_unit(org, &path("North")).await.unwrap();

    assert!(!store.update_user(other, ana.id, manager_of(None)).await.unwrap(), "not through another org");
    assert_eq!(store.user(org, ana.id).await.unwrap(), Some(ana.clone()));

    assert!(store.update_user(org, ana.id, manager_of(Some(north))).await.unwrap());
    let changed = store.user(org, ana.id).await.unwrap().unwrap();
    assert_eq!((changed.name.as_str(), changed.role, changed.unit_id), ("Ana Lima", Role::Manager, Some(north)));
    assert_eq!(changed.email, ana.email, "the email stays");
}

async fn a_change_cannot_scope_a_user_to_another_organisation<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let elsewhere = store.ensure_unit(other, &path("Elsewhere")).await.unwrap();
    let agent = store.assign_agent(other, "Zoe", None).await.unwrap();

    let refused = store.update_user(org, ana.id, manager_of(Some(elsewhere))).await;
    assert!(matches!(refused, Err(StoreError::NotFound("unit"))), "{refused:?}");
    let as_agent = UserChange { role: Role::Agent, agent_id: Some(agent.id), ..manager_of(None) };
    let refused = store.update_user(org, ana.id, as_agent).await;
    assert!(matches!(refused, Err(StoreError::NotFound("agent"))), "{refused:?}");
    assert_eq!(store.user(org, ana.id).await.unwrap(), Some(ana));
}
