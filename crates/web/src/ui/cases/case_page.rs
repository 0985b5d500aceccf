//! `GET /cases/{id}`: one case — the response and the customer, the rules it
//! matched, its deadlines and flags, the owner, the customer's earlier
//! answers, every event, and (for those who work it) the forms — among them
//! an email to the customer from an editable draft — with the
//! follow-up survey once the case is resolved. A refused form renders this page again with the
//! error by the form's field and what the person typed kept.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use vocal_app::closed_loop::access::{may_receive, works_case};
use vocal_app::closed_loop::contact_email::{Draft, draft};
use vocal_app::closed_loop::follow_up::SENT_NOTE;
use vocal_app::closed_loop::queues::Queue;
use vocal_app::closed_loop::queues::count;
use vocal_app::closed_loop::work::{WorkError, visible_case};
use vocal_domain::cases::CaseState;
use vocal_domain::{CaseId, UnitTree};
use vocal_store::{Case, Store};

use super::forms::{Kept, Refusal};
use super::rows::{DueView, People, ScoreView, both_dues, unit_path};
use crate::server::App;
use crate::session::CurrentUser;
use crate::ui::admin::time_zone;
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::dashboard::local_time;
use crate::ui::errors::{PageResult, not_found};

pub(super) struct ResponseView {
    pub id: i64,
    pub score: ScoreView,
    pub comment: Option<String>,
    pub date: String,
    pub channel: Option<String>,
    pub touchpoint: Option<String>,
    pub agent: Option<String>,
}

pub(super) struct CustomerView {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// One of the customer's answers before this one.
pub(super) struct EarlierView {
    pub score: ScoreView,
    pub date: String,
    pub comment: Option<String>,
}

/// The follow-up form of a resolved case, when the organisation names a
/// follow-up survey and the customer left an email address.
pub(super) struct FollowUpView {
    /// Sent before: the button says "again".
    pub sent_before: bool,
}

/// At most this many earlier answers beside a case, newest first.
const EARLIER_ANSWERS: i64 = 10;

pub(super) struct EventView {
    pub when: String,
    pub who: String,
    pub what: &'static str,
    pub via: Option<&'static str>,
    pub text: String,
}

pub(super) struct Assignee {
    pub id: i64,
    pub label: String,
}

#[derive(Template)]
#[template(path = "app/cases/case.html")]
pub(super) struct CasePage<'a> {
    pub chrome: &'a Chrome,
    pub id: i64,
    pub state: &'static str,
    pub open: bool,
    pub owner: String,
    pub unit: String,
    pub routed_by: String,
    pub rules: Vec<String>,
    pub escalated: bool,
    pub dues: Vec<DueView>,
    pub root_cause: Option<String>,
    pub resolution: Option<String>,
    pub close_reason: Option<String>,
    pub response: Option<ResponseView>,
    pub customer: CustomerView,
    pub earlier: Vec<EarlierView>,
    pub follow_up: Option<FollowUpView>,
    /// The email form's draft, for one who works an open case whose
    /// customer left an address.
    pub email_draft: Option<Draft>,
    pub follow_up_score: Option<u8>,
    pub events: Vec<EventView>,
    pub works: bool,
    pub root_causes: Vec<String>,
    pub assignees: Vec<Assignee>,
    pub kept: Kept,
    pub refusal: Option<Refusal>,
}

impl CasePage<'_> {
    /// The error to show by `field` of `form`, if the last post was refused there.
    pub fn error_for(&self, form: &str, field: &str) -> Option<&str> {
        self.refusal.as_ref().filter(|r| r.form == form && r.field == Some(field)).map(|r| r.message.as_str())
    }

    /// An error of `form` that is about no one field (the case changed, it is done).
    pub fn form_error(&self, form: &str) -> Option<&str> {
        self.refusal.as_ref().filter(|r| r.form == form && r.field.is_none()).map(|r| r.message.as_str())
    }
}

pub(super) async fn show<S: Store>(
    State(app): State<App<S>>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> PageResult {
    page(&app, &current, &id, Kept::default(), None).await
}

/// The case page, with a refused form's input and error when given.
pub(super) async fn page<S: Store>(
    app: &App<S>,
    current: &CurrentUser,
    id: &str,
    kept: Kept,
    refusal: Option<Refusal>,
) -> PageResult {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else { return Ok(not_found()) };
    let (case, units) = match visible_case(&app.store, &current.user, CaseId(id)).await {
        Ok(found) => found,
        Err(WorkError::NotFound) => return Ok(not_found()),
        Err(WorkError::Store(error)) => return Err(error.into()),
        Err(other) => return Err(crate::fault::Fault::internal(other).into()),
    };
    let (store, user, now) = (&app.store, &current.user, vocal_app::now_ms());
    let zone = time_zone(app, user.org_id).await?;
    let people = People::new(store.list_users(user.org_id).await?);
    let record = store.responses_by_ids(user.org_id, &[case.response_id]).await?.into_iter().next();
    let contact = match record.as_ref().and_then(|r| r.contact_id) {
        Some(contact) => store.contact(user.org_id, contact).await?,
        None => None,
    };
    let customer = CustomerView {
        name: contact.as_ref().and_then(|c| c.details.name.clone()),
        email: record
            .as_ref()
            .and_then(|r| r.contact_email.as_ref())
            .or(contact.as_ref().and_then(|c| c.details.email.as_ref()))
            .map(|e| e.to_string()),
        phone: contact.as_ref().and_then(|c| c.details.phone.as_ref()).map(|p| p.to_string()),
    };
    let earlier = match record.as_ref().and_then(|r| r.contact_id.map(|c| (c, r.indexed.submitted_at_ms))) {
        Some((contact, at)) => {
            store.previous_answers(user.org_id, contact, case.response_id, at, EARLIER_ANSWERS).await?
        }
        None => Vec::new(),
    };
    let earlier = earlier
        .into_iter()
        .map(|a| EarlierView {
            score: ScoreView::of(a.score),
            date: local_time(a.submitted_at_ms, &zone),
            comment: a.comment.filter(|c| !c.trim().is_empty()),
        })
        .collect();
    let language = record.as_ref().and_then(|r| r.indexed.language.clone());
    let response = record.map(|r| ResponseView {
        id: r.indexed.id.0,
        score: ScoreView::of(r.indexed.score),
        comment: r.comment.clone().filter(|c| !c.trim().is_empty()),
        date: local_time(r.indexed.submitted_at_ms, &zone),
        channel: r.indexed.channel.clone(),
        touchpoint: r.indexed.touchpoint.clone(),
        agent: r.agent_name.clone(),
    });
    let stored_events = store.case_events(user.org_id, case.id).await?;
    let sent_before = stored_events.iter().any(|e| e.text.starts_with(SENT_NOTE));
    let events = stored_events
        .into_iter()
        .map(|e| EventView {
            when: local_time(e.at_ms, &zone),
            who: if e.actor.is_empty() { "Vocal".into() } else { e.actor },
            what: e.kind.as_str(),
            via: e.via.map(|v| v.as_str()),
            text: e.text,
        })
        .collect();
    let works = works_case(user, &units, &case);
    let rules = store.alert_rules(user.org_id).await?.map(|r| r.rules).unwrap_or_default();
    let follow_up = (works
        && case.state == CaseState::Resolved
        && case.follow_up_score.is_none()
        && rules.follow_up_survey.is_some()
        && customer.email.is_some())
    .then_some(FollowUpView { sent_before });
    let email_draft = if works && case.state.is_open() && customer.email.is_some() {
        let orgs = store.list_orgs().await?;
        let organisation = orgs.into_iter().find(|o| o.id == user.org_id).map(|o| o.name).unwrap_or_default();
        Some(draft(&organisation, customer.name.as_deref(), language.as_deref(), user))
    } else {
        None
    };
    let root_causes = rules.root_causes;
    let assignees = if works { assignees(&people, &units, &case) } else { Vec::new() };
    let mine = count(store, user, Queue::Mine, now).await?;
    let chrome = Chrome::signed_in(current, Section::Cases).with_open_cases(mine);
    let status = if refusal.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = CasePage {
        chrome: &chrome,
        id,
        state: case.state.as_str(),
        open: case.state.is_open(),
        owner: people.name(case.owner),
        unit: unit_path(&units, &case),
        routed_by: case.routed_by.clone(),
        rules: case.rules.clone(),
        escalated: case.escalation_level > 0,
        dues: both_dues(&case, now, &zone),
        root_cause: case.root_cause.clone(),
        resolution: case.resolution.clone(),
        close_reason: case.close_reason.clone(),
        response,
        customer,
        earlier,
        follow_up,
        email_draft,
        follow_up_score: case.follow_up_score,
        events,
        works,
        root_causes,
        assignees,
        kept,
        refusal,
    };
    Ok(render(status, &page, &chrome))
}

/// The people `may_receive` allows, other than the owner, by name.
fn assignees(people: &People, units: &UnitTree, case: &Case) -> Vec<Assignee> {
    let mut found: Vec<Assignee> = people
        .all()
        .filter(|u| Some(u.id) != case.owner && may_receive(u, units, case))
        .map(|u| Assignee {
            id: u.id.0,
            label: format!("{} ({}, {})", vocal_app::closed_loop::work::person_name(u), u.email, u.role),
        })
        .collect();
    found.sort_by(|a, b| a.label.cmp(&b.label));
    found
}
