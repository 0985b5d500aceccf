//! The outbox: every email sent, kept for lack of an SMTP server, or refused.

use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use vocal_domain::OrgId;
use vocal_store::{EmailRecord, EmailStatus, NewEmail, StoreError, StoreResult};

use crate::errors::from_sqlx;

const COLUMNS: &str = "id, org_id, to_address, subject, text_body, html_body, status, error, created_at";

fn from_row(r: &PgRow) -> StoreResult<EmailRecord> {
    let status: String = r.get(6);
    Ok(EmailRecord {
        id: r.get(0),
        org_id: OrgId(r.get(1)),
        to_address: r.get(2),
        subject: r.get(3),
        text_body: r.get(4),
        html_body: r.get(5),
        status: EmailStatus::parse(&status).ok_or(StoreError::Corrupt { table: "outbox", detail: status })?,
        error: r.get(7),
        created_at_ms: r.get(8),
    })
}

pub(crate) async fn record(pool: &PgPool, org: OrgId, email: NewEmail) -> StoreResult<EmailRecord> {
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
        .bind(crate::now_ms())
        .fetch_one(pool)
        .await
        .map_err(from_sqlx)?;
    from_row(&row)
}

pub(crate) async fn list(pool: &PgPool, org: OrgId, limit: i64) -> StoreResult<Vec<EmailRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE org_id = $1 ORDER BY id DESC LIMIT $2");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.0)
        .bind(limit.max(0))
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    rows.iter().map(from_row).collect()
}

pub(crate) async fn by_id(pool: &PgPool, org: OrgId, id: i64) -> StoreResult<Option<EmailRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE org_id = $1 AND id = $2");
    let row =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.0).bind(id).fetch_optional(pool).await.map_err(from_sqlx)?;
    row.as_ref().map(from_row).transpose()
}
