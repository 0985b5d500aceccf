//! Vocal's use cases, shared by the CLI and the web server, one folder per
//! capability: `accounts` (users, sign-in, passwords, API keys, scope),
//! `organisation` (the organisation and its units), `collect` (surveys
//! answered, invitations, the ingest API), `import` (CSV files), `surveys`
//! (survey files and storing them), `dashboard` and `coaching` (the figures
//! people read), `live_index` (each organisation's index kept in step with
//! the database), `messaging` (email) and `demo`. `report` is the NPS answer
//! the CLI and the API print; `settings` the configuration.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod coaching;
pub mod collect;
pub mod dashboard;
pub mod demo;
pub mod import;
pub mod live_index;
pub mod messaging;
pub mod organisation;
pub mod report;
pub mod settings;
pub mod surveys;

/// The old path of [`accounts::api_keys`], kept only while the storage test
/// crate (being rewritten alongside) still names it; remove with its last use.
#[doc(hidden)]
pub use accounts::api_keys as keys;

/// The wall clock in Unix milliseconds, as every stored time is.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
