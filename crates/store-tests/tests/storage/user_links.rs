//! Single-use links to choose a password: they work once, before they
//! expire, for the purpose they were made for, and for enabled users.

use vocal_store::{AttemptKind, LinkPurpose, Store, StoreError};

use crate::fixtures::new_org;
use crate::web_fixtures::{hash, link, new_user, password_of};

storage_tests!(
    peeking_changes_nothing_and_using_works_once,
    an_expired_link_or_another_purpose_does_nothing,
    a_disabled_users_link_does_nothing,
    of_two_concurrent_uses_exactly_one_succeeds,
    a_link_names_a_user_of_its_own_organisation,
    a_newer_link_ends_the_older_ones_of_that_user_only,
    using_a_link_ends_the_users_other_links_and_lifts_the_lockout,
);

const RESET: LinkPurpose = LinkPurpose::PasswordReset;

async fn peeking_changes_nothing_and_using_works_once<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    store.create_user_link(link(1, &ana, RESET, 10_000)).await.unwrap();

    assert_eq!(store.peek_user_link(hash(1), RESET, 0).await.unwrap().as_ref(), Some(&ana));
    assert_eq!(store.peek_user_link(hash(1), RESET, 0).await.unwrap().as_ref(), Some(&ana), "still there");
    assert_eq!(store.peek_user_link(hash(2), RESET, 0).await.unwrap(), None, "an unknown token");
    assert_eq!(password_of(&store, org, ana.id).await, None);

    assert_eq!(store.use_user_link(hash(1), RESET, 0, "$argon2id$first").await.unwrap().as_ref(), Some(&ana));
    assert_eq!(password_of(&store, org, ana.id).await.as_deref(), Some("$argon2id$first"));

    assert_eq!(store.use_user_link(hash(1), RESET, 1, "$argon2id$second").await.unwrap(), None, "used");
    assert_eq!(store.peek_user_link(hash(1), RESET, 1).await.unwrap(), None);
    assert_eq!(password_of(&store, org, ana.id).await.as_deref(), Some("$argon2id$first"));
}

async fn an_expired_link_or_another_purpose_does_nothing<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    store.create_user_link(link(1, &ana, LinkPurpose::Invitation, 1_000)).await.unwrap();

    assert_eq!(store.peek_user_link(hash(1), RESET, 0).await.unwrap(), None, "an invitation is no reset");
    assert_eq!(store.use_user_link(hash(1), RESET, 0, "$x").await.unwrap(), None);
    assert_eq!(store.peek_user_link(hash(1), LinkPurpose::Invitation, 1_000).await.unwrap(), None, "expired");
    assert_eq!(store.use_user_link(hash(1), LinkPurpose::Invitation, 1_000, "$x").await.unwrap(), None);
    assert_eq!(password_of(&store, org, ana.id).await, None);

    let used = store.use_user_link(hash(1), LinkPurpose::Invitation, 999, "$y").await.unwrap();
    assert_eq!(used.map(|u| u.id), Some(ana.id), "the failed attempts did not use it up");
}

async fn a_disabled_users_link_does_nothing<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    store.create_user_link(link(1, &ana, RESET, 10_000)).await.unwrap();
    assert!(store.set_user_disabled(org, ana.id, true).await.unwrap());

    assert_eq!(store.peek_user_link(hash(1), RESET, 0).await.unwrap(), None);
    assert_eq!(store.use_user_link(hash(1), RESET, 0, "$x").await.unwrap(), None);
    assert_eq!(password_of(&store, org, ana.id).await, None);
}

async fn of_two_concurrent_uses_exactly_one_succeeds<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    for n in 1..=10 {
        store.create_user_link(link(n, &ana, RESET, 10_000)).await.unwrap();
        let (first, second) = tokio::join!(
            store.use_user_link(hash(n), RESET, 0, "$first"),
            store.use_user_link(hash(n), RESET, 0, "$second"),
        );
        let (first, second) = (first.unwrap(), second.unwrap());
        assert_eq!(usize::from(first.is_some()) + usize::from(second.is_some()), 1, "link {n}");
        let winner = if first.is_some() { "$first" } else { "$second" };
        assert_eq!(password_of(&store, org, ana.id).await.as_deref(), Some(winner), "the winner's password");
    }
}

async fn a_link_names_a_user_of_its_own_organisation<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let mut foreign = link(1, &ana, RESET, 10_000);
    foreign.org_id = other;

    let refused = store.create_user_link(foreign).await;

    assert!(matches!(refused, Err(StoreError::NotFound("user"))), "{refused:?}");
    assert_eq!(store.peek_user_link(hash(1), RESET, 0).await.unwrap(), None);
    store.create_user_link(link(1, &ana, RESET, 10_000)).await.unwrap();
    let twice = store.create_user_link(link(1, &ana, RESET, 10_000)).await;
    assert!(matches!(twice, Err(StoreError::Conflict { field: "link token" })), "{twice:?}");
}

async fn a_newer_link_ends_the_older_ones_of_that_user_only<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let bob = new_user(&store, org, "bob@example.com").await;
    store.create_user_link(link(1, &ana, LinkPurpose::Invitation, 10_000)).await.unwrap();
    store.create_user_link(link(2, &ana, RESET, 10_000)).await.unwrap();
    store.create_user_link(link(3, &bob, RESET, 10_000)).await.unwrap();
    store.create_user_link(link(4, &ana, RESET, 10_000)).await.unwrap();

    assert_eq!(store.peek_user_link(hash(1), LinkPurpose::Invitation, 0).await.unwrap(), None, "superseded");
    assert_eq!(store.use_user_link(hash(2), RESET, 0, "$old").await.unwrap(), None, "superseded");
    assert_eq!(password_of(&store, org, ana.id).await, None);
    assert!(store.peek_user_link(hash(3), RESET, 0).await.unwrap().is_some(), "bob's link is his own");
    assert_eq!(store.use_user_link(hash(4), RESET, 0, "$new").await.unwrap().map(|u| u.id), Some(ana.id));
}

/// Links stored together (by two processes, or before this rule) still end
/// when one of them is used.
async fn using_a_link_ends_the_users_other_links_and_lifts_the_lockout<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let bob = new_user(&store, org, "bob@example.com").await;
    let (ana_failures, bob_failures) = (AttemptKind::account(ana.id), AttemptKind::account(bob.id));
    for _ in 0..5 {
        store.note_attempt(AttemptKind::PasswordForAccount, &ana_failures, 100, 0).await.unwrap();
        store.note_attempt(AttemptKind::PasswordForAccount, &bob_failures, 100, 0).await.unwrap();
        store.note_attempt(AttemptKind::PasswordFromClient, &ana_failures, 100, 0).await.unwrap();
    }
    store.create_user_link(link(1, &ana, RESET, 10_000)).await.unwrap();

    store.use_user_link(hash(1), RESET, 200, "$new").await.unwrap().expect("the link works");

    let count = |kind, subject: String| {
        let store = store.clone();
        async move { store.note_attempt(kind, &subject, 300, 0).await.unwrap().1 }
    };
    assert_eq!(count(AttemptKind::PasswordForAccount, ana_failures.clone()).await, 1, "ana's failures forgotten");
    assert_eq!(count(AttemptKind::PasswordForAccount, bob_failures).await, 6, "bob's stay");
    assert_eq!(count(AttemptKind::PasswordFromClient, ana_failures).await, 6, "another kind stays");
}
