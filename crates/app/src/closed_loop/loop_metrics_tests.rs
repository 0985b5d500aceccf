use std::collections::BTreeMap;

use proptest::prelude::*;
use vocal_domain::cases::CaseState;

use super::*;

const H: i64 = 3_600_000;

#[allow(clippy::too_many_arguments)]
fn case(
    unit: &str,
    owner: Option<&str>,
    state: CaseState,
    opened: i64,
    dues: (i64, i64),
    contacted: Option<i64>,
    done: Option<i64>,
    scores: (u8, Option<u8>),
) -> CaseFacts {
    CaseFacts {
        unit: Some(unit.to_string()),
        owner: owner.map(str::to_string),
        root_cause: (state == CaseState::Resolved).then(|| format!("cause of {unit}")),
        state,
        opened_at_ms: opened * H,
        first_contact_due_ms: dues.0 * H,
        resolve_due_ms: dues.1 * H,
        first_contact_at_ms: contacted.map(|h| h * H),
        done_at_ms: done.map(|h| h * H),
        original_score: scores.0,
        follow_up_score: scores.1,
        detractor_in_period: scores.0 <= 6,
    }
}

/// The five cases worked through by hand in the comments below, at hour 100.
fn example() -> (Vec<CaseFacts>, DetractorCounts) {
    use CaseState::*;
    let cases = vec![
        case("A", Some("a@x"), Resolved, 0, (48, 168), Some(2), Some(10), (3, Some(9))),
        case("A", Some("b@x"), Contacted, 0, (48, 72), Some(50), None, (5, None)),
        case("A", Some("a@x"), Closed, 10, (58, 178), None, Some(20), (6, None)),
        case("B", Some("a@x"), New, 90, (138, 258), None, None, (2, None)),
        case("B", None, Resolved, 0, (4, 24), Some(1), Some(30), (7, Some(8))),
    ];
    let by_unit = BTreeMap::from([(Some("A".to_string()), 4), (Some("B".to_string()), 2)]);
    (cases, DetractorCounts { total: 6, by_unit })
}

#[test]
fn a_hand_worked_example_by_unit() {
    let (cases, detractors) = example();
    let metrics = loop_metrics(&cases, GroupBy::Unit, &detractors, 100 * H);
    let [a, b] = &metrics.groups[..] else { panic!("{metrics:?}") };
    // A: contacts after 2 h and 50 h; one resolution after 10 h. First
    // contact met once of three (case 3 was never contacted, past due);
    // resolution met by cases 1 and 3, missed by the open, overdue case 2.
    assert_eq!((a.group.as_deref(), a.cases, a.open, a.overdue), (Some("A"), 3, 1, 1));
    assert_eq!((a.first_contact_hours_median, a.first_contact_hours_p90), (Some(2.0), Some(50.0)));
    assert_eq!((a.resolution_hours_median, a.resolution_hours_p90), (Some(10.0), Some(10.0)));
    assert_eq!((a.first_contact_within_sla_pct, a.resolution_within_sla_pct), (Some(33.3), Some(66.7)));
    assert_eq!((a.detractors_in_period, a.detractors_closed_pct), (Some(4), Some(50.0)));
    assert_eq!((a.follow_ups, a.recovery_pct), (1, Some(100.0)), "9 after 3");
    // B: case 4 is not due yet; case 5 was contacted in time, resolved late,
    // its customer a passive whose follow-up (8 after 7) is no recovery.
    assert_eq!((b.cases, b.open, b.overdue), (2, 1, 0));
    assert_eq!((b.first_contact_within_sla_pct, b.resolution_within_sla_pct), (Some(100.0), Some(0.0)));
    assert_eq!((b.detractors_closed_pct, b.recovery_pct), (Some(0.0), Some(0.0)));
    let t = &metrics.total;
    assert_eq!((t.cases, t.open, t.overdue), (5, 2, 1));
    assert_eq!((t.first_contact_hours_median, t.first_contact_hours_p90), (Some(2.0), Some(50.0)));
    assert_eq!((t.resolution_hours_median, t.resolution_hours_p90), (Some(10.0), Some(30.0)));
    assert_eq!((t.first_contact_within_sla_pct, t.resolution_within_sla_pct), (Some(50.0), Some(50.0)));
    assert_eq!((t.detractors_in_period, t.detractors_closed_pct), (Some(6), Some(33.3)));
    assert_eq!(t.recovery_pct, Some(50.0));
}

#[test]
fn by_owner_puts_unowned_cases_last_and_leaves_the_detractor_share_to_units() {
    let (cases, detractors) = example();
    let metrics = loop_metrics(&cases, GroupBy::Owner, &detractors, 100 * H);
    let groups: Vec<(Option<&str>, u64)> = metrics.groups.iter().map(|g| (g.group.as_deref(), g.cases)).collect();
    assert_eq!(groups, [(Some("a@x"), 3), (Some("b@x"), 1), (None, 1)]);
    let a = &metrics.groups[0];
    assert_eq!((a.first_contact_within_sla_pct, a.resolution_within_sla_pct), (Some(50.0), Some(100.0)));
    assert_eq!((a.detractors_in_period, a.detractors_closed_pct), (None, None));
    assert_eq!(metrics.total.detractors_closed_pct, Some(33.3));
}

#[test]
fn nothing_to_measure_is_null_not_zero() {
    let metrics = loop_metrics(&[], GroupBy::RootCause, &DetractorCounts::default(), 0);
    assert!(metrics.groups.is_empty());
    let t = metrics.total;
    assert_eq!((t.first_contact_hours_median, t.first_contact_within_sla_pct, t.recovery_pct), (None, None, None));
    assert_eq!(t.detractors_closed_pct, None);
}

/// The percentile by its definition: the smallest value with at least p % of the values at or below it.
fn naive_percentile(values: &[f64], p: usize) -> Option<f64> {
    values
        .iter()
        .copied()
        .filter(|&x| values.iter().filter(|&&v| v <= x).count() * 100 >= p * values.len())
        .min_by(f64::total_cmp)
        .map(|x| (x * 10.0).round() / 10.0)
}

fn arbitrary_case() -> impl Strategy<Value = CaseFacts> {
    let states = prop_oneof![
        Just(CaseState::New),
        Just(CaseState::Contacted),
        Just(CaseState::Resolved),
        Just(CaseState::Closed)
    ];
    (states, 0..3usize, 0i64..100, 1i64..100, 1i64..200, proptest::option::of(0i64..150), 0i64..150, 0u8..=10)
        .prop_flat_map(|(state, unit, opened, fc, res, contact, done, score)| {
            (Just((state, unit, opened, fc, res, contact, done, score)), proptest::option::of(0u8..=10))
        })
        .prop_map(|((state, unit, opened, fc, res, contact, done, score), follow_up)| CaseFacts {
            unit: ["A", "B", "C"].get(unit).map(|u| u.to_string()),
            owner: Some(format!("{unit}@x")),
            root_cause: None,
            state,
            opened_at_ms: opened * H,
            first_contact_due_ms: (opened + fc) * H,
            resolve_due_ms: (opened + fc + res) * H,
            first_contact_at_ms: if state == CaseState::New { None } else { contact.map(|c| (opened + c) * H) },
            done_at_ms: (!state.is_open()).then_some((opened + done) * H),
            original_score: score,
            follow_up_score: if state == CaseState::Resolved { follow_up } else { None },
            detractor_in_period: score <= 6,
        })
}

proptest! {
    #[test]
    fn totals_agree_with_a_naive_count(cases in proptest::collection::vec(arbitrary_case(), 0..40), now in 0i64..400) {
        let now = now * H;
        let detractors = DetractorCounts { total: 50, by_unit: BTreeMap::new() };
        let t = loop_metrics(&cases, GroupBy::Unit, &detractors, now).total;
        let open: Vec<&CaseFacts> = cases.iter().filter(|c| matches!(c.state, CaseState::New | CaseState::Contacted)).collect();
        prop_assert_eq!(t.open, open.len() as u64);
        let overdue = open.iter().filter(|c| now > c.resolve_due_ms || (c.state == CaseState::New && now > c.first_contact_due_ms)).count();
        prop_assert_eq!(t.overdue, overdue as u64);
        let contact: Vec<f64> = cases.iter().filter_map(|c| Some((c.first_contact_at_ms? - c.opened_at_ms) as f64 / H as f64)).collect();
        prop_assert_eq!(t.first_contact_hours_median, naive_percentile(&contact, 50));
        prop_assert_eq!(t.first_contact_hours_p90, naive_percentile(&contact, 90));
        // SLA by counting the three outcomes separately.
        let in_time = cases.iter().filter(|c| c.done_at_ms.is_some_and(|d| d <= c.resolve_due_ms)).count();
        let late = cases.iter().filter(|c| c.done_at_ms.map_or(now > c.resolve_due_ms, |d| d > c.resolve_due_ms)).count();
        let expected = (in_time + late > 0).then(|| (in_time as f64 * 1000.0 / (in_time + late) as f64).round() / 10.0);
        prop_assert_eq!(t.resolution_within_sla_pct, expected);
        let answered: Vec<&CaseFacts> = cases.iter().filter(|c| c.follow_up_score.is_some()).collect();
        let recovered = answered.iter().filter(|c| { let f = c.follow_up_score.unwrap(); f >= 9 || f >= c.original_score + 2 }).count();
        prop_assert_eq!(t.follow_ups, answered.len() as u64);
        prop_assert_eq!(t.recovery_pct, (!answered.is_empty()).then(|| (recovered as f64 * 1000.0 / answered.len() as f64).round() / 10.0));
        // The groups partition the cases.
        let groups = loop_metrics(&cases, GroupBy::Unit, &detractors, now).groups;
        prop_assert_eq!(groups.iter().map(|g| g.cases).sum::<u64>(), cases.len() as u64);
    }
}
