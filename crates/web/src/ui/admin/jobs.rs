//! `/admin/jobs`: the job queue every email goes through — the newest jobs,
//! by state, each with its attempts, next run and last error — and a way to
//! queue a failed or dead job again (logged as `job.retry`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::jobs::queue::{self, QueueError};
use vocal_app::messaging::email::job_summary;
use vocal_store::{Job, JobState, Store};

use super::{PageResult, parse_id, time_zone, when};
use crate::server::App;
use crate::session::Admin;
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors::not_found;

/// The most recent jobs listed.
const SHOWN: i64 = 200;

struct JobRow {
    id: i64,
    kind: String,
    what: String,
    state: &'static str,
    attempts: String,
    next: String,
    created: String,
    error: Option<String>,
    retryable: bool,
}

#[derive(Template)]
#[template(path = "app/admin/jobs.html")]
struct JobsPage<'a> {
    chrome: &'a Chrome,
    /// The state shown, or `""` for all.
    shown: &'static str,
    states: [&'static str; 5],
    notice: Option<&'static str>,
    rows: Vec<JobRow>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct JobsQuery {
    /// Text, so an unknown state shows every job instead of an error.
    state: Option<String>,
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "retried" => Some("The job is queued again; a worker will run it shortly."),
        "unchanged" => Some("That job is not failed or dead, so it was left as it is."),
        _ => None,
    }
}

fn row(job: Job, zone: &jiff::tz::TimeZone) -> JobRow {
    let next = match job.state {
        JobState::Queued | JobState::Failed => when(job.run_at_ms, zone),
        JobState::Running => format!("lease until {}", when(job.run_at_ms, zone)),
        JobState::Done | JobState::Dead => String::new(),
    };
    JobRow {
        id: job.id,
        what: job_summary(&job).unwrap_or_default(),
        kind: job.kind,
        state: job.state.as_str(),
        attempts: format!("{} of {}", job.attempts, job.max_attempts),
        next,
        created: when(job.created_at_ms, zone),
        error: job.last_error,
        retryable: matches!(job.state, JobState::Failed | JobState::Dead),
    }
}

pub(super) async fn list<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Query(query): Query<JobsQuery>,
) -> PageResult {
    let org = admin.user.org_id;
    let state = query.state.as_deref().and_then(JobState::parse);
    let jobs = queue::list(&app.store, org, state, SHOWN).await?;
    let zone = time_zone(&app, org).await?;
    let chrome = Chrome::signed_in(&admin, Section::Settings);
    let page = JobsPage {
        chrome: &chrome,
        shown: state.map_or("", JobState::as_str),
        states: JobState::ALL.map(JobState::as_str),
        notice: notice(query.done.as_deref()),
        rows: jobs.into_iter().map(|job| row(job, &zone)).collect(),
    };
    Ok(render(StatusCode::OK, &page, &chrome))
}

pub(super) async fn retry<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> PageResult {
    let Some(id) = parse_id(&id) else { return Ok(not_found()) };
    match queue::retry(&app.store, (&admin.user).into(), id).await {
        Ok(_) => {
            // This server's workers look now rather than at their next poll.
            app.mailer.wake().notify();
            Ok(Redirect::to("/admin/jobs?done=retried").into_response())
        }
        Err(QueueError::NotRetryable { .. }) => Ok(Redirect::to("/admin/jobs?done=unchanged").into_response()),
        Err(QueueError::NotFound(_)) => Ok(not_found()),
        Err(QueueError::Store(error)) => Err(error.into()),
    }
}
