//! The index against a naive reference: random responses, random questions,
//! and every group's histogram must equal counting one response at a time.

use std::collections::BTreeMap;

use proptest::prelude::*;
use vocal_domain::query::Filter;
use vocal_domain::{AgentId, Bucket, DayNumber, Field, QuerySpec, ResponseId, Score, Unit, UnitId, UnitTree};
use vocal_index::snapshot::{self, Identity, Selection};
use vocal_index::{Catalog, ResponseIndex};
use vocal_store::IndexedResponse;

const DAY_MS: i64 = 86_400_000;
const START_DAY: i64 = 20_000; // 2024-10-04

fn tree() -> UnitTree {
    let u =
        |id, parent: Option<i64>, name: &str| Unit { id: UnitId(id), parent: parent.map(UnitId), name: name.into() };
    UnitTree::new(vec![
        u(1, None, "Co"),
        u(2, Some(1), "East"),
        u(3, Some(1), "West"),
        u(4, Some(2), "Team A"),
        u(5, Some(2), "Team B"),
        u(6, Some(3), "Team C"),
    ])
}

fn agents() -> Vec<(AgentId, String)> {
    vec![(AgentId(1), "Ann".into()), (AgentId(2), "Bob".into()), (AgentId(3), "Cy".into())]
}

prop_compose! {
    fn response()(score in 0i64..=10, day in 0i64..120, minute in 0i64..1440, unit in 0i64..=6, agent in 0i64..=3,
                  channel in 0usize..4, plan in 0usize..3) -> IndexedResponse {
        let channels = [None, Some("email"), Some("sms"), Some("chat")];
        let plans = [None, Some("Gold"), Some("Basic")];
        IndexedResponse {
            id: ResponseId(0),
            seq: 0,
            score: Score::new(score).unwrap(),
            submitted_at_ms: (START_DAY + day) * DAY_MS + minute * 60_000,
            channel: channels[channel].map(String::from),
            touchpoint: None,
            unit_id: (unit > 0).then_some(UnitId(unit)),
            agent_id: (agent > 0).then_some(AgentId(agent)),
            account: None,
            source: "test".into(),
            language: None,
            attributes: plans[plan].map(|p| [("plan".to_string(), p.to_string())].into()).unwrap_or_default(),
        }
    }
}

fn field_strategy() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::Unit),
        Just(Field::UnitLevel(2)),
        Just(Field::Channel),
        Just(Field::Agent),
        Just(Field::Attribute("plan".into())),
        Just(Field::Time(Bucket::Week)),
        Just(Field::Time(Bucket::Month)),
        Just(Field::Time(Bucket::Day)),
    ]
}

fn filter_strategy() -> impl Strategy<Value = Option<Filter>> {
    let f = |field: Field, v: &[&str]| Filter { field, values: v.iter().map(|s| s.to_string()).collect() };
    prop_oneof![
        Just(None),
        Just(Some(f(Field::Unit, &["Co/East"]))),
        Just(Some(f(Field::Unit, &["Team C", "Co/East/Team A"]))),
        Just(Some(f(Field::Channel, &["email", "chat"]))),
        Just(Some(f(Field::Channel, &[""]))),
        Just(Some(f(Field::Agent, &["Bob"]))),
        Just(Some(f(Field::Attribute("plan".into()), &["Gold"]))),
    ]
}

/// The label of one response for one field, computed the obvious way.
fn naive_label(r: &IndexedResponse, field: &Field, scope: Option<UnitId>, units: &UnitTree) -> Option<String> {
    match field {
        Field::Unit => {
            let unit = r.unit_id?;
            let lineage = units.lineage(unit);
            let scope = scope.unwrap();
            let i = lineage.iter().position(|&u| u == scope)?;
            Some(units.path(*lineage.get(i + 1).unwrap_or(&scope)))
        }
        Field::UnitLevel(level) => r.unit_id.and_then(|u| units.ancestor_at_level(u, *level)).map(|u| units.path(u)),
        Field::Channel => r.channel.clone(),
        Field::Agent => r.agent_id.map(|a| agents().iter().find(|(id, _)| *id == a).unwrap().1.clone()),
        Field::Attribute(name) => r.attributes.get(name).cloned(),
        Field::Time(bucket) => {
            let day = DayNumber((r.submitted_at_ms.div_euclid(DAY_MS)) as i32);
            Some(bucket.label(bucket.ordinal(day)))
        }
        _ => unreachable!(),
    }
}

fn naive_passes(r: &IndexedResponse, filter: &Filter, units: &UnitTree) -> bool {
    filter.values.iter().any(|v| match &filter.field {
        Field::Unit => {
            let target = units
                .units()
                .iter()
                .map(|u| u.id)
                .find(|&id| units.path(id) == *v || units.path(id).ends_with(&format!("/{v}")))
                .unwrap();
            r.unit_id.is_some_and(|u| units.is_within(u, target))
        }
        field => naive_label(r, field, None, units).unwrap_or_default() == *v,
    })
}

fn build(responses: &[IndexedResponse]) -> ResponseIndex {
    let mut index = ResponseIndex::new("UTC").unwrap();
    for (i, r) in responses.iter().enumerate() {
        let mut r = r.clone();
        r.id = ResponseId(i as i64 + 1);
        r.seq = i as i64 + 1;
        index.apply(&r).unwrap();
    }
    index
}

fn engine_groups(index: &ResponseIndex, spec: &QuerySpec) -> BTreeMap<Vec<Option<String>>, [u64; 11]> {
    let units = tree();
    let agents = agents();
    // A filter on a value no response has is refused; the answer is "nothing".
    let Ok(plan) = index.plan(spec, Catalog { units: &units, agents: &agents }) else {
        return BTreeMap::new();
    };
    let histograms = index.execute(&plan);
    let mut result = BTreeMap::new();
    for (g, histogram) in histograms.groups.iter().enumerate() {
        if histogram.iter().sum::<u64>() == 0 {
            continue;
        }
        let mut key = Vec::new();
        let mut rest = g;
        for dim in plan.dimensions.iter().rev() {
            key.insert(0, dim.labels[rest % dim.labels.len()].clone());
            rest /= dim.labels.len();
        }
        result.insert(key, *histogram);
    }
    result
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn every_group_matches_counting_one_by_one(
        responses in prop::collection::vec(response(), 0..300),
        by in prop::collection::vec(field_strategy(), 0..=2),
        filter in filter_strategy(),
        since in prop::option::of(0i32..120),
        span in 0i32..60,
    ) {
        let mut by = by;
        by.dedup();
        let units = tree();
        let since_day = since.map(|s| DayNumber(START_DAY as i32 + s));
        let until_day = since_day.map(|d| DayNumber(d.0 + span));
        let spec = QuerySpec { by: by.clone(), filters: filter.clone().into_iter().collect(), since: since_day, until: until_day, ..Default::default() };
        let index = build(&responses);
        let scope = match &filter {
            Some(f) if f.field == Field::Unit && f.values.len() == 1 => units.units().iter().map(|u| u.id).find(|&id| units.path(id) == f.values[0]),
            Some(f) if f.field == Field::Unit => None,
            _ => Some(UnitId(1)),
        };
        if by.contains(&Field::Unit) && scope.is_none() {
            return Ok(()); // several roots of a filter: covered by the unit tests
        }
        let mut expected: BTreeMap<Vec<Option<String>>, [u64; 11]> = BTreeMap::new();
        for r in &responses {
            let day = (r.submitted_at_ms.div_euclid(DAY_MS)) as i32;
            if since_day.is_some_and(|s| day < s.0) || until_day.is_some_and(|u| day > u.0) {
                continue;
            }
            if filter.as_ref().is_some_and(|f| !naive_passes(r, f, &units)) {
                continue;
            }
            let key: Vec<Option<String>> = by.iter().map(|f| naive_label(r, f, scope, &units)).collect();
            expected.entry(key).or_insert([0; 11])[r.score.value() as usize] += 1;
        }
        prop_assert_eq!(engine_groups(&index, &spec), expected);
    }

    #[test]
    fn a_snapshot_answers_like_the_index_it_was_saved_from(
        responses in prop::collection::vec(response(), 0..200),
        by in prop::collection::vec(field_strategy(), 0..=1),
        filter in filter_strategy(),
    ) {
        let index = build(&responses);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.snap");
        let identity = Identity { instance_id: "db".into(), org_id: 1 };
        snapshot::save(&index, &identity, &path).unwrap();
        let spec = QuerySpec { by, filters: filter.into_iter().collect(), ..Default::default() };
        let partial = snapshot::load(&path, &identity, "UTC", &Selection::Only(snapshot::columns_for(&spec, false))).unwrap().unwrap();
        let full = snapshot::load(&path, &identity, "UTC", &Selection::All).unwrap().unwrap();
        prop_assert_eq!(engine_groups(&partial, &spec), engine_groups(&index, &spec));
        prop_assert_eq!(engine_groups(&full, &spec), engine_groups(&index, &spec));
        let other = Identity { instance_id: "another db".into(), org_id: 1 };
        prop_assert!(snapshot::load(&path, &other, "UTC", &Selection::All).unwrap().is_none());
    }
}

#[test]
fn a_changed_response_moves_between_groups() {
    let mut r = IndexedResponse {
        id: ResponseId(1),
        seq: 1,
        score: Score::new(3).unwrap(),
        submitted_at_ms: START_DAY * DAY_MS,
        channel: Some("email".into()),
        touchpoint: None,
        unit_id: None,
        agent_id: None,
        account: None,
        source: "api".into(),
        language: None,
        attributes: Default::default(),
    };
    let mut index = ResponseIndex::new("UTC").unwrap();
    index.apply(&r).unwrap();
    r.seq = 2;
    r.score = Score::new(10).unwrap();
    r.channel = Some("sms".into());
    index.apply(&r).unwrap();
    let spec = QuerySpec { by: vec![Field::Channel], ..Default::default() };
    let groups = engine_groups(&index, &spec);
    let mut expected_histogram = [0u64; 11];
    expected_histogram[10] = 1;
    assert_eq!(groups, BTreeMap::from([(vec![Some("sms".to_string())], expected_histogram)]));
    assert_eq!(index.rows(), 1);
}

#[test]
fn listing_returns_matching_ids_newest_first_with_a_cursor() {
    let responses: Vec<IndexedResponse> = (0..5000)
        .map(|i| IndexedResponse {
            id: ResponseId(0),
            seq: 0,
            score: Score::new(i % 11).unwrap(),
            submitted_at_ms: START_DAY * DAY_MS,
            channel: Some(if i % 3 == 0 { "sms" } else { "email" }.into()),
            touchpoint: None,
            unit_id: None,
            agent_id: None,
            account: None,
            source: "api".into(),
            language: None,
            attributes: Default::default(),
        })
        .collect();
    let index = build(&responses);
    let units = tree();
    let agents = agents();
    let spec =
        QuerySpec { filters: vec![Filter { field: Field::Channel, values: vec!["sms".into()] }], ..Default::default() };
    let plan = index.plan(&spec, Catalog { units: &units, agents: &agents }).unwrap();
    // ids are i + 1, and sms rows are i % 3 == 0, so ids 1, 4, 7, …, 4999.
    let expected: Vec<i64> = (0..5000i64).filter(|i| i % 3 == 0).map(|i| i + 1).rev().collect();
    let first = index.matching_ids(&plan, None, 1000);
    assert_eq!(first, expected[..1000]);
    let next = index.matching_ids(&plan, Some(*first.last().unwrap()), 1000);
    assert_eq!(next, expected[1000..1667]);
}
