//! `/admin`: each settings area with how much is in it, and the latest
//! changes from the audit log.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use vocal_store::Store;

use super::{PageResult, time_zone, when};
use crate::server::App;
use crate::session::Admin;
use crate::ui::chrome::{Chrome, Section, render};

/// How many recent changes the overview lists.
const RECENT: i64 = 5;

#[derive(Template)]
#[template(path = "app/admin/overview.html")]
struct OverviewPage<'a> {
    chrome: &'a Chrome,
    units: usize,
    users: usize,
    disabled: usize,
    active_keys: usize,
    revoked_keys: usize,
    surveys: usize,
    recent: Vec<Recent>,
}

struct Recent {
    when: String,
    actor: String,
    action: String,
    subject: String,
}

pub(super) async fn show<S: Store>(State(app): State<App<S>>, Admin(admin): Admin) -> PageResult {
    let org = admin.user.org_id;
    let users = app.store.list_users(org).await?;
    let keys = app.store.list_api_keys(org).await?;
    let zone = time_zone(&app, org).await?;
    let recent = app
        .store
        .list_audit(org, None, RECENT)
        .await?
        .into_iter()
        .map(|e| Recent {
            when: when(e.at_ms, &zone),
            actor: e.entry.actor,
            action: e.entry.action,
            subject: e.entry.subject,
        })
        .collect();
    let active_keys = keys.iter().filter(|k| k.revoked_at_ms.is_none()).count();
    let chrome = Chrome::signed_in(&admin, Section::Settings);
    let page = OverviewPage {
        chrome: &chrome,
        units: app.store.list_units(org).await?.len(),
        users: users.len(),
        disabled: users.iter().filter(|u| u.disabled).count(),
        active_keys,
        revoked_keys: keys.len() - active_keys,
        surveys: app.store.list_surveys(org).await?.len(),
        recent,
    };
    Ok(render(StatusCode::OK, &page, &chrome))
}
