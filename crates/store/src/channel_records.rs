//! The records of an organisation's notification channels: where alerts
//! leave Vocal over HTTP (signed webhooks, Slack, Teams, an SMS gateway).
//! See [`crate::NotificationChannels`] and docs/notifications.md.

use vocal_domain::OrgId;

/// What kind of receiver a channel posts to; decides the payload's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    /// A generic receiver, signed per the Standard Webhooks spec.
    Webhook,
    /// A Slack incoming webhook.
    Slack,
    /// A Microsoft Teams incoming webhook.
    Teams,
    /// An SMS gateway's REST endpoint, posted as a form from a template.
    SmsGateway,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 4] =
        [ChannelKind::Webhook, ChannelKind::Slack, ChannelKind::Teams, ChannelKind::SmsGateway];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Webhook => "webhook",
            ChannelKind::Slack => "slack",
            ChannelKind::Teams => "teams",
            ChannelKind::SmsGateway => "sms_gateway",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// A change in a case that channels may subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChannelEvent {
    CaseOpened,
    CaseEscalated,
    CaseResolved,
}

impl ChannelEvent {
    pub const ALL: [ChannelEvent; 3] =
        [ChannelEvent::CaseOpened, ChannelEvent::CaseEscalated, ChannelEvent::CaseResolved];

    /// The event's name on the wire (the webhook body's `type`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelEvent::CaseOpened => "case.opened",
            ChannelEvent::CaseEscalated => "case.escalated",
            ChannelEvent::CaseResolved => "case.resolved",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == text)
    }
}

/// A channel to store (already validated by the app layer).
#[derive(Clone, PartialEq, Eq)]
pub struct NewChannel {
    pub kind: ChannelKind,
    /// Unique in the organisation.
    pub name: String,
    pub url: String,
    pub events: Vec<ChannelEvent>,
    /// The signing secret (`whsec_…`) of a `webhook` channel.
    pub secret: Option<String>,
    /// Kind-specific settings as JSON text (an SMS gateway's request template).
    pub config: Option<String>,
}

/// How the last delivery to a channel went, for people reading the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelDelivery {
    pub at_ms: i64,
    /// `delivered` or `failed`.
    pub status: String,
    pub error: Option<String>,
}

/// A stored channel. Its secrets are kept so the server can sign; `Debug`
/// hides them.
#[derive(Clone, PartialEq, Eq)]
pub struct Channel {
    pub id: i64,
    pub org_id: OrgId,
    pub kind: ChannelKind,
    pub name: String,
    pub url: String,
    pub enabled: bool,
    /// Why the channel was turned off (a receiver answering 410 Gone).
    pub disabled_reason: Option<String>,
    pub events: Vec<ChannelEvent>,
    pub secret: Option<String>,
    /// The secret before the last rotation, still signed with until
    /// `previous_secret_expires_at_ms`.
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at_ms: Option<i64>,
    pub config: Option<String>,
    pub last_delivery: Option<ChannelDelivery>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

impl Channel {
    /// The secrets to sign with at `now_ms`: the current one, and the
    /// previous one while its grace period lasts.
    pub fn signing_secrets(&self, now_ms: i64) -> Vec<&str> {
        let previous = match (&self.previous_secret, self.previous_secret_expires_at_ms) {
            (Some(secret), Some(until)) if now_ms < until => Some(secret.as_str()),
            _ => None,
        };
        self.secret.as_deref().into_iter().chain(previous).collect()
    }
}

impl std::fmt::Debug for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channel")
            .field("id", &self.id)
            .field("org_id", &self.org_id)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("url", &self.url)
            .field("enabled", &self.enabled)
            .field("disabled_reason", &self.disabled_reason)
            .field("events", &self.events)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .field("previous_secret", &self.previous_secret.as_ref().map(|_| "***"))
            .field("last_delivery", &self.last_delivery)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for NewChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewChannel")
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("url", &self.url)
            .field("events", &self.events)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}
