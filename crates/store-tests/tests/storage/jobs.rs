//! The job queue: claimed with a lease, one worker at a time; an expired
//! lease makes a job claimable again and counts as an attempt; failed jobs
//! wait for their retry time; dead ones stay visible until retried. Time is
//! the lease's `now_ms`, so the tests move it instead of waiting.

use vocal_domain::OrgId;
use vocal_store::{Job, JobEnd, JobState, Lease, NewJob, Store};

use crate::fixtures::new_org;

storage_tests!(
    a_claimed_job_is_held_by_its_lease_until_it_ends,
    a_job_is_not_claimed_before_it_is_due_and_due_jobs_come_in_order,
    an_expired_lease_makes_a_job_claimable_again_as_a_new_attempt,
    a_failed_attempt_waits_for_its_retry_and_a_dead_job_stays_visible,
    a_lease_that_expires_on_the_last_attempt_leaves_the_job_dead,
    jobs_are_listed_per_organisation_newest_first_and_by_state,
);

const T0: i64 = 1_800_000_000_000;

fn new_job(payload: &str, max_attempts: i64, run_at_ms: i64) -> NewJob {
    NewJob { kind: "mail".into(), payload: payload.into(), max_attempts, run_at_ms }
}

fn lease(owner: &str, now_ms: i64) -> Lease {
    Lease { owner: owner.into(), now_ms, expires_at_ms: now_ms + 60_000 }
}

async fn enqueue<S: Store>(store: &S, org: OrgId, payload: &str, max_attempts: i64, run_at_ms: i64) -> Job {
    store.enqueue_job(org, new_job(payload, max_attempts, run_at_ms)).await.unwrap()
}

async fn a_claimed_job_is_held_by_its_lease_until_it_ends<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let queued = enqueue(&store, org, r#"{"to":"zoë@example.com"}"#, 3, T0).await;
    assert_eq!((queued.state, queued.attempts, queued.max_attempts), (JobState::Queued, 0, 3));
    assert_eq!((queued.lease_owner.as_deref(), queued.run_at_ms), (None, T0));

    let claimed = store.claim_job(lease("a", T0)).await.unwrap().expect("a due job");
    assert_eq!(claimed.id, queued.id);
    assert_eq!((claimed.state, claimed.attempts), (JobState::Running, 1));
    assert_eq!((claimed.lease_owner.as_deref(), claimed.lease_expires_at_ms), (Some("a"), Some(T0 + 60_000)));
    assert_eq!(claimed.payload, queued.payload, "the payload comes back whole");
    assert_eq!(store.claim_job(lease("b", T0 + 59_999)).await.unwrap(), None, "held while the lease is alive");

    assert!(!store.finish_job(claimed.id, "b", JobEnd::Done { payload: None }).await.unwrap(), "not b's lease");
    let kept = r#"{"to":"zoë@example.com","secret":null}"#.to_string();
    assert!(store.finish_job(claimed.id, "a", JobEnd::Done { payload: Some(kept.clone()) }).await.unwrap());
    let done = store.job(org, claimed.id).await.unwrap().unwrap();
    assert_eq!((done.state, done.attempts, done.payload), (JobState::Done, 1, kept));
    assert_eq!(done.lease_expires_at_ms, None);
    assert!(!store.finish_job(claimed.id, "a", JobEnd::Done { payload: None }).await.unwrap(), "ends once");
    assert_eq!(store.claim_job(lease("b", T0 + 10_000_000)).await.unwrap(), None, "a done job never runs again");
}

async fn a_job_is_not_claimed_before_it_is_due_and_due_jobs_come_in_order<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let later = enqueue(&store, org, "{}", 3, T0 + 5_000).await;
    let first = enqueue(&store, org, "{}", 3, T0).await;
    let second = enqueue(&store, org, "{}", 3, T0).await;

    assert_eq!(store.claim_job(lease("a", T0 - 1)).await.unwrap(), None, "nothing is due yet");
    let ids: Vec<i64> = [
        store.claim_job(lease("a", T0)).await.unwrap(),
        store.claim_job(lease("b", T0)).await.unwrap(),
        store.claim_job(lease("c", T0)).await.unwrap(),
    ]
    .into_iter()
    .map(|job| job.map_or(0, |j| j.id))
    .collect();
    assert_eq!(ids, vec![first.id, second.id, 0], "by due time, then by id; the later one waits");
    assert_eq!(store.claim_job(lease("c", T0 + 5_000)).await.unwrap().map(|j| j.id), Some(later.id));
}

async fn an_expired_lease_makes_a_job_claimable_again_as_a_new_attempt<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let job = enqueue(&store, org, "{}", 3, T0).await;
    store.claim_job(lease("a", T0)).await.unwrap().expect("claimed by a");

    let again = store.claim_job(lease("b", T0 + 60_000)).await.unwrap().expect("a's lease expired");
    assert_eq!((again.id, again.attempts, again.lease_owner.as_deref()), (job.id, 2, Some("b")));
    assert!(!store.finish_job(job.id, "a", JobEnd::Done { payload: None }).await.unwrap(), "a lost its lease");
    assert!(store.finish_job(job.id, "b", JobEnd::Done { payload: None }).await.unwrap());
    assert_eq!(store.job(org, job.id).await.unwrap().unwrap().state, JobState::Done);
}

async fn a_failed_attempt_waits_for_its_retry_and_a_dead_job_stays_visible<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let job = enqueue(&store, org, "{}", 2, T0).await;
    store.claim_job(lease("a", T0)).await.unwrap().unwrap();
    let retry = JobEnd::Retry { error: "connection refused".into(), retry_at_ms: T0 + 30_000 };
    assert!(store.finish_job(job.id, "a", retry).await.unwrap());
    let failed = store.job(org, job.id).await.unwrap().unwrap();
    assert_eq!((failed.state, failed.run_at_ms), (JobState::Failed, T0 + 30_000));
    assert_eq!(failed.last_error.as_deref(), Some("connection refused"));

    assert_eq!(store.claim_job(lease("a", T0 + 29_999)).await.unwrap(), None, "waits for its retry time");
    let second = store.claim_job(lease("a", T0 + 30_000)).await.unwrap().unwrap();
    assert_eq!((second.id, second.attempts), (job.id, 2));
    assert!(store.finish_job(job.id, "a", JobEnd::Dead { error: "still refused".into() }).await.unwrap());
    let dead = store.job(org, job.id).await.unwrap().unwrap();
    assert_eq!((dead.state, dead.last_error.as_deref()), (JobState::Dead, Some("still refused")));
    assert_eq!(store.claim_job(lease("a", T0 + 99_000_000)).await.unwrap(), None, "dead jobs are not claimed");
    assert_eq!(store.list_jobs(org, Some(JobState::Dead), 10).await.unwrap(), vec![dead.clone()]);

    let other = new_org(&store, "Globex").await;
    assert_eq!(store.retry_job(other, job.id).await.unwrap(), None, "another organisation's job");
    let requeued = store.retry_job(org, job.id).await.unwrap().expect("a dead job can be retried");
    assert_eq!((requeued.state, requeued.attempts, requeued.lease_expires_at_ms), (JobState::Queued, 0, None));
    assert!(requeued.run_at_ms <= vocal_app::now_ms());
    assert_eq!(store.retry_job(org, job.id).await.unwrap(), None, "a queued job is not retried again");
    let now = vocal_app::now_ms();
    assert_eq!(store.claim_job(lease("a", now)).await.unwrap().map(|j| (j.id, j.attempts)), Some((job.id, 1)));
}

async fn a_lease_that_expires_on_the_last_attempt_leaves_the_job_dead<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let job = enqueue(&store, org, "{}", 1, T0).await;
    // Due after the lease expires, so the claim meets the expired job first.
    let waiting = enqueue(&store, org, "{}", 1, T0 + 65_000).await;
    store.claim_job(lease("a", T0)).await.unwrap().unwrap();

    let next = store.claim_job(lease("b", T0 + 70_000)).await.unwrap();
    assert_eq!(next.map(|j| j.id), Some(waiting.id), "the expired one is passed over, the next one claimed");
    let dead = store.job(org, job.id).await.unwrap().unwrap();
    assert_eq!((dead.state, dead.attempts), (JobState::Dead, 1));
    assert!(dead.last_error.unwrap().contains("lease expired"));
}

async fn jobs_are_listed_per_organisation_newest_first_and_by_state<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let one = enqueue(&store, acme, "1", 3, T0).await;
    let two = enqueue(&store, acme, "2", 3, T0 + 1).await;
    let theirs = enqueue(&store, globex, "3", 3, T0 + 2).await;
    let running = store.claim_job(lease("a", T0)).await.unwrap().unwrap();
    assert_eq!(running.id, one.id);

    let ids = |jobs: Vec<Job>| jobs.into_iter().map(|j| j.id).collect::<Vec<_>>();
    assert_eq!(ids(store.list_jobs(acme, None, 10).await.unwrap()), vec![two.id, one.id]);
    assert_eq!(ids(store.list_jobs(acme, None, 1).await.unwrap()), vec![two.id]);
    assert_eq!(ids(store.list_jobs(acme, Some(JobState::Queued), 10).await.unwrap()), vec![two.id]);
    assert_eq!(ids(store.list_jobs(acme, Some(JobState::Running), 10).await.unwrap()), vec![one.id]);
    assert_eq!(ids(store.list_jobs(globex, None, 10).await.unwrap()), vec![theirs.id]);
    assert_eq!(store.list_jobs(acme, None, -1).await.unwrap(), vec![]);
    assert_eq!(store.job(globex, one.id).await.unwrap(), None);
}
