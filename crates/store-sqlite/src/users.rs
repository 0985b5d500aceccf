//! Sign-in credentials and the disabled flag of users (the users
//! themselves are in `people.rs`).

use sqlx::SqlitePool;
use vocal_domain::{OrgId, UserId};
use vocal_store::StoreResult;

use crate::errors::from_sqlx;

pub(crate) async fn set_password(pool: &SqlitePool, org: OrgId, user: UserId, hash: Option<&str>) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE org_id = $2 AND id = $3")
        .bind(hash)
        .bind(org.0)
        .bind(user.0)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn password_hash(pool: &SqlitePool, org: OrgId, user: UserId) -> StoreResult<Option<String>> {
    let hash: Option<Option<String>> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(user.0)
            .fetch_optional(pool)
            .await
            .map_err(from_sqlx)?;
    Ok(hash.flatten())
}

pub(crate) async fn set_disabled(pool: &SqlitePool, org: OrgId, user: UserId, disabled: bool) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE users SET disabled = $1 WHERE org_id = $2 AND id = $3")
        .bind(i64::from(disabled))
        .bind(org.0)
        .bind(user.0)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}
