//! Checking an email and password: one generic answer for every failure,
//! the same work (one argon2 verification) whether or not the email
//! exists, and wrong passwords limited per client and per account (see
//! [`throttle`]). The account page's check of the current password goes
//! through the same limits ([`check_current_password`]).

use std::net::IpAddr;

use tokio::sync::OnceCell;
use vocal_domain::Email;
use vocal_store::{NewAuditEntry, Store, StoreError, User};

use crate::accounts::passwords::{hash_password, verify_password};
use crate::accounts::throttle::{self, Gate};

#[derive(Debug)]
pub enum SignIn {
    SignedIn(User),
    /// Unknown email, wrong password, disabled account, no password set:
    /// all look the same to the person signing in.
    Refused,
    /// Too many wrong passwords for this account lately.
    LockedOut,
    /// Too many wrong passwords from this client lately; nothing was checked.
    ClientBlocked,
}

/// A hash of nothing in particular, verified against when the email is
/// unknown so that answer takes as long as a wrong password.
async fn decoy_hash() -> &'static str {
    static DECOY: OnceCell<String> = OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            hash_password("decoy password nobody has".into()).await.expect("hashing a fixed password works")
        })
        .await
}

/// Checks `email` (as typed into the form; an address that does not parse
/// has no account and is refused like any other) and `password`, sent from
/// `client`.
pub async fn sign_in<S: Store>(
    store: &S,
    email: &str,
    password: &str,
    client: IpAddr,
    now_ms: i64,
) -> Result<SignIn, StoreError> {
    throttle::from_client(store, client, now_ms, SignIn::ClientBlocked, |gate| {
        check_candidates(store, email, password, gate, now_ms)
    })
    .await
}

async fn check_candidates<S: Store>(
    store: &S,
    email: &str,
    password: &str,
    client: Gate,
    now_ms: i64,
) -> Result<SignIn, StoreError> {
    let candidates = match Email::parse(email) {
        Ok(email) => store.users_by_email(&email).await?,
        Err(_) => Vec::new(),
    };
    let mut evaluated = false;
    for user in candidates.into_iter().filter(|u| !u.disabled) {
        let Some(hash) = store.user_password_hash(user.org_id, user.id).await? else { continue };
        if throttle::password_for_account(store, user.id, now_ms).await? == Gate::Closed {
            throttle::not_evaluated(store, client).await?;
            audit(store, &user, "sign_in.locked_out").await;
            return Ok(SignIn::LockedOut);
        }
        evaluated = true;
        if verify_password(password.to_string(), hash).await {
            throttle::password_was_right(store, client, user.id).await?;
            audit(store, &user, "sign_in").await;
            return Ok(SignIn::SignedIn(user));
        }
        audit(store, &user, "sign_in.failed").await;
    }
    if !evaluated {
        verify_password(password.to_string(), decoy_hash().await.to_string()).await;
    }
    Ok(SignIn::Refused)
}

/// The account page's check of a signed-in user's current password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrentPassword {
    Right,
    Wrong,
    /// Too many wrong passwords for the account or from the client lately; nothing was checked.
    TooManyAttempts,
}

/// Checks `user`'s current password under the same limits as signing in
/// (and in the audit log as `sign_in.recheck_…`),
/// so a stolen session cannot be used to guess it.
pub async fn check_current_password<S: Store>(
    store: &S,
    user: &User,
    password: &str,
    client: IpAddr,
    now_ms: i64,
) -> Result<CurrentPassword, StoreError> {
    throttle::from_client(store, client, now_ms, CurrentPassword::TooManyAttempts, |gate| {
        check_current(store, user, password, gate, now_ms)
    })
    .await
}

async fn check_current<S: Store>(
    store: &S,
    user: &User,
    password: &str,
    client: Gate,
    now_ms: i64,
) -> Result<CurrentPassword, StoreError> {
    if throttle::password_for_account(store, user.id, now_ms).await? == Gate::Closed {
        throttle::not_evaluated(store, client).await?;
        audit(store, user, "sign_in.recheck_locked_out").await;
        return Ok(CurrentPassword::TooManyAttempts);
    }
    let stored = store.user_password_hash(user.org_id, user.id).await?.unwrap_or_default();
    if verify_password(password.to_string(), stored).await {
        throttle::password_was_right(store, client, user.id).await?;
        return Ok(CurrentPassword::Right);
    }
    audit(store, user, "sign_in.recheck_failed").await;
    Ok(CurrentPassword::Wrong)
}

/// Sign-ins are part of the audit log; a failure to record one is logged, not fatal.
async fn audit<S: Store>(store: &S, user: &User, action: &str) {
    let entry = NewAuditEntry {
        actor_id: Some(user.id),
        actor: user.email.to_string(),
        action: action.into(),
        subject: user.email.to_string(),
        detail: String::new(),
    };
    if let Err(error) = store.record_audit(user.org_id, entry).await {
        tracing::warn!(%error, "could not record a sign-in in the audit log");
    }
}

/// Computes the decoy hash ahead of the first sign-in (at server start).
pub async fn prepare() {
    decoy_hash().await;
}
