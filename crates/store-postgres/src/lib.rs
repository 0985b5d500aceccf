//! PostgreSQL, for installations that already run a database server. The
//! schema and the semantics are the SQLite backend's; the shared suite in
//! `crates/store-tests` holds both to the same behaviour.
//!
//! Every connection runs with `synchronous_commit = on`, whatever the server
//! or database default says: a response the API acknowledged must survive a
//! crash of the database server.
#![forbid(unsafe_code)]

mod backend;
mod bulk_read;
mod columns;
mod copy_import;
mod copy_references;
mod errors;
mod find_or_create;
mod migrations;
mod redact;
mod responses;
/// The SQL both backends share, compiled here against `backend`'s types.
#[path = "../../store-sql/shared/mod.rs"]
mod shared;
mod submissions;
mod units;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};
use vocal_store::{StoreError, StoreResult};

/// How long to wait for the server before giving up at start-up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Rows per `UNNEST` statement in bulk writes: large enough that round trips
/// do not dominate an import, small enough to keep each message a few MB.
pub(crate) const ROWS_PER_STATEMENT: usize = 10_000;

/// A PostgreSQL database; cheap to clone (the pool is shared).
#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
    /// Unit and agent ids group commits have met (see `submissions.rs`).
    known: submissions::KnownIds,
    /// The connection URL with its password replaced, for `Debug` and errors.
    shown_url: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").field("url", &self.shown_url).finish()
    }
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user:password@host/database`) and
    /// applies migrations. Fails fast with `Unavailable` and a one-line
    /// reason, never showing the password, when the URL is malformed or
    /// the server cannot be reached.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let shown_url = redact::redact_url(url);
        let unavailable = |what: &str, detail: &dyn std::fmt::Display| {
            StoreError::Unavailable(one_line(&format!("{what} {shown_url}: {detail}")))
        };
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| unavailable("invalid database URL", &e))?
            .options([("synchronous_commit", "on")]);
        // One direct connection first: the pool would retry a refused
        // connection until its timeout and then report only "timed out".
        let probe = tokio::time::timeout(CONNECT_TIMEOUT, options.connect())
            .await
            .map_err(|_| {
                unavailable("cannot connect to", &format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()))
            })?
            .map_err(|e| unavailable("cannot connect to", &e))?;
        let _ = probe.close().await;
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(CONNECT_TIMEOUT)
            // The check below asks the server a question: that is the ping.
            .test_before_acquire(false)
            .before_acquire(|connection, meta| Box::pin(replace_when_read_only(connection, meta)))
            .connect_lazy_with(options);
        shared::migrations::run(&pool).await?;
        Ok(PostgresStore { pool, known: Default::default(), shown_url })
    }

    /// The pool, for benchmarks and tests that compare against plain SQL.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// How long a connection whose session cannot write is kept before it is
/// replaced by a new one, which sees the server's current setting.
const READ_ONLY_RETRY: Duration = Duration::from_secs(2);

/// A session started while the database was read-only (`ALTER DATABASE …
/// SET default_transaction_read_only`, a standby) stays read-only after the
/// setting is lifted or the standby promoted: only new sessions see the
/// change. So such a connection is closed (`false`) once it is a little old,
/// and the pool opens a fresh one; writes through it meanwhile fail as
/// `Unavailable` (SQLSTATE 25006).
async fn replace_when_read_only(
    connection: &mut sqlx::PgConnection,
    meta: sqlx::pool::PoolConnectionMetadata,
) -> Result<bool, sqlx::Error> {
    let read_only: bool =
        sqlx::query_scalar("SELECT current_setting('default_transaction_read_only') = 'on' OR pg_is_in_recovery()")
            .fetch_one(connection)
            .await?;
    Ok(!read_only || meta.age < READ_ONLY_RETRY)
}

/// Driver messages can span lines; start-up errors are printed as one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) use vocal_store_sql::now_ms;
