//! Nothing to link: this crate holds the storage suite in `tests/storage`,
//! written once against the `Store` trait and run on SQLite and PostgreSQL.
#![forbid(unsafe_code)]
