//! The error sorting both backends share; which errors mean "unavailable"
//! is each backend's own (`errors.rs` there).

use vocal_store::StoreError;

/// Like the backend's `from_sqlx`, but a unique violation becomes
/// `Conflict { field }`. The caller names the field because SQLite reports
/// no constraint names, so both backends say the same without them.
pub fn unique_as(field: &'static str, from_sqlx: fn(sqlx::Error) -> StoreError) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict { field },
        _ => from_sqlx(error),
    }
}
