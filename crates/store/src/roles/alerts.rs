use std::future::Future;

use vocal_domain::alerts::AlertRules;
use vocal_domain::{ContactId, OrgId, ResponseId, Score};

use crate::{Contact, StoreResult, StoredAlertRules};

/// Alert rules, where the evaluator is in the response changes, and the
/// facts rules look at beyond the response itself.
pub trait Alerts {
    /// The rules the organisation applied; `None` when it never did (then
    /// the default rule applies).
    fn alert_rules(&self, org: OrgId) -> impl Future<Output = StoreResult<Option<StoredAlertRules>>> + Send;
    /// Replaces the organisation's rules as a whole (already validated).
    fn put_alert_rules(
        &self,
        org: OrgId,
        rules: &AlertRules,
    ) -> impl Future<Output = StoreResult<StoredAlertRules>> + Send;

    /// The change sequence up to which the organisation's responses were
    /// evaluated (0 at first). Durable, so a restart resumes, and shared by
    /// every process on the database.
    fn alert_cursor(&self, org: OrgId) -> impl Future<Output = StoreResult<i64>> + Send;
    /// Moves the cursor forward to `seq`; never back (a slower evaluator
    /// finishing late leaves a faster one's progress alone).
    fn advance_alert_cursor(&self, org: OrgId, seq: i64) -> impl Future<Output = StoreResult<()>> + Send;

    /// The score of the contact's answer submitted before `response` (at
    /// `submitted_at_ms`; ties broken by id), if any.
    fn previous_score(
        &self,
        org: OrgId,
        contact: ContactId,
        response: ResponseId,
        submitted_at_ms: i64,
    ) -> impl Future<Output = StoreResult<Option<Score>>> + Send;
    /// The ids of the contact's answers submitted before `response` (at
    /// `submitted_at_ms`; ties broken by id), newest first, at most `limit`:
    /// the customer's history shown beside a case.
    fn earlier_response_ids(
        &self,
        org: OrgId,
        contact: ContactId,
        response: ResponseId,
        submitted_at_ms: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<Vec<ResponseId>>> + Send;
    fn contact(&self, org: OrgId, id: ContactId) -> impl Future<Output = StoreResult<Option<Contact>>> + Send;
}
