//! The index keeps days as 16-bit numbers (1970-01-01 to 2149-06-06). A
//! stored time outside that range — written before submission times were
//! checked — is counted on the nearest end of it, never wrapped into the
//! middle, however far out it lies.

use std::collections::BTreeMap;

use vocal_domain::{Bucket, DayNumber, Field, QuerySpec, ResponseId, Score, UnitTree};
use vocal_index::{Catalog, ResponseIndex};
use vocal_store::IndexedResponse;

const DAY_MS: i64 = 86_400_000;

fn at(id: i64, submitted_at_ms: i64) -> IndexedResponse {
    IndexedResponse {
        id: ResponseId(id),
        seq: id,
        score: Score::new(10).unwrap(),
        submitted_at_ms,
        channel: None,
        touchpoint: None,
        unit_id: None,
        agent_id: None,
        account: None,
        source: "test".into(),
        language: None,
        attributes: BTreeMap::new(),
    }
}

/// (year, responses) of a `by year` breakdown.
fn years(times: &[i64]) -> Vec<(String, u64)> {
    let mut index = ResponseIndex::new("UTC").unwrap();
    for (i, &ms) in times.iter().enumerate() {
        index.apply(&at(i as i64 + 1, ms)).unwrap();
    }
    let units = UnitTree::default();
    let spec = QuerySpec { by: vec![Field::Time(Bucket::Year)], ..QuerySpec::default() };
    let plan = index.plan(&spec, Catalog { units: &units, agents: &[] }).unwrap();
    let histograms = index.execute(&plan);
    let labels = plan.dimensions[0].labels.iter().map(|l| l.clone().unwrap_or_default());
    labels.zip(histograms.groups).map(|(l, h)| (l, h.iter().sum())).filter(|(_, n)| *n > 0).collect()
}

#[test]
fn the_last_and_first_day_the_index_holds_are_kept_as_they_are() {
    let last = DayNumber::from_civil(2149, 6, 6);
    assert_eq!(last.0, i32::from(u16::MAX));
    assert_eq!(years(&[0, i64::from(last.0) * DAY_MS]), [("1970".to_string(), 1), ("2149".to_string(), 1)]);
}

#[test]
fn times_beyond_the_range_count_on_its_nearest_end() {
    let after_last = i64::from(u16::MAX) + 1;
    let year_2999 = i64::from(DayNumber::from_civil(2999, 1, 1).0) * DAY_MS;
    let too_far_for_i32_days = (i64::from(i32::MAX) + 10) * DAY_MS; // wrapped to a negative day once
    let late = [after_last * DAY_MS, year_2999, too_far_for_i32_days, i64::MAX];
    assert_eq!(years(&late), [("2149".to_string(), 4)]);
    let year_1900 = i64::from(DayNumber::from_civil(1900, 1, 1).0) * DAY_MS;
    let early = [-1, year_1900, -too_far_for_i32_days, i64::MIN];
    assert_eq!(years(&early), [("1970".to_string(), 4)]);
}
