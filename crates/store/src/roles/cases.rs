use std::future::Future;

use vocal_domain::{CaseId, OrgId, ResponseId};

use crate::{Case, CaseEvent, CaseOpening, CaseQuery, CaseStep, NewCase, OverdueCase, StoreResult};

/// Cases and their events. A response has at most one case, enforced by
/// the database, so concurrent evaluators can never open two.
pub trait Cases {
    /// Opens the response's case with its `opened` event, in one
    /// transaction; or returns the case it has.
    fn open_case(&self, org: OrgId, case: NewCase) -> impl Future<Output = StoreResult<CaseOpening>> + Send;
    fn case(&self, org: OrgId, id: CaseId) -> impl Future<Output = StoreResult<Option<Case>>> + Send;
    fn case_for_response(
        &self,
        org: OrgId,
        response: ResponseId,
    ) -> impl Future<Output = StoreResult<Option<Case>>> + Send;
    /// Cases with an id above `after`, oldest first, at most `limit`.
    fn list_cases(&self, org: OrgId, after: i64, limit: i64) -> impl Future<Output = StoreResult<Vec<Case>>> + Send;
    /// Records that the case's response changed (an edited answer) as a
    /// `note` event with `text`, when `seq` is newer than the one the case
    /// last saw; false when it was not (already noted by another process).
    fn note_response_change(
        &self,
        org: OrgId,
        case: CaseId,
        seq: i64,
        text: &str,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Stores a step (the case's new values and its event) if the case is
    /// still in the expected state and owner; `None` when it was not (someone
    /// else acted first; reload and decide again) or does not exist.
    fn record_case_step(&self, org: OrgId, step: CaseStep) -> impl Future<Output = StoreResult<Option<Case>>> + Send;
    /// Cases matching every filter of `query`, newest first.
    fn find_cases(&self, org: OrgId, query: &CaseQuery) -> impl Future<Output = StoreResult<Vec<Case>>> + Send;
    /// The organisations with a case changed (opened, worked, escalated)
    /// after `since_ms`, each with its latest change time: what open case
    /// pages wait for.
    fn cases_changed_since(&self, since_ms: i64) -> impl Future<Output = StoreResult<Vec<(OrgId, i64)>>> + Send;
    /// How many cases match the filters of `query` (its `before` and
    /// `limit` ignored): the queue tabs' counts, without reading the cases.
    fn count_cases(&self, org: OrgId, query: &CaseQuery) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Open cases that earned a higher escalation level by `now_ms` than
    /// they have, most overdue first, at most `limit`.
    fn overdue_cases(
        &self,
        org: OrgId,
        now_ms: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<Vec<OverdueCase>>> + Send;
    /// The case's events, oldest first.
    fn case_events(&self, org: OrgId, case: CaseId) -> impl Future<Output = StoreResult<Vec<CaseEvent>>> + Send;
}
