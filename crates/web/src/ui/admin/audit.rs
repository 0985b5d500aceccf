//! `/admin/audit`: who changed what and when, newest first, 50 a page;
//! `?before=ID` pages back, so a new entry does not shift the pages.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use vocal_store::Store;

use super::{PageResult, time_zone, when};
use crate::server::App;
use crate::session::Admin;
use crate::ui::chrome::{Chrome, Section, render};

const PAGE: usize = 50;

struct EntryRow {
    when: String,
    actor: String,
    action: String,
    subject: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "app/admin/audit.html")]
struct AuditPage<'a> {
    chrome: &'a Chrome,
    rows: Vec<EntryRow>,
    /// Whether this is a later page (offer the way back to the newest).
    paged: bool,
    /// `before` for the next (older) page, when there is one.
    older: Option<i64>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct AuditQuery {
    /// Text, so a malformed value shows the first page instead of an error.
    before: Option<String>,
}

pub(super) async fn list<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Query(query): Query<AuditQuery>,
) -> PageResult {
    let org = admin.user.org_id;
    let before = query.before.as_deref().and_then(super::parse_id);
    let mut entries = app.store.list_audit(org, before, PAGE as i64 + 1).await?;
    let older = (entries.len() > PAGE).then(|| entries[PAGE - 1].id);
    entries.truncate(PAGE);
    let zone = time_zone(&app, org).await?;
    let rows = entries
        .into_iter()
        .map(|e| EntryRow {
            when: when(e.at_ms, &zone),
            actor: e.entry.actor,
            action: e.entry.action,
            subject: e.entry.subject,
            detail: e.entry.detail,
        })
        .collect();
    let chrome = Chrome::signed_in(&admin, Section::Settings);
    let page = AuditPage { chrome: &chrome, rows, paged: before.is_some(), older };
    Ok(render(StatusCode::OK, &page, &chrome))
}
