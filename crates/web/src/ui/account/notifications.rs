//! How alerts reach the signed-in person: email on or off, SMS on or off
//! with their mobile number, and the language (docs/accounts.md). The form
//! sits on the account page and posts here; `vocal user notify` makes the
//! same change for admins.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vocal_app::accounts::notification_preferences::{self, PreferencesChange, PreferencesError};
use vocal_store::{NotificationPreferences, Store};

use super::page;
use crate::server::App;
use crate::session::CurrentUser;

/// The form as shown: the stored preferences, or what was typed with the
/// problem next to its field.
#[derive(Debug, Default)]
pub struct AlertsForm {
    pub email: bool,
    pub sms: bool,
    pub mobile: String,
    pub language: String,
    pub languages: Vec<(&'static str, &'static str)>,
    pub mobile_error: Option<String>,
    pub sms_error: Option<String>,
    pub language_error: Option<String>,
}

impl AlertsForm {
    pub fn stored(p: &NotificationPreferences) -> Self {
        AlertsForm {
            email: p.email,
            sms: p.sms,
            mobile: p.mobile.as_ref().map(|m| m.as_str().to_string()).unwrap_or_default(),
            language: p.language.clone(),
            languages: notification_preferences::languages().collect(),
            ..AlertsForm::default()
        }
    }
}

/// What the form posts. Unticked boxes send nothing; the language select
/// always sends its value, so a post without it did not come from the form
/// and changes nothing.
#[derive(serde::Deserialize)]
pub struct AlertsPost {
    email: Option<String>,
    sms: Option<String>,
    #[serde(default)]
    mobile: String,
    language: Option<String>,
}

/// The form lives on the account page; a signed-in person who opens this
/// address is sent there (others to sign in, as on every scoped page).
pub async fn show(_current: CurrentUser) -> Redirect {
    Redirect::to("/account")
}

pub async fn change<S: Store>(
    State(app): State<App<S>>,
    current: CurrentUser,
    Form(form): Form<AlertsPost>,
) -> Response {
    let mut shown = AlertsForm {
        email: form.email.is_some(),
        sms: form.sms.is_some(),
        mobile: form.mobile.clone(),
        language: form.language.clone().unwrap_or_default(),
        languages: notification_preferences::languages().collect(),
        ..AlertsForm::default()
    };
    let Some(language) = form.language else {
        shown.language_error = Some("Choose the language of your alerts.".into());
        return page(&app, &current, StatusCode::UNPROCESSABLE_ENTITY, None, Default::default(), Some(shown)).await;
    };
    let change = PreferencesChange {
        email: Some(shown.email),
        sms: Some(shown.sms),
        mobile: Some(form.mobile),
        language: Some(language),
    };
    let user = &current.user;
    match notification_preferences::change(&app.store, user.into(), user, &change).await {
        Ok(_) => Redirect::to("/account?done=notifications").into_response(),
        Err(PreferencesError::Store(error)) => super::super::errors::server_error(error),
        Err(error) => {
            let message = super::sentence(error.to_string().split_once(": ").map_or("", |(_, m)| m));
            match error.field() {
                Some("mobile") => shown.mobile_error = Some(message),
                Some("sms") => shown.sms_error = Some(message),
                _ => shown.language_error = Some(message),
            }
            page(&app, &current, StatusCode::UNPROCESSABLE_ENTITY, None, Default::default(), Some(shown)).await
        }
    }
}
