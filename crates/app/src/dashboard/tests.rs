//! The dashboard's figures checked against hand-worked values and against a
//! naive count over the same responses.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use vocal_domain::query::Filter;
use vocal_domain::{AgentId, MinSample, ResponseId, Score, Unit, UnitId, UnitTree};
use vocal_store::IndexedResponse;

use super::*;

const RENO: UnitId = UnitId(4);
const VEGAS: UnitId = UnitId(5);
const OREGON: UnitId = UnitId(3);

/// One hand-made answer.
#[derive(Debug, Clone)]
struct Answer {
    day: DayNumber,
    score: u8,
    channel: Option<&'static str>,
    unit: Option<UnitId>,
}

fn day(text: &str) -> DayNumber {
    DayNumber::parse(text).unwrap()
}

fn answer(date: &str, score: u8) -> Answer {
    Answer { day: day(date), score, channel: None, unit: None }
}

/// Northwind ⊃ {Nevada ⊃ {Reno, Vegas}, Oregon}, and an index of `answers`.
struct Org {
    index: ResponseIndex,
    units: UnitTree,
    agents: Vec<(AgentId, String)>,
}

impl Org {
    fn with(answers: &[Answer]) -> Self {
        let unit = |id, parent: Option<i64>, name: &str| Unit {
            id: UnitId(id),
            parent: parent.map(UnitId),
            name: name.into(),
        };
        let units = UnitTree::new(vec![
            unit(1, None, "Northwind"),
            unit(2, Some(1), "Nevada"),
            unit(3, Some(1), "Oregon"),
            unit(4, Some(2), "Reno"),
            unit(5, Some(2), "Vegas"),
        ]);
        let mut index = ResponseIndex::new("UTC").unwrap();
        for (i, a) in answers.iter().enumerate() {
            let id = i as i64 + 1;
            let noon = a.day.start_ms(index.time_zone()) + 12 * 3_600_000;
            index
                .apply(&IndexedResponse {
                    id: ResponseId(id),
                    seq: id,
                    score: Score::new(a.score.into()).unwrap(),
                    submitted_at_ms: noon,
                    channel: a.channel.map(String::from),
                    touchpoint: None,
                    unit_id: a.unit,
                    agent_id: None,
                    account: None,
                    source: "test".into(),
                    language: None,
                    attributes: BTreeMap::new(),
                })
                .unwrap();
        }
        Org { index, units, agents: Vec::new() }
    }

    fn dashboard(&self, spec: &QuerySpec, bucket: Bucket, breakdown: &Field) -> Dashboard {
        self.try_dashboard(spec, bucket, breakdown).unwrap()
    }

    fn try_dashboard(&self, spec: &QuerySpec, bucket: Bucket, breakdown: &Field) -> Result<Dashboard, QueryError> {
        let catalog = Catalog { units: &self.units, agents: &self.agents };
        dashboard_of(&self.index, catalog, spec, bucket, breakdown)
    }
}

fn range_spec(since: &str, until: &str) -> QuerySpec {
    QuerySpec { since: Some(day(since)), until: Some(day(until)), ..QuerySpec::default() }
}

/// `count` answers of `score` on `date`.
fn many(count: usize, date: &str, score: u8) -> Vec<Answer> {
    vec![answer(date, score); count]
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a value");
    assert!((actual - expected).abs() < 1e-9, "{actual} is not {expected}");
}

#[test]
fn three_promoters_a_passive_and_a_detractor_score_40_with_a_hand_worked_margin() {
    let scores = [9, 10, 9, 7, 3];
    let answers: Vec<Answer> = scores.iter().map(|&s| answer("2026-03-10", s)).collect();
    let board = Org::with(&answers).dashboard(&range_spec("2026-03-01", "2026-03-31"), Bucket::Month, &Field::Channel);

    let headline = board.headline;
    assert_eq!((headline.n, headline.promoters, headline.passives, headline.detractors), (5, 3, 1, 1));
    close(headline.nps, 40.0);
    // Adjusted: n' = 8, p' = 3.75/8, d' = 1.75/8, NPS' = 0.25; Var' = (0.6875 − 0.0625)/8 = 5/64;
    // half-width = 196·√5/8 = 24.5·√5 = 54.783 665; interval 25 ∓ 54.78, inside −100…100.
    let half = 24.5 * 5f64.sqrt();
    close(headline.margin_of_error, half);
    close(headline.ci_low, 25.0 - half);
    close(headline.ci_high, 25.0 + half);
    assert!(headline.low_sample, "5 answers are fewer than the default 30");
    assert_eq!(board.distribution, [0, 0, 0, 1, 0, 0, 0, 1, 0, 2, 1]);
    assert_eq!(
        (board.split.promoters.percent, board.split.passives.percent, board.split.detractors.percent),
        (60, 20, 20)
    );
    assert_eq!(board.split.promoters.count, 3);
}

#[test]
fn the_previous_period_is_as_long_and_ends_the_day_before_since() {
    let march = DateRange::new(day("2026-03-01"), day("2026-03-31")).unwrap();
    assert_eq!(march.previous(), DateRange::new(day("2026-01-29"), day("2026-02-28")).unwrap());
    let leap_march = DateRange::new(day("2024-03-01"), day("2024-03-31")).unwrap();
    assert_eq!(leap_march.previous(), DateRange::new(day("2024-01-30"), day("2024-02-29")).unwrap());
    let one_day = DateRange::new(day("2026-01-01"), day("2026-01-01")).unwrap();
    assert_eq!(one_day.previous(), DateRange::new(day("2025-12-31"), day("2025-12-31")).unwrap());

    // Only answers on 01-29 … 02-28 count as previous; 01-28 is before it, 03-01 is current.
    let answers = [answer("2026-01-28", 0), answer("2026-01-29", 10), answer("2026-02-28", 9), answer("2026-03-01", 8)];
    let board = Org::with(&answers).dashboard(&range_spec("2026-03-01", "2026-03-31"), Bucket::Month, &Field::Channel);
    let previous = board.previous.unwrap();
    assert_eq!(previous.range, march.previous());
    assert_eq!((previous.figure.n, previous.figure.promoters), (2, 2));
    assert_eq!((board.headline.n, board.headline.passives), (1, 1));
}

#[test]
fn the_headline_change_is_hand_worked_and_not_significant_on_five_answers() {
    let mut answers: Vec<Answer> = [9, 10, 9, 7, 3].iter().map(|&s| answer("2026-03-10", s)).collect();
    answers.extend([10, 10, 0, 0].iter().map(|&s| answer("2026-02-10", s)));
    let board = Org::with(&answers).dashboard(&range_spec("2026-03-01", "2026-03-31"), Bucket::Month, &Field::Channel);
    let change = board.previous.unwrap().change.unwrap();
    // Previous 2 promoters, 2 detractors: n' = 7, NPS' = 0, Var' = (5.5/7)/7 = 11/98; current
    // NPS' = 0.25, Var' = 5/64; margin = 196·√(11/98 + 5/64) = 85.5175 > the adjusted change 25.
    assert!((change.delta - 40.0).abs() < 1e-9);
    let margin = 196.0 * (11.0f64 / 98.0 + 5.0 / 64.0).sqrt();
    assert!((change.margin - margin).abs() < 1e-9, "{}", change.margin);
    assert!((change.ci_low - (25.0 - margin)).abs() < 1e-9 && (change.ci_high - (25.0 + margin)).abs() < 1e-9);
    assert!(!change.significant);
}

#[test]
fn a_clear_change_is_significant_and_noise_is_not() {
    // January NPS −50 on 40, February +50 on 40, March +52.5 on 40.
    let mut answers = many(30, "2026-01-05", 2);
    answers.extend(many(10, "2026-01-06", 10));
    answers.extend(many(30, "2026-02-05", 9));
    answers.extend(many(10, "2026-02-06", 5));
    answers.extend(many(30, "2026-03-05", 9));
    answers.extend(many(1, "2026-03-05", 8));
    answers.extend(many(9, "2026-03-06", 4));
    let org = Org::with(&answers);
    let board = org.dashboard(&range_spec("2026-01-01", "2026-03-31"), Bucket::Month, &Field::Channel);

    let labels: Vec<&str> = board.trend.periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["2026-01", "2026-02", "2026-03"]);
    let changes: Vec<Option<bool>> = board.trend.periods.iter().map(|p| p.change.map(|c| c.significant)).collect();
    assert_eq!(changes, [None, Some(true), Some(false)]);
    // February against January (mirror images, n' = 43): NPS' = ±20/43, each
    // Var' = (41.5/43 − (20/43)²)/43 = 1384.5/43³; margin = 196·√(2·1384.5/79507) = 36.5776.
    let february = board.trend.periods[1].change.unwrap();
    let margin = 196.0 * (2.0 * 1384.5f64 / 79_507.0).sqrt();
    assert!((february.delta - 100.0).abs() < 1e-9 && (february.margin - margin).abs() < 1e-9);
    // March: NPS' = 21/43, Var' = (40.5/43 − (21/43)²)/43 = 1300.5/43³; against February the
    // adjusted change 1/43 = 2.33 points is far inside 196·√(2685/79507) = 36.02.

    let march = org.dashboard(&range_spec("2026-03-01", "2026-03-31"), Bucket::Month, &Field::Channel);
    let february = org.dashboard(&range_spec("2026-02-01", "2026-02-28"), Bucket::Month, &Field::Channel);
    assert!(!march.previous.unwrap().change.unwrap().significant, "+2.5 on 40 answers is noise");
    assert!(february.previous.unwrap().change.unwrap().significant, "+100 on 40 answers is not");
}

#[test]
fn periods_without_answers_stay_in_the_trend_as_gaps() {
    let answers = [answer("2026-01-20", 10), answer("2026-03-03", 0)];
    let board = Org::with(&answers).dashboard(&range_spec("2026-01-15", "2026-04-30"), Bucket::Month, &Field::Channel);

    let periods = &board.trend.periods;
    let shape: Vec<(&str, u64, Option<f64>)> =
        periods.iter().map(|p| (p.label.as_str(), p.figure.n, p.figure.nps)).collect();
    assert_eq!(
        shape,
        [("2026-01", 1, Some(100.0)), ("2026-02", 0, None), ("2026-03", 1, Some(-100.0)), ("2026-04", 0, None)]
    );
    assert_eq!(periods[0].range, DateRange::new(day("2026-01-15"), day("2026-01-31")).unwrap(), "cut to the range");
    assert!(periods.iter().all(|p| p.change.is_none()), "no period follows one with answers");
    assert_eq!(periods.iter().map(|p| p.range.days()).sum::<i32>(), board.range.unwrap().days());
}

#[test]
fn percentages_use_the_largest_remainder_so_they_always_sum_to_100() {
    assert_eq!(largest_remainder([1, 1, 1], 100), [34, 33, 33]);
    assert_eq!(largest_remainder([1, 1, 1, 1, 1, 1, 1], 100), [15, 15, 14, 14, 14, 14, 14]);
    assert_eq!(largest_remainder([2, 1, 0], 100), [67, 33, 0]);
    assert_eq!(largest_remainder([0, 0, 0], 100), [0, 0, 0]);
    assert_eq!(largest_remainder([1, 998, 1], 100), [0, 100, 0]);
    let split = Split::of(&Counts { promoters: 1, passives: 1, detractors: 1 });
    assert_eq!(split.promoters.percent + split.passives.percent + split.detractors.percent, 100);

    let mut rng = StdRng::seed_from_u64(11);
    for _ in 0..2_000 {
        let parts = [rng.random_range(0..50u64), rng.random_range(0..50), rng.random_range(1..50)];
        let shares = largest_remainder(parts, 100);
        assert_eq!(shares.iter().sum::<u32>(), 100, "{parts:?} → {shares:?}");
        let total: u64 = parts.iter().sum();
        for (part, share) in parts.iter().zip(shares) {
            let exact = 100.0 * *part as f64 / total as f64;
            assert!((f64::from(share) - exact).abs() < 1.0, "{parts:?} → {shares:?}");
        }
    }
}

#[test]
fn breakdown_groups_are_ordered_by_size_never_ranked_and_small_ones_flagged() {
    let on = |channel: Option<&'static str>, score: u8| Answer { channel, ..answer("2026-03-10", score) };
    let mut answers = Vec::new();
    answers.extend((0..4).map(|_| on(Some("sms"), 0)));
    answers.extend((0..4).map(|_| on(Some("email"), 10)));
    answers.extend((0..2).map(|_| on(Some("web"), 10)));
    answers.extend((0..7).map(|_| on(None, 8)));
    let spec = QuerySpec { min_sample: MinSample(3), ..range_spec("2026-03-01", "2026-03-31") };
    let board = Org::with(&answers).dashboard(&spec, Bucket::Month, &Field::Channel);

    let groups: Vec<(Option<&str>, u64, bool)> =
        board.breakdown.groups.iter().map(|g| (g.label.as_deref(), g.figure.n, g.figure.low_sample)).collect();
    // Equal sizes by label (sms's −100 is not put below email's +100); no value last despite being largest.
    assert_eq!(groups, [(Some("email"), 4, false), (Some("sms"), 4, false), (Some("web"), 2, true), (None, 7, false)]);
    assert_eq!(board.breakdown.field, "channel");
    let json = serde_json::to_value(&board.breakdown).unwrap();
    assert!(json["groups"][0].get("rank").is_none(), "no rank in {json}");
}

#[test]
fn a_unit_filter_makes_the_unit_breakdown_list_that_units_children() {
    let at = |unit: UnitId, score: u8| Answer { unit: Some(unit), ..answer("2026-03-10", score) };
    let answers = [at(RENO, 10), at(RENO, 9), at(VEGAS, 0), at(OREGON, 10)];
    let org = Org::with(&answers);
    let nevada = Filter { field: Field::Unit, values: vec!["Nevada".into()] };
    let spec = QuerySpec { filters: vec![nevada], ..range_spec("2026-03-01", "2026-03-31") };
    let board = org.dashboard(&spec, Bucket::Week, &Field::Unit);

    let groups: Vec<(Option<&str>, u64)> =
        board.breakdown.groups.iter().map(|g| (g.label.as_deref(), g.figure.n)).collect();
    assert_eq!(groups, [(Some("Northwind/Nevada/Reno"), 2), (Some("Northwind/Nevada/Vegas"), 1)]);
    assert_eq!(board.headline.n, 3, "Oregon is outside the filter");

    let whole = org.dashboard(&range_spec("2026-03-01", "2026-03-31"), Bucket::Week, &Field::Unit);
    let top: Vec<Option<&str>> = whole.breakdown.groups.iter().map(|g| g.label.as_deref()).collect();
    assert_eq!(top, [Some("Northwind/Nevada"), Some("Northwind/Oregon")]);
}

#[test]
fn an_unknown_filter_value_is_an_error_naming_it() {
    let org = Org::with(&[Answer { channel: Some("email"), ..answer("2026-03-10", 9) }]);
    let filter = Filter { field: Field::Channel, values: vec!["fax".into()] };
    let spec = QuerySpec { filters: vec![filter], ..range_spec("2026-03-01", "2026-03-31") };
    let error = org.try_dashboard(&spec, Bucket::Month, &Field::Channel).unwrap_err();
    assert!(matches!(error, QueryError::UnknownValue { ref value, .. } if value == "fax"), "{error}");
}

#[test]
fn an_open_range_runs_from_the_first_to_the_last_answer() {
    let answers = [answer("2026-02-03", 9), answer("2026-02-20", 3)];
    let board = Org::with(&answers).dashboard(&QuerySpec::default(), Bucket::Week, &Field::Channel);
    assert_eq!(board.range, DateRange::new(day("2026-02-03"), day("2026-02-20")));
    assert_eq!(board.previous.unwrap().figure.n, 0, "nothing precedes the first answer");
    assert_eq!(board.trend.periods.len(), 3);

    // Only `since`: up to the last answer, compared with as many days before.
    let org = Org::with(&[answer("2026-01-31", 0), answer("2026-02-01", 10), answer("2026-02-10", 10)]);
    let since = QuerySpec { since: Some(day("2026-02-01")), ..QuerySpec::default() };
    let board = org.dashboard(&since, Bucket::Week, &Field::Channel);
    assert_eq!(board.range, DateRange::new(day("2026-02-01"), day("2026-02-10")));
    let previous = board.previous.unwrap();
    assert_eq!(previous.range, DateRange::new(day("2026-01-22"), day("2026-01-31")).unwrap());
    assert_eq!((previous.figure.n, previous.figure.detractors), (1, 1));

    let empty = Org::with(&[]).dashboard(&QuerySpec::default(), Bucket::Week, &Field::Channel);
    assert!(empty.range.is_none() && empty.previous.is_none() && empty.trend.periods.is_empty());
    assert_eq!(empty.headline.nps, None);
}

#[test]
fn the_json_form_carries_dates_and_every_figure() {
    let answers = [answer("2026-03-10", 9), answer("2026-02-10", 0)];
    let board = Org::with(&answers).dashboard(&range_spec("2026-03-01", "2026-03-31"), Bucket::Month, &Field::Channel);
    let json = serde_json::to_value(&board).unwrap();
    assert_eq!(json["range"], serde_json::json!({ "since": "2026-03-01", "until": "2026-03-31", "days": 31 }));
    assert_eq!(json["previous"]["range"]["since"], "2026-01-29");
    assert_eq!(json["headline"]["nps"], 100.0);
    assert_eq!(json["split"]["promoters"], serde_json::json!({ "count": 1, "percent": 100 }));
    assert_eq!(json["trend"]["bucket"], "month");
    assert_eq!(json["trend"]["periods"][0]["label"], "2026-03");
    assert_eq!(json["trend"]["periods"][0]["n"], 1);
    assert_eq!(json["breakdown"]["groups"][0]["label"], serde_json::Value::Null);
    assert_eq!(json["previous"]["change"]["delta"], 200.0);
}

/// Counts by looping over the answers, the way one would on paper.
fn naive(answers: &[Answer], keep: impl Fn(&Answer) -> bool) -> Counts {
    Counts::from_scores(answers.iter().filter(|a| keep(a)).map(|a| Score::new(a.score.into()).unwrap()))
}

#[test]
fn every_figure_equals_a_naive_count_over_the_responses() {
    const CHANNELS: [Option<&str>; 3] = [Some("email"), Some("sms"), None];
    const UNITS: [Option<UnitId>; 4] = [Some(RENO), Some(VEGAS), Some(OREGON), None];
    for seed in 0..5 {
        let mut rng = StdRng::seed_from_u64(seed);
        let first = day("2025-11-01").0;
        let answers: Vec<Answer> = (0..3_000)
            .map(|_| Answer {
                day: DayNumber(first + rng.random_range(0..180)),
                score: rng.random_range(0..=10),
                channel: CHANNELS[rng.random_range(0..3)],
                unit: UNITS[rng.random_range(0..4)],
            })
            .collect();
        let org = Org::with(&answers);
        let nevada = Filter { field: Field::Unit, values: vec!["Northwind/Nevada".into()] };
        let spec = QuerySpec { filters: vec![nevada], ..range_spec("2026-02-10", "2026-04-20") };
        let board = org.dashboard(&spec, Bucket::Week, &Field::Channel);

        let range = board.range.unwrap();
        let in_nevada = |a: &Answer| matches!(a.unit, Some(RENO | VEGAS));
        let current = naive(&answers, |a| in_nevada(a) && range.contains(a.day));
        assert_eq!(board.headline, current.figure(spec.min_sample));
        let histogram: u64 = board.distribution.iter().sum();
        assert_eq!(histogram, current.n());
        let previous = naive(&answers, |a| in_nevada(a) && range.previous().contains(a.day));
        assert_eq!(board.previous.as_ref().unwrap().figure, previous.figure(spec.min_sample));
        assert_eq!(board.previous.unwrap().change, compare(&previous, &current));

        let mut before: Option<Counts> = None;
        for period in &board.trend.periods {
            let label = |a: &Answer| Bucket::Week.label(Bucket::Week.ordinal(a.day));
            let counts = naive(&answers, |a| in_nevada(a) && range.contains(a.day) && label(a) == period.label);
            assert_eq!(period.figure, counts.figure(spec.min_sample), "{}", period.label);
            assert_eq!(period.change, before.and_then(|b| compare(&b, &counts)), "{}", period.label);
            before = Some(counts);
        }
        for group in &board.breakdown.groups {
            let counts =
                naive(&answers, |a| in_nevada(a) && range.contains(a.day) && a.channel == group.label.as_deref());
            assert_eq!(group.figure, counts.figure(spec.min_sample));
        }
        assert_eq!(board.breakdown.groups.len(), 3);
    }
}
