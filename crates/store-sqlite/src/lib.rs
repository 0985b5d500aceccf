//! The embedded default: one SQLite file in the data directory, in WAL mode
//! with `synchronous=FULL`, so a committed write survives a power cut.
#![forbid(unsafe_code)]

mod backend;
mod bulk_read;
mod bulk_write;
mod errors;
mod migrations;
mod pool;
mod responses;
/// The SQL both backends share, compiled here against `backend`'s types.
#[path = "../../store-sql/shared/mod.rs"]
mod shared;
mod submissions;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use vocal_store::{StoreError, StoreResult};

/// The file inside the data directory.
pub const DATABASE_FILE: &str = "vocal.db";

/// A SQLite database; cheap to clone (the pool is shared).
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    path: PathBuf,
    /// The persistent connection group commits go through (see `submissions.rs`).
    submissions: submissions::SubmissionWriter,
    /// A kept connection for the index's small catch-up reads (see `bulk_read.rs`).
    changes: bulk_read::ChangeReader,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish()
    }
}

impl SqliteStore {
    /// Opens (creating when missing) `DIR/vocal.db` and applies migrations.
    pub async fn open_dir(dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Unavailable(format!("cannot create data directory {}: {e}", dir.display())))?;
        Self::open_file(&dir.join(DATABASE_FILE)).await
    }

    pub async fn open_file(path: &Path) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(errors::from_sqlx)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A 64 MiB page cache per connection keeps a large import's index
            // pages in memory instead of spilling and re-reading them, and
            // memory-mapped reads spare a copy per page when the index is built.
            .pragma("cache_size", "-65536")
            .pragma("mmap_size", "268435456")
            .pragma("temp_store", "memory");
        let pool = pool::connect(path, options)
            .await
            .map_err(|e| StoreError::Unavailable(format!("cannot open {}: {e}", path.display())))?;
        shared::migrations::run(&pool).await?;
        Ok(SqliteStore { pool, path: path.to_path_buf(), submissions: Default::default(), changes: Default::default() })
    }

    /// The pool, for benchmarks and tests that compare against plain SQL.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

pub(crate) use vocal_store_sql::now_ms;
