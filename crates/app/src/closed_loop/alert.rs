//! Where a case's alert leaves for the people who must act: the owner (or,
//! when routing found nobody but the admins, every active admin), each by
//! the channels they chose (docs/accounts.md) and in their language. Email
//! goes through the job queue ([`Mailer::queue`]), so it survives a restart
//! and is retried; SMS goes to [`queue_sms_alert`], the SMS gateway's hook.

use vocal_domain::{Phone, Role, UserId};
use vocal_store::{Case, ChannelEvent, Store, StoreError, User};

use super::alert_summary::case_summary;
use crate::messaging::email::{AlertPurpose, CaseAlert, CaseSummary, Mail, MailError, Mailer, sms_text};
use crate::messaging::outbound::enqueue::{enqueue_case_event, enqueue_case_sms};

/// What the evaluator needs to send alerts: the mailer, and the address
/// people reach Vocal at (for the link to the case).
#[derive(Debug, Clone)]
pub struct Alerting {
    pub mailer: Mailer,
    pub public_url: String,
}

/// What telling people about a case came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Told {
    /// Emails queued.
    pub emails: usize,
    /// SMS handed to the SMS hook.
    pub sms: usize,
    /// Recipients who turned every channel off.
    pub silent: usize,
}

impl std::ops::AddAssign for Told {
    fn add_assign(&mut self, other: Self) {
        self.emails += other.emails;
        self.sms += other.sms;
        self.silent += other.silent;
    }
}

/// Queues the alert for a case just opened. Called exactly once per case,
/// by the evaluator that opened it: a second call would send it twice.
pub async fn enqueue_case_alert<S: Store>(
    store: &S,
    mailer: &Mailer,
    public_url: &str,
    case: &Case,
) -> Result<Told, MailError> {
    let summary = case_summary(store, public_url, case).await?;
    let mut told = Told::default();
    for user in case_recipients(store, case).await? {
        told += tell(store, mailer, &user, &summary, AlertPurpose::Opened).await?;
    }
    post_to_channels(store, case, ChannelEvent::CaseOpened, public_url).await;
    Ok(told)
}

/// The organisation's chat and webhook channels subscribed to `event`. A
/// failure to queue is logged: the people were told by their own channels.
pub async fn post_to_channels<S: Store>(store: &S, case: &Case, event: ChannelEvent, public_url: &str) {
    if let Err(error) = enqueue_case_event(store, case, event, public_url).await {
        tracing::error!(case = case.id.0, %error, "the case's webhooks could not be queued");
    }
}

/// Tells the people of an escalation (issue 12 §5): the new owner gets
/// "overdue, escalated to you", the previous owner (when there was one,
/// and it is someone else) a note that the case went to the new owner.
pub async fn enqueue_escalation_alert<S: Store>(
    store: &S,
    mailer: &Mailer,
    public_url: &str,
    case: &Case,
    previous_owner: Option<UserId>,
    new_owner: UserId,
) -> Result<Told, MailError> {
    let org = case.org_id;
    let new = store.user(org, new_owner).await?.ok_or(StoreError::NotFound("new owner"))?;
    let previous = match previous_owner.filter(|id| *id != new_owner) {
        Some(id) => Some(store.user(org, id).await?.ok_or(StoreError::NotFound("previous owner"))?),
        None => None,
    };
    let summary = case_summary(store, public_url, case).await?;
    let from = previous.as_ref().map(display_name);
    let mut told = tell(store, mailer, &new, &summary, AlertPurpose::EscalatedToYou { from }).await?;
    if let Some(previous) = previous.filter(|u| !u.disabled) {
        told +=
            tell(store, mailer, &previous, &summary, AlertPurpose::EscalatedAway { to: display_name(&new) }).await?;
    }
    post_to_channels(store, case, ChannelEvent::CaseEscalated, public_url).await;
    Ok(told)
}

/// Who hears of a newly opened case: its owner, and when it was routed to
/// a unit's managers the owner's co-managers there; every active admin when
/// routing fell back to the admins (or found nobody at all).
async fn case_recipients<S: Store>(store: &S, case: &Case) -> Result<Vec<User>, StoreError> {
    let users = store.list_users(case.org_id).await?;
    if case.routed_by == "admins" || case.owner.is_none() {
        let mut admins: Vec<User> = users.into_iter().filter(|u| u.role == Role::Admin && !u.disabled).collect();
        admins.sort_by_key(|u| u.id);
        return Ok(admins);
    }
    let Some(owner) = users.iter().find(|u| Some(u.id) == case.owner).cloned() else { return Ok(Vec::new()) };
    // Routed to a unit's managers: the owner, then the owner's co-managers
    // of that unit, who may act as well ("the manager(s) of the unit").
    let co_managers: Vec<User> = match (case.routed_by == "unit_managers", owner.unit_id) {
        (true, Some(unit)) => {
            let mut found: Vec<User> = users
                .into_iter()
                .filter(|u| u.id != owner.id && u.role == Role::Manager && u.unit_id == Some(unit) && !u.disabled)
                .collect();
            found.sort_by_key(|u| u.id);
            found
        }
        _ => Vec::new(),
    };
    Ok(std::iter::once(owner).filter(|o| !o.disabled).chain(co_managers).collect())
}

/// One person, by each channel they chose.
pub(super) async fn tell<S: Store>(
    store: &S,
    mailer: &Mailer,
    user: &User,
    summary: &CaseSummary,
    purpose: AlertPurpose,
) -> Result<Told, MailError> {
    let preferences = store.notification_preferences(user.org_id, user.id).await?;
    let mut told = Told::default();
    if preferences.email {
        let alert = CaseAlert {
            summary: summary.clone(),
            purpose,
            recipient_name: display_name(user),
            language: preferences.language.clone(),
        };
        let mut message = Mail::CaseAlert(Box::new(alert)).message(user.email.as_str())?;
        message.case_id = Some(summary.case_id);
        mailer.queue(store, user.org_id, &message).await?;
        told.emails += 1;
    }
    if preferences.sms
        && let Some(mobile) = &preferences.mobile
        && queue_sms_alert(
            store,
            user,
            mobile,
            &sms_text(summary, &preferences.language),
            (summary.case_id, &summary.link),
        )
        .await?
    {
        told.sms += 1;
    }
    if !preferences.email && !preferences.sms {
        told.silent += 1;
    }
    Ok(told)
}

/// Queues an `sms` job sending `text` (at most `SMS_MAX_CHARS`, no
/// secrets) about `case` (its id and link) to `mobile` through the
/// organisation's SMS gateway; false when it has none enabled (the log says
/// so, without the number). A text that cannot be delivered is noted on the case.
pub async fn queue_sms_alert<S: Store>(
    store: &S,
    user: &User,
    mobile: &Phone,
    text: &str,
    case: (i64, &str),
) -> Result<bool, MailError> {
    let queued = enqueue_case_sms(store, user.org_id, mobile, text, Some(case)).await?.is_some();
    if !queued {
        tracing::info!(user = user.id.0, "an SMS alert is wanted; the organisation has no SMS gateway enabled");
    }
    Ok(queued)
}

/// How a person is named in alerts: as on the case's events.
pub(super) fn display_name(user: &User) -> String {
    super::work::person_name(user)
}
