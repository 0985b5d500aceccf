use std::future::Future;

use vocal_domain::{OrgId, UserId};

use crate::{LinkPurpose, NewUserLink, SessionRecord, StoreResult, User};

/// Browser sessions, sign-in attempts and single-use account links: the
/// state of signing in, shared by every server on the database.
pub trait Sessions {
    /// Creates or replaces the session with this id hash.
    fn save_session(&self, session: SessionRecord) -> impl Future<Output = StoreResult<()>> + Send;
    /// The session, unless it is unknown or expired at `now_ms`.
    fn load_session(
        &self,
        id_hash: [u8; 32],
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<Option<SessionRecord>>> + Send;
    fn delete_session(&self, id_hash: [u8; 32]) -> impl Future<Output = StoreResult<()>> + Send;
    /// Signs the user out everywhere (password change, disabling); how many sessions ended.
    fn delete_user_sessions(&self, org: OrgId, user: UserId) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Forgets sessions expired at `now_ms` and sign-in attempts older than
    /// `attempts_before_ms`.
    fn delete_expired_sessions(
        &self,
        now_ms: i64,
        attempts_before_ms: i64,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Records one evaluated sign-in attempt at `now_ms` and returns how many
    /// the user has had since `since_ms`, this one included (shared by every
    /// process, so a lockout holds across them).
    fn note_sign_in_attempt(
        &self,
        org: OrgId,
        user: UserId,
        now_ms: i64,
        since_ms: i64,
    ) -> impl Future<Output = StoreResult<u64>> + Send;

    fn create_user_link(&self, link: NewUserLink) -> impl Future<Output = StoreResult<()>> + Send;
    /// The user a link is for, if it is unused and unexpired, without using it (to show its form).
    fn peek_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: LinkPurpose,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;
    /// Uses the link (once: a second call returns `None`) and sets the
    /// user's password hash in the same transaction.
    fn use_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: LinkPurpose,
        now_ms: i64,
        password_hash: &str,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;
}
