use std::future::Future;

use vocal_domain::{OrgId, ResponseId};

use crate::{
    IndexedResponse, InsertOutcome, NewResponse, ResponseRecord, StoreResult, Stored, StreamItem, StreamOutcome,
    StreamTarget, Submission,
};

/// Responses: bulk imports, group-committed submissions, and reading them
/// back in change order for the index.
pub trait Responses: Sync {
    /// Stores all responses or none, creating missing units, agents and
    /// contacts, and skipping responses whose de-duplication key is stored.
    fn insert_responses(
        &self,
        org: OrgId,
        responses: Vec<NewResponse>,
    ) -> impl Future<Output = StoreResult<InsertOutcome>> + Send;
    /// Stores batches as they arrive, all in one transaction, committed when
    /// [`StreamItem::Commit`] arrives; if the channel closes before, nothing
    /// is stored (not even a [`StreamTarget::New`] organisation) and the
    /// result is `Aborted`. Lets an import store rows while the rest of its
    /// file is being read, holding only the batches in flight in memory.
    fn insert_response_stream(
        &self,
        target: StreamTarget,
        items: tokio::sync::mpsc::Receiver<StreamItem>,
    ) -> impl Future<Output = StoreResult<StreamOutcome>> + Send;
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

    /// Writes a group of submissions in one transaction and one durable
    /// commit (group commit): all of them or, on any error, none. Responses
    /// take change sequences in order; created units, agents and contacts
    /// are found or created as in [`Responses::insert_responses`]. Returns,
    /// per submission, what happened to each of its responses.
    fn commit_submissions(&self, group: Vec<Submission>) -> impl Future<Output = StoreResult<Vec<Vec<Stored>>>> + Send;
    /// The response stored under a de-duplication key, if any.
    fn response_by_dedupe_key(
        &self,
        org: OrgId,
        key: [u8; 16],
    ) -> impl Future<Output = StoreResult<Option<ResponseRecord>>> + Send;
}
