//! How Vocal reaches people: email, and outbound HTTP (signed webhooks,
//! Slack and Teams chat, an SMS gateway).

pub mod email;
pub mod outbound;
