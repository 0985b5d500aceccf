//! What the filter form offers to pick. Units and agents are limited to the
//! user's scope. The values of channels, touchpoints and attributes are the
//! organisation's (the index keeps no list per unit): a user who sees
//! everything gets them by reading names, not rows; anyone else gets the
//! values that occur among the responses of their scope, found by counting
//! their scope by the field (one pass over the index per field), so a
//! manager picks from a list too and never sees another region's values.
//! Attribute *names* are offered only where a response in the scope has
//! the attribute (see [`Scope::attribute_names`]).

use vocal_app::accounts::scope::Scope;
use vocal_app::live_index::OrgIndex;
use vocal_domain::{Field, QuerySpec};
use vocal_store::Agent;

/// Fields with more values than this are typed, not picked.
const MAX_OPTIONS: usize = 200;

#[derive(Debug, Default)]
pub struct Choices {
    /// Unit paths the user sees, sorted.
    pub units: Vec<String>,
    /// Agent names the user sees, sorted.
    pub agents: Vec<String>,
    /// `None`: type a value.
    pub channels: Option<Vec<String>>,
    pub touchpoints: Option<Vec<String>>,
    /// Custom attribute names, sorted (breakdown tabs).
    pub attributes: Vec<String>,
    /// `name:value` of every attribute value; `None`: type one.
    pub attribute_values: Option<Vec<String>>,
}

impl Choices {
    /// `attributes`: the names the scope may be offered ([`Scope::attribute_names`]).
    pub fn gather(index: &OrgIndex, scope: &Scope, attributes: Vec<String>) -> Choices {
        let mut units: Vec<String> = index
            .units
            .units()
            .iter()
            .filter(|u| scope.sees_unit(&index.units, u.id))
            .map(|u| index.units.path(u.id))
            .collect();
        units.sort();
        let mut agents: Vec<String> = index
            .agents
            .iter()
            .filter(|(id, name)| {
                let agent = Agent { id: *id, name: name.clone(), unit_id: index.team_of(*id) };
                scope.sees_agent(&index.units, &agent)
            })
            .map(|(_, name)| name.clone())
            .collect();
        agents.sort();
        agents.dedup();
        let values = |field: Field| {
            if scope.is_everything() { values(index, field) } else { values_within(index, scope, field) }
        };
        let attribute_values = attributes
            .iter()
            .map(|name| {
                values(Field::Attribute(name.clone()))
                    .map(|values| values.into_iter().map(|v| format!("{name}:{v}")).collect::<Vec<_>>())
            })
            .collect::<Option<Vec<Vec<String>>>>()
            .map(|lists| lists.concat());
        Choices {
            units,
            agents,
            channels: values(Field::Channel),
            touchpoints: values(Field::Touchpoint),
            attributes,
            attribute_values,
        }
    }
}

/// The field's values, sorted, if few enough to list; compiling a question
/// by the field names its groups without counting anything.
fn values(index: &OrgIndex, field: Field) -> Option<Vec<String>> {
    let question = QuerySpec { by: vec![field], ..QuerySpec::default() };
    let plan = index.index.plan(&question, index.catalog()).ok()?;
    let labels: Vec<String> = plan.dimensions.into_iter().next()?.labels.into_iter().flatten().collect();
    (labels.len() <= MAX_OPTIONS).then_some(labels)
}

/// The field's values among the responses `scope` sees, sorted, if the
/// organisation has few enough to list: its groups with at least one answer.
fn values_within(index: &OrgIndex, scope: &Scope, field: Field) -> Option<Vec<String>> {
    let mut question = QuerySpec { by: vec![field], ..QuerySpec::default() };
    scope.restrict(&mut question, index).ok()?;
    let plan = index.index.plan(&question, index.catalog()).ok()?;
    let labels = plan.dimensions.first()?.labels.clone();
    if labels.len() > MAX_OPTIONS {
        return None;
    }
    let histograms = index.index.execute(&plan);
    let mut found: Vec<String> = histograms
        .groups
        .iter()
        .zip(labels)
        .filter(|(histogram, _)| histogram.iter().any(|&count| count > 0))
        .filter_map(|(_, label)| label)
        .collect();
    found.sort();
    Some(found)
}
