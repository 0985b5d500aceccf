//! A message about a case that could not be delivered — its alert to the
//! owner, a mail to its customer — is noted on the case, so whoever works
//! it sees that nobody was told (or the customer never got the mail) rather
//! than finding out from the jobs page.

use vocal_domain::cases::CaseEventKind;
use vocal_domain::{CaseId, OrgId};
use vocal_store::{Store, StoreError};

use super::follow_up::plain_step;

/// Notes on the case that the `what` ("email", "text message") to `to`
/// failed for good, saying why.
/// A case gone, or changed at the same instant twice, is let be: the job
/// itself stays dead and visible.
pub(crate) async fn note_undelivered<S: Store>(
    store: &S,
    org: OrgId,
    case: CaseId,
    what: &str,
    to: &str,
    reason: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    for _ in 0..2 {
        let Some(current) = store.case(org, case).await? else { return Ok(()) };
        let text = format!("The {what} to {to} could not be delivered: {reason}. See Settings → Jobs to retry it.");
        let step = plain_step(&current, CaseEventKind::Note, text, None, now_ms);
        if store.record_case_step(org, step).await?.is_some() {
            return Ok(());
        }
    }
    Ok(())
}
