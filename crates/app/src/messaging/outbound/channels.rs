//! Managing an organisation's notification channels (`vocal channels …`,
//! `/api/v1/notification-channels`): a channel is checked whole when saved
//! (its URL against the SSRF guard, a gateway's template rendered with
//! sample values), a webhook's secret is made here and shown once, and
//! every change is in the audit log.

use vocal_domain::OrgId;
use vocal_store::{Channel, ChannelEvent, ChannelKind, NewChannel, Store, StoreError};

use super::signing::new_secret;
use super::sms_template::{SmsTemplate, TemplateError};
use super::ssrf::{TargetPolicy, check_url};
use crate::organisation::audit::{self, Actor};

/// How long a replaced secret keeps signing after a rotation.
pub const ROTATION_GRACE_MS: i64 = 24 * 3_600_000;
/// The longest channel name.
const NAME_MAX: usize = 100;

/// A channel as an admin describes it.
#[derive(Debug, Clone)]
pub struct ChannelSpec {
    pub kind: ChannelKind,
    pub name: String,
    pub url: String,
    /// Empty means every event.
    pub events: Vec<ChannelEvent>,
    /// Required for (and only for) `sms_gateway`.
    pub sms: Option<SmsTemplate>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    #[error("the request template is not valid: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Template(Vec<TemplateError>),
    #[error("no notification channel {0} in this organisation")]
    NotFound(i64),
    #[error("channel {0} is not a webhook: only webhooks have a signing secret")]
    NotSigned(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ChannelError {
    /// The field at fault, for the API's 422.
    pub fn field(&self) -> Option<&str> {
        match self {
            ChannelError::Invalid { field, .. } => Some(field),
            ChannelError::Template(errors) => errors.first().map(|e| e.field.as_str()),
            ChannelError::Store(StoreError::Conflict { field }) => Some(field),
            _ => None,
        }
    }
}

fn invalid(field: &str, problem: impl Into<String>) -> ChannelError {
    ChannelError::Invalid { field: field.into(), problem: problem.into() }
}

/// A channel just made, with its secret: the only time it is shown.
#[derive(Debug, Clone)]
pub struct Created {
    pub channel: Channel,
    pub secret: Option<String>,
}

/// Checks `spec` whole and stores it; a webhook gets a new secret.
pub async fn add<S: Store>(
    store: &S,
    actor: Actor<'_>,
    policy: TargetPolicy,
    spec: ChannelSpec,
) -> Result<Created, ChannelError> {
    let name = spec.name.trim().to_string();
    if name.is_empty() || name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        return Err(invalid("name", format!("must be 1 to {NAME_MAX} printable characters")));
    }
    check_url(&spec.url, policy).await.map_err(|e| invalid("url", e.to_string()))?;
    let config = match (spec.kind, &spec.sms) {
        (ChannelKind::SmsGateway, Some(template)) => {
            template.validate().map_err(ChannelError::Template)?;
            Some(serde_json::to_string(template).map_err(|e| invalid("template", e.to_string()))?)
        }
        (ChannelKind::SmsGateway, None) => return Err(invalid("fields", "an SMS gateway needs its form fields")),
        (_, Some(_)) => return Err(invalid("fields", "only an sms_gateway channel has form fields")),
        (_, None) => None,
    };
    let mut events = if spec.events.is_empty() { ChannelEvent::ALL.to_vec() } else { spec.events };
    events.sort();
    events.dedup();
    let secret = (spec.kind == ChannelKind::Webhook).then(new_secret);
    let new =
        NewChannel { kind: spec.kind, name, url: spec.url.trim().to_string(), events, secret: secret.clone(), config };
    let channel = store.create_channel(actor.org(), new).await?;
    let subject = format!("channel {}", channel.id);
    let detail = format!("{} {:?} → {}", channel.kind.as_str(), channel.name, channel.url);
    audit::record(store, actor, "channel.add", subject, detail).await?;
    Ok(Created { channel, secret })
}

/// The organisation's channels, oldest first, each with its last delivery.
pub async fn list<S: Store>(store: &S, org: OrgId) -> Result<Vec<Channel>, StoreError> {
    store.channels(org).await
}

pub async fn remove<S: Store>(store: &S, actor: Actor<'_>, id: i64) -> Result<(), ChannelError> {
    let channel = store.channel(actor.org(), id).await?.ok_or(ChannelError::NotFound(id))?;
    if !store.delete_channel(actor.org(), id).await? {
        return Err(ChannelError::NotFound(id));
    }
    audit::record(store, actor, "channel.remove", format!("channel {id}"), format!("{:?}", channel.name)).await?;
    Ok(())
}

/// Turns a channel back on after it was disabled (a 410 from its receiver),
/// so events flow to it again; already on is fine. Audited.
pub async fn enable<S: Store>(store: &S, actor: Actor<'_>, id: i64) -> Result<Channel, ChannelError> {
    let channel = store.channel(actor.org(), id).await?.ok_or(ChannelError::NotFound(id))?;
    if !store.enable_channel(actor.org(), id).await? {
        return Err(ChannelError::NotFound(id));
    }
    let was = channel.disabled_reason.unwrap_or_else(|| "on already".into());
    audit::record(store, actor, "channel.enable", format!("channel {id}"), format!("{:?} ({was})", channel.name))
        .await?;
    store.channel(actor.org(), id).await?.ok_or(ChannelError::NotFound(id))
}

/// A new secret for a webhook; the old one keeps signing for
/// [`ROTATION_GRACE_MS`] so receivers can switch without losing events.
pub async fn rotate_secret<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: i64,
    now_ms: i64,
) -> Result<(Channel, String), ChannelError> {
    let channel = store.channel(actor.org(), id).await?.ok_or(ChannelError::NotFound(id))?;
    if channel.kind != ChannelKind::Webhook {
        return Err(ChannelError::NotSigned(id));
    }
    let secret = new_secret();
    let rotated = store
        .rotate_channel_secret(actor.org(), id, &secret, now_ms + ROTATION_GRACE_MS)
        .await?
        .ok_or(ChannelError::NotFound(id))?;
    audit::record(store, actor, "channel.rotate_secret", format!("channel {id}"), "the previous secret signs for 24 h")
        .await?;
    Ok((rotated, secret))
}

/// Parses a comma-separated list of event names (`case.opened,case.resolved`).
pub fn parse_events(text: &str) -> Result<Vec<ChannelEvent>, ChannelError> {
    text.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            ChannelEvent::parse(name).ok_or_else(|| {
                let known: Vec<&str> = ChannelEvent::ALL.iter().map(|e| e.as_str()).collect();
                invalid("events", format!("{name:?} is not an event (known: {})", known.join(", ")))
            })
        })
        .collect()
}

/// Parses a channel kind's name.
pub fn parse_kind(text: &str) -> Result<ChannelKind, ChannelError> {
    ChannelKind::parse(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = ChannelKind::ALL.iter().map(|k| k.as_str()).collect();
        invalid("kind", format!("{text:?} is not a channel kind (known: {})", known.join(", ")))
    })
}
