//! [`Store`] for SQLite: each method delegates to the module that owns its table.

use vocal_domain::{InvitationId, OrgId, ResponseId, SurveyDefinition, SurveyId, Unit, UnitId, UnitPath, UserId};
use vocal_store::{
    Agent, ApiKeyRecord, Contact, EmailRecord, IndexedResponse, InsertOutcome, Invitation, NewApiKey, NewContact,
    NewEmail, NewInvitation, NewResponse, NewUser, Organisation, ResponseRecord, Store, StoreResult, Stored,
    StreamItem, Submission, Survey, User,
};
use vocal_store::{AuditEntry, LinkPurpose, NewAuditEntry, NewUserLink, SessionRecord, UserChange};

use crate::{
    SqliteStore, accounts, audit, invitations, keys, orgs, outbox, people, responses, sessions, surveys, unit_changes,
    units, user_links, users,
};

impl Store for SqliteStore {
    async fn instance_id(&self) -> StoreResult<String> {
        orgs::instance_id(&self.pool).await
    }
    async fn list_orgs(&self) -> StoreResult<Vec<Organisation>> {
        orgs::list(&self.pool).await
    }
    async fn create_org(&self, name: &str, time_zone: &str) -> StoreResult<Organisation> {
        orgs::create(&self.pool, name, time_zone).await
    }
    async fn set_org_time_zone(&self, org: OrgId, time_zone: &str) -> StoreResult<()> {
        orgs::set_time_zone(&self.pool, org, time_zone).await
    }
    async fn list_units(&self, org: OrgId) -> StoreResult<Vec<Unit>> {
        units::list(&self.pool, org).await
    }
    async fn ensure_unit(&self, org: OrgId, path: &UnitPath) -> StoreResult<UnitId> {
        crate::bulk_write::ensure_unit(&self.path, org, path).await
    }
    async fn list_agents(&self, org: OrgId) -> StoreResult<Vec<Agent>> {
        units::list_agents(&self.pool, org).await
    }
    async fn assign_agent(&self, org: OrgId, name: &str, unit: Option<UnitId>) -> StoreResult<Agent> {
        units::assign_agent(&self.pool, org, name, unit).await
    }
    async fn insert_responses(&self, org: OrgId, responses: Vec<NewResponse>) -> StoreResult<InsertOutcome> {
        if responses.is_empty() {
            return Ok(InsertOutcome::default());
        }
        let (sender, receiver) = tokio::sync::mpsc::channel(2);
        // Room for both messages: neither send waits.
        let _ = sender.send(StreamItem::Rows(responses)).await;
        let _ = sender.send(StreamItem::Commit).await;
        crate::bulk_write::insert_stream(&self.path, org, receiver).await
    }
    async fn insert_response_stream(
        &self,
        org: OrgId,
        items: tokio::sync::mpsc::Receiver<StreamItem>,
    ) -> StoreResult<InsertOutcome> {
        crate::bulk_write::insert_stream(&self.path, org, items).await
    }
    async fn responses_after(&self, org: OrgId, after_seq: i64, limit: i64) -> StoreResult<Vec<IndexedResponse>> {
        self.changes.after(&self.path, org, after_seq, limit).await
    }
    async fn max_seq(&self, org: OrgId) -> StoreResult<i64> {
        responses::max_seq(&self.pool, org).await
    }
    async fn responses_by_ids(&self, org: OrgId, ids: &[ResponseId]) -> StoreResult<Vec<ResponseRecord>> {
        responses::by_ids(&self.pool, org, ids).await
    }
    async fn create_api_key(&self, org: OrgId, key: NewApiKey) -> StoreResult<ApiKeyRecord> {
        keys::create(&self.pool, org, key).await
    }
    async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
        keys::by_hash(&self.pool, key_hash).await
    }
    async fn list_api_keys(&self, org: OrgId) -> StoreResult<Vec<ApiKeyRecord>> {
        keys::list(&self.pool, org).await
    }
    async fn revoke_api_key(&self, org: OrgId, id: i64) -> StoreResult<bool> {
        keys::revoke(&self.pool, org, id).await
    }
    async fn create_user(&self, org: OrgId, user: NewUser) -> StoreResult<User> {
        people::create_user(&self.pool, org, user).await
    }
    async fn list_users(&self, org: OrgId) -> StoreResult<Vec<User>> {
        people::list_users(&self.pool, org).await
    }
    async fn set_user_password(&self, org: OrgId, user: UserId, password_hash: Option<&str>) -> StoreResult<bool> {
        users::set_password(&self.pool, org, user, password_hash).await
    }
    async fn user_password_hash(&self, org: OrgId, user: UserId) -> StoreResult<Option<String>> {
        users::password_hash(&self.pool, org, user).await
    }
    async fn set_user_disabled(&self, org: OrgId, user: UserId, disabled: bool) -> StoreResult<bool> {
        users::set_disabled(&self.pool, org, user, disabled).await
    }
    async fn upsert_contact(&self, org: OrgId, contact: NewContact) -> StoreResult<Contact> {
        people::upsert_contact(&self.pool, org, contact).await
    }
    async fn list_contacts(&self, org: OrgId) -> StoreResult<Vec<Contact>> {
        people::list_contacts(&self.pool, org).await
    }
    async fn put_survey(&self, org: OrgId, definition: SurveyDefinition) -> StoreResult<Survey> {
        surveys::put(&self.pool, org, definition).await
    }
    async fn list_surveys(&self, org: OrgId) -> StoreResult<Vec<Survey>> {
        surveys::list(&self.pool, org).await
    }
    async fn survey_by_slug(&self, org: OrgId, slug: &str) -> StoreResult<Option<Survey>> {
        surveys::by_slug(&self.pool, org, slug).await
    }
    async fn survey_by_id(&self, org: OrgId, id: SurveyId) -> StoreResult<Option<Survey>> {
        surveys::by_id(&self.pool, org, id).await
    }
    async fn commit_submissions(&self, group: Vec<Submission>) -> StoreResult<Vec<Vec<Stored>>> {
        self.submissions.commit(&self.path, group).await
    }
    async fn response_by_dedupe_key(&self, org: OrgId, key: [u8; 16]) -> StoreResult<Option<ResponseRecord>> {
        responses::by_dedupe_key(&self.pool, org, key).await
    }
    async fn create_invitations(&self, org: OrgId, invitations: Vec<NewInvitation>) -> StoreResult<Vec<Invitation>> {
        invitations::create(&self.pool, org, invitations).await
    }
    async fn invitation_by_token_hash(&self, token_hash: [u8; 32]) -> StoreResult<Option<Invitation>> {
        invitations::by_token_hash(&self.pool, token_hash).await
    }
    async fn invitation(&self, org: OrgId, id: InvitationId) -> StoreResult<Option<Invitation>> {
        invitations::by_id(&self.pool, org, id).await
    }
    async fn record_email(&self, org: OrgId, email: NewEmail) -> StoreResult<EmailRecord> {
        outbox::record(&self.pool, org, email).await
    }
    async fn list_emails(&self, org: OrgId, limit: i64) -> StoreResult<Vec<EmailRecord>> {
        outbox::list(&self.pool, org, limit).await
    }
    async fn email(&self, org: OrgId, id: i64) -> StoreResult<Option<EmailRecord>> {
        outbox::by_id(&self.pool, org, id).await
    }
    async fn users_by_email(&self, email: &str) -> StoreResult<Vec<User>> {
        accounts::by_email(&self.pool, email).await
    }
    async fn user(&self, org: OrgId, id: UserId) -> StoreResult<Option<User>> {
        accounts::by_id(&self.pool, org, id).await
    }
    async fn update_user(&self, org: OrgId, id: UserId, change: UserChange) -> StoreResult<bool> {
        accounts::update(&self.pool, org, id, change).await
    }
    async fn rename_unit(&self, org: OrgId, unit: UnitId, name: &str) -> StoreResult<bool> {
        unit_changes::rename(&self.pool, org, unit, name).await
    }
    async fn move_unit(&self, org: OrgId, unit: UnitId, parent: Option<UnitId>) -> StoreResult<bool> {
        unit_changes::move_under(&self.pool, org, unit, parent).await
    }
    async fn save_session(&self, session: SessionRecord) -> StoreResult<()> {
        sessions::save(&self.pool, session).await
    }
    async fn load_session(&self, id_hash: [u8; 32], now_ms: i64) -> StoreResult<Option<SessionRecord>> {
        sessions::load(&self.pool, id_hash, now_ms).await
    }
    async fn delete_session(&self, id_hash: [u8; 32]) -> StoreResult<()> {
        sessions::delete(&self.pool, id_hash).await
    }
    async fn delete_user_sessions(&self, org: OrgId, user: UserId) -> StoreResult<u64> {
        sessions::delete_for_user(&self.pool, org, user).await
    }
    async fn delete_expired_sessions(&self, now_ms: i64, attempts_before_ms: i64) -> StoreResult<u64> {
        sessions::delete_expired(&self.pool, now_ms, attempts_before_ms).await
    }
    async fn note_sign_in_attempt(&self, org: OrgId, user: UserId, now_ms: i64, since_ms: i64) -> StoreResult<u64> {
        sessions::note_attempt(&self.pool, org, user, now_ms, since_ms).await
    }
    async fn create_user_link(&self, link: NewUserLink) -> StoreResult<()> {
        user_links::create(&self.pool, link).await
    }
    async fn peek_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: LinkPurpose,
        now_ms: i64,
    ) -> StoreResult<Option<User>> {
        user_links::peek(&self.pool, token_hash, purpose, now_ms).await
    }
    async fn use_user_link(
        &self,
        token_hash: [u8; 32],
        purpose: LinkPurpose,
        now_ms: i64,
        password_hash: &str,
    ) -> StoreResult<Option<User>> {
        user_links::use_link(&self.pool, token_hash, purpose, now_ms, password_hash).await
    }
    async fn record_audit(&self, org: OrgId, entry: NewAuditEntry) -> StoreResult<AuditEntry> {
        audit::record(&self.pool, org, entry).await
    }
    async fn list_audit(&self, org: OrgId, before_id: Option<i64>, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        audit::list(&self.pool, org, before_id, limit).await
    }
}
