//! Figures for coaching frontline agents: a team leaderboard that does not
//! reward luck, the question behind one agent's profile, and how an agent
//! compares with the rest of their team.
//!
//! Agents answer to far fewer customers than units do, so their raw NPS
//! swings wildly; everything here is built so that a coach acts on signal.

mod leaderboard;

use std::collections::HashMap;

use vocal_domain::query::QueryError;
use vocal_domain::{AgentId, Comparison, Counts, Field, Filter, QuerySpec};

use crate::live_index::OrgIndex;

pub use leaderboard::{Credibility, DEFAULT_K, K_RANGE, Leaderboard, LeaderboardEntry, leaderboard};

/// One agent's answers, the input of [`leaderboard`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentCounts {
    pub agent: AgentId,
    pub name: String,
    pub counts: Counts,
}

/// `base` narrowed to one agent, for the agent's own profile page.
///
/// The agent filter is a separate entry even when `base` already filters on
/// agents: values within one entry are alternatives, while separate entries
/// all apply, so a viewer limited to some agents can never widen their view
/// by asking for another agent's profile.
pub fn agent_spec(base: &QuerySpec, agent_name: &str) -> QuerySpec {
    let mut spec = base.clone();
    spec.filters.push(Filter { field: Field::Agent, values: vec![agent_name.to_string()] });
    spec
}

/// The counts of each of `team_agents` under `spec`'s filters and dates, in
/// the order given; agents without answers get zero counts, so the team's
/// quiet members still appear on its board.
///
/// One question (`by = agent`) is asked of the index whatever the team's
/// size, so a board costs one scan, not one per agent. `spec.by` is ignored.
pub fn team_counts(
    index: &OrgIndex,
    spec: &QuerySpec,
    team_agents: &[AgentId],
) -> Result<Vec<AgentCounts>, QueryError> {
    let spec = QuerySpec { by: vec![Field::Agent], ..spec.clone() };
    let plan = index.index.plan(&spec, index.catalog())?;
    let histograms = index.index.execute(&plan);
    // Agent names are unique within an organisation, so a group's label
    // names exactly one agent.
    let id_of: HashMap<&str, AgentId> = index.agents.iter().map(|(id, name)| (name.as_str(), *id)).collect();
    let mut by_agent: HashMap<AgentId, Counts> = HashMap::new();
    let labels = plan.dimensions.first().map_or(&[][..], |d| d.labels.as_slice());
    for (label, histogram) in labels.iter().zip(&histograms.groups) {
        if let Some(id) = label.as_deref().and_then(|name| id_of.get(name)) {
            *by_agent.entry(*id).or_default() += Counts::from_histogram(histogram);
        }
    }
    let name_of: HashMap<AgentId, &str> = index.agents.iter().map(|(id, name)| (*id, name.as_str())).collect();
    Ok(team_agents
        .iter()
        .map(|&agent| AgentCounts {
            agent,
            name: name_of.get(&agent).map_or_else(|| format!("agent {agent}"), |n| n.to_string()),
            counts: by_agent.get(&agent).copied().unwrap_or_default(),
        })
        .collect())
}

/// The agent against the rest of their team: `delta` = agent − rest.
///
/// The agent is taken out of the team first, because the significance test
/// of [`vocal_domain::nps::compare`] assumes independent samples and an
/// agent compared with a team that contains them is compared partly with
/// themselves (which also hides a strong agent in a small team). `None`
/// when either side has no answers, or when `agent` is not part of `team`.
pub fn compare_to_team(agent: &Counts, team: &Counts) -> Option<Comparison> {
    let rest = Counts {
        promoters: team.promoters.checked_sub(agent.promoters)?,
        passives: team.passives.checked_sub(agent.passives)?,
        detractors: team.detractors.checked_sub(agent.detractors)?,
    };
    vocal_domain::nps::compare(&rest, agent)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod index_tests;
