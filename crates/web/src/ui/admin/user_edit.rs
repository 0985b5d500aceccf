//! `/admin/users/{id}`: changing a user's name, role and scope, and
//! disabling or re-enabling them. Disabling also ends their sessions. An
//! admin cannot disable or demote themselves, so an organisation always
//! keeps the admin who is acting.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::accounts::user_changes::{self, Outcome};
use vocal_app::accounts::users::AccountError;
use vocal_app::organisation::audit::Actor;
use vocal_domain::UserId;
use vocal_store::{Store, StoreError, User};

use super::users::{Names, UserForm, field_errors};
use super::{Done, FieldErrors, PageResult, parse_id};
use crate::server::App;
use crate::session::{Admin, CurrentUser};
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors::not_found;

#[derive(Template)]
#[template(path = "app/admin/user.html")]
struct UserPage<'a> {
    chrome: &'a Chrome,
    notice: Option<&'static str>,
    /// A refused disable or enable, shown above the page.
    problem: Option<&'static str>,
    user: &'a User,
    myself: bool,
    password_set: bool,
    form: &'a UserForm,
    errors: &'a FieldErrors,
    units: Vec<String>,
    agents: Vec<String>,
}

fn notice(done: &Done) -> Option<&'static str> {
    match done.done.as_deref()? {
        "updated" => Some("The changes are saved."),
        "disabled" => Some("The user is disabled and signed out everywhere."),
        "enabled" => Some("The user can sign in again."),
        "unchanged" => Some("Nothing changed."),
        _ => None,
    }
}

/// The user at `/admin/users/{id}` in the admin's organisation.
async fn find<S: Store>(app: &App<S>, admin: &CurrentUser, id: &str) -> Result<Option<User>, StoreError> {
    match parse_id(id) {
        Some(id) => app.store.user(admin.user.org_id, UserId(id)).await,
        None => Ok(None),
    }
}

struct Shown<'a> {
    status: StatusCode,
    notice: Option<&'static str>,
    problem: Option<&'static str>,
    form: Option<&'a UserForm>,
    errors: &'a FieldErrors,
}

async fn user_page<S: Store>(app: &App<S>, admin: &CurrentUser, user: &User, shown: Shown<'_>) -> PageResult {
    let org = admin.user.org_id;
    let names = Names::load(app, org).await?;
    let stored = UserForm::of(user, &names);
    let (units, agents) = names.choices();
    let chrome = Chrome::signed_in(admin, Section::Settings);
    let page = UserPage {
        chrome: &chrome,
        notice: shown.notice,
        problem: shown.problem,
        user,
        myself: user.id == admin.user.id,
        password_set: app.store.user_password_hash(org, user.id).await?.is_some(),
        form: shown.form.unwrap_or(&stored),
        errors: shown.errors,
        units,
        agents,
    };
    Ok(render(shown.status, &page, &chrome))
}

pub(super) async fn show<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> PageResult {
    let Some(user) = find(&app, &admin, &id).await? else { return Ok(not_found()) };
    let errors = FieldErrors::default();
    let shown = Shown { status: StatusCode::OK, notice: notice(&done), problem: None, form: None, errors: &errors };
    user_page(&app, &admin, &user, shown).await
}

fn back(user: &User, done: &str) -> PageResult {
    Ok(Redirect::to(&format!("/admin/users/{}?done={done}", user.id.0)).into_response())
}

pub(super) async fn update<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Form(mut form): Form<UserForm>,
) -> PageResult {
    let Some(user) = find(&app, &admin, &id).await? else { return Ok(not_found()) };
    // The email is how they sign in: it stays.
    form.email = user.email.to_string();
    let errors = match form.account() {
        Ok(account) => match user_changes::update(&app.store, &admin.user, &user, account).await {
            Ok(Outcome::Changed) => return back(&user, "updated"),
            Ok(Outcome::Unchanged) => return back(&user, "unchanged"),
            Err(AccountError::NotFound) => return Ok(not_found()),
            Err(other) => field_errors(other)?,
        },
        Err(errors) => errors,
    };
    let shown = Shown {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        notice: None,
        problem: None,
        form: Some(&form),
        errors: &errors,
    };
    user_page(&app, &admin, &user, shown).await
}

pub(super) async fn disable<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> PageResult {
    set_disabled(app, admin, id, true).await
}

pub(super) async fn enable<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> PageResult {
    set_disabled(app, admin, id, false).await
}

async fn set_disabled<S: Store>(app: App<S>, admin: CurrentUser, id: String, disabled: bool) -> PageResult {
    let Some(user) = find(&app, &admin, &id).await? else { return Ok(not_found()) };
    let problem = match user_changes::set_disabled(&app.store, Actor::Person(&admin.user), &user, disabled).await {
        Ok(Outcome::Changed) => return back(&user, if disabled { "disabled" } else { "enabled" }),
        Ok(Outcome::Unchanged) => return back(&user, "unchanged"),
        Err(AccountError::NotFound) => return Ok(not_found()),
        Err(AccountError::Refused(problem)) => problem,
        Err(other) => return Err(other.into()),
    };
    let errors = FieldErrors::default();
    let shown = Shown {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        notice: None,
        problem: Some(problem),
        form: None,
        errors: &errors,
    };
    user_page(&app, &admin, &user, shown).await
}
