//! `/admin/api-keys`: the organisation's API keys, creating one and
//! revoking one. A new key's secret is shown once, on the page that answers
//! the POST (never in a URL, which would land in logs and history); only
//! its hash is stored.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::accounts::api_keys::{KeyError, Revoked, create_key, revoke_key};
use vocal_store::{ApiScope, Store};

use super::{Done, FieldErrors, PageResult, parse_id, time_zone, when};
use crate::server::App;
use crate::session::{Admin, CurrentUser};
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors::not_found;

struct KeyRow {
    id: i64,
    name: String,
    scope: &'static str,
    prefix: String,
    created: String,
    revoked: Option<String>,
}

/// A key just made: its secret, shown this once.
struct NewKey {
    name: String,
    scope: &'static str,
    secret: String,
}

#[derive(Template)]
#[template(path = "app/admin/keys.html")]
struct KeysPage<'a> {
    chrome: &'a Chrome,
    notice: Option<&'static str>,
    created: Option<NewKey>,
    rows: Vec<KeyRow>,
    form: &'a KeyForm,
    errors: &'a FieldErrors,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct KeyForm {
    #[serde(default)]
    name: String,
    /// `read` or `write`.
    #[serde(default)]
    scope: String,
}

fn notice(done: &Done) -> Option<&'static str> {
    match done.done.as_deref()? {
        "revoked" => Some("The key is revoked: requests with it are refused from now on."),
        "unchanged" => Some("That key was revoked already."),
        _ => None,
    }
}

async fn keys_page<S: Store>(
    app: &App<S>,
    admin: &CurrentUser,
    status: StatusCode,
    notice: Option<&'static str>,
    created: Option<NewKey>,
    form: &KeyForm,
    errors: &FieldErrors,
) -> PageResult {
    let org = admin.user.org_id;
    let zone = time_zone(app, org).await?;
    let mut keys = app.store.list_api_keys(org).await?;
    keys.sort_by_key(|k| (k.revoked_at_ms.is_some(), std::cmp::Reverse(k.created_at_ms)));
    let rows = keys
        .into_iter()
        .map(|k| KeyRow {
            id: k.id,
            name: k.name,
            scope: k.scope.as_str(),
            prefix: k.prefix,
            created: when(k.created_at_ms, &zone),
            revoked: k.revoked_at_ms.map(|at| when(at, &zone)),
        })
        .collect();
    let chrome = Chrome::signed_in(admin, Section::Settings);
    let page = KeysPage { chrome: &chrome, notice, created, rows, form, errors };
    Ok(render(status, &page, &chrome))
}

pub(super) async fn list<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Query(done): Query<Done>,
) -> PageResult {
    let form = KeyForm { scope: "read".into(), ..KeyForm::default() };
    keys_page(&app, &admin, StatusCode::OK, notice(&done), None, &form, &FieldErrors::default()).await
}

/// Answers with the page itself (200, `Cache-Control: no-store`), so the
/// secret is shown once and a reload does not make a second key silently.
pub(super) async fn create<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Form(form): Form<KeyForm>,
) -> PageResult {
    let Some(scope) = ApiScope::parse(&form.scope) else {
        let errors = FieldErrors::one("scope", "Choose read or write.");
        return keys_page(&app, &admin, StatusCode::UNPROCESSABLE_ENTITY, None, None, &form, &errors).await;
    };
    let issued = match create_key(&app.store, &admin.user, &form.name, scope).await {
        Ok(issued) => issued,
        Err(KeyError::InvalidName(message)) => {
            let errors = FieldErrors::one("name", message);
            return keys_page(&app, &admin, StatusCode::UNPROCESSABLE_ENTITY, None, None, &form, &errors).await;
        }
        Err(error) => return Err(error.into()),
    };
    let name = issued.record.name.clone();
    let created = NewKey { name, scope: scope.as_str(), secret: issued.secret };
    let blank = KeyForm { scope: "read".into(), ..KeyForm::default() };
    keys_page(&app, &admin, StatusCode::OK, None, Some(created), &blank, &FieldErrors::default()).await
}

pub(super) async fn revoke<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> PageResult {
    let Some(id) = parse_id(&id) else { return Ok(not_found()) };
    match revoke_key(&app.store, &admin.user, id).await {
        Ok(Revoked::Now) => Ok(Redirect::to("/admin/api-keys?done=revoked").into_response()),
        Ok(Revoked::Already) => Ok(Redirect::to("/admin/api-keys?done=unchanged").into_response()),
        Err(KeyError::NotFound) => Ok(not_found()),
        Err(error) => Err(error.into()),
    }
}
