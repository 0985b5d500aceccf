//! `/admin/users/{id}`: changing a user's name, role and scope, and
//! disabling or re-enabling them. Disabling also ends their sessions. An
//! admin cannot disable or demote themselves, so an organisation always
//! keeps the admin who is acting.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::accounts::users;
use vocal_app::organisation::audit;
use vocal_domain::{Role, UserId};
use vocal_store::{Store, StoreError, User, UserChange};

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
    let org = admin.user.org_id;
    // The email is how they sign in: it stays.
    form.email = user.email.clone();
    let checked = match form.account() {
        Ok(account) if user.id == admin.user.id && account.role != Role::Admin => {
            Err(FieldErrors::one("role", "You cannot take away your own admin role; ask another admin."))
        }
        Ok(account) => match users::validate(&app.store, org, &account).await {
            Ok(valid) => Ok(valid.change()),
            Err(error) => Err(field_errors(error)?),
        },
        Err(errors) => Err(errors),
    };
    let change = match checked {
        Ok(change) => change,
        Err(errors) => {
            let shown = Shown {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                notice: None,
                problem: None,
                form: Some(&form),
                errors: &errors,
            };
            return user_page(&app, &admin, &user, shown).await;
        }
    };
    let before =
        UserChange { name: user.name.clone(), role: user.role, unit_id: user.unit_id, agent_id: user.agent_id };
    if change == before {
        return back(&user, "unchanged");
    }
    if !app.store.update_user(org, user.id, change.clone()).await? {
        return Ok(not_found());
    }
    let names = Names::load(&app, org).await?;
    let describe = |c: &UserChange| format!("{} ({}, {})", c.name, c.role, names.scope(c.unit_id, c.agent_id));
    audit::record(
        &app.store,
        &admin.user,
        "user.update",
        user.email.clone(),
        format!("{} → {}", describe(&before), describe(&change)),
    )
    .await?;
    back(&user, "updated")
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
    let org = admin.user.org_id;
    if disabled && user.id == admin.user.id {
        let errors = FieldErrors::default();
        let shown = Shown {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            notice: None,
            problem: Some("You cannot disable yourself; ask another admin."),
            form: None,
            errors: &errors,
        };
        return user_page(&app, &admin, &user, shown).await;
    }
    if user.disabled == disabled {
        return back(&user, "unchanged");
    }
    if !app.store.set_user_disabled(org, user.id, disabled).await? {
        return Ok(not_found());
    }
    let (action, detail, done) = if disabled {
        app.store.delete_user_sessions(org, user.id).await?;
        ("user.disable", "enabled → disabled", "disabled")
    } else {
        ("user.enable", "disabled → enabled", "enabled")
    };
    audit::record(&app.store, &admin.user, action, user.email.clone(), detail).await?;
    back(&user, done)
}
