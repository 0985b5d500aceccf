//! The sqlx pool, and how it gets rid of connections that cannot write.
//!
//! SQLite opens a file it may not write read-only, silently, and such a
//! connection stays read-only for life: were it kept, every write through it
//! would fail with "attempt to write a readonly database" long after the
//! operator made the files writable again (until the pool happened to close
//! it as idle). So a connection opened while the files cannot be written is
//! marked `query_only` — it still serves reads — and is closed, instead of
//! handed out, once the files can be written again; the pool then opens a
//! fresh one that can write.
//!
//! Whether the files can be written is asked of the operating system, with
//! the same credentials SQLite's own open used (mode bits, an immutable
//! flag, a read-only mount). Connections opened while the files could be
//! written keep their writable descriptors and are left alone.
//!
//! The question is asked with `access(2)`, never by opening the files: on
//! Unix, closing *any* descriptor of a file drops every POSIX lock this
//! process holds on it, SQLite's included. With its locks gone, another
//! process (the CLI, `sqlite3`, a backup) that closed its own connection
//! believed itself the last one, checkpointed the write-ahead log and
//! deleted it and the shared-memory file; this process kept committing into
//! the unlinked log, seen by no one else and lost at exit (issue 12 §1).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Executor, SqlitePool};

/// Connections in the pool: SQLite takes one writer at a time, so more
/// would only wait for its lock.
const MAX_CONNECTIONS: u32 = 4;

pub(crate) async fn connect(path: &Path, options: SqliteConnectOptions) -> Result<SqlitePool, sqlx::Error> {
    let (on_connect, on_acquire) = (Arc::new(path.to_path_buf()), Arc::new(path.to_path_buf()));
    SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        // The check below asks the connection a question: that is the ping.
        .test_before_acquire(false)
        .after_connect(move |connection, _| {
            let path = on_connect.clone();
            Box::pin(async move {
                if !files_writable(&path) {
                    connection.execute("PRAGMA query_only = 1").await?;
                }
                Ok(())
            })
        })
        .before_acquire(move |connection, _| {
            let path = on_acquire.clone();
            Box::pin(async move {
                let read_only: bool = sqlx::query_scalar("PRAGMA query_only").fetch_one(&mut *connection).await?;
                // `false` closes it; the pool opens another in its place.
                Ok(!read_only || !files_writable(&path))
            })
        })
        .connect_with(options)
        .await
}

/// Whether this process may write the database and its write-ahead log
/// and shared-memory files (those that exist), as SQLite opening them now
/// would find.
pub(crate) fn files_writable(database: &Path) -> bool {
    let companions = ["-wal", "-shm"].map(|suffix| {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    });
    std::iter::once(database.to_path_buf())
        .chain(companions.into_iter().filter(|path| path.exists()))
        .all(|path| may_write(&path))
}

/// Asks without opening the file (see the module's comment). `access(2)`
/// checks the real user and group, which are the effective ones unless the
/// binary is set-user-ID, which `vocal` is not; plain `faccessat`, unlike
/// `faccessat2`, is allowed by every container's system-call filter.
#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

/// Elsewhere a lock belongs to the handle that took it, so opening and
/// closing the file leaves SQLite's own locks alone.
#[cfg(not(unix))]
fn may_write(path: &Path) -> bool {
    std::fs::OpenOptions::new().append(true).open(path).is_ok()
}
