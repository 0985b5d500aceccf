//! Mail through the job queue, with a real SMTP conversation: queued, then
//! delivered by a worker (one step, or the loop `vocal serve` runs); a
//! retry after the server failed carries the same Message-ID; a mail that
//! keeps failing ends dead and is recorded as failed; a secret link leaves
//! the job once the message is sent.

mod support;

use std::time::Duration;

use mailparse::MailHeaderMap;
use vocal_app::jobs::worker::{self, Step, step, step_at};
use vocal_app::messaging::email::{MAIL_ATTEMPTS, Mail, Mailer, Message, job_summary};
use vocal_app::organisation::audit::Actor;
use vocal_app::settings::{Settings, SmtpUrl};
use vocal_domain::OrgId;
use vocal_store::prelude::*;
use vocal_store::{EmailStatus, Job, JobState, NewJob};
use vocal_store_sqlite::SqliteStore;

use support::smtp_sink::{self, Received};

async fn store_with_org() -> (tempfile::TempDir, SqliteStore, OrgId) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    (dir, store, org.id)
}

fn mailer_for(port: u16) -> Mailer {
    let settings = Settings {
        smtp_url: Some(SmtpUrl(format!("smtp://127.0.0.1:{port}?tls=none"))),
        mail_from: Some("Vocal <nps@example.com>".into()),
        ..Settings::default()
    };
    Mailer::from_settings(&settings).unwrap()
}

/// A reset email, whose link must not outlive its delivery in the database.
fn reset_message() -> Message {
    let link = "http://vocal.test/password/set/secret-token-123".to_string();
    let mail =
        Mail::PasswordReset { organisation: "Acme".into(), name: "Ana".into(), link, expires: "in 1 hour".into() };
    mail.message("Ana <ana@example.com>").unwrap()
}

async fn next(inbox: &mut tokio::sync::mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(10), inbox.recv()).await.expect("a message within 10 s").unwrap()
}

fn message_id(received: &Received) -> String {
    mailparse::parse_mail(&received.data).unwrap().get_headers().get_first_value("Message-ID").expect("a Message-ID")
}

async fn job(store: &SqliteStore, org: OrgId, id: i64) -> Job {
    store.job(org, id).await.unwrap().unwrap()
}

#[tokio::test]
async fn queued_mail_is_sent_by_a_worker_step_and_its_job_forgets_the_link() {
    let (_dir, store, org) = store_with_org().await;
    let (port, mut inbox) = smtp_sink::start().await;
    let mailer = mailer_for(port);

    let queued = mailer.queue(&store, org, &reset_message()).await.unwrap();
    assert_eq!(queued.state, JobState::Queued);
    assert!(queued.payload.contains("secret-token-123"), "the job needs the link until it is sent");
    assert!(store.list_emails(org, 10).await.unwrap().is_empty(), "nothing is sent inline");
    assert!(inbox.try_recv().is_err());

    let Step::Done(ran) = step(&store, &mailer, "w1").await.unwrap() else { panic!("a due job") };
    assert_eq!((ran.id, ran.attempts, ran.lease_owner.as_deref()), (queued.id, 1, Some("w1")));
    let received = next(&mut inbox).await;
    assert!(received.accepted);
    assert_eq!(received.mail_from, "<nps@example.com>");
    assert_eq!(received.rcpt_to, vec!["<ana@example.com>".to_string()]);
    assert!(String::from_utf8_lossy(&received.data).contains("secret-token-123"), "the person gets the link");
    let payload: serde_json::Value = serde_json::from_str(&queued.payload).unwrap();
    assert_eq!(message_id(&received), payload["message_id"].as_str().unwrap(), "the Message-ID chosen when queued");
    assert!(message_id(&received).ends_with("@example.com>"), "in the sender's domain");

    let done = job(&store, org, queued.id).await;
    assert_eq!(done.state, JobState::Done);
    assert!(!done.payload.contains("secret-token-123"), "{}", done.payload);
    let sent = store.list_emails(org, 10).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].status, EmailStatus::Sent);
    assert!(!sent[0].text_body.contains("secret-token-123"));
    assert_eq!(step(&store, &mailer, "w1").await.unwrap(), Step::Empty, "sent once");
}

#[tokio::test]
async fn a_retry_after_the_server_failed_carries_the_same_message_id() {
    let (_dir, store, org) = store_with_org().await;
    let (port, mut inbox) = smtp_sink::start_refusing(1).await;
    let mailer = mailer_for(port);
    let queued = mailer.queue(&store, org, &reset_message()).await.unwrap();

    let now = vocal_app::now_ms();
    assert!(matches!(step_at(&store, &mailer, "w1", now).await.unwrap(), Step::Done(_)));
    let refused = next(&mut inbox).await;
    assert!(!refused.accepted);
    let failed = job(&store, org, queued.id).await;
    assert_eq!((failed.state, failed.attempts), (JobState::Failed, 1));
    assert!(failed.last_error.as_deref().unwrap_or_default().contains("451"), "{:?}", failed.last_error);
    assert!(failed.run_at_ms > now, "retried later, not at once");
    assert!(failed.payload.contains("secret-token-123"), "kept whole for the retry");
    assert!(
        store.list_emails(org, 10).await.unwrap().is_empty(),
        "a failure that will be retried is not in the outbox"
    );
    assert_eq!(step_at(&store, &mailer, "w1", failed.run_at_ms - 1).await.unwrap(), Step::Empty);

    assert!(matches!(step_at(&store, &mailer, "w2", failed.run_at_ms).await.unwrap(), Step::Done(_)));
    let delivered = next(&mut inbox).await;
    assert!(delivered.accepted);
    assert_eq!(message_id(&delivered), message_id(&refused), "a receiver can tell it is the same message");
    let done = job(&store, org, queued.id).await;
    assert_eq!((done.state, done.attempts), (JobState::Done, 2));
}

#[tokio::test]
async fn mail_that_keeps_failing_ends_dead_and_is_recorded_as_failed_once() {
    let (_dir, store, org) = store_with_org().await;
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mailer = mailer_for(closed_port);
    let queued = mailer.queue(&store, org, &reset_message()).await.unwrap();

    let mut now = vocal_app::now_ms();
    for attempt in 1..=MAIL_ATTEMPTS {
        let Step::Done(ran) = step_at(&store, &mailer, "w1", now).await.unwrap() else { panic!("attempt {attempt}") };
        assert_eq!(ran.attempts, attempt);
        let after = job(&store, org, queued.id).await;
        let expected = if attempt < MAIL_ATTEMPTS { JobState::Failed } else { JobState::Dead };
        assert_eq!(after.state, expected, "after attempt {attempt}");
        now = after.run_at_ms.max(now) + 1;
    }
    assert_eq!(step_at(&store, &mailer, "w1", now + 86_400_000).await.unwrap(), Step::Empty, "dead stays dead");
    let dead = job(&store, org, queued.id).await;
    assert!(dead.last_error.as_deref().unwrap().to_lowercase().contains("connect"));
    let emails = store.list_emails(org, 10).await.unwrap();
    assert_eq!(emails.iter().map(|e| e.status).collect::<Vec<_>>(), vec![EmailStatus::Failed], "recorded once");
    assert!(!emails[0].text_body.contains("secret-token-123"));
    let listed = vocal_app::jobs::queue::list(&store, org, Some(JobState::Dead), 10).await.unwrap();
    assert_eq!(listed.iter().map(|j| j.id).collect::<Vec<_>>(), vec![queued.id], "visible");

    assert_eq!(job_summary(&dead).as_deref(), Some("Ana <ana@example.com> — Choose a new password for Vocal (Acme)"));
    let again = vocal_app::jobs::queue::retry(&store, Actor::CommandLine(org), queued.id).await.unwrap();
    assert_eq!((again.state, again.attempts), (JobState::Queued, 0));
    let logged = store.list_audit(org, None, 1).await.unwrap().remove(0).entry;
    assert_eq!((logged.action.as_str(), logged.actor.as_str()), ("job.retry", "cli"));
    assert_eq!(logged.subject, format!("job {}", queued.id));
    let error =
        vocal_app::jobs::queue::retry(&store, Actor::CommandLine(org), queued.id).await.unwrap_err().to_string();
    assert!(error.contains("queued") && error.contains("only a failed or dead job"), "{error}");
    let error =
        vocal_app::jobs::queue::retry(&store, Actor::CommandLine(org), queued.id + 1).await.unwrap_err().to_string();
    assert!(error.contains(&format!("no job {}", queued.id + 1)), "{error}");
}

#[tokio::test]
async fn a_job_no_handler_knows_and_a_payload_that_does_not_parse_are_dead_at_once() {
    let (_dir, store, org) = store_with_org().await;
    let mailer = Mailer::new(None, None).unwrap();
    let new = |kind: &str, payload: &str| NewJob {
        kind: kind.into(),
        payload: payload.into(),
        max_attempts: 5,
        run_at_ms: vocal_app::now_ms(),
    };
    let unknown = store.enqueue_job(org, new("fax", "{}")).await.unwrap();
    let broken = store.enqueue_job(org, new("mail", "{\"message\": 1}")).await.unwrap();
    for _ in 0..2 {
        assert!(matches!(step(&store, &mailer, "w1").await.unwrap(), Step::Done(_)));
    }
    let unknown = job(&store, org, unknown.id).await;
    assert_eq!((unknown.state, unknown.attempts), (JobState::Dead, 1));
    assert!(unknown.last_error.unwrap().contains("\"fax\""));
    let broken = job(&store, org, broken.id).await;
    assert_eq!(broken.state, JobState::Dead);
    assert!(broken.last_error.unwrap().contains("payload"));
}

#[tokio::test]
async fn running_workers_deliver_what_is_queued_and_stop_when_told() {
    let (_dir, store, org) = store_with_org().await;
    let (port, mut inbox) = smtp_sink::start().await;
    let mailer = mailer_for(port);
    let workers = worker::start(store.clone(), mailer.clone(), 2);

    for n in 0..5 {
        let message = Mail::Test { organisation: format!("Acme {n}"), public_url: "http://vocal.test".into() };
        mailer.queue(&store, org, &message.message("ana@example.com").unwrap()).await.unwrap();
    }
    let mut subjects: Vec<String> = Vec::new();
    for _ in 0..5 {
        let received = next(&mut inbox).await;
        let mail = mailparse::parse_mail(&received.data).unwrap();
        subjects.push(mail.get_headers().get_first_value("Subject").unwrap());
    }
    subjects.sort();
    let expected: Vec<String> = (0..5).map(|n| format!("Test email from Vocal for Acme {n}")).collect();
    assert_eq!(subjects, expected, "each once");
    workers.stop().await;
    let jobs = store.list_jobs(org, None, 10).await.unwrap();
    assert!(jobs.iter().all(|j| j.state == JobState::Done && j.attempts == 1), "{jobs:?}");
    assert!(inbox.try_recv().is_err(), "no duplicates");
}
