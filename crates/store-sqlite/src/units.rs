//! The unit hierarchy and agents, including the find-or-create used while
//! importing, inside the caller's transaction.

use std::collections::HashMap;

use sqlx::{Row, SqliteConnection, SqlitePool};
use vocal_domain::{AgentId, OrgId, Unit, UnitId, UnitPath};
use vocal_store::{Agent, StoreResult};

use crate::errors::from_sqlx;

pub(crate) async fn list(pool: &SqlitePool, org: OrgId) -> StoreResult<Vec<Unit>> {
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
    pub(crate) async fn load(conn: &mut SqliteConnection, org: OrgId) -> StoreResult<Self> {
        let rows = sqlx::query("SELECT id, parent_id, name FROM units WHERE org_id = $1")
            .bind(org.0)
            .fetch_all(conn)
            .await
            .map_err(from_sqlx)?;
        Ok(UnitCache(rows.iter().map(|r| ((r.get(1), r.get(2)), r.get(0))).collect()))
    }

    pub(crate) async fn ensure(
        &mut self,
        conn: &mut SqliteConnection,
        org: OrgId,
        path: &UnitPath,
    ) -> StoreResult<UnitId> {
        let mut parent: Option<i64> = None;
        for name in path.names() {
            let key = (parent, name.clone());
            let id = match self.0.get(&key) {
                Some(&id) => id,
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO units (org_id, parent_id, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                    )
                    .bind(org.0)
                    .bind(parent)
                    .bind(name)
                    .bind(crate::now_ms())
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(from_sqlx)?;
                    self.0.insert(key, id);
                    id
                }
            };
            parent = Some(id);
        }
        Ok(UnitId(parent.expect("a unit path has at least one name")))
    }
}

pub(crate) async fn ensure(pool: &SqlitePool, org: OrgId, path: &UnitPath) -> StoreResult<UnitId> {
    // IMMEDIATE: this transaction reads before it writes, and a deferred one
    // would fail at its first write if another writer got there first.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(from_sqlx)?;
    let id = UnitCache::load(&mut tx, org).await?.ensure(&mut tx, org, path).await?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(id)
}

pub(crate) async fn list_agents(pool: &SqlitePool, org: OrgId) -> StoreResult<Vec<Agent>> {
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

pub(crate) async fn assign_agent(
    pool: &SqlitePool,
    org: OrgId,
    name: &str,
    unit: Option<UnitId>,
) -> StoreResult<Agent> {
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
