//! Outbound HTTP: an organisation's notification channels (signed
//! webhooks, Slack, Teams, an SMS gateway) and the queue's jobs that post
//! to them. Every URL passes the SSRF guard when saved and at every send.
//! docs/notifications.md tells the whole story.
//!
//! - `channels`: adding, listing, removing channels, rotating a secret.
//! - `enqueue`: a case's event to every subscribed channel; one SMS.
//! - `delivery`: the `webhook` and `sms` jobs' one attempt.
//! - `payloads`, `signing`, `sms_template`: what is sent and how it is signed.
//! - `ssrf`, `http_post`: where posts may go, and the one guarded POST.

pub mod channels;
pub mod delivery;
pub mod enqueue;
mod http_post;
pub mod payloads;
pub mod signing;
pub mod sms_template;
pub mod ssrf;

#[cfg(test)]
mod ssrf_tests;

pub use delivery::{SMS_JOB, WEBHOOK_JOB};
pub use ssrf::TargetPolicy;

/// What a worker needs to post: where posts may go. Cheap to copy; each
/// post builds its own client, because the checked addresses are pinned
/// per request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outbound {
    pub policy: TargetPolicy,
}

impl Outbound {
    /// With `allow_private`, receivers on loopback and private networks are
    /// reachable (`allow_private_webhooks`, for tests and on-premise use).
    pub fn new(allow_private: bool) -> Self {
        Outbound { policy: TargetPolicy { allow_private } }
    }
}
