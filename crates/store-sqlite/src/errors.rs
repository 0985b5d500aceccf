//! Maps SQLite errors onto [`StoreError`]. SQLite reports no constraint
//! names, so callers say which field a uniqueness failure is about.
//!
//! A busy or locked database, a database that cannot be written (its files
//! made read-only, or opened while they were), a full disk, an I/O error or
//! a file that cannot be opened is `Unavailable`: the server answers 503 and
//! the same request succeeds once the operator has fixed the cause.

use rusqlite::ErrorCode;
use vocal_store::StoreError;

/// Primary result codes (the low byte of an extended code) that mean the
/// database cannot take work now, rather than that the statement is wrong.
const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;
const SQLITE_READONLY: i32 = 8;
const SQLITE_IOERR: i32 = 10;
const SQLITE_FULL: i32 = 13;
const SQLITE_CANTOPEN: i32 = 14;

fn means_unavailable(extended_code: i32) -> bool {
    matches!(
        extended_code & 0xff,
        SQLITE_BUSY | SQLITE_LOCKED | SQLITE_READONLY | SQLITE_IOERR | SQLITE_FULL | SQLITE_CANTOPEN
    )
}

pub(crate) fn from_sqlx(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(error.to_string())
        }
        sqlx::Error::Database(db) if db.code().and_then(|code| code.parse().ok()).is_some_and(means_unavailable) => {
            StoreError::Unavailable(error.to_string())
        }
        _ => StoreError::Database(error.to_string()),
    }
}

/// [`from_sqlx`], with a unique violation as `Conflict { field }`.
pub(crate) fn unique_as(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    vocal_store_sql::errors::unique_as(field, from_sqlx)
}

/// The same sorting for the rusqlite connections of the bulk paths.
pub(crate) fn from_rusqlite(error: rusqlite::Error) -> StoreError {
    match &error {
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(
                e.code,
                ErrorCode::DatabaseBusy
                    | ErrorCode::DatabaseLocked
                    | ErrorCode::ReadOnly
                    | ErrorCode::SystemIoFailure
                    | ErrorCode::DiskFull
                    | ErrorCode::CannotOpen
            ) =>
        {
            StoreError::Unavailable(error.to_string())
        }
        _ => StoreError::Database(error.to_string()),
    }
}
