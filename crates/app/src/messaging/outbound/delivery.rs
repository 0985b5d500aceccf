//! The queue's `webhook` and `sms` jobs: one per (channel, event) or per
//! text message. The body (and the `webhook-id`) is fixed when the job is
//! queued, so every retry sends the same event under the same id and a
//! receiver can drop duplicates; the timestamp and signatures are made
//! per attempt, with the channel's secrets at that time. Each attempt
//! looks the channel up again: one removed or disabled since stops its jobs.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};
use vocal_store::{Channel, ChannelDelivery, ChannelKind, Job, Store};

use super::Outbound;
use super::http_post::{Body, Delivered, post};
use super::signing::signature_header;
use super::sms_template::{SmsTemplate, SmsValues};
use crate::jobs::Attempt;

/// The kind of a job posting one event to a webhook, Slack or Teams channel.
pub const WEBHOOK_JOB: &str = "webhook";
/// The kind of a job posting one text message to an SMS gateway.
pub const SMS_JOB: &str = "sms";
/// Attempts before a delivery is dead: with the backoff's doubling from
/// 30 s, the last is tried 32 to 64 minutes after the first failed.
pub const DELIVERY_ATTEMPTS: i64 = 8;

/// What a `webhook` job carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct WebhookPayload {
    pub channel_id: i64,
    /// `case.opened`, … (for people reading the queue).
    pub event: String,
    /// The same on every attempt.
    pub webhook_id: String,
    /// The JSON body, exactly as signed and sent.
    pub body: String,
}

/// What an `sms` job carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct SmsPayload {
    pub channel_id: i64,
    pub to: String,
    pub text: String,
    pub case_id: Option<i64>,
    pub case_url: Option<String>,
}

impl Outbound {
    /// One attempt at a `webhook` or `sms` job, at `now_ms`.
    pub async fn run_job<S: Store>(&self, store: &S, job: &Job, now_ms: i64) -> Attempt {
        let (channel_id, request) = match job.kind.as_str() {
            WEBHOOK_JOB => match serde_json::from_str::<WebhookPayload>(&job.payload) {
                Ok(p) => (p.channel_id, Request::Webhook(p)),
                Err(e) => return Attempt::Permanent(format!("the webhook job's payload does not parse: {e}")),
            },
            SMS_JOB => match serde_json::from_str::<SmsPayload>(&job.payload) {
                Ok(p) => (p.channel_id, Request::Sms(p)),
                Err(e) => return Attempt::Permanent(format!("the sms job's payload does not parse: {e}")),
            },
            other => return Attempt::Permanent(format!("{other:?} is not an outbound job")),
        };
        let channel = match store.channel(job.org_id, channel_id).await {
            Ok(Some(channel)) => channel,
            Ok(None) => return Attempt::Permanent(format!("notification channel {channel_id} was removed")),
            Err(error) => return Attempt::Failed(format!("reading notification channel {channel_id}: {error}")),
        };
        if !channel.enabled {
            let why = channel.disabled_reason.as_deref().unwrap_or("turned off");
            return Attempt::Permanent(format!("channel {:?} is disabled: {why}", channel.name));
        }
        let delivered = match &request {
            Request::Webhook(payload) => self.post_event(&channel, payload, now_ms).await,
            Request::Sms(payload) => self.post_sms(&channel, payload).await,
        };
        self.record(store, &channel, &delivered, now_ms).await;
        let attempt = match delivered {
            Delivered::Ok => Attempt::Done { kept_payload: None },
            Delivered::Gone => Attempt::Permanent("the receiver answered 410 Gone: the channel is disabled".into()),
            Delivered::Retry(error) => Attempt::Failed(error),
            Delivered::Refused(error) => Attempt::Permanent(error),
        };
        if let Request::Sms(payload) = &request {
            note_if_last(store, job, payload, &attempt, now_ms).await;
        }
        attempt
    }

    async fn post_event(&self, channel: &Channel, payload: &WebhookPayload, now_ms: i64) -> Delivered {
        let mut headers = HeaderMap::new();
        if channel.kind == ChannelKind::Webhook {
            let timestamp = now_ms.div_euclid(1000);
            let secrets = channel.signing_secrets(now_ms);
            let Some(signature) = signature_header(&secrets, &payload.webhook_id, timestamp, &payload.body) else {
                return Delivered::Refused(format!("channel {:?} has no valid signing secret", channel.name));
            };
            for (name, value) in [
                ("webhook-id", payload.webhook_id.clone()),
                ("webhook-timestamp", timestamp.to_string()),
                ("webhook-signature", signature),
            ] {
                match HeaderValue::from_str(&value) {
                    Ok(value) => headers.insert(HeaderName::from_static(name), value),
                    Err(_) => return Delivered::Refused(format!("the {name} header cannot hold {value:?}")),
                };
            }
        }
        post(&channel.url, self.policy, headers, None, Body::Json(payload.body.clone())).await
    }

    async fn post_sms(&self, channel: &Channel, payload: &SmsPayload) -> Delivered {
        let template = match channel.config.as_deref().map(serde_json::from_str::<SmsTemplate>) {
            Some(Ok(template)) => template,
            Some(Err(e)) => return Delivered::Refused(format!("the gateway's stored template does not parse: {e}")),
            None => return Delivered::Refused(format!("channel {:?} has no request template", channel.name)),
        };
        let values = SmsValues {
            to: &payload.to,
            text: &payload.text,
            case_id: payload.case_id,
            case_url: payload.case_url.as_deref(),
        };
        let form = match template.form(&values) {
            Ok(form) => form,
            Err(error) => return Delivered::Refused(format!("the gateway's template: {error}")),
        };
        let mut headers = HeaderMap::new();
        if let Some(header) = &template.header {
            match (HeaderName::from_bytes(header.name.as_bytes()), HeaderValue::from_str(&header.value)) {
                (Ok(name), Ok(mut value)) => {
                    value.set_sensitive(true);
                    headers.insert(name, value);
                }
                _ => return Delivered::Refused("the gateway's token header is not valid".into()),
            }
        }
        let auth = template.basic_auth.as_ref().map(|a| (a.username.as_str(), a.password.as_str()));
        post(&channel.url, self.policy, headers, auth, Body::Form(form)).await
    }

    /// Remembers the outcome on the channel (for `vocal channels list`),
    /// and turns the channel off on 410. A failure to record is logged: it
    /// must not make a delivered message go again.
    async fn record<S: Store>(&self, store: &S, channel: &Channel, delivered: &Delivered, now_ms: i64) {
        let (status, error) = match delivered {
            Delivered::Ok => ("delivered", None),
            Delivered::Gone => ("failed", Some("410 Gone: the receiver asked to be removed".to_string())),
            Delivered::Retry(e) | Delivered::Refused(e) => ("failed", Some(e.clone())),
        };
        let delivery = ChannelDelivery { at_ms: now_ms, status: status.into(), error };
        if let Err(error) = store.record_channel_delivery(channel.org_id, channel.id, delivery).await {
            tracing::warn!(channel = channel.id, %error, "a delivery could not be recorded on its channel");
        }
        if *delivered == Delivered::Gone {
            let reason = format!(
                "the receiver answered 410 Gone at {}",
                jiff::Timestamp::from_millisecond(now_ms).map(|t| t.to_string()).unwrap_or_default()
            );
            if let Err(error) = store.disable_channel(channel.org_id, channel.id, &reason).await {
                tracing::warn!(channel = channel.id, %error, "a channel answering 410 could not be disabled");
            }
        }
    }
}

enum Request {
    Webhook(WebhookPayload),
    Sms(SmsPayload),
}

/// An alert text about a case that failed for good (refused, or its last
/// attempt) is noted on the case, as an undelivered email is.
async fn note_if_last<S: Store>(store: &S, job: &Job, payload: &SmsPayload, attempt: &Attempt, now_ms: i64) {
    let reason = match attempt {
        Attempt::Permanent(reason) => reason,
        Attempt::Failed(reason) if job.attempts >= job.max_attempts => reason,
        _ => return,
    };
    let Some(case) = payload.case_id else { return };
    let noted = crate::closed_loop::undelivered::note_undelivered(
        store,
        job.org_id,
        vocal_domain::CaseId(case),
        "text message",
        &payload.to,
        reason,
        now_ms,
    )
    .await;
    if let Err(error) = noted {
        tracing::warn!(job = job.id, case, %error, "an undelivered text could not be noted on its case");
    }
}
