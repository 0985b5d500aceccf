//! Storage errors, already sorted into what callers need to decide on.

/// What went wrong in storage, without leaking SQL text to clients.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached or refused the connection.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A uniqueness rule was broken, e.g. an organisation name already taken.
    #[error("{field} already exists")]
    Conflict { field: &'static str },
    /// Something named does not exist (or is not visible to the caller).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A stored value that does not decode or parse (a bug, or someone
    /// editing the database by hand): names where it is, the detail is for logs.
    #[error("corrupt data in {table}.{column}: {detail}")]
    Corrupt { table: &'static str, column: &'static str, detail: String },
    /// A streamed write ended without `Commit`; nothing was stored.
    #[error("the write was abandoned; nothing was stored")]
    Aborted,
    /// Any other database failure; the detail is for logs only.
    #[error("database error: {0}")]
    Database(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
