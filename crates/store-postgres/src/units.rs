//! Finding or creating units by path, inside the caller's transaction (the
//! rest of the unit tree is shared SQL).
//!
//! Unlike SQLite, PostgreSQL lets `ensure_unit` run while an import is in
//! progress, so every create here tolerates a concurrent twin: `ON CONFLICT
//! DO NOTHING`, then read the winner's id.

use std::collections::HashMap;

use sqlx::{PgConnection, PgPool};
use vocal_domain::{OrgId, UnitId, UnitPath};
use vocal_store::StoreResult;

use crate::errors::from_sqlx;

/// Units by (parent, name), loaded once per transaction and grown as units are created.
pub(crate) struct UnitCache(HashMap<(Option<i64>, String), i64>);

impl UnitCache {
    pub(crate) async fn load(conn: &mut PgConnection, org: OrgId) -> StoreResult<Self> {
        let rows: Vec<(i64, Option<i64>, String)> =
            sqlx::query_as("SELECT id, parent_id, name FROM units WHERE org_id = $1")
                .bind(org.0)
                .fetch_all(conn)
                .await
                .map_err(from_sqlx)?;
        Ok(UnitCache(rows.into_iter().map(|(id, parent, name)| ((parent, name), id)).collect()))
    }

    pub(crate) async fn ensure(&mut self, conn: &mut PgConnection, org: OrgId, path: &UnitPath) -> StoreResult<UnitId> {
        let mut parent: Option<i64> = None;
        for name in path.names() {
            let key = (parent, name.clone());
            let id = match self.0.get(&key) {
                Some(&id) => id,
                None => {
                    let id = find_or_create(conn, org, parent, name).await?;
                    self.0.insert(key, id);
                    id
                }
            };
            parent = Some(id);
        }
        Ok(UnitId(parent.expect("a unit path has at least one name")))
    }
}

/// One unit under `parent`; the unique index `units_sibling_names` decides
/// which of two concurrent creators wins, and the other reads its id.
pub(crate) async fn find_or_create(
    conn: &mut PgConnection,
    org: OrgId,
    parent: Option<i64>,
    name: &str,
) -> StoreResult<i64> {
    let created: Option<i64> = sqlx::query_scalar(
        "INSERT INTO units (org_id, parent_id, name, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, COALESCE(parent_id, 0), name) DO NOTHING RETURNING id",
    )
    .bind(org.0)
    .bind(parent)
    .bind(name)
    .bind(crate::now_ms())
    .fetch_optional(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    if let Some(id) = created {
        return Ok(id);
    }
    sqlx::query_scalar(
        "SELECT id FROM units WHERE org_id = $1 AND COALESCE(parent_id, 0) = COALESCE($2::bigint, 0) AND name = $3",
    )
    .bind(org.0)
    .bind(parent)
    .bind(name)
    .fetch_one(conn)
    .await
    .map_err(from_sqlx)
}

pub(crate) async fn ensure(pool: &PgPool, org: OrgId, path: &UnitPath) -> StoreResult<UnitId> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let id = UnitCache::load(&mut tx, org).await?.ensure(&mut tx, org, path).await?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(id)
}
