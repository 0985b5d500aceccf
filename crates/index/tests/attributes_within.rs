//! Which attribute names a scope's responses have, worked out by hand on a
//! tiny organisation: Co → {East, West}; `tier` only on East, `store` only on West.

use std::collections::BTreeMap;

use vocal_domain::query::Filter;
use vocal_domain::{AgentId, Field, QuerySpec, ResponseId, Score, Unit, UnitId, UnitTree};
use vocal_index::{Catalog, ResponseIndex};
use vocal_store::IndexedResponse;

fn tree() -> UnitTree {
    let u =
        |id, parent: Option<i64>, name: &str| Unit { id: UnitId(id), parent: parent.map(UnitId), name: name.into() };
    UnitTree::new(vec![u(1, None, "Co"), u(2, Some(1), "East"), u(3, Some(1), "West")])
}

fn response(id: i64, unit: i64, attributes: &[(&str, &str)]) -> IndexedResponse {
    IndexedResponse {
        id: ResponseId(id),
        seq: id,
        score: Score::new(9).unwrap(),
        submitted_at_ms: 1_790_000_000_000,
        channel: None,
        touchpoint: None,
        unit_id: Some(UnitId(unit)),
        agent_id: Some(AgentId(unit)),
        account: None,
        source: "test".into(),
        language: None,
        attributes: attributes.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
    }
}

fn names_within(index: &ResponseIndex, filters: Vec<Filter>) -> Vec<String> {
    let (units, agents) = (tree(), vec![(AgentId(2), "Eve".to_string()), (AgentId(3), "Wes".to_string())]);
    let spec = QuerySpec { filters, ..QuerySpec::default() };
    let plan = index.plan(&spec, Catalog { units: &units, agents: &agents }).unwrap();
    index.attribute_names_within(&plan)
}

#[test]
fn a_scope_sees_only_the_names_its_own_responses_carry() {
    let mut index = ResponseIndex::new("UTC").unwrap();
    // Many West rows without attributes first, so the East one lies in a later chunk.
    let mut id = 0;
    for _ in 0..5_000 {
        id += 1;
        index.apply(&response(id, 3, &[])).unwrap();
    }
    for (unit, attributes) in [(2, vec![("tier", "Gold"), ("plan", "A")]), (3, vec![("store", "12"), ("plan", "B")])] {
        id += 1;
        index.apply(&response(id, unit, &attributes)).unwrap();
    }
    let unit = |path: &str| Filter { field: Field::Unit, values: vec![path.into()] };
    let agent = |name: &str| Filter { field: Field::Agent, values: vec![name.into()] };
    assert_eq!(names_within(&index, vec![]), ["plan", "store", "tier"]);
    assert_eq!(names_within(&index, vec![unit("Co/East")]), ["plan", "tier"]);
    assert_eq!(names_within(&index, vec![unit("Co/West")]), ["plan", "store"]);
    assert_eq!(names_within(&index, vec![agent("Wes")]), ["plan", "store"]);
    assert_eq!(names_within(&index, vec![unit("Co/West"), agent("Eve")]), Vec::<String>::new());
}
