//! Find-or-create by a unique text key, for the agents (by name) and the
//! contacts (by email) a batch of responses names. Per chunk, one statement
//! creates the missing rows and returns their ids; a second looks up only
//! the keys that already existed, so a fresh import makes one round trip.

use std::collections::HashMap;

use sqlx::PgConnection;
use vocal_domain::OrgId;
use vocal_store::StoreResult;

use crate::ROWS_PER_STATEMENT;
use crate::errors::from_sqlx;

/// A table with a `UNIQUE (org_id, key)` constraint on a text column.
pub(crate) struct KeyedTable {
    table: &'static str,
    key: &'static str,
}

pub(crate) const AGENTS: KeyedTable = KeyedTable { table: "agents", key: "name" };
pub(crate) const CONTACTS: KeyedTable = KeyedTable { table: "contacts", key: "email" };

/// Ids by key, creating rows for new keys. `keys` should be sorted and
/// distinct, so concurrent writers lock index entries in the same order.
/// A row a concurrent transaction creates first is found by the second
/// statement, which (in READ COMMITTED) sees that transaction's commit.
pub(crate) async fn ids_by_key(
    conn: &mut PgConnection,
    target: KeyedTable,
    org: OrgId,
    keys: &[&str],
) -> StoreResult<HashMap<String, i64>> {
    let KeyedTable { table, key } = target;
    let insert = format!(
        "INSERT INTO {table} (org_id, {key}, created_at) SELECT $1, new.key, $3 FROM UNNEST($2::text[]) AS new (key)
         ON CONFLICT (org_id, {key}) DO NOTHING RETURNING {key}, id"
    );
    let select = format!("SELECT {key}, id FROM {table} WHERE org_id = $1 AND {key} = ANY($2)");
    let now = crate::now_ms();
    let mut ids = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(ROWS_PER_STATEMENT) {
        let created: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(insert.clone()))
            .bind(org.0)
            .bind(chunk)
            .bind(now)
            .fetch_all(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        ids.extend(created);
        let existing: Vec<&str> = chunk.iter().copied().filter(|k| !ids.contains_key(*k)).collect();
        if existing.is_empty() {
            continue;
        }
        let found: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(select.clone()))
            .bind(org.0)
            .bind(existing)
            .fetch_all(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        ids.extend(found);
    }
    Ok(ids)
}
