//! API keys: only the SHA-256 of each key is stored.

use vocal_domain::OrgId;
use vocal_store::{ApiKeyRecord, ApiScope, NewApiKey, StoreResult};
use vocal_store_sql::decode::{column, parsed};
use vocal_store_sql::now_ms;

use crate::backend::{Pool, Row, from_sqlx, unique_as};

const COLUMNS: &str = "id, org_id, name, scope, prefix, created_at, revoked_at";

fn from_row(r: &Row) -> StoreResult<ApiKeyRecord> {
    const TABLE: &str = "api_keys";
    Ok(ApiKeyRecord {
        id: column(r, TABLE, "id")?,
        org_id: OrgId(column(r, TABLE, "org_id")?),
        name: column(r, TABLE, "name")?,
        scope: parsed(r, TABLE, "scope", |s| ApiScope::parse(s).ok_or("not a key scope"))?,
        prefix: column(r, TABLE, "prefix")?,
        created_at_ms: column(r, TABLE, "created_at")?,
        revoked_at_ms: column(r, TABLE, "revoked_at")?,
    })
}

pub(crate) async fn create(pool: &Pool, org: OrgId, key: NewApiKey) -> StoreResult<ApiKeyRecord> {
    let sql = format!(
        "INSERT INTO api_keys (org_id, name, scope, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING {COLUMNS}"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.0)
        .bind(&key.name)
        .bind(key.scope.as_str())
        .bind(&key.key_hash)
        .bind(&key.prefix)
        .bind(now_ms())
        .fetch_one(pool)
        .await
        .map_err(unique_as("api key"))?;
    from_row(&row)
}

pub(crate) async fn by_hash(pool: &Pool, key_hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE key_hash = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key_hash).fetch_optional(pool).await.map_err(from_sqlx)?;
    row.as_ref().map(from_row).transpose()
}

pub(crate) async fn list(pool: &Pool, org: OrgId) -> StoreResult<Vec<ApiKeyRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE org_id = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.0).fetch_all(pool).await.map_err(from_sqlx)?;
    rows.iter().map(from_row).collect()
}

pub(crate) async fn revoke(pool: &Pool, org: OrgId, id: i64) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE org_id = $2 AND id = $3 AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(org.0)
        .bind(id)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}
