//! Single-use links that let a person choose a password: an admin's
//! invitation (valid a week) or a reset they asked for (valid an hour).
//! The token is 256 random bits carried only in the emailed link; the
//! database keeps its SHA-256, so a copy of the database opens no account.
//! Only a user's latest link works: storing one ends the others. Using a
//! link sets the password, marks the link used, ends the user's other links
//! and lifts a lockout of the account in one transaction, then ends every
//! session of the user. Reset mails are limited per address and per client
//! (see [`throttle`]).
//! (The email's job holds the link while it waits in the queue, and keeps
//! a copy without it once the message is sent: docs/jobs.md.)

use std::net::IpAddr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRngCore;
use sha2::{Digest, Sha256};
use vocal_domain::Email;
use vocal_store::{AttemptKind, Job, LinkPurpose, NewAuditEntry, NewUserLink, Store, StoreError, User};

use crate::accounts::passwords::{PasswordError, hash_password};
use crate::accounts::throttle::{self, Gate};
use crate::messaging::email::{Mail, MailError, Mailer};

/// How long an invitation stays valid: people do not always read mail at once.
pub const INVITATION_VALID_MS: i64 = 7 * 24 * 3_600_000;
/// How long a reset link stays valid: short, since it was just asked for.
pub const RESET_VALID_MS: i64 = 3_600_000;

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The new password breaks a rule; shown next to the field.
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// Used, expired, unknown or for a disabled user: all look alike.
    #[error("this link is no longer valid")]
    NoLongerValid,
    #[error(transparent)]
    Password(PasswordError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Mail(#[from] MailError),
}

impl From<PasswordError> for LinkError {
    fn from(error: PasswordError) -> Self {
        match error {
            PasswordError::TooShort | PasswordError::TooLong => {
                LinkError::Invalid { field: "password", message: error.to_string() }
            }
            PasswordError::Hashing(_) => LinkError::Password(error),
        }
    }
}

/// A fresh token for a link: 32 random bytes in base64url (43 characters).
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).expect("the operating system's random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Queues an email to `user` with a link to set their first password,
/// naming who invited them (a worker sends it: docs/jobs.md).
pub async fn send_invitation<S: Store>(
    store: &S,
    mailer: &Mailer,
    public_url: &str,
    user: &User,
    invited_by: &User,
) -> Result<Job, LinkError> {
    let (link, expires) = create_link(store, public_url, user, LinkPurpose::Invitation, INVITATION_VALID_MS).await?;
    audit(store, user, Some(invited_by), "user.invite", "an invitation link was emailed").await?;
    let email = Mail::AccountInvitation {
        organisation: organisation_name(store, user).await?,
        name: user.name.clone(),
        invited_by: invited_by.name.clone(),
        link,
        expires: format!("in 7 days ({expires})"),
    };
    Ok(mailer.queue(store, user.org_id, &email.message(user.email.as_str())?).await?)
}

/// Whether `client` may ask for another reset now (counted per client address).
pub async fn reset_allowed_from<S: Store>(store: &S, client: IpAddr, now_ms: i64) -> Result<bool, StoreError> {
    let subject = throttle::client_key(client);
    let gate = throttle::enter(
        store,
        AttemptKind::ResetFromClient,
        &subject,
        throttle::MAX_RESETS_PER_CLIENT,
        throttle::RESET_WINDOW_MS,
        now_ms,
    )
    .await?;
    Ok(gate != Gate::Closed)
}

/// A reset asked for `email`: each enabled user with that address gets a
/// link, unless the address had [`throttle::MAX_RESETS_PER_ADDRESS`] this
/// hour. Counted whether or not the address has an account, so the limit
/// tells nothing either. How many mails were sent.
pub async fn request_password_resets<S: Store>(
    store: &S,
    mailer: &Mailer,
    public_url: &str,
    email: &Email,
    now_ms: i64,
) -> Result<usize, LinkError> {
    let subject = URL_SAFE_NO_PAD.encode(token_hash(email.as_str()));
    let gate = throttle::enter(
        store,
        AttemptKind::ResetForAddress,
        &subject,
        throttle::MAX_RESETS_PER_ADDRESS,
        throttle::RESET_WINDOW_MS,
        now_ms,
    )
    .await?;
    if gate == Gate::Closed {
        return Ok(0);
    }
    let mut sent = 0;
    for user in store.users_by_email(email).await?.iter().filter(|u| !u.disabled) {
        send_password_reset(store, mailer, public_url, user).await?;
        sent += 1;
    }
    Ok(sent)
}

/// Queues an email to `user` with a link to choose a new password.
pub async fn send_password_reset<S: Store>(
    store: &S,
    mailer: &Mailer,
    public_url: &str,
    user: &User,
) -> Result<Job, LinkError> {
    let (link, expires) = create_link(store, public_url, user, LinkPurpose::PasswordReset, RESET_VALID_MS).await?;
    audit(store, user, None, "password.reset_requested", "a reset link was emailed").await?;
    let email = Mail::PasswordReset {
        organisation: organisation_name(store, user).await?,
        name: user.name.clone(),
        link,
        expires: format!("in 1 hour ({expires})"),
    };
    Ok(mailer.queue(store, user.org_id, &email.message(user.email.as_str())?).await?)
}

/// Stores a new link; returns its address and when it expires, for people.
async fn create_link<S: Store>(
    store: &S,
    public_url: &str,
    user: &User,
    purpose: LinkPurpose,
    valid_ms: i64,
) -> Result<(String, String), LinkError> {
    let token = new_token();
    let expires_at_ms = crate::now_ms() + valid_ms;
    let link =
        NewUserLink { org_id: user.org_id, user_id: user.id, purpose, token_hash: token_hash(&token), expires_at_ms };
    store.create_user_link(link).await?;
    let expires = jiff::Timestamp::from_millisecond(expires_at_ms)
        .map(|at| at.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    Ok((format!("{}/password/set/{token}", public_url.trim_end_matches('/')), expires))
}

async fn organisation_name<S: Store>(store: &S, user: &User) -> Result<String, StoreError> {
    let orgs = store.list_orgs().await?;
    Ok(orgs.into_iter().find(|o| o.id == user.org_id).map(|o| o.name).unwrap_or_default())
}

/// The user a link is for, without using it (to show the form on GET).
pub async fn user_for_link<S: Store>(store: &S, token: &str, purpose: LinkPurpose) -> Result<Option<User>, StoreError> {
    store.peek_user_link(token_hash(token), purpose, crate::now_ms()).await
}

/// Which kind of link `token` is, and for whom, if it is still valid.
pub async fn find_link<S: Store>(store: &S, token: &str) -> Result<Option<(LinkPurpose, User)>, StoreError> {
    for purpose in [LinkPurpose::Invitation, LinkPurpose::PasswordReset] {
        if let Some(user) = user_for_link(store, token, purpose).await? {
            return Ok(Some((purpose, user)));
        }
    }
    Ok(None)
}

/// Sets the password through the link (once), then signs the user out everywhere.
/// The rules are checked first, so a refused password leaves the link usable.
pub async fn set_password_with_link<S: Store>(
    store: &S,
    token: &str,
    purpose: LinkPurpose,
    new_password: String,
) -> Result<User, LinkError> {
    let hash = hash_password(new_password).await?;
    let user = store
        .use_user_link(token_hash(token), purpose, crate::now_ms(), &hash)
        .await?
        .ok_or(LinkError::NoLongerValid)?;
    store.delete_user_sessions(user.org_id, user.id).await?;
    let detail = match purpose {
        LinkPurpose::Invitation => "through an invitation link",
        LinkPurpose::PasswordReset => "through a reset link",
    };
    audit(store, &user, Some(&user), "password.set", detail).await?;
    Ok(user)
}

async fn audit<S: Store>(
    store: &S,
    user: &User,
    actor: Option<&User>,
    action: &str,
    detail: &str,
) -> Result<(), StoreError> {
    let entry = NewAuditEntry {
        actor_id: actor.map(|a| a.id),
        actor: actor.map_or_else(|| "anonymous".to_string(), |a| a.email.to_string()),
        action: action.into(),
        subject: user.email.to_string(),
        detail: detail.into(),
    };
    store.record_audit(user.org_id, entry).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bits_url_safe_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_eq!(token_hash(&a), <[u8; 32]>::from(Sha256::digest(a.as_bytes())));
    }
}
