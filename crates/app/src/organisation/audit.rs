//! The audit log's one writer for changes people make: who (the signed-in
//! user), what (`unit.rename`), to what (`Top/East`) and before → after.

use vocal_store::{NewAuditEntry, Store, StoreError, User};

/// Records one change `actor` made in their organisation.
///
/// The store has no "change and its entry in one transaction" method yet,
/// so a use case stores the change first and then calls this: a failure
/// here leaves the change made but unlogged, which the error reports.
pub async fn record<S: Store>(
    store: &S,
    actor: &User,
    action: &str,
    subject: impl Into<String>,
    detail: impl Into<String>,
) -> Result<(), StoreError> {
    let entry = NewAuditEntry {
        actor_id: Some(actor.id),
        actor: actor.email.clone(),
        action: action.to_string(),
        subject: subject.into(),
        detail: detail.into(),
    };
    store.record_audit(actor.org_id, entry).await.map(|_| ())
}
