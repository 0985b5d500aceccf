//! Finding users to sign them in, and an admin's changes to a user (their
//! password and disabled flag are in `users.rs`).

use sqlx::{SqliteExecutor, SqlitePool};
use vocal_domain::{OrgId, UserId};
use vocal_store::{StoreError, StoreResult, User, UserChange};

use crate::errors::from_sqlx;
use crate::people::{USER_COLUMNS, user_from_row};

/// Emails are stored in lower case, so one index lookup finds them all.
pub(crate) async fn by_email(pool: &SqlitePool, email: &str) -> StoreResult<Vec<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1 ORDER BY u.org_id");
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(email.to_lowercase()).fetch_all(pool).await.map_err(from_sqlx)?;
    rows.iter().map(user_from_row).collect()
}

/// The user, if they belong to `org`; takes the pool or a transaction.
pub(crate) async fn by_id(db: impl SqliteExecutor<'_>, org: OrgId, id: UserId) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.org_id = $1 AND u.id = $2");
    let row =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.0).bind(id.0).fetch_optional(db).await.map_err(from_sqlx)?;
    row.as_ref().map(user_from_row).transpose()
}

/// The new scope must be the organisation's own unit and agent: the foreign
/// keys alone would accept another organisation's.
pub(crate) async fn update(pool: &SqlitePool, org: OrgId, id: UserId, change: UserChange) -> StoreResult<bool> {
    // IMMEDIATE: the checks are followed by a write (see `invitations.rs`).
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(from_sqlx)?;
    let scope = [("units", "unit", change.unit_id.map(|u| u.0)), ("agents", "agent", change.agent_id.map(|a| a.0))];
    for (table, what, scope_id) in scope {
        let Some(scope_id) = scope_id else { continue };
        let found = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT 1 FROM {table} WHERE id = $1 AND org_id = $2")))
            .bind(scope_id)
            .bind(org.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        if found.is_none() {
            return Err(StoreError::NotFound(what));
        }
    }
    let done =
        sqlx::query("UPDATE users SET name = $1, role = $2, unit_id = $3, agent_id = $4 WHERE org_id = $5 AND id = $6")
            .bind(&change.name)
            .bind(change.role.as_str())
            .bind(change.unit_id.map(|u| u.0))
            .bind(change.agent_id.map(|a| a.0))
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}
