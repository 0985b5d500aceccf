use std::future::Future;

use vocal_domain::OrgId;

use crate::{Job, JobEnd, JobState, Lease, NewJob, StoreResult};

/// The durable job queue, shared by every process on the database. A job
/// is claimed with a lease: while the lease is alive no other worker can
/// claim it; once it expires the job is claimable again, and that claim
/// counts as an attempt. See docs/jobs.md.
pub trait Jobs {
    /// Queues a job.
    fn enqueue_job(&self, org: OrgId, job: NewJob) -> impl Future<Output = StoreResult<Job>> + Send;
    /// Claims the next due job (queued, failed and due, or running with an
    /// expired lease), atomically: two workers never get the same job while
    /// a lease is alive. A job whose lease expired on its last attempt is
    /// made dead instead of being claimed. `None` when nothing is due.
    fn claim_job(&self, lease: Lease) -> impl Future<Output = StoreResult<Option<Job>>> + Send;
    /// Ends the attempt `owner` holds. `false` when the lease was lost (it
    /// expired and another worker claimed the job): nothing is changed.
    fn finish_job(&self, id: i64, owner: &str, end: JobEnd) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The organisation's jobs, newest first, optionally in one state, at most `limit`.
    fn list_jobs(
        &self,
        org: OrgId,
        state: Option<JobState>,
        limit: i64,
    ) -> impl Future<Output = StoreResult<Vec<Job>>> + Send;
    /// One job, if it belongs to `org`.
    fn job(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<Option<Job>>> + Send;
    /// Puts a failed or dead job back in the queue, due now, with its
    /// attempts reset. `None` when `org` has no such job in either state.
    fn retry_job(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<Option<Job>>> + Send;
    /// Marks a job still waiting in the queue (never claimed) done without
    /// running it, because its work was done another way: a case alert's
    /// backstop once the evaluator told the owner itself. `false` when the
    /// job is no longer waiting (a worker has it): nothing is changed.
    fn settle_job(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<bool>> + Send;
}
