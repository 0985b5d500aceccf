//! Maps PostgreSQL errors onto [`StoreError`]. As in the SQLite backend, the
//! caller names the field a uniqueness failure is about, so both backends
//! report the same `Conflict { field }` without relying on constraint names.

use vocal_store::StoreError;

/// SQLSTATEs that mean the server is going away or refusing work, rather
/// than that the statement was wrong: worth a retry, not a bug report.
fn means_unavailable(code: &str) -> bool {
    code.starts_with("08") // connection exception
        || code.starts_with("57P") // shutdown, crash, cannot connect now
        || code.starts_with("53") // insufficient resources: disk full, out of memory, too many connections
        || code == "58030" // I/O error
        || code == "25006" // read-only transaction: a standby, or the database set read-only
}

pub(crate) fn from_sqlx(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
            StoreError::Unavailable(error.to_string())
        }
        sqlx::Error::Database(db) if db.code().is_some_and(|code| means_unavailable(&code)) => {
            StoreError::Unavailable(error.to_string())
        }
        _ => StoreError::Database(error.to_string()),
    }
}

/// [`from_sqlx`], with a unique violation as `Conflict { field }`.
pub(crate) fn unique_as(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    vocal_store_sql::errors::unique_as(field, from_sqlx)
}
