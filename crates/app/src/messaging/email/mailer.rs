//! Sends a [`Message`] through SMTP, or keeps it in the outbox when no
//! server is configured, and records every message in the outbox table.
//! Queued mail (`mail_job.rs`) goes through the same conversation.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use vocal_domain::OrgId;
use vocal_store::{EmailRecord, EmailStatus, NewEmail, Store, StoreError};

use super::{Message, SmtpConfig, Tls};
use crate::jobs::Wake;
use crate::settings::Settings;

/// The sender when `mail_from` is not set and mail only goes to the outbox.
const OUTBOX_FROM: &str = "Vocal <vocal@localhost>";
/// How long one SMTP conversation may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{0}")]
    Settings(String),
    #[error("{address:?} is not an email address: {reason}")]
    Address { address: String, reason: String },
    #[error("rendering the email: {0}")]
    Template(#[from] askama::Error),
    /// The message is recorded as `failed` under `id`.
    #[error("sending to {to} failed (outbox #{id}): {reason}")]
    Smtp { id: i64, to: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Sends mail for every part of Vocal. Cheap to clone: clones share the
/// connection pool.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    pub(super) transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    /// Wakes this process's workers when mail is queued.
    pub(super) wake: Wake,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).field("smtp", &self.sends()).finish()
    }
}

impl Mailer {
    /// The mailer the settings describe: SMTP with `smtp_url`, else the outbox.
    /// Must be called inside the Tokio runtime (the connection pool starts a task).
    pub fn from_settings(settings: &Settings) -> Result<Self, MailError> {
        let smtp =
            settings.smtp_url.as_ref().map(|url| SmtpConfig::parse(&url.0)).transpose().map_err(MailError::Settings)?;
        Self::new(smtp, settings.mail_from.as_deref())
    }

    /// With `smtp` None, every message stays in the outbox.
    pub fn new(smtp: Option<SmtpConfig>, mail_from: Option<&str>) -> Result<Self, MailError> {
        let from = match (mail_from, &smtp) {
            (Some(from), _) => from,
            (None, None) => OUTBOX_FROM,
            (None, Some(_)) => {
                return Err(MailError::Settings(
                    "mail_from is required with smtp_url, e.g. mail_from = \"Vocal <nps@example.com>\"".into(),
                ));
            }
        };
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| MailError::Settings(format!("mail_from {from:?} is not an email address: {e}")))?;
        let transport = smtp.map(transport).transpose()?;
        Ok(Mailer { from, transport, wake: Wake::default() })
    }

    /// Whether messages go to an SMTP server (rather than only to the outbox).
    pub fn sends(&self) -> bool {
        self.transport.is_some()
    }

    /// The signal that wakes the workers of this process when mail is
    /// queued through this mailer or a clone of it.
    pub fn wake(&self) -> Wake {
        self.wake.clone()
    }

    /// Sends the message at once (or, without SMTP, keeps it in the outbox)
    /// and records it; an SMTP failure is recorded as `failed` and returned.
    /// Only for mail a person waits on (`vocal mail test`): everything else
    /// is queued with [`Mailer::queue`], so it survives a restart and is retried.
    pub async fn send<S: Store>(&self, store: &S, org: OrgId, message: &Message) -> Result<EmailRecord, MailError> {
        let to = recipient(message)?;
        let Some(transport) = &self.transport else {
            return Ok(store.record_email(org, kept_copy(message, EmailStatus::Outbox, None)).await?);
        };
        match self.deliver(transport, to, message, &self.new_message_id()).await {
            Ok(()) => Ok(store.record_email(org, kept_copy(message, EmailStatus::Sent, None)).await?),
            Err(reason) => {
                tracing::warn!(to = %message.to, %reason, "sending an email failed");
                let failed =
                    store.record_email(org, kept_copy(message, EmailStatus::Failed, Some(reason.clone()))).await?;
                Err(MailError::Smtp { id: failed.id, to: message.to.clone(), reason })
            }
        }
    }

    /// A fresh Message-ID in the sender's domain. A queued message gets
    /// its own when queued and keeps it on every retry, so a receiver can
    /// recognise a message that arrives twice.
    pub(super) fn new_message_id(&self) -> String {
        format!("<{:032x}@{}>", rand::random::<u128>(), self.from.email.domain())
    }

    /// One SMTP conversation, `Message-ID: message_id`.
    pub(super) async fn deliver(
        &self,
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        to: Mailbox,
        message: &Message,
        message_id: &str,
    ) -> Result<(), String> {
        let mut builder = lettre::Message::builder().from(self.from.clone()).to(to);
        if let Some(reply_to) = &message.reply_to {
            builder = builder.reply_to(reply_to.parse::<Mailbox>().map_err(|e| format!("reply-to {reply_to:?}: {e}"))?);
        }
        let email = builder
            .subject(&message.subject)
            .message_id(Some(message_id.to_string()))
            .multipart(MultiPart::alternative_plain_html(message.text.clone(), message.html.clone()))
            .map_err(|e| e.to_string())?;
        transport.send(email).await.map(drop).map_err(|e| with_causes(&e))
    }
}

/// The parsed `To` of a message.
pub(super) fn recipient(message: &Message) -> Result<Mailbox, MailError> {
    message.to.parse::<Mailbox>().map_err(|e| MailError::Address { address: message.to.clone(), reason: e.to_string() })
}

/// What the outbox keeps of a message: the whole message while it waits
/// there, else (once an SMTP server took it, or failed to) without any
/// link that signs people in.
pub(super) fn kept_copy(message: &Message, status: EmailStatus, error: Option<String>) -> NewEmail {
    let kept = if status == EmailStatus::Outbox { message.clone() } else { message.redacted() };
    NewEmail { to_address: kept.to, subject: kept.subject, text_body: kept.text, html_body: kept.html, status, error }
}

fn transport(config: SmtpConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let refused = |e: lettre::transport::smtp::Error| MailError::Settings(format!("smtp_url: {}", with_causes(&e)));
    let builder = match config.tls {
        Tls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host).map_err(refused)?,
        Tls::Implicit => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host).map_err(refused)?,
        Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
    };
    let builder = builder.port(config.port).timeout(Some(SMTP_TIMEOUT));
    let builder = match config.credentials {
        Some((user, password)) => builder.credentials(Credentials::new(user, password)),
        None => builder,
    };
    Ok(builder.build())
}

/// The error and its causes on one line.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let line = cause.to_string();
        if !text.contains(&line) {
            text = format!("{text}: {line}");
        }
        source = cause.source();
    }
    text
}
