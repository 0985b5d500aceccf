//! Cases as the API shows them: times in RFC 3339 UTC like the rest of the
//! API, the owner with their email, the unit by path, and the response that
//! opened the case — read for a whole page in one `responses_by_ids` call.

use std::collections::HashMap;

use vocal_domain::cases::escalation::is_overdue;
use vocal_domain::{ResponseId, UnitTree, UserId};
use vocal_store::{Case, CaseEvent, ResponseRecord, Store, User};

use crate::error::ApiResult;

/// RFC 3339 in UTC, as every time in the API.
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string())
}

#[derive(serde::Serialize)]
pub struct OwnerJson {
    pub id: i64,
    pub email: String,
}

#[derive(serde::Serialize)]
pub struct CaseResponseJson {
    pub id: i64,
    pub score: u8,
    pub comment: Option<String>,
    pub submitted_at: String,
    pub channel: Option<String>,
    pub touchpoint: Option<String>,
    pub agent: Option<String>,
}

#[derive(serde::Serialize)]
pub struct CaseJson {
    pub id: i64,
    pub state: &'static str,
    pub owner: Option<OwnerJson>,
    pub unit: Option<String>,
    pub routed_by: String,
    pub rules: Vec<String>,
    pub opened_at: String,
    pub first_contact_due_at: String,
    pub resolve_due_at: String,
    pub overdue: bool,
    pub escalation_level: u8,
    pub root_cause: Option<String>,
    pub resolution: Option<String>,
    pub close_reason: Option<String>,
    pub first_contact_at: Option<String>,
    pub done_at: Option<String>,
    pub follow_up_score: Option<u8>,
    pub updated_at: String,
    /// `null` only if the response was erased since.
    pub response: Option<CaseResponseJson>,
}

#[derive(serde::Serialize)]
pub struct EventJson {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub kind: &'static str,
    pub text: String,
    pub via: Option<&'static str>,
}

pub fn response_json(record: &ResponseRecord) -> CaseResponseJson {
    let r = &record.indexed;
    CaseResponseJson {
        id: r.id.0,
        score: r.score.value(),
        comment: record.comment.clone(),
        submitted_at: rfc3339(r.submitted_at_ms),
        channel: r.channel.clone(),
        touchpoint: r.touchpoint.clone(),
        agent: record.agent_name.clone(),
    }
}

pub fn event_json(event: &CaseEvent) -> EventJson {
    EventJson {
        id: event.id,
        at: rfc3339(event.at_ms),
        actor: event.actor.clone(),
        kind: event.kind.as_str(),
        text: event.text.clone(),
        via: event.via.map(|v| v.as_str()),
    }
}

/// What turning cases into JSON needs to know of the organisation.
pub struct Context {
    pub users: HashMap<UserId, User>,
    pub units: UnitTree,
}

impl Context {
    pub async fn load<S: Store>(store: &S, org: vocal_domain::OrgId) -> ApiResult<Self> {
        let users = store.list_users(org).await?.into_iter().map(|u| (u.id, u)).collect();
        let units = UnitTree::new(store.list_units(org).await?);
        Ok(Context { users, units })
    }

    /// The active-or-not user with this email (case-insensitive).
    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        let wanted = email.trim();
        self.users.values().find(|u| u.email.as_str().eq_ignore_ascii_case(wanted))
    }

    pub fn case_json(&self, case: &Case, response: Option<&ResponseRecord>, now_ms: i64) -> CaseJson {
        CaseJson {
            id: case.id.0,
            state: case.state.as_str(),
            owner: case.owner.map(|id| OwnerJson {
                id: id.0,
                email: self.users.get(&id).map(|u| u.email.to_string()).unwrap_or_default(),
            }),
            unit: case.unit_id.map(|u| self.units.path(u)),
            routed_by: case.routed_by.clone(),
            rules: case.rules.clone(),
            opened_at: rfc3339(case.opened_at_ms),
            first_contact_due_at: rfc3339(case.first_contact_due_ms),
            resolve_due_at: rfc3339(case.resolve_due_ms),
            overdue: is_overdue(case.state, case.first_contact_due_ms, case.resolve_due_ms, now_ms),
            escalation_level: case.escalation_level,
            root_cause: case.root_cause.clone(),
            resolution: case.resolution.clone(),
            close_reason: case.close_reason.clone(),
            first_contact_at: case.first_contact_at_ms.map(rfc3339),
            done_at: case.done_at_ms.map(rfc3339),
            follow_up_score: case.follow_up_score,
            updated_at: rfc3339(case.updated_at_ms),
            response: response.map(response_json),
        }
    }
}

/// The responses of `cases`, by id, in one store call.
pub async fn responses_of<S: Store>(
    store: &S,
    org: vocal_domain::OrgId,
    cases: &[Case],
) -> ApiResult<HashMap<ResponseId, ResponseRecord>> {
    let ids: Vec<ResponseId> = cases.iter().map(|c| c.response_id).collect();
    let records = store.responses_by_ids(org, &ids).await?;
    Ok(records.into_iter().map(|r| (r.indexed.id, r)).collect())
}
