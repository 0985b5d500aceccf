//! Mail through the job queue: [`Mailer::queue`] stores the message as a
//! `mail` job, and a worker's [`Mailer::run_job`] sends and records it.
//! Exactly-once delivery over SMTP is impossible (the server may take the
//! message just before the connection drops); duplicates are made rare and
//! recognisable instead: the claim is stored before the conversation, and
//! every attempt carries the Message-ID chosen when the mail was queued.

use serde::{Deserialize, Serialize};
use vocal_domain::OrgId;
use vocal_store::{EmailStatus, Job, NewJob, Store};

use super::mailer::{kept_copy, recipient};
use super::{MailError, Mailer, Message};
use crate::jobs::Attempt;

/// The kind of a job that sends one email.
pub const MAIL_JOB: &str = "mail";
/// Attempts before a mail is dead: with the backoff's doubling from 30 s,
/// the last is tried 32 to 64 minutes after the first failed.
pub const MAIL_ATTEMPTS: i64 = 8;

/// What a `mail` job carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct MailPayload {
    message: Message,
    /// The same on every attempt (see the module's comment).
    message_id: String,
}

/// What a `mail` job sends, for people reading the queue: `to — subject`.
/// `None` for other kinds, or a payload that does not parse.
pub fn job_summary(job: &Job) -> Option<String> {
    if job.kind != MAIL_JOB {
        return None;
    }
    let payload = serde_json::from_str::<MailPayload>(&job.payload).ok()?;
    Some(format!("{} — {}", payload.message.to, payload.message.subject))
}

impl Mailer {
    /// Queues the message for a worker to send (or keep in the outbox). An
    /// address that cannot receive mail is refused now, not at send time.
    pub async fn queue<S: Store>(&self, store: &S, org: OrgId, message: &Message) -> Result<Job, MailError> {
        recipient(message)?;
        let payload = MailPayload { message: message.clone(), message_id: self.new_message_id() };
        let job = NewJob {
            kind: MAIL_JOB.into(),
            payload: serde_json::to_string(&payload).map_err(|e| MailError::Settings(e.to_string()))?,
            max_attempts: MAIL_ATTEMPTS,
            run_at_ms: crate::now_ms(),
        };
        let job = store.enqueue_job(org, job).await?;
        self.wake.notify();
        Ok(job)
    }

    /// One attempt at a `mail` job: sends it and records it in the outbox.
    /// A failure is recorded there only on the last attempt; until then the
    /// job's `last_error` says why it waits. Once the message is delivered
    /// (or kept in the outbox) the job keeps a copy without its secret link.
    pub async fn run_job<S: Store>(&self, store: &S, job: &Job) -> Attempt {
        let payload = match serde_json::from_str::<MailPayload>(&job.payload) {
            Ok(payload) => payload,
            Err(error) => return Attempt::Permanent(format!("the mail job's payload does not parse: {error}")),
        };
        let message = &payload.message;
        let to = match recipient(message) {
            Ok(to) => to,
            Err(error) => {
                let _ = store
                    .record_email(job.org_id, kept_copy(message, EmailStatus::Failed, Some(error.to_string())))
                    .await;
                note_on_case(store, job, message, &error.to_string()).await;
                return Attempt::Permanent(error.to_string());
            }
        };
        let forgotten = Message { secret: None, ..message.redacted() };
        let kept_payload = serde_json::to_string(&MailPayload { message: forgotten, ..payload.clone() }).ok();
        let Some(transport) = &self.transport else {
            return match store.record_email(job.org_id, kept_copy(message, EmailStatus::Outbox, None)).await {
                Ok(_) => Attempt::Done { kept_payload },
                Err(error) => Attempt::Failed(format!("keeping the message in the outbox: {error}")),
            };
        };
        match self.deliver(transport, to, message, &payload.message_id).await {
            Ok(()) => {
                // Delivered: a failure to record it must not send it again.
                if let Err(error) = store.record_email(job.org_id, kept_copy(message, EmailStatus::Sent, None)).await {
                    tracing::warn!(job = job.id, %error, "a delivered email could not be recorded in the outbox");
                }
                Attempt::Done { kept_payload }
            }
            Err(reason) => {
                if job.attempts >= job.max_attempts {
                    let failed = kept_copy(message, EmailStatus::Failed, Some(reason.clone()));
                    if let Err(error) = store.record_email(job.org_id, failed).await {
                        tracing::warn!(job = job.id, %error, "a failed email could not be recorded in the outbox");
                    }
                    note_on_case(store, job, message, &reason).await;
                }
                Attempt::Failed(reason)
            }
        }
    }
}

/// The last attempt failed: a message about a case says so on the case.
async fn note_on_case<S: Store>(store: &S, job: &Job, message: &Message, reason: &str) {
    let Some(case) = message.case_id else { return };
    let noted = crate::closed_loop::undelivered::note_undelivered(
        store,
        job.org_id,
        vocal_domain::CaseId(case),
        "email",
        &message.to,
        reason,
        crate::now_ms(),
    )
    .await;
    if let Err(error) = noted {
        tracing::warn!(job = job.id, case, %error, "an undelivered email could not be noted on its case");
    }
}
