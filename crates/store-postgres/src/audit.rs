//! The audit log: who did what in an organisation, newest first.

use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use vocal_domain::{OrgId, UserId};
use vocal_store::{AuditEntry, NewAuditEntry, StoreResult};

use crate::errors::from_sqlx;

pub(crate) async fn record(pool: &PgPool, org: OrgId, entry: NewAuditEntry) -> StoreResult<AuditEntry> {
    let at_ms = crate::now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_log (org_id, at, actor_id, actor, action, subject, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(org.0)
    .bind(at_ms)
    .bind(entry.actor_id.map(|u| u.0))
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(&entry.subject)
    .bind(&entry.detail)
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(AuditEntry { id, at_ms, entry })
}

/// A page of at most `limit` entries below `before_id` (from the newest without it).
pub(crate) async fn list(
    pool: &PgPool,
    org: OrgId,
    before_id: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT id, at, actor_id, actor, action, subject, detail FROM audit_log
         WHERE org_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(org.0)
    .bind(before_id.unwrap_or(i64::MAX))
    .bind(limit.max(0))
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(rows.iter().map(from_row).collect())
}

fn from_row(r: &PgRow) -> AuditEntry {
    AuditEntry {
        id: r.get(0),
        at_ms: r.get(1),
        entry: NewAuditEntry {
            actor_id: r.get::<Option<i64>, _>(2).map(UserId),
            actor: r.get(3),
            action: r.get(4),
            subject: r.get(5),
            detail: r.get(6),
        },
    }
}
