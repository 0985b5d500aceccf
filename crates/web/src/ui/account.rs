//! A person's own account: who they are and what they see, and changing
//! their password (which signs them out everywhere else), and how alerts
//! reach them (`notifications`). The password
//! links (forgot, set) and the admins' outbox live in the submodules.

mod notifications;
mod outbox;
mod password;

use askama::Template;
use axum::Form;
use axum::Router;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use vocal_app::accounts::passwords::{PasswordError, hash_password};
use vocal_app::accounts::sign_in::{CurrentPassword, check_current_password};
use vocal_domain::{Role, UnitTree};
use vocal_store::{NewAuditEntry, Store, User};

use self::notifications::AlertsForm;
use super::chrome::{Chrome, Section, render};
use super::{Policy, RoutePolicy};
use crate::client_ip::ClientIp;
use crate::server::App;
use crate::session::CurrentUser;

pub const POLICIES: &[RoutePolicy] = &[
    ("/account", Policy::Scoped),
    ("/account/notifications", Policy::Scoped),
    ("/password/forgot", Policy::Public),
    ("/password/set/{token}", Policy::Public),
    ("/admin/outbox", Policy::Admin),
    ("/admin/outbox/{id}", Policy::Admin),
];

pub fn routes<S: Store>() -> Router<App<S>> {
    Router::new()
        .route("/account", get(show::<S>).post(change_password::<S>))
        .route("/account/notifications", get(notifications::show).post(notifications::change::<S>))
        .route("/password/forgot", get(password::forgot_form::<S>).post(password::forgot::<S>))
        .route("/password/set/{token}", get(password::set_form::<S>).post(password::set::<S>))
        .route("/admin/outbox", get(outbox::list::<S>))
        .route("/admin/outbox/{id}", get(outbox::message::<S>))
}

/// A problem with one field of a form, shown next to it.
#[derive(Debug, Default)]
pub struct FieldErrors {
    pub current: Option<String>,
    pub password: Option<String>,
    pub confirm: Option<String>,
}

#[derive(Template)]
#[template(path = "app/account/account.html")]
struct AccountPage<'a> {
    chrome: &'a Chrome,
    user: &'a User,
    scope: String,
    notice: Option<&'a str>,
    errors: FieldErrors,
    min_chars: usize,
    alerts: AlertsForm,
}

#[derive(serde::Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn show<S: Store>(State(app): State<App<S>>, current: CurrentUser, Query(query): Query<DoneQuery>) -> Response {
    let notice = match query.done.as_deref() {
        Some("password") => Some("Your password is changed. You are signed out everywhere else."),
        Some("notifications") => Some("Your alert settings are saved."),
        _ => None,
    };
    page(&app, &current, StatusCode::OK, notice, FieldErrors::default(), None).await
}

async fn page<S: Store>(
    app: &App<S>,
    current: &CurrentUser,
    status: StatusCode,
    notice: Option<&str>,
    errors: FieldErrors,
    alerts: Option<AlertsForm>,
) -> Response {
    let scope = match describe_scope(app, &current.user).await {
        Ok(scope) => scope,
        Err(error) => return super::errors::server_error(error),
    };
    let alerts = match alerts {
        Some(typed) => typed,
        None => match app.store.notification_preferences(current.user.org_id, current.user.id).await {
            Ok(stored) => AlertsForm::stored(&stored),
            Err(error) => return super::errors::server_error(error),
        },
    };
    let chrome = Chrome::signed_in(current, Section::None);
    let min_chars = vocal_app::accounts::passwords::MIN_PASSWORD_CHARS;
    render(
        status,
        &AccountPage { chrome: &chrome, user: &current.user, scope, notice, errors, min_chars, alerts },
        &chrome,
    )
}

/// A rule's message as a sentence: `a password needs…` → `A password needs….`
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// What the user sees, in words (the rule itself is `Scope`).
async fn describe_scope<S: Store>(app: &App<S>, user: &User) -> Result<String, vocal_store::StoreError> {
    Ok(match (user.role, user.unit_id, user.agent_id) {
        (Role::Manager, Some(unit), _) => {
            let tree = UnitTree::new(app.store.list_units(user.org_id).await?);
            format!("The unit {} and everything under it", tree.path(unit))
        }
        (Role::Agent, _, Some(agent)) => {
            let agents = app.store.list_agents(user.org_id).await?;
            let name = agents.into_iter().find(|a| a.id == agent).map(|a| a.name).unwrap_or_default();
            format!("The feedback about the agent {name}")
        }
        _ => "The whole organisation".to_string(),
    })
}

/// Checks the current password, sets the new one, ends every session of
/// the user, then signs this browser in again with a fresh session id.
async fn change_password<S: Store>(
    State(app): State<App<S>>,
    ClientIp(client): ClientIp,
    current: CurrentUser,
    Form(form): Form<ChangeForm>,
) -> Response {
    let user = current.user.clone();
    let now = vocal_app::now_ms();
    let mut errors = FieldErrors::default();
    match check_current_password(&app.store, &user, &form.current, client, now).await {
        Ok(CurrentPassword::Right) => {}
        Ok(CurrentPassword::Wrong) => errors.current = Some("This is not your current password.".into()),
        Ok(CurrentPassword::TooManyAttempts) => {
            errors.current = Some("Too many wrong passwords. Try again in 15 minutes.".into());
            return page(&app, &current, StatusCode::TOO_MANY_REQUESTS, None, errors, None).await;
        }
        Err(error) => return super::errors::server_error(error),
    }
    if form.password != form.confirm {
        errors.confirm = Some("The two new passwords differ.".into());
    }
    let hash = match hash_password(form.password).await {
        Ok(hash) => Some(hash),
        Err(error @ (PasswordError::TooShort | PasswordError::TooLong)) => {
            errors.password = Some(sentence(&error.to_string()));
            None
        }
        Err(error) => return super::errors::server_error(error),
    };
    let Some(hash) = hash.filter(|_| errors.current.is_none() && errors.confirm.is_none()) else {
        return page(&app, &current, StatusCode::UNPROCESSABLE_ENTITY, None, errors, None).await;
    };
    let changed = async {
        app.store.set_user_password(user.org_id, user.id, Some(&hash)).await?;
        app.store.delete_user_sessions(user.org_id, user.id).await?;
        let entry = NewAuditEntry {
            actor_id: Some(user.id),
            actor: user.email.to_string(),
            action: "password.change".into(),
            subject: user.email.to_string(),
            detail: "all sessions ended".into(),
        };
        app.store.record_audit(user.org_id, entry).await
    };
    if let Err(error) = changed.await {
        return super::errors::server_error(error);
    }
    match super::sign_in::start_session(&current.session, &user).await {
        Ok(()) => Redirect::to("/account?done=password").into_response(),
        Err(error) => super::errors::server_error(error),
    }
}
