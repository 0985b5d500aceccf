//! Organisations (the tenants) and the database's own identity.

use sqlx::{PgPool, Row};
use vocal_domain::OrgId;
use vocal_store::{Organisation, StoreError, StoreResult};

use crate::errors::{from_sqlx, unique_as};

pub(crate) async fn instance_id(pool: &PgPool) -> StoreResult<String> {
    sqlx::query_scalar("SELECT value FROM meta WHERE key = 'instance_id'").fetch_one(pool).await.map_err(from_sqlx)
}

pub(crate) async fn list(pool: &PgPool) -> StoreResult<Vec<Organisation>> {
    let rows = sqlx::query("SELECT id, name, time_zone FROM organisations ORDER BY name")
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(rows.iter().map(|r| Organisation { id: OrgId(r.get(0)), name: r.get(1), time_zone: r.get(2) }).collect())
}

pub(crate) async fn create(pool: &PgPool, name: &str, time_zone: &str) -> StoreResult<Organisation> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO organisations (name, time_zone, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(name)
            .bind(time_zone)
            .bind(crate::now_ms())
            .fetch_one(pool)
            .await
            .map_err(unique_as("organisation name"))?;
    Ok(Organisation { id: OrgId(id), name: name.to_string(), time_zone: time_zone.to_string() })
}

pub(crate) async fn set_time_zone(pool: &PgPool, org: OrgId, time_zone: &str) -> StoreResult<()> {
    let done = sqlx::query("UPDATE organisations SET time_zone = $1 WHERE id = $2")
        .bind(time_zone)
        .bind(org.0)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("organisation"));
    }
    Ok(())
}
