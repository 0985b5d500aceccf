//! Runs one test body against each backend, each time on a database of its
//! own that no other test touches.

use std::future::Future;

use sqlx::{Connection, Executor, PgConnection};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

/// Where the PostgreSQL tests create their databases, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`; unset, they are skipped.
pub const DATABASE_URL_VARIABLE: &str = "VOCAL_TEST_DATABASE_URL";

/// For each `async fn name<S: Store>(store: S)` in the calling module, a
/// `sqlite::name` and a `postgres::name` test. (`macro_rules!` cannot glue
/// identifiers, so the backend is a module rather than a name prefix;
/// `cargo test sqlite::` or `cargo test postgres::` picks one backend.)
macro_rules! storage_tests {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    crate::backends::on_sqlite(super::$name).await;
                }
            )+
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    crate::backends::on_postgres(super::$name).await;
                }
            )+
        }
    };
}

pub async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(SqliteStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = SqliteStore::open_dir(dir.path()).await.expect("SQLite opens");
    test(store).await;
}

pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(PostgresStore) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_postgres_database(|url| async move {
        let store = PostgresStore::connect(&url).await.expect("PostgreSQL connects");
        test(store.clone()).await;
        store.pool().close().await;
    })
    .await;
}

/// Runs `test` with the URL of a fresh, empty database, dropped afterwards
/// even when the test fails; or says it was skipped when no server is set.
pub async fn with_postgres_database<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Ok(server_url) = std::env::var(DATABASE_URL_VARIABLE) else {
        eprintln!("skipped: {DATABASE_URL_VARIABLE} is not set");
        return;
    };
    let name = format!("vocal_test_{:016x}", rand::random::<u64>());
    create_database(&server_url, &name).await;
    // Spawned so that a failing test still reaches the clean-up below.
    let outcome = tokio::spawn(test(url_for_database(&server_url, &name))).await;
    admin(&server_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Prefers an ICU `en-US` collation: ordering that leans on the server's
/// locale rather than byte order would then differ from SQLite's and fail.
async fn create_database(server_url: &str, name: &str) {
    let icu = format!(
        "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
    );
    if try_admin(server_url, &icu).await.is_err() {
        admin(server_url, &format!("CREATE DATABASE {name}")).await;
    }
}

pub async fn admin(server_url: &str, sql: &str) {
    try_admin(server_url, sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn try_admin(server_url: &str, sql: &str) -> Result<(), sqlx::Error> {
    let mut conn = PgConnection::connect(server_url).await?;
    conn.execute(sqlx::AssertSqlSafe(sql.to_string())).await?;
    conn.close().await
}

/// `server_url` with its database name replaced, query parameters kept.
pub fn url_for_database(server_url: &str, database: &str) -> String {
    let authority = server_url.find("://").expect("a postgres:// URL") + 3;
    let path = server_url[authority..].find(['/', '?']).map_or(server_url.len(), |i| authority + i);
    let query = server_url[path..].find('?').map_or("", |i| &server_url[path + i..]);
    format!("{}/{database}{query}", &server_url[..path])
}
