//! The SQL that is the same on SQLite and PostgreSQL, compiled into each
//! backend against its own `crate::backend` types (see `vocal_store_sql`).
//! Each file owns one storage area: its statements, its row decoding and its
//! role trait's implementation. Where a mechanism really differs, the
//! implementation calls a `crate::backend` function and says why there.

pub(crate) mod accounts;
pub(crate) mod alerts;
pub(crate) mod api_keys;
pub(crate) mod audit;
pub(crate) mod case_work;
pub(crate) mod cases;
pub(crate) mod channels;
pub(crate) mod contacts;
pub(crate) mod invitations;
pub(crate) mod jobs;
pub(crate) mod migrations;
pub(crate) mod organisations;
pub(crate) mod outbox;
pub(crate) mod preferences;
pub(crate) mod responses;
pub(crate) mod sessions;
pub(crate) mod surveys;
pub(crate) mod themes;
pub(crate) mod unit_changes;
pub(crate) mod user_links;
