//! What the filter form offers to pick. Units and agents are limited to the
//! user's scope. The values of channels, touchpoints and attributes are the
//! organisation's (the index keeps no list per unit), so, as with the
//! "known values" of an error, only users who see everything get them as
//! lists; others type a value or pick one from the breakdown, whose groups
//! come from their own responses. Listing values reads names, not rows.
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
        if !scope.is_everything() {
            return Choices { units, agents, attributes, ..Choices::default() };
        }
        let attribute_values = attributes
            .iter()
            .map(|name| {
                values(index, Field::Attribute(name.clone()))
                    .map(|values| values.into_iter().map(|v| format!("{name}:{v}")).collect::<Vec<_>>())
            })
            .collect::<Option<Vec<Vec<String>>>>()
            .map(|lists| lists.concat());
        Choices {
            units,
            agents,
            channels: values(index, Field::Channel),
            touchpoints: values(index, Field::Touchpoint),
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
