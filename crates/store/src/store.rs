//! The one storage trait. Methods return `impl Future + Send` so servers can
//! spawn them; implementations write plain `async fn`.

use std::future::Future;

use crate::StreamItem;

use vocal_domain::{InvitationId, OrgId, ResponseId, SurveyDefinition, SurveyId, Unit, UnitId, UnitPath, UserId};

use crate::{
    Agent, ApiKeyRecord, Contact, EmailRecord, IndexedResponse, InsertOutcome, Invitation, NewApiKey, NewContact,
    NewEmail, NewInvitation, NewResponse, NewUser, Organisation, ResponseRecord, StoreResult, Stored, Submission,
    Survey, User,
};
use crate::{AuditEntry, NewAuditEntry, NewUserLink, SessionRecord, UserChange};

/// Everything Vocal keeps. Every method is one transaction: it is done
/// completely or not at all.
pub trait Store: Clone + Send + Sync + 'static {
    /// Identifies this database, so caches built from it are not mistaken
    /// for another's (e.g. after a restore).
    fn instance_id(&self) -> impl Future<Output = StoreResult<String>> + Send;

    fn list_orgs(&self) -> impl Future<Output = StoreResult<Vec<Organisation>>> + Send;
    /// Fails with `Conflict { field: "organisation name" }` when the name is taken.
    fn create_org(&self, name: &str, time_zone: &str) -> impl Future<Output = StoreResult<Organisation>> + Send;
    fn set_org_time_zone(&self, org: OrgId, time_zone: &str) -> impl Future<Output = StoreResult<()>> + Send;

    fn list_units(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Unit>>> + Send;
    /// The unit at `path`, created with any missing ancestors.
    fn ensure_unit(&self, org: OrgId, path: &UnitPath) -> impl Future<Output = StoreResult<UnitId>> + Send;
    fn list_agents(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Agent>>> + Send;
    /// Places an agent in a team (creating the agent when new).
    fn assign_agent(
        &self,
        org: OrgId,
        name: &str,
        unit: Option<UnitId>,
    ) -> impl Future<Output = StoreResult<Agent>> + Send;

    /// Stores all responses or none, creating missing units, agents and
    /// contacts, and skipping responses whose de-duplication key is stored.
    fn insert_responses(
        &self,
        org: OrgId,
        responses: Vec<NewResponse>,
    ) -> impl Future<Output = StoreResult<InsertOutcome>> + Send;
    /// Stores batches as they arrive, all in one transaction, committed when
    /// [`StreamItem::Commit`] arrives; if the channel closes before, nothing
    /// is stored and the result is `Aborted`. Lets an import store rows
    /// while the rest of its file is being parsed. By default the batches
    /// are gathered and stored with [`Store::insert_responses`].
    fn insert_response_stream(
        &self,
        org: OrgId,
        mut items: tokio::sync::mpsc::Receiver<StreamItem>,
    ) -> impl Future<Output = StoreResult<InsertOutcome>> + Send {
        async move {
            let mut rows = Vec::new();
            while let Some(item) = items.recv().await {
                match item {
                    StreamItem::Rows(batch) => rows.extend(batch),
                    StreamItem::Commit => return self.insert_responses(org, rows).await,
                }
            }
            Err(crate::StoreError::Aborted)
        }
    }
    /// Responses changed after `after_seq`, in change order, at most `limit`
    /// (a negative limit returns nothing).
    fn responses_after(
        &self,
        org: OrgId,
        after_seq: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<Vec<IndexedResponse>>> + Send;
    /// The highest change sequence stored for the organisation (0 if none).
    fn max_seq(&self, org: OrgId) -> impl Future<Output = StoreResult<i64>> + Send;
    /// Full records for the given ids, in the order given; unknown ids are skipped.
    fn responses_by_ids(
        &self,
        org: OrgId,
        ids: &[ResponseId],
    ) -> impl Future<Output = StoreResult<Vec<ResponseRecord>>> + Send;

    fn create_api_key(&self, org: OrgId, key: NewApiKey) -> impl Future<Output = StoreResult<ApiKeyRecord>> + Send;
    /// The key whose SHA-256 is `key_hash`, revoked or not.
    fn api_key_by_hash(&self, key_hash: &str) -> impl Future<Output = StoreResult<Option<ApiKeyRecord>>> + Send;
    fn list_api_keys(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<ApiKeyRecord>>> + Send;
    /// Whether a key that was active is now revoked.
    fn revoke_api_key(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<bool>> + Send;

    fn create_user(&self, org: OrgId, user: NewUser) -> impl Future<Output = StoreResult<User>> + Send;
    fn list_users(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<User>>> + Send;
    /// Sets (or, with `None`, clears) a user's password hash; whether the user exists in `org`.
    fn set_user_password(
        &self,
        org: OrgId,
        user: UserId,
        password_hash: Option<&str>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The stored password hash (a PHC string), if the user has one.
    fn user_password_hash(&self, org: OrgId, user: UserId) -> impl Future<Output = StoreResult<Option<String>>> + Send;
    /// Disables or re-enables a user; whether the user exists in `org`.
    fn set_user_disabled(
        &self,
        org: OrgId,
        user: UserId,
        disabled: bool,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

    /// Creates or updates the contact with the same email.
    fn upsert_contact(&self, org: OrgId, contact: NewContact) -> impl Future<Output = StoreResult<Contact>> + Send;
    fn list_contacts(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Contact>>> + Send;

    /// Creates the survey, or replaces its definition when the slug exists
    /// (its id, invitations and responses stay).
    fn put_survey(&self, org: OrgId, definition: SurveyDefinition) -> impl Future<Output = StoreResult<Survey>> + Send;
    fn list_surveys(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Survey>>> + Send;
    fn survey_by_slug(&self, org: OrgId, slug: &str) -> impl Future<Output = StoreResult<Option<Survey>>> + Send;
    fn survey_by_id(&self, org: OrgId, id: SurveyId) -> impl Future<Output = StoreResult<Option<Survey>>> + Send;

    /// Writes a group of submissions in one transaction and one durable
    /// commit (group commit): all of them or, on any error, none. Responses
    /// take change sequences in order; created units, agents and contacts
    /// are found or created as in [`Store::insert_responses`]. Returns, per
    /// submission, what happened to each of its responses.
    fn commit_submissions(&self, group: Vec<Submission>) -> impl Future<Output = StoreResult<Vec<Vec<Stored>>>> + Send;
    /// The response stored under a de-duplication key, if any.
    fn response_by_dedupe_key(
        &self,
        org: OrgId,
        key: [u8; 16],
    ) -> impl Future<Output = StoreResult<Option<ResponseRecord>>> + Send;

    /// Creates all the invitations or none, in the order given, matching or
    /// creating each contact.
    fn create_invitations(
        &self,
        org: OrgId,
        invitations: Vec<NewInvitation>,
    ) -> impl Future<Output = StoreResult<Vec<Invitation>>> + Send;
    /// The invitation whose token hashes to `token_hash`, in any organisation.
    fn invitation_by_token_hash(
        &self,
        token_hash: [u8; 32],
    ) -> impl Future<Output = StoreResult<Option<Invitation>>> + Send;
    fn invitation(&self, org: OrgId, id: InvitationId) -> impl Future<Output = StoreResult<Option<Invitation>>> + Send;

    /// Records an email in the outbox: sent, waiting there (no SMTP server), or failed.
    fn record_email(&self, org: OrgId, email: NewEmail) -> impl Future<Output = StoreResult<EmailRecord>> + Send;
    /// The organisation's most recent emails, newest first, at most `limit`
    /// (a negative limit returns nothing).
    fn list_emails(&self, org: OrgId, limit: i64) -> impl Future<Output = StoreResult<Vec<EmailRecord>>> + Send;
    /// One email, if it belongs to `org`.
    fn email(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<Option<EmailRecord>>> + Send;

    /// Users with this email (lower case) in any organisation, for signing in.
    fn users_by_email(&self, email: &str) -> impl Future<Output = StoreResult<Vec<User>>> + Send;
    fn user(&self, org: OrgId, id: UserId) -> impl Future<Output = StoreResult<Option<User>>> + Send;
    /// Changes a user's name, role and scope; whether the user exists in `org`.
    fn update_user(&self, org: OrgId, id: UserId, change: UserChange)
    -> impl Future<Output = StoreResult<bool>> + Send;

    /// Renames a unit; `Conflict { field: "unit name" }` when a sibling has the name.
    fn rename_unit(&self, org: OrgId, unit: UnitId, name: &str) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Moves a unit (with its subtree) under `parent`, or to the top with
    /// `None`; `Conflict { field: "unit parent" }` when that would make a
    /// cycle or a sibling has its name.
    fn move_unit(
        &self,
        org: OrgId,
        unit: UnitId,
        parent: Option<UnitId>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

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
        purpose: crate::LinkPurpose,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;
    /// Uses the link (once: a second call returns `None`) and sets the
    /// user's password hash in the same transaction.
    fn use_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: crate::LinkPurpose,
        now_ms: i64,
        password_hash: &str,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;

    fn record_audit(&self, org: OrgId, entry: NewAuditEntry) -> impl Future<Output = StoreResult<AuditEntry>> + Send;
    /// The newest entries first, below `before_id` when given, at most `limit`.
    fn list_audit(
        &self,
        org: OrgId,
        before_id: Option<i64>,
        limit: i64,
    ) -> impl Future<Output = StoreResult<Vec<AuditEntry>>> + Send;
}
