//! Browser sessions, and the sign-in attempts counted to lock an account
//! out: both shared by every server using the database.

use sqlx::{Row, SqlitePool};
use vocal_domain::{OrgId, UserId};
use vocal_store::{SessionRecord, StoreResult};

use crate::errors::from_sqlx;

pub(crate) async fn save(pool: &SqlitePool, session: SessionRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, org_id, user_id, data, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id_hash) DO UPDATE SET org_id = excluded.org_id, user_id = excluded.user_id,
           data = excluded.data, expires_at = excluded.expires_at",
    )
    .bind(&session.id_hash[..])
    .bind(session.org_id.map(|o| o.0))
    .bind(session.user_id.map(|u| u.0))
    .bind(&session.data)
    .bind(session.expires_at_ms)
    .execute(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub(crate) async fn load(pool: &SqlitePool, id_hash: [u8; 32], now_ms: i64) -> StoreResult<Option<SessionRecord>> {
    let row =
        sqlx::query("SELECT org_id, user_id, data, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2")
            .bind(&id_hash[..])
            .bind(now_ms)
            .fetch_optional(pool)
            .await
            .map_err(from_sqlx)?;
    Ok(row.map(|r| SessionRecord {
        id_hash,
        org_id: r.get::<Option<i64>, _>(0).map(OrgId),
        user_id: r.get::<Option<i64>, _>(1).map(UserId),
        data: r.get(2),
        expires_at_ms: r.get(3),
    }))
}

pub(crate) async fn delete(pool: &SqlitePool, id_hash: [u8; 32]) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(&id_hash[..]).execute(pool).await.map_err(from_sqlx)?;
    Ok(())
}

pub(crate) async fn delete_for_user(pool: &SqlitePool, org: OrgId, user: UserId) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE org_id = $1 AND user_id = $2")
        .bind(org.0)
        .bind(user.0)
        .execute(pool)
        .await
        .map_err(from_sqlx)?;
    Ok(done.rows_affected())
}

/// Returns the number of sessions deleted; old attempts go in the same transaction.
pub(crate) async fn delete_expired(pool: &SqlitePool, now_ms: i64, attempts_before_ms: i64) -> StoreResult<u64> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(from_sqlx)?;
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_ms)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    sqlx::query("DELETE FROM sign_in_attempts WHERE at < $1")
        .bind(attempts_before_ms)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(sessions.rows_affected())
}

/// Records the attempt and counts the window in one transaction: the count
/// holds this attempt and every one committed before it, by any server.
pub(crate) async fn note_attempt(
    pool: &SqlitePool,
    org: OrgId,
    user: UserId,
    now_ms: i64,
    since_ms: i64,
) -> StoreResult<u64> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(from_sqlx)?;
    sqlx::query("INSERT INTO sign_in_attempts (org_id, user_id, at) VALUES ($1, $2, $3)")
        .bind(org.0)
        .bind(user.0)
        .bind(now_ms)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_attempts WHERE user_id = $1 AND org_id = $2 AND at >= $3")
            .bind(user.0)
            .bind(org.0)
            .bind(since_ms)
            .fetch_one(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(u64::try_from(count).unwrap_or(0))
}
