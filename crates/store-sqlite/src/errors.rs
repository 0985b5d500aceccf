//! Maps SQLite errors onto [`StoreError`]. SQLite reports no constraint
//! names, so callers say which field a uniqueness failure is about.

use vocal_store::StoreError;

pub(crate) fn from_sqlx(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(error.to_string())
        }
        _ => StoreError::Database(error.to_string()),
    }
}

/// Like [`from_sqlx`], but a unique violation becomes `Conflict { field }`.
pub(crate) fn unique_as(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict { field },
        _ => from_sqlx(error),
    }
}
