//! The worker: claim the next due job with a lease, run its handler, store
//! how it ended. [`step`] does that once; [`start`] runs workers in a loop
//! beside the server until told to stop. Several workers and processes on
//! one database share the queue: the claim is atomic, so no job runs twice
//! while its lease is alive.

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;
use vocal_store::{CASE_ALERT_JOB, Job, JobEnd, Lease, Store, StoreError};

use super::{Attempt, Wake, backoff};
use crate::closed_loop::alert::Alerting;
use crate::closed_loop::backstop::run_backstop;
use crate::messaging::email::{MAIL_JOB, Mailer};
use crate::messaging::outbound::{Outbound, SMS_JOB, WEBHOOK_JOB};

/// How long a claim holds a job. Longer than any handler may take (an SMTP
/// conversation times out after 30 s, a webhook post after 10 s), so a live worker never loses its
/// job; short enough that a job whose worker died is soon taken up again.
pub const LEASE_MS: i64 = 120_000;
/// How long an idle worker sleeps before looking again, unless woken.
pub const POLL: Duration = Duration::from_millis(500);
/// How long a worker waits after the database failed before trying again.
const AFTER_STORE_ERROR: Duration = Duration::from_secs(2);

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Ran this job (as claimed: its attempt counted) and stored how it ended.
    Done(Job),
    /// Nothing was due.
    Empty,
}

/// A name for a worker, unique across processes and hosts sharing a database.
pub fn worker_name(index: usize) -> String {
    format!("pid{}-{:08x}-w{index}", std::process::id(), rand::random::<u32>())
}

/// What the job handlers need: the mailer for `mail` jobs, the outbound
/// policy for `webhook` and `sms` jobs, and the mailer with the public
/// address for `case_alert` backstops.
#[derive(Debug, Clone)]
pub struct Handlers {
    pub mailer: Mailer,
    pub outbound: Outbound,
    /// The address people reach Vocal at, for links in the alerts that
    /// `case_alert` backstops queue.
    pub public_url: String,
}

impl Handlers {
    /// Mail as `mailer` sends it; posts only to public receivers.
    pub fn new(mailer: Mailer) -> Self {
        Handlers { mailer, outbound: Outbound::default(), public_url: String::new() }
    }

    pub fn with_public_url(self, public_url: String) -> Self {
        Handlers { public_url, ..self }
    }

    pub fn with_outbound(self, outbound: Outbound) -> Self {
        Handlers { outbound, ..self }
    }
}

/// Claims the next due job as `owner`, runs it, and stores its outcome.
/// Posts go only to public receivers; [`step_with`] takes the policy.
pub async fn step<S: Store>(store: &S, mailer: &Mailer, owner: &str) -> Result<Step, StoreError> {
    step_at(store, mailer, owner, crate::now_ms()).await
}

/// [`step`] as if the clock said `now_ms`: tests reach a retry's due time
/// or a lease's expiry without waiting for it.
pub async fn step_at<S: Store>(store: &S, mailer: &Mailer, owner: &str, now_ms: i64) -> Result<Step, StoreError> {
    step_with(store, &Handlers::new(mailer.clone()), owner, now_ms).await
}

/// One step with every handler's context given, as if the clock said `now_ms`.
pub async fn step_with<S: Store>(store: &S, handlers: &Handlers, owner: &str, now_ms: i64) -> Result<Step, StoreError> {
    let lease = Lease { owner: owner.to_string(), now_ms, expires_at_ms: now_ms + LEASE_MS };
    let Some(job) = store.claim_job(lease).await? else {
        return Ok(Step::Empty);
    };
    let attempt = match job.kind.as_str() {
        MAIL_JOB => handlers.mailer.run_job(store, &job).await,
        WEBHOOK_JOB | SMS_JOB => handlers.outbound.run_job(store, &job, now_ms).await,
        CASE_ALERT_JOB => {
            let alerting = Alerting { mailer: handlers.mailer.clone(), public_url: handlers.public_url.clone() };
            run_backstop(store, &alerting, &job).await
        }
        other => Attempt::Permanent(format!("no handler for jobs of kind {other:?}")),
    };
    let end = outcome(&job, attempt, now_ms);
    if let JobEnd::Retry { error, .. } | JobEnd::Dead { error } = &end {
        tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, %error, "a job failed");
    }
    if !store.finish_job(job.id, owner, end).await? {
        tracing::warn!(job = job.id, "a job's lease expired before it ended; another worker has it");
    }
    Ok(Step::Done(job))
}

/// What to store after `attempt`: a failure is retried after a backoff
/// while attempts are left, and is dead after the last one.
fn outcome(job: &Job, attempt: Attempt, now_ms: i64) -> JobEnd {
    match attempt {
        Attempt::Done { kept_payload } => JobEnd::Done { payload: kept_payload },
        Attempt::Failed(error) if job.attempts < job.max_attempts => {
            JobEnd::Retry { error, retry_at_ms: now_ms + backoff::random_retry_delay_ms(job.attempts) }
        }
        Attempt::Failed(error) | Attempt::Permanent(error) => JobEnd::Dead { error },
    }
}

/// Workers running in the background; [`Workers::stop`] ends them.
#[derive(Debug)]
pub struct Workers {
    stop: watch::Sender<bool>,
    handles: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Lets each worker finish the job it is running, then returns.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for handle in self.handles {
            let _ = handle.await;
        }
    }
}

/// Starts `count` workers of this process; they are woken when this
/// process queues mail, and otherwise look every [`POLL`]. Posts go only
/// to public receivers; [`start_with`] takes the policy.
pub fn start<S: Store>(store: S, mailer: Mailer, count: usize) -> Workers {
    start_with(store, Handlers::new(mailer), count)
}

/// [`start`] with every handler's context given.
pub fn start_with<S: Store>(store: S, handlers: Handlers, count: usize) -> Workers {
    let (stop, stopped) = watch::channel(false);
    let handles = (0..count)
        .map(|index| tokio::spawn(run(store.clone(), handlers.clone(), worker_name(index), stopped.clone())))
        .collect();
    Workers { stop, handles }
}

async fn run<S: Store>(store: S, handlers: Handlers, owner: String, mut stop: watch::Receiver<bool>) {
    let wake: Wake = handlers.mailer.wake();
    while !*stop.borrow() {
        let pause = match step_with(&store, &handlers, &owner, crate::now_ms()).await {
            Ok(Step::Done(_)) => continue,
            Ok(Step::Empty) => POLL,
            Err(error) => {
                tracing::warn!(%error, "the job queue could not be read");
                AFTER_STORE_ERROR
            }
        };
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(pause) => {}
            changed = stop.changed() => if changed.is_err() { break },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vocal_domain::OrgId;
    use vocal_store::JobState;

    fn job(attempts: i64, max_attempts: i64) -> Job {
        Job {
            id: 1,
            org_id: OrgId(1),
            kind: MAIL_JOB.into(),
            payload: "{}".into(),
            state: JobState::Running,
            attempts,
            max_attempts,
            run_at_ms: 0,
            lease_owner: Some("w".into()),
            lease_expires_at_ms: Some(0),
            last_error: None,
            created_at_ms: 0,
            updated_at_ms: 0,
        }
    }

    #[test]
    fn a_failure_is_retried_while_attempts_are_left_then_dead() {
        let now = 1_800_000_000_000;
        let JobEnd::Retry { error, retry_at_ms } = outcome(&job(1, 3), Attempt::Failed("down".into()), now) else {
            panic!("a retry")
        };
        assert_eq!(error, "down");
        let delay = retry_at_ms - now;
        assert!((backoff::FIRST_DELAY_MS / 2..=backoff::FIRST_DELAY_MS).contains(&delay), "{delay}");
        assert_eq!(outcome(&job(3, 3), Attempt::Failed("down".into()), now), JobEnd::Dead { error: "down".into() });
        assert_eq!(outcome(&job(1, 3), Attempt::Permanent("bad".into()), now), JobEnd::Dead { error: "bad".into() });
        let done = outcome(&job(3, 3), Attempt::Done { kept_payload: None }, now);
        assert_eq!(done, JobEnd::Done { payload: None });
    }
}
