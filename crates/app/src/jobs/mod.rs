//! The durable job queue's use cases: every message Vocal sends is a job
//! (docs/jobs.md). Enqueueing is the caller's (e.g. `Mailer::queue`); this
//! folder holds what the queue does with jobs: the worker's one step
//! ([`worker::step`], `Done` or `Empty`, called directly by tests), the
//! loop `vocal serve` runs beside the server ([`worker::start`]), the retry
//! delays ([`backoff`]), and what people do to the queue ([`queue`]).

pub mod backoff;
pub mod queue;
pub mod worker;

use std::sync::Arc;

use tokio::sync::Notify;

/// What a job's handler made of one attempt; the worker turns it into the
/// stored outcome (a failure on the last attempt becomes `dead`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// Done; the payload to keep instead of the queued one, if any.
    Done { kept_payload: Option<String> },
    /// Failed in a way a later try may mend (a server down, a timeout).
    Failed(String),
    /// Failed in a way no retry mends (a payload that does not parse).
    Permanent(String),
}

/// Wakes a worker of this process at once when a job is queued here,
/// rather than at its next poll. Clones share one signal.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    /// One waiting worker wakes; if none waits, the next to wait does not sleep.
    pub fn notify(&self) {
        self.0.notify_one();
    }

    pub async fn notified(&self) {
        self.0.notified().await;
    }
}
