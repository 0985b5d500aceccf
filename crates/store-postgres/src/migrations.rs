//! The embedded migrations, applied at start-up. sqlx takes an advisory lock
//! while migrating, so servers starting together do not race.

use sqlx::PgPool;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use vocal_store::{StoreError, StoreResult};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "core", include_str!("../migrations/0001_core.sql")),
    (2, "collection", include_str!("../migrations/0002_collection.sql")),
    (3, "outbox", include_str!("../migrations/0003_outbox.sql")),
    (4, "dedupe_key_first", include_str!("../migrations/0004_dedupe_key_first.sql")),
    (5, "web", include_str!("../migrations/0005_web.sql")),
];

pub(crate) async fn run(pool: &PgPool) -> StoreResult<()> {
    let migrations = MIGRATIONS
        .iter()
        .map(|&(version, name, sql)| {
            Migration::new(version, name.into(), MigrationType::Simple, sqlx::SqlSafeStr::into_sql_str(sql), false)
        })
        .collect();
    Migrator::with_migrations(migrations)
        .run(pool)
        .await
        .map_err(|e| StoreError::Database(format!("migrating the database: {e}")))?;
    // The identity is drawn once, by the server, on the first start.
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ('instance_id', replace(gen_random_uuid()::text, '-', ''))
         ON CONFLICT (key) DO NOTHING",
    )
    .execute(pool)
    .await
    .map_err(crate::errors::from_sqlx)?;
    Ok(())
}
