//! The one storage trait. Methods return `impl Future + Send` so servers can
//! spawn them; implementations write plain `async fn`.

use std::future::Future;

use crate::StreamItem;

use vocal_domain::{OrgId, ResponseId, Unit, UnitId, UnitPath};

use crate::{
    Agent, ApiKeyRecord, Contact, IndexedResponse, InsertOutcome, NewApiKey, NewContact, NewResponse, NewSurvey,
    NewUser, Organisation, ResponseRecord, StoreResult, Survey, User,
};

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

    /// Creates or updates the contact with the same email.
    fn upsert_contact(&self, org: OrgId, contact: NewContact) -> impl Future<Output = StoreResult<Contact>> + Send;
    fn list_contacts(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Contact>>> + Send;

    /// Creates the survey, or replaces its texts when the slug exists.
    fn put_survey(&self, org: OrgId, survey: NewSurvey) -> impl Future<Output = StoreResult<Survey>> + Send;
    fn list_surveys(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Survey>>> + Send;
}
