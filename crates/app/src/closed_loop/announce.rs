//! Who hears of a step a person or an API key took on a case: the new
//! owner of a reassigned case, by the channels they chose (a case handed to
//! someone they do not know of would wait unseen), and the organisation's
//! channels subscribed to `case.resolved` when a case is resolved. Called
//! by each way of working a case (the case page, the API) after the step
//! was stored: a failure to tell is logged, the step stands.

use vocal_domain::cases::CaseEventKind;
use vocal_store::{Case, ChannelEvent, Store};

use super::alert::{Alerting, Told, post_to_channels, tell};
use super::alert_summary::case_summary;
use crate::messaging::email::{AlertPurpose, MailError};

/// Tells whom `kind` concerns; `by` is who took the step, as the events name them.
pub async fn announce_step<S: Store>(store: &S, alerting: &Alerting, kind: CaseEventKind, by: &str, after: &Case) {
    match kind {
        CaseEventKind::Reassigned => {
            if let Err(error) = tell_new_owner(store, alerting, by, after).await {
                tracing::error!(case = after.id.0, %error, "the new owner of a reassigned case could not be told");
            }
        }
        CaseEventKind::Resolved => {
            post_to_channels(store, after, ChannelEvent::CaseResolved, &alerting.public_url).await;
        }
        _ => {}
    }
}

async fn tell_new_owner<S: Store>(store: &S, alerting: &Alerting, by: &str, case: &Case) -> Result<Told, MailError> {
    let Some(owner) = case.owner else { return Ok(Told::default()) };
    let Some(user) = store.user(case.org_id, owner).await?.filter(|u| !u.disabled) else {
        return Ok(Told::default());
    };
    let summary = case_summary(store, &alerting.public_url, case).await?;
    tell(store, &alerting.mailer, &user, &summary, AlertPurpose::Reassigned { by: by.to_string() }).await
}
