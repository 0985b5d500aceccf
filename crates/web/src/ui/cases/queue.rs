//! `GET /cases?queue=…&before=…`: a queue of cases, newest first, a page at
//! a time, with each tab's count. A table on wide screens, stacked cards on
//! a phone (CSS only).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use vocal_app::closed_loop::queues::counts;
use vocal_app::closed_loop::queues::{Queue, list};
use vocal_domain::{CaseId, ResponseId, UnitTree};
use vocal_store::Store;

use super::rows::{DueView, People, ScoreView, comment_start, current_due, unit_path};
use crate::server::App;
use crate::session::CurrentUser;
use crate::ui::admin::time_zone;
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors::{PageResult, message};

/// Cases per page: enough to work from, few enough to read.
const PAGE: i64 = 50;

#[derive(serde::Deserialize)]
pub(super) struct QueueQuery {
    queue: Option<String>,
    before: Option<String>,
}

struct Tab {
    key: &'static str,
    label: &'static str,
    count: u64,
    current: bool,
}

struct Row {
    id: i64,
    score: Option<ScoreView>,
    customer: String,
    unit: String,
    owner: String,
    state: &'static str,
    due: Option<DueView>,
    escalated: bool,
    comment: String,
}

#[derive(Template)]
#[template(path = "app/cases/queue.html")]
struct QueuePage<'a> {
    chrome: &'a Chrome,
    tabs: Vec<Tab>,
    rows: Vec<Row>,
    next: Option<String>,
}

pub(super) async fn show<S: Store>(
    State(app): State<App<S>>,
    current: CurrentUser,
    Query(query): Query<QueueQuery>,
) -> PageResult {
    let queue = match Queue::parse(query.queue.as_deref().unwrap_or("mine")) {
        Ok(queue) => queue,
        Err(problem) => return Ok(message(StatusCode::BAD_REQUEST, "No such queue", &format!("queue: {problem}"))),
    };
    let before = match query.before.as_deref().filter(|b| !b.is_empty()) {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(id) if id > 0 => Some(CaseId(id)),
            _ => return Ok(message(StatusCode::BAD_REQUEST, "Bad page", "before: expected a case id")),
        },
    };
    let (store, user, now) = (&app.store, &current.user, vocal_app::now_ms());
    let (cases, counted) = tokio::try_join!(list(store, user, queue, before, PAGE, now), counts(store, user, now))?;
    let mut tabs = Vec::new();
    for (tab, count) in Queue::ALL.into_iter().zip(counted) {
        let label = match tab {
            Queue::Mine => "Mine",
            Queue::Domain => "My domain",
            Queue::Overdue => "Overdue",
            Queue::Unassigned => "Unassigned",
            Queue::All => "All",
        };
        tabs.push(Tab { key: tab.as_str(), label, count, current: tab == queue });
    }
    let mine = tabs[0].count;
    let zone = time_zone(&app, user.org_id).await?;
    let units = UnitTree::new(store.list_units(user.org_id).await?);
    let people = People::new(store.list_users(user.org_id).await?);
    let ids: Vec<ResponseId> = cases.iter().map(|c| c.response_id).collect();
    let records = store.responses_by_ids(user.org_id, &ids).await?;
    let next = (cases.len() as i64 == PAGE)
        .then(|| cases.last().map(|c| format!("/cases?queue={}&before={}", queue.as_str(), c.id.0)))
        .flatten();
    let rows = cases
        .iter()
        .map(|case| {
            let record = records.iter().find(|r| r.indexed.id == case.response_id);
            Row {
                id: case.id.0,
                score: record.map(|r| ScoreView::of(r.indexed.score)),
                customer: record
                    .and_then(|r| r.contact_email.as_ref())
                    .map_or_else(|| "unknown".into(), |e| e.to_string()),
                unit: unit_path(&units, case),
                owner: people.name(case.owner),
                state: case.state.as_str(),
                due: current_due(case, now, &zone),
                escalated: case.escalation_level > 0,
                comment: comment_start(record),
            }
        })
        .collect();
    let chrome = Chrome::signed_in(&current, Section::Cases).with_open_cases(mine);
    let page = QueuePage { chrome: &chrome, tabs, rows, next };
    Ok(render(StatusCode::OK, &page, &chrome))
}
