//! `/admin/users`: who can sign in, with their role and scope, and inviting
//! someone new. A new user gets no password: an invitation email lets them
//! choose one. The checks are the CLI's (`vocal_app::accounts::users`).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::accounts::user_changes;
use vocal_app::accounts::users::{AccountError, NewAccount, ScopeNames};
use vocal_domain::{OrgId, Role, UnitPath};
use vocal_store::{Store, User};

use super::{Done, FieldErrors, PageResult};
use crate::server::App;
use crate::session::{Admin, CurrentUser};
use crate::ui::chrome::{Chrome, Section, render};

/// The user form as typed: kept as text so a refused form comes back as it was sent.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(super) struct UserForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// A unit path (managers only).
    #[serde(default)]
    pub unit: String,
    /// An agent's name (agent users only).
    #[serde(default)]
    pub agent: String,
}

impl UserForm {
    /// The form of an existing user.
    pub fn of(user: &User, names: &Names) -> UserForm {
        UserForm {
            email: user.email.to_string(),
            name: user.name.clone(),
            role: user.role.as_str().to_string(),
            unit: user.unit_id.map(|u| names.0.tree.path(u)).unwrap_or_default(),
            agent: user.agent_id.map(|a| names.0.agent(a)).unwrap_or_default(),
        }
    }

    /// The account described, or what to fix in the fields the account checks do not read.
    pub fn account(&self) -> Result<NewAccount, FieldErrors> {
        let role = self.role.parse::<Role>().map_err(|_| FieldErrors::one("role", "Choose a role from the list."))?;
        let unit = match self.unit.trim() {
            "" => None,
            text => Some(UnitPath::parse(text).map_err(|m| FieldErrors::one("unit", m))?),
        };
        let agent = Some(self.agent.trim()).filter(|a| !a.is_empty()).map(str::to_string);
        Ok(NewAccount { email: self.email.clone(), name: self.name.clone(), role, unit, agent })
    }
}

/// A refused account as the form's field errors; anything else is a failure.
pub(super) fn field_errors(error: AccountError) -> Result<FieldErrors, super::Failure> {
    match error {
        AccountError::Invalid { field, message } => Ok(FieldErrors::one(field, message)),
        other => Err(other.into()),
    }
}

/// The unit tree and agents, to show and choose a user's scope.
pub(super) struct Names(pub ScopeNames);

impl Names {
    pub async fn load<S: Store>(app: &App<S>, org: OrgId) -> Result<Names, super::Failure> {
        Ok(Names(ScopeNames::load(&app.store, org).await?))
    }

    /// Unit paths and agent names for the form's lists.
    pub fn choices(&self) -> (Vec<String>, Vec<String>) {
        let mut units: Vec<String> = self.0.tree.units().iter().map(|u| self.0.tree.path(u.id)).collect();
        units.sort();
        (units, self.0.agents.iter().map(|a| a.name.clone()).collect())
    }
}

struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: Role,
    scope: String,
    disabled: bool,
    password_set: bool,
}

#[derive(Template)]
#[template(path = "app/admin/users.html")]
struct UsersPage<'a> {
    chrome: &'a Chrome,
    notice: Option<&'static str>,
    rows: Vec<UserRow>,
    form: &'a UserForm,
    errors: &'a FieldErrors,
    units: Vec<String>,
    agents: Vec<String>,
}

fn notice(done: &Done) -> Option<&'static str> {
    match done.done.as_deref()? {
        "invited" => Some("The user is created and an invitation to choose a password is on its way."),
        "not-invited" => Some("The user is created, but the invitation could not be sent. Check the outbox."),
        _ => None,
    }
}

async fn users_page<S: Store>(
    app: &App<S>,
    admin: &CurrentUser,
    status: StatusCode,
    notice: Option<&'static str>,
    form: &UserForm,
    errors: &FieldErrors,
) -> PageResult {
    let org = admin.user.org_id;
    let names = Names::load(app, org).await?;
    let mut rows = Vec::new();
    for user in app.store.list_users(org).await? {
        let password_set = app.store.user_password_hash(org, user.id).await?.is_some();
        rows.push(UserRow {
            id: user.id.0,
            scope: names.0.scope(user.unit_id, user.agent_id),
            email: user.email.into(),
            name: user.name,
            role: user.role,
            disabled: user.disabled,
            password_set,
        });
    }
    let (units, agents) = names.choices();
    let chrome = Chrome::signed_in(admin, Section::Settings);
    let page = UsersPage { chrome: &chrome, notice, rows, form, errors, units, agents };
    Ok(render(status, &page, &chrome))
}

pub(super) async fn list<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Query(done): Query<Done>,
) -> PageResult {
    let form = UserForm { role: Role::Analyst.as_str().into(), ..UserForm::default() };
    users_page(&app, &admin, StatusCode::OK, notice(&done), &form, &FieldErrors::default()).await
}

pub(super) async fn create<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Form(form): Form<UserForm>,
) -> PageResult {
    let refused = |errors: FieldErrors| {
        let (app, admin, form) = (&app, &admin, &form);
        async move { users_page(app, admin, StatusCode::UNPROCESSABLE_ENTITY, None, form, &errors).await }
    };
    let account = match form.account() {
        Ok(account) => account,
        Err(errors) => return refused(errors).await,
    };
    let public_url = app.settings.public_url();
    let invited = match user_changes::invite(&app.store, &app.mailer, &public_url, &admin.user, account).await {
        Ok(invited) => invited,
        Err(error) => return refused(field_errors(error)?).await,
    };
    let done = if invited.invitation_sent { "invited" } else { "not-invited" };
    Ok(Redirect::to(&format!("/admin/users?done={done}")).into_response())
}
