//! Browser sessions and counted attempts, shared by every server using the
//! database.

use vocal_store::{AttemptKind, Store};

use crate::fixtures::new_org;
use crate::web_fixtures::{hash, new_user, session};

storage_tests!(
    a_session_is_saved_replaced_and_deleted,
    an_expired_session_is_not_loaded,
    deleting_expired_sessions_keeps_live_ones_and_recent_attempts,
    deleting_a_users_sessions_leaves_other_users_sessions,
    attempts_are_counted_per_kind_and_subject_within_the_window,
    attempts_are_forgotten_one_by_one_or_per_subject,
);

async fn a_session_is_saved_replaced_and_deleted<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let anonymous = session(1, None, 10_000);
    store.save_session(anonymous.clone()).await.unwrap();
    assert_eq!(store.load_session(hash(1), 0).await.unwrap(), Some(anonymous));

    let signed_in = session(1, Some(&ana), 20_000);
    store.save_session(signed_in.clone()).await.unwrap();
    assert_eq!(store.load_session(hash(1), 0).await.unwrap(), Some(signed_in), "replaced, not added");
    assert_eq!(store.load_session(hash(2), 0).await.unwrap(), None, "an unknown id");

    store.delete_session(hash(1)).await.unwrap();
    assert_eq!(store.load_session(hash(1), 0).await.unwrap(), None);
    store.delete_session(hash(1)).await.expect("deleting twice is fine");
}

async fn an_expired_session_is_not_loaded<S: Store>(store: S) {
    store.save_session(session(1, None, 1_000)).await.unwrap();
    assert!(store.load_session(hash(1), 999).await.unwrap().is_some());
    assert_eq!(store.load_session(hash(1), 1_000).await.unwrap(), None, "expired at its expiry time");
    assert_eq!(store.load_session(hash(1), 5_000).await.unwrap(), None);
}

async fn deleting_expired_sessions_keeps_live_ones_and_recent_attempts<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    for (n, expires) in [(1, 100), (2, 200), (3, 300)] {
        store.save_session(session(n, Some(&ana), expires)).await.unwrap();
    }
    let ana_attempts = AttemptKind::account(ana.id);
    for at in [50, 150, 250] {
        store.note_attempt(AttemptKind::PasswordForAccount, &ana_attempts, at, 0).await.unwrap();
    }

    let deleted = store.delete_expired_sessions(200, 150).await.unwrap();

    assert_eq!(deleted, 2, "the sessions expiring at 100 and 200");
    assert_eq!(store.load_session(hash(1), 0).await.unwrap(), None);
    assert_eq!(store.load_session(hash(2), 0).await.unwrap(), None);
    assert!(store.load_session(hash(3), 0).await.unwrap().is_some());
    // Left: the attempts at 150 and 250, plus this one.
    assert_eq!(store.note_attempt(AttemptKind::PasswordForAccount, &ana_attempts, 300, 0).await.unwrap().1, 3);
    assert_eq!(store.delete_expired_sessions(200, 0).await.unwrap(), 0, "nothing more to delete");
}

async fn deleting_a_users_sessions_leaves_other_users_sessions<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let bob = new_user(&store, org, "bob@example.com").await;
    store.save_session(session(1, Some(&ana), 10_000)).await.unwrap();
    store.save_session(session(2, Some(&ana), 10_000)).await.unwrap();
    store.save_session(session(3, Some(&bob), 10_000)).await.unwrap();
    store.save_session(session(4, None, 10_000)).await.unwrap();

    assert_eq!(store.delete_user_sessions(other, ana.id).await.unwrap(), 0, "not through another org");
    assert!(store.load_session(hash(1), 0).await.unwrap().is_some());

    assert_eq!(store.delete_user_sessions(org, ana.id).await.unwrap(), 2);
    assert_eq!(store.load_session(hash(1), 0).await.unwrap(), None);
    assert_eq!(store.load_session(hash(2), 0).await.unwrap(), None);
    assert!(store.load_session(hash(3), 0).await.unwrap().is_some(), "bob stays signed in");
    assert!(store.load_session(hash(4), 0).await.unwrap().is_some(), "so does the anonymous session");
}

async fn attempts_are_counted_per_kind_and_subject_within_the_window<S: Store>(store: S) {
    let note = |kind, subject: &'static str, at, since| {
        let store = store.clone();
        async move { store.note_attempt(kind, subject, at, since).await.unwrap().1 }
    };
    let (account, client) = (AttemptKind::PasswordForAccount, AttemptKind::PasswordFromClient);

    assert_eq!(note(account, "7", 1_000, 0).await, 1, "this one included");
    assert_eq!(note(account, "7", 2_000, 0).await, 2);
    assert_eq!(note(account, "8", 2_500, 0).await, 1, "another subject's are its own");
    assert_eq!(note(client, "7", 2_500, 0).await, 1, "another kind's too");
    assert_eq!(note(account, "7", 3_000, 1_500).await, 2, "the one at 1000 is out");
    assert_eq!(note(account, "7", 4_000, 2_000).await, 3, "the window's start is in");
}

async fn attempts_are_forgotten_one_by_one_or_per_subject<S: Store>(store: S) {
    let kind = AttemptKind::ResetForAddress;
    let (first, _) = store.note_attempt(kind, "a", 1, 0).await.unwrap();
    store.note_attempt(kind, "a", 2, 0).await.unwrap();
    store.note_attempt(kind, "b", 2, 0).await.unwrap();

    store.forget_attempt(first).await.unwrap();
    assert_eq!(store.note_attempt(kind, "a", 3, 0).await.unwrap().1, 2, "one fewer");
    store.forget_attempts(kind, "a").await.unwrap();
    assert_eq!(store.note_attempt(kind, "a", 4, 0).await.unwrap().1, 1, "all of a's gone");
    assert_eq!(store.note_attempt(kind, "b", 4, 0).await.unwrap().1, 2, "b's stay");
}
