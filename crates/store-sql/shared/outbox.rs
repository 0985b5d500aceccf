//! The outbox: every email sent, kept for lack of an SMTP server, or refused.

use vocal_domain::OrgId;
use vocal_store::{EmailRecord, EmailStatus, NewEmail, Outbox, StoreResult};
use vocal_store_sql::decode::{column, parsed};
use vocal_store_sql::now_ms;

use crate::backend::{Row, Store, from_sqlx};

const COLUMNS: &str = "id, org_id, to_address, subject, text_body, html_body, status, error, created_at";

impl Outbox for Store {
    async fn record_email(&self, org: OrgId, email: NewEmail) -> StoreResult<EmailRecord> {
        let sql = format!(
            "INSERT INTO outbox (org_id, to_address, subject, text_body, html_body, status, error, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(&email.to_address)
            .bind(&email.subject)
            .bind(&email.text_body)
            .bind(&email.html_body)
            .bind(email.status.as_str())
            .bind(&email.error)
            .bind(now_ms())
            .fetch_one(self.pool())
            .await
            .map_err(from_sqlx)?;
        from_row(&row)
    }
    async fn list_emails(&self, org: OrgId, limit: i64) -> StoreResult<Vec<EmailRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE org_id = $1 ORDER BY id DESC LIMIT $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(limit.max(0))
            .fetch_all(self.pool())
            .await
            .map_err(from_sqlx)?;
        rows.iter().map(from_row).collect()
    }
    async fn email(&self, org: OrgId, id: i64) -> StoreResult<Option<EmailRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE org_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(from_row).transpose()
    }
}

fn from_row(r: &Row) -> StoreResult<EmailRecord> {
    const TABLE: &str = "outbox";
    Ok(EmailRecord {
        id: column(r, TABLE, "id")?,
        org_id: OrgId(column(r, TABLE, "org_id")?),
        to_address: column(r, TABLE, "to_address")?,
        subject: column(r, TABLE, "subject")?,
        text_body: column(r, TABLE, "text_body")?,
        html_body: column(r, TABLE, "html_body")?,
        status: parsed(r, TABLE, "status", |s| EmailStatus::parse(s).ok_or("not an email status"))?,
        error: column(r, TABLE, "error")?,
        created_at_ms: column(r, TABLE, "created_at")?,
    })
}
