//! How Vocal reaches people. Email today; SMS, chat and webhooks join here.

pub mod email;
