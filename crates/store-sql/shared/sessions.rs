//! Browser sessions, and the attempts counted to limit password guessing
//! and reset mails: both shared by every server using the database. Single-use account
//! links are in `user_links.rs`.

use vocal_domain::{OrgId, UserId};
use vocal_store::{AttemptKind, LinkPurpose, NewUserLink, SessionRecord, Sessions, StoreResult, User};
use vocal_store_sql::decode::column;

use crate::backend::{Store, begin_write, from_sqlx};

impl Sessions for Store {
    async fn save_session(&self, session: SessionRecord) -> StoreResult<()> {
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
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }
    async fn load_session(&self, id_hash: [u8; 32], now_ms: i64) -> StoreResult<Option<SessionRecord>> {
        let row = sqlx::query(
            "SELECT org_id, user_id, data, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(&id_hash[..])
        .bind(now_ms)
        .fetch_optional(self.pool())
        .await
        .map_err(from_sqlx)?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(SessionRecord {
            id_hash,
            org_id: column::<_, Option<i64>>(&r, "sessions", "org_id")?.map(OrgId),
            user_id: column::<_, Option<i64>>(&r, "sessions", "user_id")?.map(UserId),
            data: column(&r, "sessions", "data")?,
            expires_at_ms: column(&r, "sessions", "expires_at")?,
        }))
    }
    async fn delete_session(&self, id_hash: [u8; 32]) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(&id_hash[..])
            .execute(self.pool())
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }
    async fn delete_user_sessions(&self, org: OrgId, user: UserId) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE org_id = $1 AND user_id = $2")
            .bind(org.0)
            .bind(user.0)
            .execute(self.pool())
            .await
            .map_err(from_sqlx)?;
        Ok(done.rows_affected())
    }
    /// Returns the number of sessions deleted; old attempts go in the same transaction.
    async fn delete_expired_sessions(&self, now_ms: i64, attempts_before_ms: i64) -> StoreResult<u64> {
        let mut tx = begin_write(self.pool()).await?;
        let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        sqlx::query("DELETE FROM attempts WHERE at < $1")
            .bind(attempts_before_ms)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(sessions.rows_affected())
    }
    /// Records the attempt and counts the window in one transaction: the
    /// count holds this attempt and every one committed before it, by any server.
    async fn note_attempt(
        &self,
        kind: AttemptKind,
        subject: &str,
        now_ms: i64,
        since_ms: i64,
    ) -> StoreResult<(i64, u64)> {
        let mut tx = begin_write(self.pool()).await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO attempts (kind, subject, at) VALUES ($1, $2, $3) RETURNING id")
            .bind(kind.as_str())
            .bind(subject)
            .bind(now_ms)
            .fetch_one(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM attempts WHERE kind = $1 AND subject = $2 AND at >= $3")
                .bind(kind.as_str())
                .bind(subject)
                .bind(since_ms)
                .fetch_one(&mut *tx)
                .await
                .map_err(from_sqlx)?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok((id, u64::try_from(count).unwrap_or(0)))
    }
    async fn forget_attempt(&self, id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM attempts WHERE id = $1").bind(id).execute(self.pool()).await.map_err(from_sqlx)?;
        Ok(())
    }
    async fn forget_attempts(&self, kind: AttemptKind, subject: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM attempts WHERE kind = $1 AND subject = $2")
            .bind(kind.as_str())
            .bind(subject)
            .execute(self.pool())
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }
    async fn create_user_link(&self, link: NewUserLink) -> StoreResult<()> {
        super::user_links::create(self.pool(), link).await
    }
    async fn peek_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: LinkPurpose,
        now_ms: i64,
    ) -> StoreResult<Option<User>> {
        super::user_links::peek(self.pool(), token_hash, purpose, now_ms).await
    }
    async fn use_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: LinkPurpose,
        now_ms: i64,
        password_hash: &str,
    ) -> StoreResult<Option<User>> {
        super::user_links::use_link(self.pool(), token_hash, purpose, now_ms, password_hash).await
    }
}
