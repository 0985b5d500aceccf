//! The embedded migrations, applied at start-up.

use sqlx::SqlitePool;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use vocal_store::{StoreError, StoreResult};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "core", include_str!("../migrations/0001_core.sql")),
    (2, "collection", include_str!("../migrations/0002_collection.sql")),
    (3, "outbox", include_str!("../migrations/0003_outbox.sql")),
    (5, "web", include_str!("../migrations/0005_web.sql")),
];

pub(crate) async fn run(pool: &SqlitePool) -> StoreResult<()> {
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
    let instance = format!("{:032x}", rand_u128());
    sqlx::query("INSERT INTO meta (key, value) VALUES ('instance_id', $1) ON CONFLICT (key) DO NOTHING")
        .bind(instance)
        .execute(pool)
        .await
        .map_err(crate::errors::from_sqlx)?;
    Ok(())
}

/// A random identity for a new database, from the OS entropy behind `RandomState`
/// mixed with the clock; it only needs to differ between databases.
fn rand_u128() -> u128 {
    use std::hash::{BuildHasher, RandomState};
    let a = RandomState::new().hash_one(crate::now_ms());
    let b = RandomState::new().hash_one(std::process::id());
    (u128::from(a) << 64) | u128::from(b)
}
