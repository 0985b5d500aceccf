//! The unit hierarchy and agents. Creating units by path lives with the
//! other writes in `bulk_write.rs`.

use sqlx::{Row, SqlitePool};
use vocal_domain::{AgentId, OrgId, Unit, UnitId};
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
