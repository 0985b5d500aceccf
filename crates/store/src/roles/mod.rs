//! One trait per storage area. A capability that needs new tables adds one
//! trait here (and one implementation in `crates/store-sql/shared/`, or per
//! backend where the mechanism differs), then joins it to [`crate::Store`].
//!
//! Methods return `impl Future + Send` so servers can spawn them;
//! implementations write plain `async fn`. Every method is one transaction:
//! it is done completely or not at all.

mod accounts;
mod alerts;
mod audit;
mod cases;
mod channels;
mod jobs;
mod organisations;
mod outbox;
mod preferences;
mod responses;
mod sessions;
mod surveys;
mod themes;

pub use accounts::Accounts;
pub use alerts::Alerts;
pub use audit::AuditLog;
pub use cases::Cases;
pub use channels::NotificationChannels;
pub use jobs::Jobs;
pub use organisations::Organisations;
pub use outbox::Outbox;
pub use preferences::Preferences;
pub use responses::Responses;
pub use sessions::Sessions;
pub use surveys::Surveys;
pub use themes::Themes;
