//! Checking an email and password: one generic answer for every failure,
//! the same work (one argon2 verification) whether or not the email
//! exists, and at most [`MAX_ATTEMPTS_PER_HOUR`] evaluated attempts per
//! account per hour, counted in the database so the limit holds across
//! every process sharing it.

use tokio::sync::OnceCell;
use vocal_domain::Email;
use vocal_store::{NewAuditEntry, Store, StoreError, User};

use crate::accounts::passwords::{hash_password, verify_password};

pub const MAX_ATTEMPTS_PER_HOUR: u64 = 100;
const HOUR_MS: i64 = 3_600_000;

#[derive(Debug)]
pub enum SignIn {
    SignedIn(User),
    /// Unknown email, wrong password, disabled account, no password set:
    /// all look the same to the person signing in.
    Refused,
    /// Too many attempts on this account in the last hour.
    LockedOut,
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
/// has no account and is refused like any other) and `password`.
pub async fn sign_in<S: Store>(store: &S, email: &str, password: &str, now_ms: i64) -> Result<SignIn, StoreError> {
    let candidates = match Email::parse(email) {
        Ok(email) => store.users_by_email(&email).await?,
        Err(_) => Vec::new(),
    };
    let mut evaluated = false;
    for user in candidates.into_iter().filter(|u| !u.disabled) {
        let Some(hash) = store.user_password_hash(user.org_id, user.id).await? else { continue };
        let attempts = store.note_sign_in_attempt(user.org_id, user.id, now_ms, now_ms - HOUR_MS).await?;
        if attempts > MAX_ATTEMPTS_PER_HOUR {
            audit(store, &user, "sign_in.locked_out").await;
            return Ok(SignIn::LockedOut);
        }
        evaluated = true;
        if verify_password(password.to_string(), hash).await {
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
