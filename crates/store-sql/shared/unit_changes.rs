//! An admin renaming a unit or moving it, with its subtree, elsewhere in the
//! hierarchy. The unique index on sibling names refuses a clash.

use vocal_domain::{OrgId, UnitId};
use vocal_store::{StoreError, StoreResult};

use crate::backend::{Pool, begin_write, from_sqlx, lock_unit_moves, unique_as};

pub(crate) async fn rename(pool: &Pool, org: OrgId, unit: UnitId, name: &str) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE units SET name = $1 WHERE org_id = $2 AND id = $3")
        .bind(name)
        .bind(org.0)
        .bind(unit.0)
        .execute(pool)
        .await
        .map_err(unique_as("unit name"))?;
    Ok(done.rows_affected() == 1)
}

/// How many of the units from `parent` up to the top are `unit`: 1 when the
/// move would put the unit under itself. `UNION` (not `UNION ALL`) ends the
/// walk even on a hierarchy that already has a cycle.
const IS_ANCESTOR_OR_SELF: &str = "WITH RECURSIVE above (id, parent_id) AS (
         SELECT id, parent_id FROM units WHERE id = $1
         UNION SELECT u.id, u.parent_id FROM units u JOIN above a ON u.id = a.parent_id
     ) SELECT COUNT(*) FROM above WHERE id = $2";

pub(crate) async fn move_under(pool: &Pool, org: OrgId, unit: UnitId, parent: Option<UnitId>) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    // Two crossing moves (A under B, B under A) could both pass the cycle
    // check unless moves in one organisation take turns.
    lock_unit_moves(&mut tx, org).await?;
    let in_org = "SELECT COUNT(*) FROM units WHERE id = $1 AND org_id = $2";
    let found: i64 =
        sqlx::query_scalar(in_org).bind(unit.0).bind(org.0).fetch_one(&mut *tx).await.map_err(from_sqlx)?;
    if found == 0 {
        return Ok(false);
    }
    if let Some(parent) = parent {
        let found: i64 =
            sqlx::query_scalar(in_org).bind(parent.0).bind(org.0).fetch_one(&mut *tx).await.map_err(from_sqlx)?;
        if found == 0 {
            return Err(StoreError::NotFound("unit"));
        }
        let cycle: i64 = sqlx::query_scalar(IS_ANCESTOR_OR_SELF)
            .bind(parent.0)
            .bind(unit.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        if cycle > 0 {
            return Err(StoreError::Conflict { field: "unit parent" });
        }
    }
    sqlx::query("UPDATE units SET parent_id = $1 WHERE org_id = $2 AND id = $3")
        .bind(parent.map(|p| p.0))
        .bind(org.0)
        .bind(unit.0)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("unit name"))?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(true)
}
