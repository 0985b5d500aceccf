//! The JSON API, black-box over HTTP against a real server on port 0.

mod account;
mod account_notifications;
mod admin;
mod admin_rules;
mod admin_themes;
mod agents;
mod alert_rules;
mod browser;
mod case_announcements;
mod case_email;
mod cases;
mod cases_api;
mod dashboard;
mod errors;
mod export;
mod filter_choices;
mod freshness;
mod helpers;
mod ingest;
mod invitations;
mod jobs;
mod keys;
mod notification_channels;
mod nps;
mod openapi;
mod responses;
mod scoping;
mod sign_in;
mod signed_in;
/// A local SMTP server that records what it is sent.
#[path = "../../../app/tests/support/smtp_sink.rs"]
mod smtp_sink;
#[cfg(feature = "oidc")]
mod sso;
mod survey_pages;
mod surveys;
mod throttles;
mod why;
