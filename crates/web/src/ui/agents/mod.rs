//! Agent coaching: a leaderboard per team (`/agents`) and a page per agent
//! (`/agents/{id}`) with their NPS, trend, comparison with the rest of the
//! team, and what their promoters and detractors said.
//!
//! Both pages are [`Policy::Scoped`]: the teams and agents listed are those
//! the user's scope sees, every index question is restricted by that scope
//! first, and an agent outside it answers exactly like one that does not
//! exist. The figures themselves come from [`vocal_app::coaching`] and
//! [`vocal_app::dashboard`]; this module only chooses and shows them.

mod board;
mod period;
mod profile;
mod voices;

use axum::Router;
use axum::routing::get;
use vocal_app::accounts::scope::Scope;
use vocal_app::live_index::OrgIndex;
use vocal_domain::{AgentId, MinSample, QuerySpec};
use vocal_store::{Agent, Store};

use super::{Policy, RoutePolicy};
use crate::server::App;

pub const POLICIES: &[RoutePolicy] = &[("/agents", Policy::Scoped), ("/agents/{id}", Policy::Scoped)];

pub fn routes<S: Store>() -> Router<App<S>> {
    Router::new().route("/agents", get(board::show::<S>)).route("/agents/{id}", get(profile::show::<S>))
}

use super::errors::PageResult;

/// The agent as the scope rule wants it: their team is the one the index
/// knows, so pages and figures agree on who belongs where.
fn agent_of(index: &OrgIndex, id: AgentId) -> Option<Agent> {
    let (_, name) = index.agents.iter().find(|(agent, _)| *agent == id)?;
    Some(Agent { id, name: name.clone(), unit_id: index.team_of(id) })
}

/// Every agent the scope sees, in the index's order.
fn visible_agents(index: &OrgIndex, scope: &Scope) -> Vec<Agent> {
    index
        .agents
        .iter()
        .filter_map(|(id, _)| agent_of(index, *id))
        .filter(|agent| scope.sees_agent(&index.units, agent))
        .collect()
}

/// The question every figure of these pages starts from: the chosen dates,
/// the organisation's minimum sample, and the user's scope.
fn scoped_spec(
    index: &OrgIndex,
    scope: &Scope,
    range: vocal_app::dashboard::DateRange,
    min_sample: MinSample,
) -> Result<QuerySpec, vocal_domain::QueryError> {
    let mut spec = QuerySpec { since: Some(range.since), until: Some(range.until), min_sample, ..QuerySpec::default() };
    scope.restrict(&mut spec, index)?;
    Ok(spec)
}

/// `+12` / `−3` / `0`: NPS points as people read them.
fn points(value: f64) -> String {
    let rounded = value.round();
    if rounded > 0.0 {
        format!("+{rounded:.0}")
    } else if rounded < 0.0 {
        format!("\u{2212}{:.0}", -rounded)
    } else {
        "0".into()
    }
}

/// `± 7`: a margin of error in points.
fn margin(value: Option<f64>) -> String {
    value.map_or_else(String::new, |m| format!("± {m:.0}"))
}

/// `/dashboard?agent=NAME`: the dashboard filtered to one agent.
fn dashboard_link(name: &str) -> String {
    let name: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    format!("/dashboard?agent={name}")
}
