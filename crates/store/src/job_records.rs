//! The records of the job queue (see [`crate::Jobs`] and docs/jobs.md).

use vocal_domain::OrgId;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Waiting for `run_at`, then for a worker.
    Queued,
    /// Claimed by a worker whose lease has not expired yet (or, if it has,
    /// claimable again).
    Running,
    Done,
    /// An attempt failed; the job waits for its next try at `run_at`.
    Failed,
    /// Out of attempts, or failed in a way no retry mends: kept, visible,
    /// and retried only when a person asks.
    Dead,
}

impl JobState {
    pub const ALL: [JobState; 5] =
        [JobState::Queued, JobState::Running, JobState::Done, JobState::Failed, JobState::Dead];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
            JobState::Dead => "dead",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == text)
    }
}

/// A job to put in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// Which handler runs it, e.g. `mail`.
    pub kind: String,
    /// What the handler needs, as JSON text.
    pub payload: String,
    /// Attempts before the job is dead (at least 1).
    pub max_attempts: i64,
    /// Not claimed before this time (Unix ms).
    pub run_at_ms: i64,
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub org_id: OrgId,
    pub kind: String,
    pub payload: String,
    pub state: JobState,
    /// Claims so far, including one whose lease expired.
    pub attempts: i64,
    pub max_attempts: i64,
    /// When it may next be claimed: its due time, or its lease's expiry while running.
    pub run_at_ms: i64,
    pub lease_owner: Option<String>,
    pub lease_expires_at_ms: Option<i64>,
    pub last_error: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// A claim on the next due job: who holds it and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// Names the worker, unique across processes (host, process, random).
    pub owner: String,
    pub now_ms: i64,
    pub expires_at_ms: i64,
}

/// How an attempt ended, as the worker reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEnd {
    /// Finished; `payload`, when given, replaces the stored one (e.g. with a
    /// copy that no longer carries a secret link).
    Done { payload: Option<String> },
    /// Failed; tried again at `retry_at_ms`.
    Retry { error: String, retry_at_ms: i64 },
    /// Failed for good.
    Dead { error: String },
}
