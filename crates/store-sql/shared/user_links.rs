//! Single-use links to choose a password (a reset or an admin's invitation),
//! stored as the SHA-256 of their token.

use vocal_domain::{OrgId, UserId};
use vocal_store::{AttemptKind, LinkPurpose, NewUserLink, StoreError, StoreResult, User};
use vocal_store_sql::now_ms;

use super::accounts::{USER_COLUMNS, user_by_id, user_from_row};
use crate::backend::{Pool, Tx, begin_write, from_sqlx, unique_as};

/// `NotFound("user")` unless the user belongs to the link's organisation.
/// The user's other unused links end in the same transaction.
pub(crate) async fn create(pool: &Pool, link: NewUserLink) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    let now = now_ms();
    end_other_links(&mut tx, link.org_id, link.user_id, now).await?;
    let done = sqlx::query(
        "INSERT INTO user_links (token_hash, org_id, user_id, purpose, expires_at, created_at)
         SELECT $1, org_id, id, $2, $3, $4 FROM users WHERE org_id = $5 AND id = $6",
    )
    .bind(&link.token_hash[..])
    .bind(link.purpose.as_str())
    .bind(link.expires_at_ms)
    .bind(now)
    .bind(link.org_id.0)
    .bind(link.user_id.0)
    .execute(&mut *tx)
    .await
    .map_err(unique_as("link token"))?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("user"));
    }
    tx.commit().await.map_err(from_sqlx)
}

/// Marks every unused link of the user used: a newer link, or a password
/// set through one, supersedes them.
async fn end_other_links(tx: &mut Tx, org: OrgId, user: UserId, now_ms: i64) -> StoreResult<()> {
    sqlx::query("UPDATE user_links SET used_at = $1 WHERE org_id = $2 AND user_id = $3 AND used_at IS NULL")
        .bind(now_ms)
        .bind(org.0)
        .bind(user.0)
        .execute(&mut **tx)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

pub(crate) async fn peek(
    pool: &Pool,
    token_hash: [u8; 32],
    purpose: LinkPurpose,
    now_ms: i64,
) -> StoreResult<Option<User>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM user_links l JOIN users u ON u.id = l.user_id AND u.org_id = l.org_id
         WHERE l.token_hash = $1 AND l.purpose = $2 AND l.used_at IS NULL AND l.expires_at > $3 AND NOT u.disabled"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&token_hash[..])
        .bind(purpose.as_str())
        .bind(now_ms)
        .fetch_optional(pool)
        .await
        .map_err(from_sqlx)?;
    row.as_ref().map(user_from_row).transpose()
}

/// The link is marked used by the one statement that also checks it is
/// unused, so of two concurrent calls only one gets a row back. The user's
/// other links end and the account's failed password attempts are
/// forgotten in the same transaction.
pub(crate) async fn use_link(
    pool: &Pool,
    token_hash: [u8; 32],
    purpose: LinkPurpose,
    now_ms: i64,
    password_hash: &str,
) -> StoreResult<Option<User>> {
    let mut tx = begin_write(pool).await?;
    let used: Option<(i64, i64)> = sqlx::query_as(
        "UPDATE user_links SET used_at = $3
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
           AND EXISTS (SELECT 1 FROM users u WHERE u.id = user_links.user_id AND NOT u.disabled)
         RETURNING org_id, user_id",
    )
    .bind(&token_hash[..])
    .bind(purpose.as_str())
    .bind(now_ms)
    .fetch_optional(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    let Some((org, user)) = used else { return Ok(None) };
    let (org, user) = (OrgId(org), UserId(user));
    end_other_links(&mut tx, org, user, now_ms).await?;
    sqlx::query("DELETE FROM attempts WHERE kind = $1 AND subject = $2")
        .bind(AttemptKind::PasswordForAccount.as_str())
        .bind(AttemptKind::account(user))
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE org_id = $2 AND id = $3")
        .bind(password_hash)
        .bind(org.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    let found = user_by_id(&mut *tx, org, user).await?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(found)
}
