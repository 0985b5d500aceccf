//! Writing responses all-or-nothing, and reading them back for the index
//! and for listings.
//!
//! Every write first takes its sequence numbers from the `counters` row. The
//! row lock it holds until commit makes writers queue, so a transaction
//! can only take numbers after the previous writer's rows are visible: `seq`
//! order is commit order, and a reader catching up by `seq > watermark`
//! never skips a row that commits later with a lower number.

use std::collections::{BTreeSet, HashMap};

use sqlx::{PgConnection, PgPool};
use vocal_domain::{OrgId, ResponseId};
use vocal_store::{InsertOutcome, NewResponse, ResponseRecord, StoreResult};

use crate::ROWS_PER_STATEMENT;
use crate::columns::{INSERT, Resolved, bind_rows};
use crate::errors::from_sqlx;
use crate::find_or_create::{AGENTS, CONTACTS, ids_by_key};
use crate::shared::responses::{RECORD_SELECT, record_from_row};
use crate::units::UnitCache;

/// Ids of the units, agents and contacts a batch refers to, found or created.
struct References {
    units: Vec<Option<i64>>,
    agents: HashMap<String, i64>,
    contacts: HashMap<String, i64>,
}

pub(crate) async fn insert(pool: &PgPool, org: OrgId, responses: Vec<NewResponse>) -> StoreResult<InsertOutcome> {
    if responses.is_empty() {
        return Ok(InsertOutcome::default());
    }
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    // First statement: see the module comment.
    let last_seq: i64 =
        sqlx::query_scalar("UPDATE counters SET value = value + $1 WHERE name = 'response_seq' RETURNING value")
            .bind(responses.len() as i64)
            .fetch_one(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    let first_seq = last_seq - responses.len() as i64 + 1;
    let references = resolve_references(&mut tx, org, &responses).await?;

    let now = crate::now_ms();
    let mut inserted = 0;
    for (chunk_index, chunk) in responses.chunks(ROWS_PER_STATEMENT).enumerate() {
        let offset = chunk_index * ROWS_PER_STATEMENT;
        let rows: Vec<Resolved<'_>> = chunk
            .iter()
            .enumerate()
            .map(|(i, response)| Resolved {
                org: org.0,
                seq: first_seq + (offset + i) as i64,
                response,
                unit: references.units[offset + i],
                agent: response.agent.as_ref().and_then(|a| references.agents.get(a).copied()),
                contact: response.contact_email.as_ref().and_then(|e| references.contacts.get(e.as_str()).copied()),
            })
            .collect();
        let done = bind_rows(INSERT, &rows, now).execute(&mut *tx).await.map_err(from_sqlx)?;
        inserted += done.rows_affected();
    }
    tx.commit().await.map_err(from_sqlx)?;
    Ok(InsertOutcome { inserted, duplicates: responses.len() as u64 - inserted })
}

async fn resolve_references(conn: &mut PgConnection, org: OrgId, responses: &[NewResponse]) -> StoreResult<References> {
    let mut cache = UnitCache::load(conn, org).await?;
    let mut by_path = HashMap::new();
    let mut units = Vec::with_capacity(responses.len());
    for response in responses {
        let id = match &response.unit {
            None => None,
            Some(path) => Some(match by_path.get(path) {
                Some(&id) => id,
                None => {
                    let id = cache.ensure(conn, org, path).await?.0;
                    by_path.insert(path.clone(), id);
                    id
                }
            }),
        };
        units.push(id);
    }
    let agent_names: BTreeSet<&str> = responses.iter().filter_map(|r| r.agent.as_deref()).collect();
    let agents = ids_by_key(conn, AGENTS, org, &agent_names.into_iter().collect::<Vec<_>>()).await?;
    let emails: BTreeSet<&str> =
        responses.iter().filter_map(|r| r.contact_email.as_ref().map(vocal_domain::Email::as_str)).collect();
    let contacts = ids_by_key(conn, CONTACTS, org, &emails.into_iter().collect::<Vec<_>>()).await?;
    Ok(References { units, agents, contacts })
}

pub(crate) async fn by_ids(pool: &PgPool, org: OrgId, ids: &[ResponseId]) -> StoreResult<Vec<ResponseRecord>> {
    // `org_id + 0`: the ids are primary-key lookups; no plan may read the
    // organisation's rows through an (org_id, …) index instead.
    let sql = format!("{RECORD_SELECT} WHERE r.org_id + 0 = $1 AND r.id = ANY($2)");
    let mut found = HashMap::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let chunk: Vec<i64> = chunk.iter().map(|id| id.0).collect();
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(org.0)
            .bind(chunk)
            .fetch_all(pool)
            .await
            .map_err(from_sqlx)?;
        for row in rows {
            let record = record_from_row(&row)?;
            found.insert(record.indexed.id, record);
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}
