//! Reading responses in change order for the index, through rusqlite on a
//! connection of its own. sqlx hands every row from its worker thread to
//! the async side and copies every value with an allocation of its own;
//! rebuilding the index of 10 million responses that way took ~38 s.
//! rusqlite reads values in place, on a blocking thread.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use vocal_domain::{AgentId, OrgId, ResponseId, Score, UnitId};
use vocal_store::{IndexedResponse, StoreError, StoreResult};

const SELECT: &str = "SELECT id, seq, score, submitted_at, channel, touchpoint, unit_id, agent_id, account, source, language, \
                      attributes FROM responses WHERE org_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";
/// The columns of [`SELECT`] in order, to name the one that does not decode.
const COLUMNS: [&str; 12] = [
    "id",
    "seq",
    "score",
    "submitted_at",
    "channel",
    "touchpoint",
    "unit_id",
    "agent_id",
    "account",
    "source",
    "language",
    "attributes",
];

/// A connection kept for reads, so the catch-up after every group commit
/// does not open (and set up) a connection of its own. When it is busy —
/// two reads at once — the second opens a connection for itself.
#[derive(Clone, Default)]
pub(crate) struct ChangeReader(Arc<Mutex<Option<Connection>>>);

impl ChangeReader {
    pub(crate) async fn after(
        &self,
        path: &Path,
        org: OrgId,
        after_seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<IndexedResponse>> {
        let (path, kept): (PathBuf, _) = (path.to_path_buf(), self.0.clone());
        tokio::task::spawn_blocking(move || match kept.try_lock() {
            Ok(mut slot) => {
                let connection = match slot.take() {
                    Some(connection) => connection,
                    None => open(&path)?,
                };
                let result = read(&connection, org, after_seq, limit);
                // A connection that failed is dropped; the next read opens a new one.
                if result.is_ok() {
                    *slot = Some(connection);
                }
                result
            }
            Err(_) => read(&open(&path)?, org, after_seq, limit),
        })
        .await
        .map_err(|e| StoreError::Database(format!("reading responses: {e}")))?
    }
}

use crate::errors::from_rusqlite as database_error;

fn open(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError::Unavailable(format!("cannot open {}: {e}", path.display())))?;
    connection.busy_timeout(Duration::from_secs(10)).map_err(database_error)?;
    // No memory map: a rebuild reads the whole table once, and every page
    // mapped counts as resident — 256 MiB on top of the index being built
    // (`docs/benchmarks.md`). Plain reads through a small page cache keep a
    // rebuild's memory that of the index, at the cost of a copy per page.
    connection.pragma_update(None, "mmap_size", 0).map_err(database_error)?;
    connection.pragma_update(None, "cache_size", -8192).map_err(database_error)?;
    Ok(connection)
}

fn read(connection: &Connection, org: OrgId, after_seq: i64, limit: i64) -> StoreResult<Vec<IndexedResponse>> {
    let mut statement = connection.prepare_cached(SELECT).map_err(database_error)?;
    let mut rows = statement.query((org.0, after_seq, limit.max(0))).map_err(database_error)?;
    let mut found = Vec::new();
    while let Some(row) = rows.next().map_err(database_error)? {
        found.push(indexed(row).map_err(|(i, detail)| StoreError::Corrupt {
            table: "responses",
            column: COLUMNS[i],
            detail,
        })?);
    }
    Ok(found)
}

/// The response in `row`, or the index of the column that does not decode.
fn indexed(row: &rusqlite::Row<'_>) -> Result<IndexedResponse, (usize, String)> {
    let value = |i: usize| row.get_ref(i).map_err(|e| (i, e.to_string()));
    let integer = |i: usize| value(i)?.as_i64_or_null().map_err(|e| (i, e.to_string()));
    let text = |i: usize| -> Result<Option<String>, (usize, String)> {
        Ok(value(i)?.as_str_or_null().map_err(|e| (i, e.to_string()))?.map(str::to_string))
    };
    let required = |i: usize| integer(i)?.ok_or_else(|| (i, "NULL".to_string()));
    let attributes = match value(11)? {
        ValueRef::Text(json) => serde_json::from_slice(json).map_err(|e| (11, e.to_string()))?,
        _ => Default::default(),
    };
    Ok(IndexedResponse {
        id: ResponseId(required(0)?),
        seq: required(1)?,
        score: Score::new(required(2)?).map_err(|e| (2, e.to_string()))?,
        submitted_at_ms: required(3)?,
        channel: text(4)?,
        touchpoint: text(5)?,
        unit_id: integer(6)?.map(UnitId),
        agent_id: integer(7)?.map(AgentId),
        account: text(8)?,
        source: text(9)?.unwrap_or_default(),
        language: text(10)?,
        attributes,
    })
}
