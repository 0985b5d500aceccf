//! Answers given on the survey page: through an invitation's token (one
//! response per invitation, changeable for the survey's edit window) or
//! through the anonymous public link.
//!
//! Opening a page never writes: mail scanners fetch every link in an email.
//! Only a POST — the page's script once the page is visible, or the Send
//! button — records anything.

use std::collections::BTreeMap;

use vocal_domain::survey::{ExtraQuestion, QuestionKind};
use vocal_domain::{Score, SurveyDefinition};
use vocal_store::{Invitation, NewResponse, OnDuplicate, ResponseRecord, Store, Submission, Survey};

use super::tokens::Token;
use super::{CollectError, Collector, derived_key, now_ms};
use crate::import::MAX_COMMENT_CHARS;

/// What a token leads to.
#[derive(Debug)]
pub enum Opened {
    /// Unknown token (also a malformed one).
    NotFound,
    /// Not answered before its expiry.
    Expired,
    Found(Box<OpenInvitation>),
}

#[derive(Debug)]
pub struct OpenInvitation {
    pub invitation: Invitation,
    pub survey: std::sync::Arc<Survey>,
    /// The answer given so far, if any.
    pub response: Option<ResponseRecord>,
    /// Until when the answer may be changed (Unix ms); `None` once read-only.
    pub editable_until_ms: Option<i64>,
}

/// What the person sent from the page's form.
#[derive(Debug, Clone, Default)]
pub struct AnswerForm {
    pub score: Option<String>,
    pub comment: Option<String>,
    /// Extra questions' answers by question id.
    pub answers: BTreeMap<String, String>,
    /// Sent by the page's script with the score of a one-click link: keeps
    /// the comment and answers given earlier.
    pub auto: bool,
}

impl<S: Store> Collector<S> {
    /// Looks the token up. Unknown and expired tokens cost the same one
    /// indexed lookup of the token's hash, so timing tells them apart no
    /// more than the page does.
    pub async fn open(&self, token: &Token) -> Result<Opened, CollectError> {
        let invitation = self.store.invitation_by_token_hash(token.hash()).await?;
        // The same second lookup for an unknown token, so it costs what an expired one does.
        let (org, key) =
            invitation.as_ref().map_or((vocal_domain::OrgId(0), [0; 16]), |i| (i.org_id, invitation_key(i)));
        let response = self.store.response_by_dedupe_key(org, key).await?;
        let Some(invitation) = invitation else {
            return Ok(Opened::NotFound);
        };
        let now = now_ms();
        if response.is_none() && now > invitation.expires_at_ms {
            return Ok(Opened::Expired);
        }
        let Some(survey) = self.surveys.get(&self.store, invitation.org_id, invitation.survey_id).await? else {
            return Ok(Opened::NotFound);
        };
        let editable_until_ms = match &response {
            None => Some(invitation.expires_at_ms),
            Some(r) => {
                let until = r.created_at_ms + i64::from(survey.definition.edit_window_hours) * 3_600_000;
                (now <= until).then_some(until)
            }
        };
        Ok(Opened::Found(Box::new(OpenInvitation { invitation, survey, response, editable_until_ms })))
    }

    /// Records (or changes) the invitation's one response. The caller has
    /// checked that it is still editable.
    pub async fn answer(
        &self,
        open: &OpenInvitation,
        form: AnswerForm,
        language: &str,
    ) -> Result<ResponseRecord, CollectError> {
        let definition = &open.survey.definition;
        let previous = open.response.as_ref();
        let checked = check_form(definition, &form, previous)?;
        let invitation = &open.invitation;
        let context = &invitation.context;
        let mut attributes = context.attributes.clone();
        attributes.extend(checked.answers);
        let response = NewResponse {
            dedupe_key: Some(invitation_key(invitation)),
            score: checked.score,
            comment: checked.comment,
            submitted_at_ms: now_ms(),
            channel: Some(invitation.channel.clone()),
            touchpoint: context.touchpoint.clone(),
            unit: context.unit.clone(),
            agent: context.agent.clone(),
            contact_email: invitation.contact.details.email.clone(),
            account: context.account.clone().or_else(|| invitation.contact.details.account.clone()),
            language: Some(language.to_string()),
            survey_id: Some(open.survey.id),
            source: "invitation".into(),
            attributes,
        };
        let submission =
            Submission { org: invitation.org_id, responses: vec![response], on_duplicate: OnDuplicate::Replace };
        self.committer.submit(submission).await?;
        let stored = self.store.response_by_dedupe_key(invitation.org_id, invitation_key(invitation)).await?;
        stored.ok_or(CollectError::Store(vocal_store::StoreError::NotFound("response")))
    }

    /// An anonymous answer through the public link: no contact, source
    /// `public-link`, channel `web`.
    pub async fn answer_publicly(&self, survey: &Survey, form: AnswerForm, language: &str) -> Result<(), CollectError> {
        let checked = check_form(&survey.definition, &form, None)?;
        let response = NewResponse {
            dedupe_key: None,
            score: checked.score,
            comment: checked.comment,
            submitted_at_ms: now_ms(),
            channel: Some("web".into()),
            touchpoint: None,
            unit: None,
            agent: None,
            contact_email: None,
            account: None,
            language: Some(language.to_string()),
            survey_id: Some(survey.id),
            source: PUBLIC_SOURCE.into(),
            attributes: checked.answers,
        };
        let submission = Submission { org: survey.org_id, responses: vec![response], on_duplicate: OnDuplicate::Keep };
        self.committer.submit(submission).await?;
        Ok(())
    }
}

/// How anonymous answers are marked in the data (`--where source=public-link`).
pub const PUBLIC_SOURCE: &str = "public-link";

/// An invitation's response is stored under a key derived from the
/// invitation, so every answer through it replaces the one response.
pub fn invitation_key(invitation: &Invitation) -> [u8; 16] {
    derived_key(&[b"invitation", &invitation.id.0.to_le_bytes()])
}

/// What is wrong with one field of the survey form; the page words it in
/// the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    ScoreMissing,
    Required,
    TooLong { max: u32 },
    InvalidChoice,
}

struct CheckedForm {
    score: Score,
    comment: Option<String>,
    answers: BTreeMap<String, String>,
}

/// The form's fields checked against the survey. A one-click `auto` post
/// carries only a score and keeps what an earlier answer said.
fn check_form(
    definition: &SurveyDefinition,
    form: &AnswerForm,
    previous: Option<&ResponseRecord>,
) -> Result<CheckedForm, CollectError> {
    let mut problems: Vec<(String, FormProblem)> = Vec::new();
    let score =
        form.score.as_deref().map(str::trim).and_then(|t| t.parse::<i64>().ok()).and_then(|n| Score::new(n).ok());
    if score.is_none() {
        problems.push(("score".into(), FormProblem::ScoreMissing));
    }
    if form.auto {
        let score = score.ok_or(CollectError::Form(problems))?;
        let (comment, answers) = match previous {
            Some(p) => (p.comment.clone(), answers_of(definition, &p.indexed.attributes)),
            None => (None, BTreeMap::new()),
        };
        return Ok(CheckedForm { score, comment, answers });
    }
    let comment = form.comment.as_deref().filter(|c| !c.trim().is_empty()).map(str::to_string);
    if comment.as_ref().is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
        problems.push(("comment".into(), FormProblem::TooLong { max: MAX_COMMENT_CHARS as u32 }));
    }
    let mut answers = BTreeMap::new();
    for question in &definition.questions {
        match check_answer(question, form.answers.get(&question.id).map(|a| a.trim()).filter(|a| !a.is_empty())) {
            Ok(Some(answer)) => {
                answers.insert(question.id.clone(), answer);
            }
            Ok(None) => {}
            Err(problem) => problems.push((question.id.clone(), problem)),
        }
    }
    match (score, problems.is_empty()) {
        (Some(score), true) => Ok(CheckedForm { score, comment, answers }),
        _ => Err(CollectError::Form(problems)),
    }
}

fn check_answer(question: &ExtraQuestion, answer: Option<&str>) -> Result<Option<String>, FormProblem> {
    let Some(answer) = answer else {
        return if question.required { Err(FormProblem::Required) } else { Ok(None) };
    };
    match &question.kind {
        QuestionKind::Choice { options } if options.iter().any(|o| o == answer) => Ok(Some(answer.to_string())),
        QuestionKind::Choice { .. } => Err(FormProblem::InvalidChoice),
        QuestionKind::Text { max_length } if answer.chars().count() > *max_length as usize => {
            Err(FormProblem::TooLong { max: *max_length })
        }
        QuestionKind::Text { .. } => Ok(Some(answer.to_string())),
    }
}

/// The extra questions' answers among a stored response's attributes.
pub fn answers_of(definition: &SurveyDefinition, attributes: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    definition.questions.iter().filter_map(|q| attributes.get(&q.id).map(|a| (q.id.clone(), a.clone()))).collect()
}
