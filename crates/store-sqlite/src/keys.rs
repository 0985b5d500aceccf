//! API keys: only the SHA-256 of each key is stored.

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};
use vocal_domain::OrgId;
use vocal_store::{ApiKeyRecord, ApiScope, NewApiKey, StoreError, StoreResult};

use crate::errors::{from_sqlx, unique_as};

const COLUMNS: &str = "id, org_id, name, scope, prefix, created_at, revoked_at";

fn from_row(r: &SqliteRow) -> StoreResult<ApiKeyRecord> {
    let scope: String = r.get(3);
    Ok(ApiKeyRecord {
        id: r.get(0),
        org_id: OrgId(r.get(1)),
        name: r.get(2),
        scope: ApiScope::parse(&scope).ok_or(StoreError::Corrupt { table: "api_keys", detail: scope })?,
        prefix: r.get(4),
        created_at_ms: r.get(5),
        revoked_at_ms: r.get(6),
    })
}

pub(crate) async fn create(pool: &SqlitePool, org: OrgId, key: NewApiKey) -> StoreResult<ApiKeyRecord> {
    let row = sqlx::query(
        "INSERT INTO api_keys (org_id, name, scope, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, org_id, name, scope, prefix, created_at, revoked_at",
    )
    .bind(org.0)
    .bind(&key.name)
    .bind(key.scope.as_str())
    .bind(&key.key_hash)
    .bind(&key.prefix)
    .bind(crate::now_ms())
    .fetch_one(pool)
    .await
    .map_err(unique_as("api key"))?;
    from_row(&row)
}

pub(crate) async fn by_hash(pool: &SqlitePool, key_hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE key_hash = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key_hash).fetch_optional(pool).await.map_err(from_sqlx)?;
    row.as_ref().map(from_row).transpose()
}

pub(crate) async fn list(pool: &SqlitePool, org: OrgId) -> StoreResult<Vec<ApiKeyRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE org_id = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.0).fetch_all(pool).await.map_err(from_sqlx)?;
    rows.iter().map(from_row).collect()
}

pub(crate) async fn revoke(pool: &SqlitePool, org: OrgId, id: i64) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE org_id = $2 AND id = $3 AND revoked_at IS NULL")
        .bind(crate::now_ms())
        .bind(org.0)
        .bind(id)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}
