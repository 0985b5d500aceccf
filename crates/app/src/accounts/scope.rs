//! The one scoping rule: what a signed-in user may see. Every data read of
//! the web app — pages, exports, the live updates — asks [`Scope::of`] and
//! nothing else, so a route cannot forget a role or invent its own rule.
//!
//! - admin and analyst: the whole organisation;
//! - manager: their unit and everything below it;
//! - agent: responses about themselves.
//!
//! Outside the scope, things do not exist: a unit, agent or value named in a
//! filter that lies outside is reported exactly like one that does not exist.

use vocal_domain::query::{Filter, QueryError};
use vocal_domain::{AgentId, Field, OrgId, QuerySpec, Role, UnitId, UnitTree};
use vocal_store::{Agent, User};

use crate::live_index::OrgIndex;

/// What one user may see, within one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub org: OrgId,
    pub reach: Reach,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The whole organisation.
    Everything,
    /// A unit and its subtree.
    Subtree(UnitId),
    /// One agent's own feedback.
    Agent(AgentId),
    /// A manager without a unit or an agent user without an agent: nothing.
    Nothing,
}

impl Scope {
    /// The rule itself.
    pub fn of(user: &User) -> Scope {
        let reach = match (user.role, user.unit_id, user.agent_id) {
            (Role::Admin | Role::Analyst, _, _) => Reach::Everything,
            (Role::Manager, Some(unit), _) => Reach::Subtree(unit),
            (Role::Agent, _, Some(agent)) => Reach::Agent(agent),
            (Role::Manager | Role::Agent, _, _) => Reach::Nothing,
        };
        Scope { org: user.org_id, reach }
    }

    pub fn is_everything(&self) -> bool {
        self.reach == Reach::Everything
    }

    /// Whether the user may see this unit (and so name it in a filter or URL).
    pub fn sees_unit(&self, units: &UnitTree, unit: UnitId) -> bool {
        match self.reach {
            Reach::Everything => units.get(unit).is_some(),
            Reach::Subtree(top) => units.is_within(unit, top),
            Reach::Agent(_) | Reach::Nothing => false,
        }
    }

    /// Whether the user may see this agent's page: managers see the agents
    /// of the teams in their subtree, agents themselves.
    pub fn sees_agent(&self, units: &UnitTree, agent: &Agent) -> bool {
        match self.reach {
            Reach::Everything => true,
            Reach::Subtree(top) => agent.unit_id.is_some_and(|team| units.is_within(team, top)),
            Reach::Agent(own) => agent.id == own,
            Reach::Nothing => false,
        }
    }

    /// Whether a response with this unit and agent lies in the scope.
    pub fn sees_response(&self, units: &UnitTree, unit: Option<UnitId>, agent: Option<AgentId>) -> bool {
        match self.reach {
            Reach::Everything => true,
            Reach::Subtree(top) => unit.is_some_and(|u| units.is_within(u, top)),
            Reach::Agent(own) => agent == Some(own),
            Reach::Nothing => false,
        }
    }

    /// Restricts a question to the scope. The user's own unit and agent
    /// filters must name things inside the scope (else: "does not exist");
    /// the scope is then added as a separate filter, which the index applies
    /// together with every other filter (filters on one field in one entry
    /// are alternatives, separate entries all apply). The user's unit filter
    /// stays first, so the unit breakdown drills down from it.
    pub fn restrict(&self, spec: &mut QuerySpec, index: &OrgIndex) -> Result<(), QueryError> {
        if self.is_everything() {
            return Ok(());
        }
        let (units, agents) = (&index.units, &index.agents);
        for filter in &spec.filters {
            match filter.field {
                Field::Unit | Field::UnitLevel(_) => {
                    for value in &filter.values {
                        vocal_index::find_unit(value, units)
                            .ok()
                            .filter(|&u| self.sees_unit(units, u))
                            .ok_or_else(|| QueryError::BadUnit(format!("{value:?} does not exist")))?;
                    }
                }
                Field::Agent => {
                    for value in filter.values.iter().filter(|v| !v.is_empty()) {
                        let visible = agents.iter().any(|(id, name)| {
                            name == value
                                && self.sees_agent(
                                    units,
                                    &Agent { id: *id, name: name.clone(), unit_id: index.team_of(*id) },
                                )
                        });
                        if !visible {
                            return Err(QueryError::UnknownValue {
                                field: "agent".into(),
                                value: value.clone(),
                                known: "none you can see".into(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        let nothing = Filter { field: Field::Unit, values: Vec::new() };
        let restriction = match self.reach {
            Reach::Everything => return Ok(()),
            Reach::Subtree(top) if units.get(top).is_some() => {
                Filter { field: Field::Unit, values: vec![units.path(top)] }
            }
            // An agent with no name loaded yet has no responses indexed either.
            Reach::Agent(own) => match agents.iter().find(|(id, _)| *id == own) {
                Some((_, name)) => Filter { field: Field::Agent, values: vec![name.clone()] },
                None => nothing,
            },
            Reach::Subtree(_) | Reach::Nothing => nothing,
        };
        spec.filters.push(restriction);
        Ok(())
    }

    /// The custom attribute names this user may be offered (tabs, hints,
    /// export columns, names accepted in an address): those that occur on
    /// at least one response in the scope. A name is information too.
    pub fn attribute_names(&self, index: &OrgIndex) -> Vec<String> {
        if self.is_everything() {
            return index.index.attribute_names();
        }
        let mut spec = QuerySpec::default();
        let plan = self.restrict(&mut spec, index).and_then(|()| index.index.plan(&spec, index.catalog()));
        match plan {
            Ok(plan) => index.index.attribute_names_within(&plan),
            Err(error) => {
                tracing::warn!(%error, "the scope could not be compiled; no attribute names offered");
                Vec::new()
            }
        }
    }

    /// A question's error as this user may read it: lists of known values
    /// are the organisation's, so only users who see everything get them.
    pub fn word_error(&self, error: QueryError) -> QueryError {
        match error {
            QueryError::UnknownValue { field, value, .. } if !self.is_everything() => {
                QueryError::UnknownValue { field, value, known: "none you can see".into() }
            }
            QueryError::BadUnit(_) if !self.is_everything() => QueryError::BadUnit("does not exist".into()),
            other => other,
        }
    }
}

#[cfg(test)]
#[path = "scope_tests.rs"]
mod tests;
