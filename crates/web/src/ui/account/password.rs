//! Password links for people who are not signed in: asking for a reset
//! (one answer whether or not the address has an account) and choosing a
//! password through an emailed link (an invitation or a reset). The token
//! is only in the path: it is never logged, never put into the page, and
//! pages carry `Referrer-Policy: no-referrer` so it does not leak onwards.

use askama::Template;
use axum::Form;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vocal_app::accounts::links::{
    LinkError, find_link, request_password_resets, reset_allowed_from, set_password_with_link,
};
use vocal_domain::Email;
use vocal_store::Store;

use super::{FieldErrors, sentence};
use crate::client_ip::ClientIp;
use crate::server::App;
use crate::ui::chrome::{Chrome, render};

#[derive(Template)]
#[template(path = "app/account/forgot.html")]
struct ForgotPage<'a> {
    chrome: &'a Chrome,
    sent: bool,
    problem: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "app/account/set_password.html")]
struct SetPage<'a> {
    chrome: &'a Chrome,
    email: &'a str,
    invitation: bool,
    errors: FieldErrors,
    min_chars: usize,
}

#[derive(Template)]
#[template(path = "app/account/link_gone.html")]
struct GonePage<'a> {
    chrome: &'a Chrome,
}

#[derive(serde::Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[derive(serde::Deserialize)]
pub struct SetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn forgot_form<S: Store>(State(app): State<App<S>>) -> Response {
    let chrome = Chrome::signed_out(app.secure());
    render(StatusCode::OK, &ForgotPage { chrome: &chrome, sent: false, problem: None }, &chrome)
}

/// Always the same answer, at the same speed: the users are looked up and
/// the mail sent after the answer, so neither the page nor its timing tells
/// whether the address has an account. Only a client that asked too often
/// is told (429): that says nothing about any address.
pub async fn forgot<S: Store>(
    State(app): State<App<S>>,
    ClientIp(client): ClientIp,
    Form(form): Form<ForgotForm>,
) -> Response {
    let chrome = Chrome::signed_out(app.secure());
    let Ok(email) = Email::parse(&form.email) else {
        let problem = Some("Enter the email address you sign in with.");
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ForgotPage { chrome: &chrome, sent: false, problem },
            &chrome,
        );
    };
    let now = vocal_app::now_ms();
    match reset_allowed_from(&app.store, client, now).await {
        Ok(true) => {}
        Ok(false) => {
            let problem = Some("Too many reset requests from your network. Try again in an hour.");
            let page = ForgotPage { chrome: &chrome, sent: false, problem };
            return render(StatusCode::TOO_MANY_REQUESTS, &page, &chrome);
        }
        Err(error) => return crate::ui::errors::server_error(error),
    }
    tokio::spawn(async move {
        let public_url = app.settings.public_url();
        if let Err(error) = request_password_resets(&app.store, &app.mailer, &public_url, &email, now).await {
            tracing::warn!(%error, "could not send a password reset");
        }
    });
    render(StatusCode::OK, &ForgotPage { chrome: &chrome, sent: true, problem: None }, &chrome)
}

/// Shows the form when the link is valid; looking does not use it.
pub async fn set_form<S: Store>(State(app): State<App<S>>, Path(token): Path<String>) -> Response {
    match find_link(&app.store, &token).await {
        Ok(Some((purpose, user))) => set_page(&app, StatusCode::OK, &user.email, purpose, FieldErrors::default()),
        Ok(None) => gone(&app),
        Err(error) => crate::ui::errors::server_error(error),
    }
}

pub async fn set<S: Store>(
    State(app): State<App<S>>,
    Path(token): Path<String>,
    Form(form): Form<SetForm>,
) -> Response {
    let (purpose, user) = match find_link(&app.store, &token).await {
        Ok(Some(found)) => found,
        Ok(None) => return gone(&app),
        Err(error) => return crate::ui::errors::server_error(error),
    };
    let mut errors = FieldErrors::default();
    if form.password != form.confirm {
        errors.confirm = Some("The two passwords differ.".into());
        return set_page(&app, StatusCode::UNPROCESSABLE_ENTITY, &user.email, purpose, errors);
    }
    match set_password_with_link(&app.store, &token, purpose, form.password).await {
        Ok(_) => Redirect::to("/sign-in?done=password").into_response(),
        Err(LinkError::Invalid { message, .. }) => {
            errors.password = Some(sentence(&message));
            set_page(&app, StatusCode::UNPROCESSABLE_ENTITY, &user.email, purpose, errors)
        }
        Err(LinkError::NoLongerValid) => gone(&app),
        Err(error) => crate::ui::errors::server_error(error),
    }
}

fn set_page<S: Store>(
    app: &App<S>,
    status: StatusCode,
    email: &str,
    purpose: vocal_store::LinkPurpose,
    errors: FieldErrors,
) -> Response {
    let chrome = Chrome::signed_out(app.secure());
    let invitation = purpose == vocal_store::LinkPurpose::Invitation;
    let min_chars = vocal_app::accounts::passwords::MIN_PASSWORD_CHARS;
    render(status, &SetPage { chrome: &chrome, email, invitation, errors, min_chars }, &chrome)
}

/// Used, expired or unknown: one friendly answer.
fn gone<S: Store>(app: &App<S>) -> Response {
    let chrome = Chrome::signed_out(app.secure());
    render(StatusCode::GONE, &GonePage { chrome: &chrome }, &chrome)
}
