//! Messages about a response go out once, on both backends. The alert's
//! backstop: the `case_alert` job is committed with the case, so an opener
//! that dies before telling anyone is covered by a worker once the backstop
//! falls due, and a live opener settles it, so nobody hears of a case
//! twice. Praise: once per response, however often the answer is edited.

use vocal_app::closed_loop::backstop::ALERT_BACKSTOP_MS;
use vocal_app::closed_loop::evaluate::evaluate_once;
use vocal_app::jobs::worker::{Handlers, Step, step_with};
use vocal_domain::alerts::AlertRules;
use vocal_domain::{OrgId, Role, UserId};
use vocal_store::{
    CASE_ALERT_JOB, Case, CaseOpening, Job, JobState, NewCase, NewResponse, NewUser, OnDuplicate, Store, Submission,
};

use crate::fixtures::{all_responses, email, keyed, new_org, outbox, path, response};

storage_tests!(
    the_backstop_is_committed_with_the_case_once_and_settles_once,
    an_opener_that_died_is_covered_by_the_backstop,
    a_live_opener_settles_the_backstop_so_the_owner_hears_once,
    praise_is_told_once_however_often_the_answer_is_edited,
);

const HOUR: i64 = 3_600_000;

/// An organisation with one admin (routing's last resort) and a detractor
/// answer submitted an hour ago.
async fn detractor_with_admin<S: Store>(store: &S) -> (OrgId, UserId, i64) {
    let org = new_org(store, "Acme").await;
    let admin = NewUser {
        email: email("ana@example.com"),
        name: "Ana".into(),
        role: Role::Admin,
        unit_id: None,
        agent_id: None,
    };
    let admin = store.create_user(org, admin).await.unwrap().id;
    let now = vocal_app::now_ms();
    let answer = NewResponse { submitted_at_ms: now - HOUR, comment: Some("Nobody called back".into()), ..response(2) };
    store.insert_responses(org, vec![answer]).await.unwrap();
    (org, admin, now)
}

/// What the evaluator would store, as if it died right after the commit.
async fn open_without_telling<S: Store>(store: &S, org: OrgId, owner: UserId, now: i64) -> Case {
    match open(store, org, owner, now).await {
        CaseOpening::Opened(case) => case,
        CaseOpening::AlreadyOpen(case) => panic!("a new response has no case: {case:?}"),
    }
}

async fn open<S: Store>(store: &S, org: OrgId, owner: UserId, now: i64) -> CaseOpening {
    let row = all_responses(store, org).await.remove(0);
    let case = NewCase {
        response_id: row.id,
        response_seq: row.seq,
        unit_id: None,
        owner: Some(owner),
        routed_by: "admins".into(),
        rules: vec!["detractors".into()],
        first_contact_due_ms: now + 48 * HOUR,
        resolve_due_ms: now + 168 * HOUR,
        opened_note: "Opened: score 2/10".into(),
        opened_at_ms: now,
        alert_backstop_at_ms: Some(now + ALERT_BACKSTOP_MS),
    };
    store.open_case(org, case).await.unwrap()
}

async fn backstops<S: Store>(store: &S, org: OrgId) -> Vec<Job> {
    store.list_jobs(org, None, 100).await.unwrap().into_iter().filter(|j| j.kind == CASE_ALERT_JOB).collect()
}

/// Worker steps as if the clock said `now_ms`, until nothing is due; the jobs run.
async fn run_due<S: Store>(store: &S, now_ms: i64) -> Vec<Job> {
    let handlers = Handlers::new(outbox().mailer).with_public_url("http://vocal.test/".into());
    let mut ran = Vec::new();
    while let Step::Done(job) = step_with(store, &handlers, "test-worker", now_ms).await.unwrap() {
        ran.push(job);
    }
    ran
}

async fn the_backstop_is_committed_with_the_case_once_and_settles_once<S: Store>(store: S) {
    let (org, admin, now) = detractor_with_admin(&store).await;
    let case = open_without_telling(&store, org, admin, now).await;
    let jobs = backstops(&store, org).await;
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    let job = &jobs[0];
    assert_eq!(case.alert_job_id, Some(job.id), "the case names its backstop");
    assert_eq!(store.case(org, case.id).await.unwrap().unwrap().alert_job_id, Some(job.id), "and keeps it");
    assert_eq!((job.state, job.run_at_ms), (JobState::Queued, now + ALERT_BACKSTOP_MS));
    let payload: serde_json::Value = serde_json::from_str(&job.payload).unwrap();
    assert_eq!(payload, serde_json::json!({ "case_id": case.id.0 }));

    // A second opener loses the race, and queues nothing.
    let again = open(&store, org, admin, now + 1).await;
    assert!(matches!(again, CaseOpening::AlreadyOpen(ref c) if c.id == case.id), "{again:?}");
    assert_eq!(backstops(&store, org).await.len(), 1, "one backstop per case");

    let other = new_org(&store, "Other").await;
    assert!(!store.settle_job(other, job.id).await.unwrap(), "another organisation cannot settle it");
    assert!(store.settle_job(org, job.id).await.unwrap());
    assert!(!store.settle_job(org, job.id).await.unwrap(), "settled once");
    assert_eq!(store.job(org, job.id).await.unwrap().unwrap().state, JobState::Done);
    assert!(run_due(&store, now + 10 * ALERT_BACKSTOP_MS).await.is_empty(), "a settled backstop never runs");
}

async fn an_opener_that_died_is_covered_by_the_backstop<S: Store>(store: S) {
    let (org, admin, now) = detractor_with_admin(&store).await;
    let case = open_without_telling(&store, org, admin, now).await;
    assert!(run_due(&store, now).await.is_empty(), "not due yet: the opener may still tell");
    assert!(store.list_emails(org, 10).await.unwrap().is_empty());

    let ran = run_due(&store, now + ALERT_BACKSTOP_MS).await;
    let kinds: Vec<&str> = ran.iter().map(|j| j.kind.as_str()).collect();
    assert_eq!(kinds, vec![CASE_ALERT_JOB, "mail"], "the backstop queued the alert, which was sent");
    let mails = store.list_emails(org, 10).await.unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].to_address, "ana@example.com");
    assert!(mails[0].subject.starts_with("Detractor 2/10"), "{}", mails[0].subject);
    let link = format!("http://vocal.test/cases/{}", case.id.0);
    assert!(mails[0].text_body.contains(&link), "the alert links the case:\n{}", mails[0].text_body);
    let job = store.job(org, case.alert_job_id.unwrap()).await.unwrap().unwrap();
    assert_eq!((job.state, job.attempts), (JobState::Done, 1));
}

async fn a_live_opener_settles_the_backstop_so_the_owner_hears_once<S: Store>(store: S) {
    let (org, _admin, now) = detractor_with_admin(&store).await;
    assert_eq!(evaluate_once(&store, &outbox(), now).await.unwrap().opened, 1);
    let ran = run_due(&store, now + 10 * ALERT_BACKSTOP_MS).await;
    let kinds: Vec<&str> = ran.iter().map(|j| j.kind.as_str()).collect();
    assert_eq!(kinds, vec!["mail"], "only the evaluator's alert runs");
    assert_eq!(store.list_emails(org, 10).await.unwrap().len(), 1, "the owner hears once");
    let jobs = backstops(&store, org).await;
    assert_eq!(jobs.len(), 1);
    assert_eq!((jobs[0].state, jobs[0].attempts), (JobState::Done, 0), "settled, never claimed");
}

async fn praise_is_told_once_however_often_the_answer_is_edited<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    store.put_alert_rules(org, &AlertRules { praise: true, ..AlertRules::default() }).await.unwrap();
    let berlin = store.ensure_unit(org, &path("Acme/Berlin")).await.unwrap();
    let li = NewUser {
        email: email("li@example.com"),
        name: "Li".into(),
        role: Role::Manager,
        unit_id: Some(berlin),
        agent_id: None,
    };
    store.create_user(org, li).await.unwrap();
    let now = vocal_app::now_ms();
    let answer = |comment: &str| Submission {
        org,
        responses: vec![NewResponse {
            comment: Some(comment.into()),
            submitted_at_ms: now - HOUR,
            unit: Some(path("Acme/Berlin")),
            agent: Some("Sam Reed".into()),
            ..keyed(10, 7)
        }],
        on_duplicate: OnDuplicate::Replace,
    };
    store.commit_submissions(vec![answer("Sam sorted it in minutes")]).await.unwrap();
    evaluate_once(&store, &outbox(), now).await.unwrap();
    store.commit_submissions(vec![answer("Sam sorted it in minutes, thank you!")]).await.unwrap();
    let second = evaluate_once(&store, &outbox(), now).await.unwrap();
    assert_eq!(second.looked_at, 1, "the edit was looked at");
    run_due(&store, now + HOUR).await;
    let mails = store.list_emails(org, 10).await.unwrap();
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(mails.len(), 1, "one praise mail, not one per edit: {subjects:?}");
    assert_eq!(mails[0].to_address, "li@example.com");
    assert!(mails[0].text_body.contains("Sam sorted it in minutes"), "{}", mails[0].text_body);
}
