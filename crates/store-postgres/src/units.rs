//! The unit hierarchy and agents, including the find-or-create used while
//! importing, inside the caller's transaction.
//!
//! Unlike SQLite, PostgreSQL lets `ensure_unit` or `assign_agent` run while an
//! import is in progress, so every create here tolerates a concurrent twin:
//! `ON CONFLICT DO NOTHING`, then read the winner's id.

use std::collections::HashMap;

use sqlx::{PgConnection, PgPool, Row};
use vocal_domain::{AgentId, OrgId, Unit, UnitId, UnitPath};
use vocal_store::{Agent, StoreResult};

use crate::errors::from_sqlx;

pub(crate) async fn list(pool: &PgPool, org: OrgId) -> StoreResult<Vec<Unit>> {
    let rows = sqlx::query("SELECT id, parent_id, name FROM units WHERE org_id = $1 ORDER BY id")
        .bind(org.0)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(rows
        .iter()
        .map(|r| Unit { id: UnitId(r.get(0)), parent: r.get::<Option<i64>, _>(1).map(UnitId), name: r.get(2) })
        .collect())
}

/// Units by (parent, name), loaded once per transaction and grown as units are created.
pub(crate) struct UnitCache(HashMap<(Option<i64>, String), i64>);

impl UnitCache {
    pub(crate) async fn load(conn: &mut PgConnection, org: OrgId) -> StoreResult<Self> {
        let rows = sqlx::query("SELECT id, parent_id, name FROM units WHERE org_id = $1")
            .bind(org.0)
            .fetch_all(conn)
            .await
            .map_err(from_sqlx)?;
        Ok(UnitCache(rows.iter().map(|r| ((r.get(1), r.get(2)), r.get(0))).collect()))
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

pub(crate) async fn list_agents(pool: &PgPool, org: OrgId) -> StoreResult<Vec<Agent>> {
    let rows = sqlx::query("SELECT id, name, unit_id FROM agents WHERE org_id = $1 ORDER BY name")
        .bind(org.0)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(rows
        .iter()
        .map(|r| Agent { id: AgentId(r.get(0)), name: r.get(1), unit_id: r.get::<Option<i64>, _>(2).map(UnitId) })
        .collect())
}

pub(crate) async fn assign_agent(pool: &PgPool, org: OrgId, name: &str, unit: Option<UnitId>) -> StoreResult<Agent> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO agents (org_id, name, unit_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, name) DO UPDATE SET unit_id = excluded.unit_id RETURNING id",
    )
    .bind(org.0)
    .bind(name)
    .bind(unit.map(|u| u.0))
    .bind(crate::now_ms())
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(Agent { id: AgentId(id), name: name.to_string(), unit_id: unit })
}
