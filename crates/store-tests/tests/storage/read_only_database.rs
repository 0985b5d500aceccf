//! The database turns read-only for a while under a running store, then
//! writable again (issue 11 §3.1). Meanwhile every write fails as
//! `Unavailable` (503), and so does the write the health check tries;
//! afterwards every pooled connection writes again, without a restart —
//! including the connections opened during the read-only spell, which
//! SQLite and PostgreSQL both keep read-only for life.
//!
//! On SQLite the files are made unwritable: `chmod`, or `chattr +i` when
//! the tests run as root (root writes through mode bits). On PostgreSQL
//! the test's own database is set `default_transaction_read_only` and its
//! sessions are ended, so new ones start read-only; no other database or
//! role is touched.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use vocal_app::settings::Settings;
use vocal_store::{Organisations, StoreError};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;
use vocal_web::App;

use crate::backends::{DATABASE_URL_VARIABLE, admin, with_postgres_database};

/// SQLite's files made unwritable to this process until dropped.
struct Unwritable {
    files: Vec<PathBuf>,
    immutable: bool,
}

impl Unwritable {
    /// The database and its write-ahead log (the shared-memory file stays:
    /// it is mapped, and an immutable mapping kills the process with SIGBUS,
    /// which a mode change would not). `None` when this process can write
    /// them whatever is done (no `chattr`, a file system without it).
    fn files_of(database: &Path) -> Option<Unwritable> {
        let wal = PathBuf::from(format!("{}-wal", database.display()));
        let files: Vec<PathBuf> = [database.to_path_buf(), wal].into_iter().filter(|f| f.exists()).collect();
        let mut lock = Unwritable { files, immutable: false };
        for file in &lock.files {
            std::fs::set_permissions(file, std::os::unix::fs::PermissionsExt::from_mode(0o444)).unwrap();
        }
        if lock.writable() {
            lock.immutable = lock.files.iter().all(|f| chattr("+i", f));
        }
        (!lock.writable()).then_some(lock)
    }

    fn writable(&self) -> bool {
        self.files.iter().any(|f| std::fs::OpenOptions::new().append(true).open(f).is_ok())
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        for file in &self.files {
            if self.immutable {
                chattr("-i", file);
            }
            let _ = std::fs::set_permissions(file, std::os::unix::fs::PermissionsExt::from_mode(0o644));
        }
    }
}

fn chattr(flag: &str, file: &Path) -> bool {
    std::process::Command::new("chattr").arg(flag).arg(file).status().is_ok_and(|s| s.success())
}

/// Each of `n` tasks takes a connection of its own (all at once, so the pool
/// hands out — or opens — `n` different ones) and writes through it.
async fn write_on_every_connection<DB: sqlx::Database>(pool: &sqlx::Pool<DB>, n: usize) -> Vec<Result<(), String>>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    DB::Arguments: sqlx::IntoArguments<DB>,
{
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(n));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (pool, barrier) = (pool.clone(), barrier.clone());
        tasks.spawn(async move {
            let mut connection = pool.acquire().await.map_err(|e| e.to_string())?;
            barrier.wait().await;
            let done = sqlx::query("UPDATE counters SET value = value").execute(&mut *connection).await;
            done.map(drop).map_err(|e| e.to_string())
        });
    }
    tasks.join_all().await
}

/// Several writes through the store: each refused one must be `Unavailable`.
async fn assert_writes_unavailable(store: &impl Organisations) {
    let mut refused = 0;
    for n in 0..8 {
        match store.create_org(&format!("During {n}"), "UTC").await {
            Ok(_) => {}
            Err(StoreError::Unavailable(_)) => refused += 1,
            Err(other) => panic!("a write to a read-only database is Unavailable (503), not {other:?}"),
        }
    }
    assert!(refused > 0, "some writes went through new, read-only connections");
    let health = store.check_writable().await;
    assert!(matches!(health, Err(StoreError::Unavailable(_))), "{health:?}");
}

async fn healthz(base: &str) -> (u16, Option<String>) {
    let answer = reqwest::get(format!("{base}/healthz")).await.unwrap();
    let retry = answer.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
    (answer.status().as_u16(), retry)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_files_read_only_for_a_while_give_503_then_every_connection_writes_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    store.create_org("Acme", "UTC").await.unwrap();
    let settings = Settings { data: dir.path().to_path_buf(), ..Settings::default() };
    let app = App::start(store.clone(), settings).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(vocal_web::serve(app, listener, std::future::pending()));
    assert_eq!(healthz(&base).await.0, 200);

    // The pool's open connections leave it (kept open, as a server's busy
    // ones would be), so every connection it hands out next is opened anew.
    let mut open = Vec::new();
    for _ in 0..4 {
        open.push(store.pool().acquire().await.unwrap());
    }
    let detached: Vec<_> = open.into_iter().map(|c| c.detach()).collect();
    let Some(lock) = Unwritable::files_of(store.path()) else {
        eprintln!("skipped: this process can write the database files whatever their mode");
        return;
    };
    // Every slot of the pool taken at once: all are opened now, read-only.
    write_on_every_connection(store.pool(), 4).await;
    assert_writes_unavailable(&store).await;
    assert_eq!(healthz(&base).await, (503, Some("5".to_string())), "the health check tries a write");

    drop(lock);
    drop(detached);
    let results = write_on_every_connection(store.pool(), 4).await;
    assert!(results.iter().all(Result::is_ok), "every connection writes again: {results:?}");
    store.create_org("After", "UTC").await.unwrap();
    assert_eq!(healthz(&base).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_read_only_for_a_while_gives_unavailable_then_every_connection_writes_again() {
    let Ok(server) = std::env::var(DATABASE_URL_VARIABLE) else {
        eprintln!("skipped: {DATABASE_URL_VARIABLE} is not set");
        return;
    };
    with_postgres_database(|url| async move {
        let name = url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
        let store = PostgresStore::connect(&url).await.unwrap();
        store.create_org("Acme", "UTC").await.unwrap();

        admin(&server, &format!("ALTER DATABASE {name} SET default_transaction_read_only = on")).await;
        let end_sessions = format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        admin(&server, &end_sessions).await;
        assert_writes_unavailable(&store).await;
        // Every slot taken at once, so the pool holds read-only sessions in all of them.
        write_on_every_connection(store.pool(), 10).await;

        admin(&server, &format!("ALTER DATABASE {name} RESET default_transaction_read_only")).await;
        let since = Instant::now();
        let mut results = Vec::new();
        while since.elapsed() < Duration::from_secs(30) {
            results = write_on_every_connection(store.pool(), 10).await;
            if results.iter().all(Result::is_ok) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        assert!(results.iter().all(Result::is_ok), "every connection writes again: {results:?}");
        store.check_writable().await.unwrap();
        store.pool().close().await;
    })
    .await;
}
