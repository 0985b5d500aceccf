use std::future::Future;

use vocal_domain::alerts::AlertRules;
use vocal_domain::{ContactId, OrgId, ResponseId, Score};

use crate::{Contact, PreviousAnswer, StoreResult, StoredAlertRules};

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
    /// Records that the response's praise is being passed on; `false` when
    /// it was already (an edited answer, or another process first), so
    /// praise goes out at most once per response.
    fn claim_praise(
        &self,
        org: OrgId,
        response: ResponseId,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

    /// The score of the contact's answer submitted before `response` (at
    /// `submitted_at_ms`; ties broken by id), if any.
    fn previous_score(
        &self,
        org: OrgId,
        contact: ContactId,
        response: ResponseId,
        submitted_at_ms: i64,
    ) -> impl Future<Output = StoreResult<Option<Score>>> + Send;
    /// The contact's answers submitted before `response` (as in
    /// [`Alerts::previous_score`]), newest first, at most `limit`: the
    /// history an alert shows its owner.
    fn previous_answers(
        &self,
        org: OrgId,
        contact: ContactId,
        response: ResponseId,
        submitted_at_ms: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<Vec<PreviousAnswer>>> + Send;
    fn contact(&self, org: OrgId, id: ContactId) -> impl Future<Output = StoreResult<Option<Contact>>> + Send;
}
