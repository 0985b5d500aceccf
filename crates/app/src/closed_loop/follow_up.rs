//! Follow-up: once a case is resolved, its owner may ask the customer
//! whether it really was — an invitation to the organisation's follow-up
//! survey, sent by email through the queue. The answer carries the case id
//! ([`FOLLOW_UP_ATTRIBUTE`]); the evaluator records it on the case as the
//! recovery (new score against the original) instead of opening a case.

use std::collections::BTreeMap;

use vocal_domain::cases::{CaseEventKind, CaseState, FOLLOW_UP_ATTRIBUTE, recovered};
use vocal_domain::{CaseId, OrgId, UnitTree};
use vocal_store::{Case, CaseStep, ResponseRecord, Store, StoreError, User};

use super::access::works_case;
use super::work::{WorkError, person_name, visible_case};
use crate::collect::invitations::{ContactInput, InvitationInput, Issued};
use crate::collect::{CollectError, Collector};
use crate::messaging::email::{Mail, MailError, Mailer};

#[derive(Debug, thiserror::Error)]
pub enum FollowUpError {
    #[error(transparent)]
    Case(#[from] WorkError),
    #[error("only a resolved case is followed up (this one is {0})")]
    NotResolved(CaseState),
    #[error("follow_up_survey: the organisation's rules name no follow-up survey (docs/alerts.md)")]
    NoSurvey,
    #[error("the customer left no email address to send the follow-up to")]
    NoEmail,
    #[error("the follow-up invitation could not be made: {0}")]
    Invitation(#[from] CollectError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How the note on the case begins once the follow-up is sent: the case page
/// reads it to say the survey went out already.
pub const SENT_NOTE: &str = "Follow-up survey sent to";

/// Sends the case's customer the follow-up survey, as `user`; notes it on the case.
pub async fn send_follow_up<S: Store>(
    collector: &Collector<S>,
    mailer: &Mailer,
    user: &User,
    id: CaseId,
    now_ms: i64,
) -> Result<Issued, FollowUpError> {
    let store = &collector.store;
    let (case, units) = visible_case(store, user, id).await?;
    if !works_case(user, &units, &case) {
        return Err(WorkError::ReadOnly.into());
    }
    if case.state != CaseState::Resolved {
        return Err(FollowUpError::NotResolved(case.state));
    }
    let rules = store.alert_rules(user.org_id).await?.map(|r| r.rules).unwrap_or_default();
    let survey = rules.follow_up_survey.ok_or(FollowUpError::NoSurvey)?;
    let record = store.responses_by_ids(user.org_id, &[case.response_id]).await?.pop().ok_or(WorkError::NotFound)?;
    let email = record.contact_email.clone().ok_or(FollowUpError::NoEmail)?;
    let invitation = invitation_for(&case, &record, &units, survey, email.to_string());
    let issued = collector.invite(user.org_id, vec![invitation], false).await?.pop().ok_or(WorkError::NotFound)?;
    let orgs = store.list_orgs().await?;
    let organisation = orgs.into_iter().find(|o| o.id == user.org_id).map(|o| o.name).unwrap_or_default();
    let mail = Mail::FollowUp {
        organisation,
        name: email.to_string(),
        answered: day(record.indexed.submitted_at_ms),
        link: issued.links.survey_url.clone(),
        expires: day(issued.invitation.expires_at_ms),
    };
    mailer.queue(store, user.org_id, &mail.message(email.as_str())?).await?;
    let note = format!("{SENT_NOTE} {email}.");
    let step = plain_step(&case, CaseEventKind::Note, note, Some(user), now_ms);
    store.record_case_step(user.org_id, step).await?.ok_or(WorkError::ChangedMeanwhile)?;
    Ok(issued)
}

/// The invitation: the original answer's context, and the case's id.
fn invitation_for(
    case: &Case,
    record: &ResponseRecord,
    units: &UnitTree,
    survey: String,
    email: String,
) -> InvitationInput {
    let response = &record.indexed;
    InvitationInput {
        survey,
        channel: "email".into(),
        contact: ContactInput { email: Some(email), ..ContactInput::default() },
        unit: response.unit_id.filter(|&u| units.get(u).is_some()).map(|u| units.path(u)),
        agent: record.agent_name.clone(),
        touchpoint: response.touchpoint.clone(),
        language: response.language.clone(),
        attributes: BTreeMap::from([(FOLLOW_UP_ATTRIBUTE.to_string(), case.id.0.to_string())]),
        ..InvitationInput::default()
    }
}

/// What the evaluator does with an answer carrying a case id: records the
/// follow-up score on that case, once. `Ok(false)`: no such resolved case
/// without a follow-up (a forged or repeated answer) — nothing recorded.
pub(crate) async fn record_follow_up<S: Store>(
    store: &S,
    org: OrgId,
    record: &ResponseRecord,
    now_ms: i64,
) -> Result<bool, StoreError> {
    // Only through the invitation Vocal sent: a public-link answer cannot
    // name a case to write on.
    if record.indexed.source != "invitation" {
        return Ok(false);
    }
    let Some(id) = record.indexed.attributes.get(FOLLOW_UP_ATTRIBUTE).and_then(|v| v.parse().ok()).map(CaseId) else {
        return Ok(false);
    };
    let Some(case) = store.case(org, id).await? else { return Ok(false) };
    if case.state != CaseState::Resolved || case.follow_up_score.is_some() {
        return Ok(false);
    }
    let Some(original) = store.responses_by_ids(org, &[case.response_id]).await?.pop() else { return Ok(false) };
    let (before, after) = (original.indexed.score.value(), record.indexed.score.value());
    let verdict = if recovered(before, after) { "recovered" } else { "not recovered" };
    let text = format!("Follow-up answer {after}/10 (first answer {before}/10): {verdict}.");
    let mut step = plain_step(&case, CaseEventKind::FollowUp, text, None, now_ms);
    step.follow_up_score = Some(after);
    Ok(store.record_case_step(org, step).await?.is_some())
}

/// A day for people: `2026-12-03`.
fn day(at_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(at_ms).map(|at| at.strftime("%Y-%m-%d").to_string()).unwrap_or_default()
}

pub(crate) fn plain_step(case: &Case, kind: CaseEventKind, text: String, by: Option<&User>, at_ms: i64) -> CaseStep {
    CaseStep {
        case_id: case.id,
        expected_state: case.state,
        expected_owner: case.owner,
        state: case.state,
        owner: case.owner,
        root_cause: None,
        resolution: None,
        close_reason: None,
        escalation_level: None,
        follow_up_score: None,
        actor_id: by.map(|u| u.id),
        actor: by.map_or_else(|| "Vocal".to_string(), person_name),
        kind,
        via: None,
        text,
        at_ms,
    }
}
