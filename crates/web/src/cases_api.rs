//! `GET /api/v1/cases`, `GET /api/v1/cases/{id}` and `POST
//! /api/v1/cases/{id}/events` (docs/cases.md). A key sees every case of its
//! organisation; a write key works them through the same use case as people
//! ([`vocal_app::closed_loop::work::act_with_key`]), so the API refuses
//! what the case page refuses, with the same words.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use serde_json::Value;
use vocal_app::closed_loop::work::{WorkError, act_with_key};
use vocal_domain::cases::{ActionError, CaseAction, CaseState, ContactVia};
use vocal_domain::{CaseId, UnitPath};
use vocal_store::{CaseQuery, Store};

use crate::auth::ApiKey;
use crate::cases_json::{CaseJson, Context, EventJson, event_json, response_json, responses_of};
use crate::error::{ApiError, ApiResult};
use crate::query_string::Params;
use crate::server::App;

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 200;
/// How many of the customer's earlier answers a case shows.
const HISTORY: i64 = 20;
/// A note is at most 10,000 characters; a body is a little more.
pub const EVENT_BODY_LIMIT: usize = 64 * 1024;

#[derive(serde::Serialize)]
pub struct CasePage {
    cases: Vec<CaseJson>,
    next_cursor: Option<String>,
}

#[derive(serde::Serialize)]
pub struct CaseDetail {
    #[serde(flatten)]
    case: CaseJson,
    events: Vec<EventJson>,
    /// The customer's answers before this one, newest first.
    earlier_responses: Vec<crate::cases_json::CaseResponseJson>,
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

fn read_only(key: &ApiKey) -> ApiResult<()> {
    if key.may_read() { Ok(()) } else { Err(ApiError::Unauthorized) }
}

pub async fn list_cases<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<CasePage>> {
    read_only(&key)?;
    let org = key.0.org_id;
    let params = Params::parse(query.as_deref(), &["state", "owner", "unit", "overdue", "limit", "cursor"])?;
    let context = Context::load(&app.store, org).await?;
    let mut states = Vec::new();
    for value in params.all("state").flat_map(|v| v.split(',')) {
        let state = value.trim().parse::<CaseState>().map_err(|e| ApiError::bad("state", e))?;
        if !states.contains(&state) {
            states.push(state);
        }
    }
    let owner = match params.one("owner")? {
        None => None,
        Some("none") => Some(None),
        Some(email) => Some(Some(
            context
                .user_by_email(email)
                .ok_or_else(|| ApiError::bad("owner", format!("no user has the email {email:?} (or use none)")))?
                .id,
        )),
    };
    let units = match params.one("unit")? {
        None => None,
        Some(text) => {
            let path = UnitPath::parse(text).map_err(|e| ApiError::bad("unit", e))?;
            let top = context.units.find(&path).ok_or_else(|| ApiError::bad("unit", format!("no unit {text:?}")))?;
            Some(context.units.units().iter().map(|u| u.id).filter(|&u| context.units.is_within(u, top)).collect())
        }
    };
    let overdue = match params.one("overdue")? {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(ApiError::bad("overdue", format!("overdue is true or false, not {other:?}"))),
    };
    let limit = match params.one("limit")? {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .ok_or_else(|| ApiError::bad("limit", format!("limit must be a whole number from 1 to {MAX_LIMIT}")))?,
    };
    let before = match params.one("cursor")? {
        None => None,
        Some(text) => Some(CaseId(
            text.parse::<i64>().map_err(|_| ApiError::bad("cursor", "cursor is not one this API returned"))?,
        )),
    };
    let now = now_ms();
    let query = CaseQuery { states, owner, units, overdue_at_ms: overdue.then_some(now), before, limit: limit + 1 };
    let mut cases = app.store.find_cases(org, &query).await?;
    let more = cases.len() as i64 > limit;
    cases.truncate(limit as usize);
    let responses = responses_of(&app.store, org, &cases).await?;
    let next_cursor = if more { cases.last().map(|c| c.id.0.to_string()) } else { None };
    let cases = cases.iter().map(|c| context.case_json(c, responses.get(&c.response_id), now)).collect();
    Ok(Json(CasePage { cases, next_cursor }))
}

fn case_id(text: &str) -> ApiResult<CaseId> {
    text.parse::<i64>().map(CaseId).map_err(|_| ApiError::NotFound)
}

async fn detail<S: Store>(app: &App<S>, org: vocal_domain::OrgId, id: CaseId) -> ApiResult<CaseDetail> {
    let case = app.store.case(org, id).await?.ok_or(ApiError::NotFound)?;
    let context = Context::load(&app.store, org).await?;
    let responses = responses_of(&app.store, org, std::slice::from_ref(&case)).await?;
    let response = responses.get(&case.response_id);
    let earlier = match response.and_then(|r| r.contact_id.map(|c| (c, r.indexed.submitted_at_ms))) {
        Some((contact, at)) => {
            let answers = app.store.previous_answers(org, contact, case.response_id, at, HISTORY).await?;
            let ids: Vec<_> = answers.iter().map(|answer| answer.id).collect();
            app.store.responses_by_ids(org, &ids).await?.iter().map(response_json).collect()
        }
        None => Vec::new(),
    };
    let events = app.store.case_events(org, id).await?.iter().map(event_json).collect();
    Ok(CaseDetail { case: context.case_json(&case, response, now_ms()), events, earlier_responses: earlier })
}

pub async fn get_case<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(id): Path<String>,
) -> ApiResult<Json<CaseDetail>> {
    read_only(&key)?;
    Ok(Json(detail(&app, key.0.org_id, case_id(&id)?).await?))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactedBody {
    via: ContactVia,
    #[serde(default)]
    text: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    text: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolvedBody {
    root_cause: String,
    resolution: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosedBody {
    reason: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReassignedBody {
    /// The new owner's email.
    to: String,
    #[serde(default)]
    note: String,
}

const KINDS: &str = "contacted, note, resolved, closed, reassigned";

/// The action a body asks for; `kind` picks the shape, each field named when wrong.
async fn action<S: Store>(app: &App<S>, org: vocal_domain::OrgId, body: &Bytes) -> ApiResult<CaseAction> {
    let Value::Object(mut fields) = crate::json_body::parse::<Value>(body)? else {
        return Err(ApiError::invalid("body", "must be a JSON object"));
    };
    let kind = match fields.remove("kind") {
        Some(Value::String(kind)) => kind,
        Some(_) => return Err(ApiError::invalid("kind", format!("must be a string: one of {KINDS}"))),
        None => return Err(ApiError::invalid("kind", format!("is required: one of {KINDS}"))),
    };
    let required: &[&str] = match kind.as_str() {
        "contacted" => &["via"],
        "note" => &["text"],
        "resolved" => &["root_cause", "resolution"],
        "closed" => &["reason"],
        "reassigned" => &["to"],
        _ => &[],
    };
    if let Some(missing) = required.iter().find(|f| !fields.contains_key(**f)) {
        return Err(ApiError::invalid(*missing, format!("is required for a {kind} event")));
    }
    let rest = Bytes::from(Value::Object(fields).to_string());
    Ok(match kind.as_str() {
        "contacted" => {
            let b: ContactedBody = crate::json_body::parse(&rest)?;
            CaseAction::Contacted { via: b.via, text: b.text }
        }
        "note" => CaseAction::Note { text: crate::json_body::parse::<NoteBody>(&rest)?.text },
        "resolved" => {
            let b: ResolvedBody = crate::json_body::parse(&rest)?;
            CaseAction::Resolved { root_cause: b.root_cause, resolution: b.resolution }
        }
        "closed" => CaseAction::Closed { reason: crate::json_body::parse::<ClosedBody>(&rest)?.reason },
        "reassigned" => {
            let b: ReassignedBody = crate::json_body::parse(&rest)?;
            let context = Context::load(&app.store, org).await?;
            let to = context
                .user_by_email(&b.to)
                .ok_or_else(|| {
                    ApiError::invalid("to", format!("no user in this organisation has the email {:?}", b.to))
                })?
                .id;
            CaseAction::Reassigned { to, note: b.note }
        }
        other => return Err(ApiError::invalid("kind", format!("{other:?} is not an event kind ({KINDS})"))),
    })
}

/// 200 with the case after the step; 422 naming the field; 409 when the
/// case changed meanwhile or is done; 404 outside the key's organisation.
pub async fn post_case_event<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<CaseDetail>> {
    key.require_write()?;
    let org = key.0.org_id;
    let id = case_id(&id)?;
    app.store.case(org, id).await?.ok_or(ApiError::NotFound)?;
    let action = action(&app, org, &body).await?;
    let kind = action.kind();
    let after = act_with_key(&app.store, &key.0, id, action, now_ms()).await.map_err(work_error)?;
    let by = format!("api key {}", key.0.name);
    vocal_app::closed_loop::announce::announce_step(&app.store, &app.alerting(), kind, &by, &after).await;
    Ok(Json(detail(&app, org, id).await?))
}

fn work_error(error: WorkError) -> ApiError {
    match error {
        WorkError::NotFound => ApiError::NotFound,
        WorkError::ReadOnly => ApiError::Forbidden,
        WorkError::Refused(ActionError::Field { field, problem }) => ApiError::invalid(field, problem),
        WorkError::Refused(ActionError::SameOwner) => ApiError::invalid("to", ActionError::SameOwner.to_string()),
        WorkError::Refused(done @ ActionError::Done { .. }) => ApiError::Conflict(done.to_string()),
        error @ WorkError::UnknownRootCause { .. } => {
            ApiError::invalid("root_cause", error.to_string().trim_start_matches("root_cause: ").to_string())
        }
        error @ WorkError::UnknownAssignee => {
            ApiError::invalid("to", error.to_string().trim_start_matches("to: ").to_string())
        }
        error @ WorkError::ChangedMeanwhile => ApiError::Conflict(error.to_string()),
        WorkError::Store(error) => error.into(),
    }
}
