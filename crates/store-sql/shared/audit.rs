//! The audit log: who did what in an organisation, newest first.

use vocal_domain::{OrgId, UserId};
use vocal_store::{AuditEntry, AuditLog, NewAuditEntry, StoreResult};
use vocal_store_sql::decode::column;
use vocal_store_sql::now_ms;

use crate::backend::{Row, Store, from_sqlx};

impl AuditLog for Store {
    async fn record_audit(&self, org: OrgId, entry: NewAuditEntry) -> StoreResult<AuditEntry> {
        let at_ms = now_ms();
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
        .fetch_one(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(AuditEntry { id, at_ms, entry })
    }
    /// A page of at most `limit` entries below `before_id` (from the newest without it).
    async fn list_audit(&self, org: OrgId, before_id: Option<i64>, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, actor, action, subject, detail FROM audit_log
             WHERE org_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(org.0)
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(limit.max(0))
        .fetch_all(self.pool())
        .await
        .map_err(from_sqlx)?;
        rows.iter().map(from_row).collect()
    }
}

fn from_row(r: &Row) -> StoreResult<AuditEntry> {
    const TABLE: &str = "audit_log";
    Ok(AuditEntry {
        id: column(r, TABLE, "id")?,
        at_ms: column(r, TABLE, "at")?,
        entry: NewAuditEntry {
            actor_id: column::<_, Option<i64>>(r, TABLE, "actor_id")?.map(UserId),
            actor: column(r, TABLE, "actor")?,
            action: column(r, TABLE, "action")?,
            subject: column(r, TABLE, "subject")?,
            detail: column(r, TABLE, "detail")?,
        },
    })
}
