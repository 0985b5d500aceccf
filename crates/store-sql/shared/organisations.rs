//! Organisations, the unit tree and agents. Creating units by path is a
//! backend mechanism (`crate::backend::ensure_unit`): SQLite creates them on
//! the import writer's connection, PostgreSQL tolerates a concurrent twin.

use vocal_domain::{AgentId, OrgId, Unit, UnitId, UnitPath};
use vocal_store::{Agent, Organisation, Organisations, StoreError, StoreResult};
use vocal_store_sql::decode::column;
use vocal_store_sql::now_ms;

use crate::backend::{Pool, Row, Store, begin_write, from_sqlx, unique_as};

/// Creates an organisation (`$1` name, `$2` time zone, `$3` now) and
/// returns its id; also run by the backends' import writers, so that a
/// first import creates its organisation in its own transaction.
pub(crate) const INSERT_ORG: &str =
    "INSERT INTO organisations (name, time_zone, created_at) VALUES ($1, $2, $3) RETURNING id";

impl Organisations for Store {
    async fn instance_id(&self) -> StoreResult<String> {
        sqlx::query_scalar("SELECT value FROM meta WHERE key = 'instance_id'")
            .fetch_one(self.pool())
            .await
            .map_err(from_sqlx)
    }
    async fn check_writable(&self) -> StoreResult<()> {
        crate::backend::check_files_writable(self)?;
        let mut tx = begin_write(self.pool()).await?;
        // Touches no row, but the database must accept it as a write.
        sqlx::query("UPDATE counters SET value = value WHERE 1 = 0").execute(&mut *tx).await.map_err(from_sqlx)?;
        tx.rollback().await.map_err(from_sqlx)
    }
    async fn list_orgs(&self) -> StoreResult<Vec<Organisation>> {
        list_orgs(self.pool()).await
    }
    async fn create_org(&self, name: &str, time_zone: &str) -> StoreResult<Organisation> {
        let id: i64 = sqlx::query_scalar(INSERT_ORG)
            .bind(name)
            .bind(time_zone)
            .bind(now_ms())
            .fetch_one(self.pool())
            .await
            .map_err(unique_as("organisation name"))?;
        Ok(Organisation { id: OrgId(id), name: name.to_string(), time_zone: time_zone.to_string() })
    }
    async fn set_org_time_zone(&self, org: OrgId, time_zone: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE organisations SET time_zone = $1 WHERE id = $2")
            .bind(time_zone)
            .bind(org.0)
            .execute(self.pool())
            .await
            .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("organisation"));
        }
        Ok(())
    }
    async fn list_units(&self, org: OrgId) -> StoreResult<Vec<Unit>> {
        list_units(self.pool(), org).await
    }
    async fn ensure_unit(&self, org: OrgId, path: &UnitPath) -> StoreResult<UnitId> {
        crate::backend::ensure_unit(self, org, path).await
    }
    async fn rename_unit(&self, org: OrgId, unit: UnitId, name: &str) -> StoreResult<bool> {
        super::unit_changes::rename(self.pool(), org, unit, name).await
    }
    async fn move_unit(&self, org: OrgId, unit: UnitId, parent: Option<UnitId>) -> StoreResult<bool> {
        super::unit_changes::move_under(self.pool(), org, unit, parent).await
    }
    async fn list_agents(&self, org: OrgId) -> StoreResult<Vec<Agent>> {
        let rows = sqlx::query("SELECT id, name, unit_id FROM agents WHERE org_id = $1 ORDER BY name")
            .bind(org.0)
            .fetch_all(self.pool())
            .await
            .map_err(from_sqlx)?;
        rows.iter().map(agent_from_row).collect()
    }
    async fn assign_agent(&self, org: OrgId, name: &str, unit: Option<UnitId>) -> StoreResult<Agent> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agents (org_id, name, unit_id, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (org_id, name) DO UPDATE SET unit_id = excluded.unit_id RETURNING id",
        )
        .bind(org.0)
        .bind(name)
        .bind(unit.map(|u| u.0))
        .bind(now_ms())
        .fetch_one(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(Agent { id: AgentId(id), name: name.to_string(), unit_id: unit })
    }
}

async fn list_orgs(pool: &Pool) -> StoreResult<Vec<Organisation>> {
    let rows = sqlx::query("SELECT id, name, time_zone FROM organisations ORDER BY name")
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    rows.iter()
        .map(|r| {
            Ok(Organisation {
                id: OrgId(column(r, "organisations", "id")?),
                name: column(r, "organisations", "name")?,
                time_zone: column(r, "organisations", "time_zone")?,
            })
        })
        .collect()
}

async fn list_units(pool: &Pool, org: OrgId) -> StoreResult<Vec<Unit>> {
    let rows = sqlx::query("SELECT id, parent_id, name FROM units WHERE org_id = $1 ORDER BY id")
        .bind(org.0)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    rows.iter()
        .map(|r| {
            Ok(Unit {
                id: UnitId(column(r, "units", "id")?),
                parent: column::<_, Option<i64>>(r, "units", "parent_id")?.map(UnitId),
                name: column(r, "units", "name")?,
            })
        })
        .collect()
}

fn agent_from_row(r: &Row) -> StoreResult<Agent> {
    Ok(Agent {
        id: AgentId(column(r, "agents", "id")?),
        name: column(r, "agents", "name")?,
        unit_id: column::<_, Option<i64>>(r, "agents", "unit_id")?.map(UnitId),
    })
}
