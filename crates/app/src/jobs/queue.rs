//! What people do to the queue (`vocal jobs …`, the admin page): list it,
//! and put a failed or dead job back (logged as `job.retry`).

use vocal_domain::OrgId;
use vocal_store::{Job, JobState, Store, StoreError};

use crate::organisation::audit::{self, Actor};

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("no job {0} in this organisation")]
    NotFound(i64),
    #[error("job {id} is {state}: only a failed or dead job can be retried")]
    NotRetryable { id: i64, state: &'static str },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The organisation's most recent jobs, newest first.
pub async fn list<S: Store>(
    store: &S,
    org: OrgId,
    state: Option<JobState>,
    limit: i64,
) -> Result<Vec<Job>, StoreError> {
    store.list_jobs(org, state, limit).await
}

/// Queues a failed or dead job of `actor`'s organisation again, due now
/// and with all its attempts.
pub async fn retry<S: Store>(store: &S, actor: Actor<'_>, id: i64) -> Result<Job, QueueError> {
    if let Some(job) = store.retry_job(actor.org(), id).await? {
        let what = crate::messaging::email::job_summary(&job).unwrap_or_else(|| job.kind.clone());
        audit::record(store, actor, "job.retry", format!("job {id}"), format!("{what}: queued again")).await?;
        return Ok(job);
    }
    match store.job(actor.org(), id).await? {
        None => Err(QueueError::NotFound(id)),
        Some(job) => Err(QueueError::NotRetryable { id, state: job.state.as_str() }),
    }
}
