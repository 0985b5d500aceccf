//! The admins' settings: the unit tree, users, API keys, surveys, alert
//! rules, the audit log and the job queue. Every handler takes [`Admin`](crate::session::Admin), so
//! anyone else gets the same 404 as a page that does not exist; every change
//! writes one audit entry saying who did what, before → after.

mod alert_rules;
mod audit;
mod jobs;
mod keys;
mod overview;
mod surveys;
mod themes;
mod units;
mod user_edit;
mod users;

use axum::Router;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use vocal_domain::OrgId;
use vocal_store::Store;

use super::{Policy, RoutePolicy};
use crate::server::App;
use crate::session::Admin;

pub const POLICIES: &[RoutePolicy] = &[
    ("/admin", Policy::Admin),
    ("/admin/units", Policy::Admin),
    ("/admin/units/{id}", Policy::Admin),
    ("/admin/units/{id}/rename", Policy::Admin),
    ("/admin/units/{id}/move", Policy::Admin),
    ("/admin/users", Policy::Admin),
    ("/admin/users/{id}", Policy::Admin),
    ("/admin/users/{id}/disable", Policy::Admin),
    ("/admin/users/{id}/enable", Policy::Admin),
    ("/admin/api-keys", Policy::Admin),
    ("/admin/api-keys/{id}/revoke", Policy::Admin),
    ("/admin/surveys", Policy::Admin),
    ("/admin/surveys/{id}", Policy::Admin),
    ("/admin/alert-rules", Policy::Admin),
    ("/admin/themes", Policy::Admin),
    ("/admin/audit", Policy::Admin),
    ("/admin/jobs", Policy::Admin),
    ("/admin/jobs/{id}/retry", Policy::Admin),
];

pub fn routes<S: Store>() -> Router<App<S>> {
    Router::new()
        .route("/admin", get(overview::show::<S>))
        .route("/admin/units", get(units::list::<S>).post(units::create::<S>))
        .route("/admin/units/{id}", get(units::show::<S>))
        .route("/admin/units/{id}/rename", get(to_unit).post(units::rename::<S>))
        .route("/admin/units/{id}/move", get(to_unit).post(units::move_to::<S>))
        .route("/admin/users", get(users::list::<S>).post(users::create::<S>))
        .route("/admin/users/{id}", get(user_edit::show::<S>).post(user_edit::update::<S>))
        .route("/admin/users/{id}/disable", get(to_user).post(user_edit::disable::<S>))
        .route("/admin/users/{id}/enable", get(to_user).post(user_edit::enable::<S>))
        .route("/admin/api-keys", get(keys::list::<S>).post(keys::create::<S>))
        .route("/admin/api-keys/{id}/revoke", get(to_keys).post(keys::revoke::<S>))
        .route("/admin/surveys", get(surveys::list::<S>))
        .route("/admin/surveys/{id}", get(surveys::show::<S>))
        .route("/admin/alert-rules", get(alert_rules::show::<S>).post(alert_rules::apply::<S>))
        .route("/admin/themes", get(themes::show::<S>).post(themes::apply::<S>))
        .route("/admin/audit", get(audit::list::<S>))
        .route("/admin/jobs", get(jobs::list::<S>))
        .route("/admin/jobs/{id}/retry", get(to_jobs).post(jobs::retry::<S>))
}

// A refused form is shown at its action's address; opening that address
// again (Enter in the address bar) leads to the form's page, not a 405.

async fn to_unit(_admin: Admin, Path(id): Path<String>) -> Response {
    back_to("/admin/units", &id)
}

async fn to_user(_admin: Admin, Path(id): Path<String>) -> Response {
    back_to("/admin/users", &id)
}

async fn to_keys(_admin: Admin) -> Response {
    Redirect::to("/admin/api-keys").into_response()
}

async fn to_jobs(_admin: Admin) -> Response {
    Redirect::to("/admin/jobs").into_response()
}

fn back_to(area: &str, id: &str) -> Response {
    match parse_id(id) {
        Some(id) => Redirect::to(&format!("{area}/{id}")).into_response(),
        None => super::errors::not_found(),
    }
}

pub(super) use super::errors::{Failure, PageResult};

/// The messages of a refused form, by field name, for the page to show
/// next to each field.
#[derive(Debug, Default)]
pub(super) struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    pub fn one(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        errors
    }
}

/// `?done=…` on the page a change redirects to, naming a fixed notice.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct Done {
    pub done: Option<String>,
}

/// The organisation's time zone, for showing times as people there read them.
/// A file posted from a Settings editor (`app/admin/file_editor.html`):
/// the alert rules, the theme taxonomy.
#[derive(Debug, serde::Deserialize)]
pub(super) struct PostedFile {
    file: String,
}

/// `?saved=1`: the page after a file was applied says so.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct Saved {
    saved: Option<String>,
}

impl Saved {
    fn is_set(&self) -> bool {
        self.saved.is_some()
    }
}

pub(super) async fn time_zone<S: Store>(
    app: &App<S>,
    org: OrgId,
) -> Result<jiff::tz::TimeZone, vocal_app::live_index::IndexError> {
    let index = app.indexes.get(&app.store, org).await?;
    Ok(index.read().await.index.time_zone().clone())
}

/// A stored time as `2026-03-01 14:05` in `zone`.
pub(super) fn when(at_ms: i64, zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|t| t.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// An id in a path; anything else is a page that does not exist.
pub(super) fn parse_id(text: &str) -> Option<i64> {
    text.parse().ok().filter(|id: &i64| *id > 0)
}
