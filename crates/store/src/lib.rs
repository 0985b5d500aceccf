//! The storage contract: one trait per storage area ([`roles`]), joined in
//! [`Store`], and the records that cross them. The web layer and the CLI are
//! written against [`Store`], and the backend is chosen once at start-up
//! from the URL.
#![forbid(unsafe_code)]

mod attempts;
mod case_records;
mod channel_records;
mod error;
mod job_records;
mod preference_records;
mod records;
pub mod roles;
mod store;
mod web_records;

pub use attempts::AttemptKind;
pub use case_records::*;
pub use channel_records::*;
pub use error::{StoreError, StoreResult};
pub use job_records::*;
pub use preference_records::*;
pub use records::*;
pub use roles::{
    Accounts, Alerts, AuditLog, Cases, Jobs, NotificationChannels, Organisations, Outbox, Preferences, Responses,
    Sessions, Surveys, Themes,
};
pub use store::Store;
pub use web_records::*;

/// Every area's trait, for code that calls store methods on a concrete
/// backend (tests, benchmarks): `use vocal_store::prelude::*;`.
pub mod prelude {
    pub use crate::roles::{
        Accounts, Alerts, AuditLog, Cases, Jobs, NotificationChannels, Organisations, Outbox, Preferences, Responses,
        Sessions, Surveys, Themes,
    };
    pub use crate::store::Store;
}
