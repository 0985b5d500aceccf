//! What the shared SQL (`crates/store-sql/shared/`) needs from SQLite: its
//! types, how a write transaction starts, and the mechanisms that differ.

use vocal_domain::{OrgId, UnitId, UnitPath};
use vocal_store::{
    IndexedResponse, StoreError, StoreResult, Stored, StreamItem, StreamOutcome, StreamTarget, Submission,
};

pub(crate) use crate::errors::{from_sqlx, unique_as};

vocal_store_sql::backend_types!(
    db: sqlx::Sqlite,
    pool: sqlx::SqlitePool,
    row: sqlx::sqlite::SqliteRow,
    conn: sqlx::SqliteConnection,
    store: crate::SqliteStore,
);

/// The condition of a lookup by de-duplication key (`$1` the organisation,
/// `$2` the key), answered by the unique index `responses_dedupe`.
pub(crate) const BY_DEDUPE_KEY: &str = "r.org_id = $1 AND r.dedupe_key = $2";

/// Nothing after the job claim's inner select: the claim runs in
/// [`begin_write`]'s transaction, which already holds the one write lock,
/// so no other claimer can read the same job before this one commits.
pub(crate) const SKIP_LOCKED: &str = "";

/// `BEGIN IMMEDIATE`: a transaction that reads before it writes takes the
/// write lock at once. A deferred one that read first could not upgrade to
/// a write while another connection writes, and would fail as busy.
pub(crate) async fn begin_write(pool: &Pool) -> StoreResult<Tx> {
    pool.begin_with("BEGIN IMMEDIATE").await.map_err(from_sqlx)
}

/// A connection opened earlier can still write when the files no longer
/// can (see `pool.rs`); the health check reports what a new one would meet.
pub(crate) fn check_files_writable(store: &Store) -> StoreResult<()> {
    if crate::pool::files_writable(&store.path) {
        Ok(())
    } else {
        Err(StoreError::Unavailable(format!("{} cannot be written", store.path.display())))
    }
}

/// Nothing to do: the transaction already holds SQLite's one write lock
/// (see [`begin_write`]), so unit moves take turns with every other write.
pub(crate) async fn lock_unit_moves(_conn: &mut Conn, _org: OrgId) -> StoreResult<()> {
    Ok(())
}

/// Through the import writer's find-or-create of unit paths (rusqlite).
pub(crate) async fn ensure_unit(store: &Store, org: OrgId, path: &UnitPath) -> StoreResult<UnitId> {
    crate::bulk_write::ensure_unit(&store.path, org, path).await
}

/// Rows are stored as they arrive, in one open transaction (see `bulk_write.rs`).
pub(crate) async fn insert_response_stream(
    store: &Store,
    target: StreamTarget,
    items: tokio::sync::mpsc::Receiver<StreamItem>,
) -> StoreResult<StreamOutcome> {
    crate::bulk_write::insert_stream(&store.path, target, items).await
}

/// Through the kept rusqlite reader (see `bulk_read.rs`).
pub(crate) async fn changes_since(s: &Store, org: OrgId, seq: i64, max: i64) -> StoreResult<Vec<IndexedResponse>> {
    s.changes.after(&s.path, org, seq, max).await
}

/// Through the kept group-commit connection (see `submissions.rs`).
pub(crate) async fn commit_submissions(store: &Store, group: Vec<Submission>) -> StoreResult<Vec<Vec<Stored>>> {
    store.submissions.commit(&store.path, group).await
}
