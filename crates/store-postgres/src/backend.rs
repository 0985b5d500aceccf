//! What the shared SQL (`crates/store-sql/shared/`) needs from PostgreSQL:
//! its types, how a write transaction starts, and the mechanisms that differ.

use vocal_domain::{OrgId, UnitId, UnitPath};
use vocal_store::{IndexedResponse, StoreResult, Stored, StreamItem, StreamOutcome, StreamTarget, Submission};

pub(crate) use crate::errors::{from_sqlx, unique_as};

vocal_store_sql::backend_types!(
    db: sqlx::Postgres,
    pool: sqlx::PgPool,
    row: sqlx::postgres::PgRow,
    conn: sqlx::PgConnection,
    store: crate::PostgresStore,
);

/// The condition of a lookup by de-duplication key (`$1` the organisation,
/// `$2` the key). `org_id + 0` keeps `responses_changes (org_id, seq)` out of
/// the plan, so the prepared statement always uses `responses_dedupe
/// (dedupe_key, org_id)` (see migration 0004): a generic plan made on an
/// empty table once stuck to the other index and scanned every response of
/// the organisation.
pub(crate) const BY_DEDUPE_KEY: &str = "r.dedupe_key = $2 AND r.org_id + 0 = $1";

/// After the job claim's inner select: concurrent claimers lock different
/// rows and pass over each other's instead of waiting, so several workers
/// and processes share the queue without queueing on one row.
pub(crate) const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";

/// A plain `BEGIN`: row locks, not one database lock, keep writers apart.
pub(crate) async fn begin_write(pool: &Pool) -> StoreResult<Tx> {
    pool.begin().await.map_err(from_sqlx)
}

/// Nothing beyond the rolled-back write: the server answers for its files.
pub(crate) fn check_files_writable(_store: &Store) -> StoreResult<()> {
    Ok(())
}

/// Moves in one organisation take turns on its row. `NO KEY UPDATE` leaves
/// the organisation's other writes, which only take `KEY SHARE`, free.
pub(crate) async fn lock_unit_moves(conn: &mut Conn, org: OrgId) -> StoreResult<()> {
    sqlx::query("SELECT 1 FROM organisations WHERE id = $1 FOR NO KEY UPDATE")
        .bind(org.0)
        .execute(conn)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

/// Tolerates a concurrent creator of the same unit (see `units.rs`).
pub(crate) async fn ensure_unit(store: &Store, org: OrgId, path: &UnitPath) -> StoreResult<UnitId> {
    crate::units::ensure(&store.pool, org, path).await
}

/// `COPY` into a staging table as batches arrive, one `INSERT … SELECT` at
/// the end (see `copy_import.rs`).
pub(crate) async fn insert_response_stream(
    store: &Store,
    target: StreamTarget,
    items: tokio::sync::mpsc::Receiver<StreamItem>,
) -> StoreResult<StreamOutcome> {
    crate::copy_import::insert_stream(&store.pool, target, items).await
}

/// `COPY … TO STDOUT` (see `bulk_read.rs`).
pub(crate) async fn changes_since(s: &Store, org: OrgId, seq: i64, max: i64) -> StoreResult<Vec<IndexedResponse>> {
    crate::bulk_read::after(&s.pool, org, seq, max).await
}

/// One multi-row insert per group (see `submissions.rs`).
pub(crate) async fn commit_submissions(store: &Store, group: Vec<Submission>) -> StoreResult<Vec<Vec<Stored>>> {
    crate::submissions::commit(&store.pool, &store.known, group).await
}
