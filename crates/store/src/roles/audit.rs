use std::future::Future;

use vocal_domain::OrgId;

use crate::{AuditEntry, NewAuditEntry, StoreResult};

/// Who did what in an organisation.
pub trait AuditLog {
    fn record_audit(&self, org: OrgId, entry: NewAuditEntry) -> impl Future<Output = StoreResult<AuditEntry>> + Send;
    /// The newest entries first, below `before_id` when given, at most `limit`.
    fn list_audit(
        &self,
        org: OrgId,
        before_id: Option<i64>,
        limit: i64,
    ) -> impl Future<Output = StoreResult<Vec<AuditEntry>>> + Send;
}
