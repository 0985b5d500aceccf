//! The alert's backstop. A case and a `case_alert` job are committed in one
//! transaction (see `NewCase::alert_backstop_at_ms`); the evaluator then
//! queues the alert itself, at once, and settles the job. Only when it could
//! not — the process died between the two, or the database went away — does
//! a worker run the job when it falls due and queue the alert then. So an
//! opened case always tells someone: at once normally, after
//! [`ALERT_BACKSTOP_MS`] at worst, and twice only if the opener died after
//! queueing the alert and before settling the job.

use vocal_domain::CaseId;
use vocal_store::{Case, Job, Store};

use super::alert::{Alerting, enqueue_case_alert};
use crate::jobs::Attempt;

/// How long after opening a case its backstop falls due: well past the
/// milliseconds between opening and queueing the alert, short enough that
/// an owner hears of a case within a minute even when the opener died.
pub const ALERT_BACKSTOP_MS: i64 = 30_000;

/// The backstop's payload.
#[derive(serde::Deserialize)]
struct Payload {
    case_id: i64,
}

/// Queues the alert of a case just opened, then settles its backstop. A
/// failure is logged and left to the backstop, never a reason to stop
/// evaluating the next response.
pub(crate) async fn tell_of_opened_case<S: Store>(store: &S, alerting: &Alerting, case: &Case) {
    match enqueue_case_alert(store, &alerting.mailer, &alerting.public_url, case).await {
        Ok(told) => tracing::info!(case = case.id.0, emails = told.emails, sms = told.sms, "case opened"),
        Err(error) => {
            tracing::error!(case = case.id.0, %error, "case opened; its alert is left to the backstop");
            return;
        }
    }
    let Some(job) = case.alert_job_id else { return };
    match store.settle_job(case.org_id, job).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(case = case.id.0, job, "a worker took the alert's backstop first; it may tell twice")
        }
        Err(error) => {
            tracing::warn!(case = case.id.0, %error, "the alert's backstop could not be settled; it may tell twice")
        }
    }
}

/// Runs a `case_alert` job: the opener did not settle it, so the alert
/// was not queued; queue it now.
pub async fn run_backstop<S: Store>(store: &S, alerting: &Alerting, job: &Job) -> Attempt {
    let payload: Payload = match serde_json::from_str(&job.payload) {
        Ok(payload) => payload,
        Err(error) => return Attempt::Permanent(format!("a case alert's payload does not parse: {error}")),
    };
    let case = match store.case(job.org_id, CaseId(payload.case_id)).await {
        Ok(Some(case)) => case,
        Ok(None) => return Attempt::Permanent(format!("case {} does not exist", payload.case_id)),
        Err(error) => return Attempt::Failed(error.to_string()),
    };
    match enqueue_case_alert(store, &alerting.mailer, &alerting.public_url, &case).await {
        Ok(told) => {
            tracing::warn!(case = case.id.0, emails = told.emails, "a case's alert was queued by its backstop");
            Attempt::Done { kept_payload: None }
        }
        Err(error) => Attempt::Failed(error.to_string()),
    }
}
