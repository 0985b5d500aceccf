//! Applying the embedded migrations at start-up (each backend lists its own
//! files in `migrations.rs`), and drawing the database's identity once.
//! On PostgreSQL, sqlx takes an advisory lock while migrating, so servers
//! starting together do not race.

use sqlx::migrate::{Migration, MigrationType, Migrator};
use vocal_store::{StoreError, StoreResult};

use crate::backend::{Pool, from_sqlx};

pub(crate) async fn run(pool: &Pool) -> StoreResult<()> {
    let migrations = crate::migrations::MIGRATIONS
        .iter()
        .map(|&(version, name, sql)| {
            Migration::new(version, name.into(), MigrationType::Simple, sqlx::SqlSafeStr::into_sql_str(sql), false)
        })
        .collect();
    Migrator::with_migrations(migrations)
        .run(pool)
        .await
        .map_err(|e| StoreError::Database(format!("migrating the database: {e}")))?;
    // The first start draws the identity; later ones keep it.
    sqlx::query("INSERT INTO meta (key, value) VALUES ('instance_id', $1) ON CONFLICT (key) DO NOTHING")
        .bind(vocal_store_sql::new_instance_id())
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}
