//! What admins do to accounts, each as one call that checks the request,
//! makes the change, writes its audit entry (`user.create`, `user.update`,
//! `user.disable`, `user.enable`) and does what follows from it (an
//! invitation email; ending a disabled user's sessions). The admins' pages
//! and `vocal user …` both call these, so a user disabled either way is
//! signed out everywhere and logged alike.

use vocal_store::{Store, User, UserChange};

use super::links::send_invitation;
use super::users::{AccountError, NewAccount, ScopeNames, create, create_invited, invalid, validate};
use crate::messaging::email::Mailer;
use crate::organisation::audit::{self, Actor};

/// A user created through the admins' pages: without a password, with an
/// invitation to choose one.
#[derive(Debug)]
pub struct Invited {
    pub user: User,
    /// Whether the invitation email was queued (a worker sends it, or keeps
    /// it in the outbox); a user whose email could not be queued is still
    /// created, and the log says why.
    pub invitation_sent: bool,
}

/// What an edit, a disable or an enable came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Changed,
    /// The user already was as asked: nothing stored or logged.
    Unchanged,
}

/// Creates the user `admin` described and emails them an invitation.
pub async fn invite<S: Store>(
    store: &S,
    mailer: &Mailer,
    public_url: &str,
    admin: &User,
    account: NewAccount,
) -> Result<Invited, AccountError> {
    let user = create_invited(store, admin.org_id, account).await?;
    log_created(store, admin.into(), &user).await?;
    let invitation_sent = match send_invitation(store, mailer, public_url, &user, admin).await {
        Ok(_) => true,
        Err(error) => {
            tracing::warn!(%error, user = %user.email, "an invitation could not be sent");
            false
        }
    };
    Ok(Invited { user, invitation_sent })
}

/// Creates a user with a password (the one given, or a generated one that
/// is returned to be shown once): `vocal user create`.
pub async fn add<S: Store>(
    store: &S,
    actor: Actor<'_>,
    account: NewAccount,
    password: Option<String>,
) -> Result<(User, Option<String>), AccountError> {
    let (user, generated) = create(store, actor.org(), account, password).await?;
    log_created(store, actor, &user).await?;
    Ok((user, generated))
}

async fn log_created<S: Store>(store: &S, actor: Actor<'_>, user: &User) -> Result<(), AccountError> {
    let names = ScopeNames::load(store, user.org_id).await?;
    let after = names.describe(&change_of(user));
    audit::record(store, actor, "user.create", user.email.to_string(), format!("(none) → {after}")).await?;
    Ok(())
}

fn change_of(user: &User) -> UserChange {
    UserChange { name: user.name.clone(), role: user.role, unit_id: user.unit_id, agent_id: user.agent_id }
}

/// Changes `user`'s name, role and scope as `admin` described them (the
/// email in `account` is ignored: it is how they sign in). An admin cannot
/// take away their own admin role, so an organisation keeps the admin who acts.
pub async fn update<S: Store>(
    store: &S,
    admin: &User,
    user: &User,
    mut account: NewAccount,
) -> Result<Outcome, AccountError> {
    if user.id == admin.id && account.role != vocal_domain::Role::Admin {
        return Err(invalid("role", "You cannot take away your own admin role; ask another admin."));
    }
    account.email = user.email.to_string();
    let change = validate(store, admin.org_id, &account).await?.change();
    let before = change_of(user);
    if change == before {
        return Ok(Outcome::Unchanged);
    }
    if !store.update_user(admin.org_id, user.id, change.clone()).await? {
        return Err(AccountError::NotFound);
    }
    let names = ScopeNames::load(store, admin.org_id).await?;
    let detail = format!("{} → {}", names.describe(&before), names.describe(&change));
    audit::record(store, admin, "user.update", user.email.to_string(), detail).await?;
    Ok(Outcome::Changed)
}

/// Disables `user` (ending every session they have) or lets them sign in
/// again. Nobody disables themselves: another admin has to.
pub async fn set_disabled<S: Store>(
    store: &S,
    actor: Actor<'_>,
    user: &User,
    disabled: bool,
) -> Result<Outcome, AccountError> {
    if disabled && actor.person().is_some_and(|me| me.id == user.id) {
        return Err(AccountError::Refused("You cannot disable yourself; ask another admin."));
    }
    if user.disabled == disabled {
        return Ok(Outcome::Unchanged);
    }
    let org = actor.org();
    if !store.set_user_disabled(org, user.id, disabled).await? {
        return Err(AccountError::NotFound);
    }
    let (action, detail) = if disabled {
        store.delete_user_sessions(org, user.id).await?;
        ("user.disable", "enabled → disabled")
    } else {
        ("user.enable", "disabled → enabled")
    };
    audit::record(store, actor, action, user.email.to_string(), detail).await?;
    Ok(Outcome::Changed)
}
