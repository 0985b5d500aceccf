use std::future::Future;

use vocal_domain::{OrgId, UserId};

use crate::{AttemptKind, LinkPurpose, NewUserLink, SessionRecord, StoreResult, User};

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
    /// Forgets sessions expired at `now_ms` and attempts older than
    /// `attempts_before_ms`.
    fn delete_expired_sessions(
        &self,
        now_ms: i64,
        attempts_before_ms: i64,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Records one attempt of `kind` about `subject` at `now_ms`, and returns
    /// its id and how many such attempts there were since `since_ms`, this
    /// one included. Recorded and counted in one transaction, so concurrent
    /// attempts — from any process — cannot all slip under a limit.
    fn note_attempt(
        &self,
        kind: AttemptKind,
        subject: &str,
        now_ms: i64,
        since_ms: i64,
    ) -> impl Future<Output = StoreResult<(i64, u64)>> + Send;
    /// Takes back one attempt (one that turned out not to count, e.g. a right password).
    fn forget_attempt(&self, id: i64) -> impl Future<Output = StoreResult<()>> + Send;
    /// Forgets every attempt of `kind` about `subject` (an account's failures after it proved itself).
    fn forget_attempts(&self, kind: AttemptKind, subject: &str) -> impl Future<Output = StoreResult<()>> + Send;

    /// Stores a new link and ends every other unused link of its user: only
    /// the latest link a person was sent works.
    fn create_user_link(&self, link: NewUserLink) -> impl Future<Output = StoreResult<()>> + Send;
    /// The user a link is for, if it is unused and unexpired, without using it (to show its form).
    fn peek_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: LinkPurpose,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;
    /// Uses the link (once: a second call returns `None`), and in the same
    /// transaction sets the user's password hash, ends the user's other
    /// unused links and forgets the account's failed password attempts (the
    /// link proved the mailbox, so a lockout ends).
    fn use_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: LinkPurpose,
        now_ms: i64,
        password_hash: &str,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;
}
