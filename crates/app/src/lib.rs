//! Vocal's use cases, shared by the CLI and the web server: opening the
//! configured database, keeping the response index in step with it,
//! answering NPS questions, importing CSV files and building the demo.
#![forbid(unsafe_code)]

pub mod account_links;
pub mod accounts;
pub mod coaching;
pub mod collect;
pub mod dashboard;
pub mod demo;
pub mod email;
pub mod import;
pub mod importer;
pub mod indexes;
pub mod keys;
pub mod live_index;
pub mod orgs;
pub mod passwords;
pub mod report;
pub mod scope;
pub mod seed;
pub mod settings;
pub mod sign_in;
pub mod sso;
pub mod survey_file;
pub mod surveys;

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
