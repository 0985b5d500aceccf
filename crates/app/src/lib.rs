//! Vocal's use cases, shared by the CLI and the web server, one folder per
//! capability: `accounts` (users, sign-in, passwords, API keys, scope),
//! `organisation` (the organisation and its units), `collect` (surveys
//! answered, invitations, the ingest API), `import` (CSV files), `surveys`
//! (survey files and storing them), `closed_loop` (alert rules, their
//! evaluation and the cases they open), `dashboard` and `coaching` (the figures
//! people read), `live_index` (each organisation's index kept in step with
//! the database), `messaging` (email), `jobs` (the durable queue every message goes
//! through and its workers) and `demo`. `report` is the NPS answer
//! the CLI and the API print; `settings` the configuration.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod closed_loop;
pub mod coaching;
pub mod collect;
pub mod dashboard;
pub mod demo;
pub mod import;
pub mod jobs;
pub mod live_index;
pub mod messaging;
pub mod organisation;
pub mod proxies;
pub mod report;
pub mod settings;
pub mod surveys;
pub mod why;

/// Outbound TLS (single sign-on, and any https a binary's HTTP clients
/// reach) goes through rustls with ring, the workspace's one crypto
/// provider. With single sign-on built in, reqwest has rustls without a
/// provider of its own and panics when a client is built before one is
/// installed — so every binary calls this first. Idempotent.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The wall clock in Unix milliseconds, as every stored time is.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
