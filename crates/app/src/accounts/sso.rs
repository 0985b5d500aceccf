//! Single sign-on's rule for who may come in: the identity provider vouches
//! for an email address, and that address must belong to an enabled Vocal
//! user an admin created. Single sign-on never creates users and never
//! changes a role or scope: those stay the admin's (docs/accounts.md).

use vocal_domain::Email;
use vocal_store::{NewAuditEntry, Store, StoreError, User};

/// What an email vouched for by the identity provider comes to.
#[derive(Debug)]
pub enum SsoSignIn {
    /// An enabled user with this email; the sign-in is in the audit log.
    SignedIn(User),
    /// No enabled user has this email (none at all, or only disabled ones).
    NoAccount,
}

/// Matches `email` (lower case, as stored) to an enabled user and
/// records `sign_in.sso` for them. When several organisations have an enabled
/// user with the address, the first the store lists wins, as with passwords.
pub async fn sign_in_by_email<S: Store>(store: &S, email: &Email) -> Result<SsoSignIn, StoreError> {
    let user = store.users_by_email(email).await?.into_iter().find(|user| !user.disabled);
    let Some(user) = user else { return Ok(SsoSignIn::NoAccount) };
    let entry = NewAuditEntry {
        actor_id: Some(user.id),
        actor: user.email.to_string(),
        action: "sign_in.sso".into(),
        subject: user.email.to_string(),
        detail: String::new(),
    };
    // Like password sign-ins: a failure to record one is logged, not fatal.
    if let Err(error) = store.record_audit(user.org_id, entry).await {
        tracing::warn!(%error, "could not record a single sign-on in the audit log");
    }
    Ok(SsoSignIn::SignedIn(user))
}
