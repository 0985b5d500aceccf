//! Signing in and out. A successful sign-in gets a fresh session id (no
//! fixation); signing out ends the session in the database.

use askama::Template;
use axum::Form;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;
use vocal_app::accounts::sign_in::{SignIn, sign_in};
use vocal_store::Store;

use super::chrome::{Chrome, render};
use crate::client_ip::ClientIp;
use crate::server::App;
use crate::session::{SIGNED_IN, SignedInAs};

#[derive(Template)]
#[template(path = "app/sign_in.html")]
struct SignInPage<'a> {
    chrome: &'a Chrome,
    problem: Option<&'a str>,
    notice: Option<&'a str>,
    email: &'a str,
    next: &'a str,
    sso: bool,
}

#[derive(serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    done: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Where to go after signing in: only a path on this site (never `//host`).
/// Where a person starts: an agent on their own coaching page, everyone
/// else on the dashboard.
pub fn landing(user: &vocal_store::User) -> String {
    match (user.role, user.agent_id) {
        (vocal_domain::Role::Agent, Some(agent)) => format!("/agents/{}", agent.0),
        _ => "/dashboard".into(),
    }
}

pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    if local && !next.chars().any(char::is_control) { next } else { "/dashboard" }
}

pub async fn show<S: Store>(State(app): State<App<S>>, session: Session, Query(query): Query<NextQuery>) -> Response {
    let next = safe_next(query.next.as_deref().unwrap_or("/dashboard"));
    if session.get::<SignedInAs>(SIGNED_IN).await.ok().flatten().is_some() {
        return Redirect::to(next).into_response();
    }
    let notice = match query.done.as_deref() {
        Some("signed-out") => Some("You are signed out."),
        Some("password") => Some("Your password is set. Sign in with it."),
        _ => None,
    };
    page(&app, StatusCode::OK, None, notice, "", next)
}

/// The sign-in page, with a problem or a notice (also single sign-on's refusals).
pub(crate) fn page<S: Store>(
    app: &App<S>,
    status: StatusCode,
    problem: Option<&str>,
    notice: Option<&str>,
    email: &str,
    next: &str,
) -> Response {
    let chrome = Chrome::signed_out(app.secure());
    let sso = app.settings.oidc_issuer.is_some();
    render(status, &SignInPage { chrome: &chrome, problem, notice, email, next, sso }, &chrome)
}

pub async fn submit<S: Store>(
    State(app): State<App<S>>,
    ClientIp(client): ClientIp,
    session: Session,
    Form(form): Form<SignInForm>,
) -> Response {
    let next = safe_next(&form.next).to_string();
    let outcome = match sign_in(&app.store, &form.email, &form.password, client, vocal_app::now_ms()).await {
        Ok(outcome) => outcome,
        Err(error) => return super::errors::server_error(error),
    };
    match outcome {
        SignIn::SignedIn(user) => match start_session(&session, &user).await {
            // Asked for nothing in particular: each person's own start page.
            Ok(()) if next == "/dashboard" => Redirect::to(&landing(&user)).into_response(),
            Ok(()) => Redirect::to(&next).into_response(),
            Err(error) => super::errors::server_error(error),
        },
        SignIn::Refused => {
            page(&app, StatusCode::UNAUTHORIZED, Some("The email or password is wrong."), None, &form.email, &next)
        }
        SignIn::LockedOut => page(
            &app,
            StatusCode::TOO_MANY_REQUESTS,
            Some("Too many wrong passwords for this account. Try again in 15 minutes, or reset your password."),
            None,
            &form.email,
            &next,
        ),
        SignIn::ClientBlocked => page(
            &app,
            StatusCode::TOO_MANY_REQUESTS,
            Some("Too many wrong passwords from your network. Try again in 15 minutes."),
            None,
            &form.email,
            &next,
        ),
    }
}

/// A fresh session id for the signed-in user (also used by single sign-on),
/// stored before the answer: the session layer's own save after the handler
/// could only answer a bare 500, where a database that cannot write now
/// deserves the 503 the handler gives it.
pub async fn start_session(session: &Session, user: &vocal_store::User) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.insert(SIGNED_IN, SignedInAs { org: user.org_id, user: user.id }).await?;
    session.save().await
}

pub async fn sign_out(session: Session) -> Response {
    if let Err(error) = session.flush().await {
        return super::errors::server_error(error);
    }
    Redirect::to("/sign-in?done=signed-out").into_response()
}
