//! Reading responses back for listings. (Imports are `copy_import.rs`,
//! submissions `submissions.rs`.)
//!
//! Every write takes its sequence numbers from the `counters` row before it
//! writes anything else. The row lock it holds until commit makes writers
//! queue, so a transaction can only take numbers after the previous
//! writer's rows are visible: `seq` order is commit order, and a reader
//! catching up by `seq > watermark` never skips a row that commits later
//! with a lower number.

use std::collections::HashMap;

use sqlx::PgPool;
use vocal_domain::{OrgId, ResponseId};
use vocal_store::{ResponseRecord, StoreResult};

use crate::ROWS_PER_STATEMENT;
use crate::errors::from_sqlx;
use crate::shared::responses::{RECORD_SELECT, record_from_row};

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
