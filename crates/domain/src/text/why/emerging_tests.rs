use super::{Mentions, ThemePeriod, mention_rate_change, theme_trend};
use crate::nps::{Counts, MinSample};

fn change(before: (u64, u64), after: (u64, u64)) -> super::RateChange {
    mention_rate_change(Mentions { mentions: before.0, n: before.1 }, Mentions { mentions: after.0, n: after.1 })
        .unwrap()
}

#[test]
fn a_rise_from_5_to_15_percent_of_200_is_emerging_worked_by_hand() {
    // Adjusted rates 11/202 = 0.0544554 and 31/202 = 0.1534653; variances
    // 0.0544554·0.9455446/202 = 0.000254903 and 0.1534653·0.8465347/202 =
    // 0.000643136; SE = √0.000898039 = 0.0299673; centre 0.0990099;
    // z = 3.30393; interval 0.0402740 … 0.1577458.
    let rise = change((10, 200), (30, 200));
    assert!((rise.delta - 0.1).abs() < 1e-12);
    assert!((rise.z - 3.30393).abs() < 1e-5, "{}", rise.z);
    assert!((rise.ci_low - 0.0402740).abs() < 1e-6, "{}", rise.ci_low);
    assert!((rise.ci_high - 0.1577458).abs() < 1e-6, "{}", rise.ci_high);
    assert!(rise.emerging);
}

#[test]
fn a_doubling_on_twenty_responses_is_not_yet_emerging() {
    // 3/22 and 5/22: SE = √(0.0053531 + 0.0079826) = 0.115481, z = 0.78722.
    let rise = change((2, 20), (4, 20));
    assert!((rise.z - 0.78722).abs() < 1e-5, "{}", rise.z);
    assert!(!rise.emerging);
}

#[test]
fn a_new_theme_needs_enough_mentions() {
    // 0/50 → 5/50: 1/52 and 6/52, SE 0.0482246, low end 0.0016336 > 0.
    let five = change((0, 50), (5, 50));
    assert!((five.ci_low - 0.0016336).abs() < 1e-6, "{}", five.ci_low);
    assert!(five.emerging);
    assert!(!change((0, 50), (4, 50)).emerging);
}

#[test]
fn a_significant_fall_is_not_emerging() {
    let fall = change((30, 200), (10, 200));
    assert!(fall.ci_high < 0.0);
    assert!(!fall.emerging);
}

#[test]
fn empty_or_impossible_periods_are_not_compared() {
    let empty = Mentions { mentions: 0, n: 0 };
    let some = Mentions { mentions: 1, n: 10 };
    assert!(mention_rate_change(empty, some).is_none());
    assert!(mention_rate_change(some, empty).is_none());
    assert!(mention_rate_change(some, Mentions { mentions: 11, n: 10 }).is_none());
}

/// The binomial probabilities of 0…n mentions at rate p.
fn binomial(n: u64, p: f64) -> Vec<f64> {
    let mut probabilities = vec![(1.0 - p).powi(n as i32)];
    for k in 0..n {
        let last = probabilities[k as usize];
        probabilities.push(last * (n - k) as f64 / (k + 1) as f64 * p / (1.0 - p));
    }
    probabilities
}

#[test]
fn an_unchanged_rate_is_called_emerging_at_most_about_the_nominal_two_and_a_half_percent() {
    // Exact, not simulated: every pair of outcomes weighted by its
    // probability. The plain Wald test reaches 5.5 % at n = 5, p = 0.5.
    for n in [5, 10, 30, 100] {
        for p in [0.02, 0.05, 0.1, 0.3, 0.5] {
            let probabilities = binomial(n, p);
            let mut false_alarms = 0.0;
            for (before, p_before) in probabilities.iter().enumerate() {
                for (after, p_after) in probabilities.iter().enumerate() {
                    if change((before as u64, n), (after as u64, n)).emerging {
                        false_alarms += p_before * p_after;
                    }
                }
            }
            assert!(false_alarms < 0.03, "n = {n}, p = {p}: {false_alarms}");
        }
    }
}

#[test]
fn a_trend_compares_each_period_with_the_one_before() {
    let period = |mention_detractors, rest_promoters| ThemePeriod {
        with: Counts { promoters: 0, passives: 0, detractors: mention_detractors },
        without: Counts { promoters: rest_promoters, passives: 0, detractors: 0 },
    };
    let trend = theme_trend(&[period(10, 190), period(30, 170), period(0, 0)], MinSample::default());
    assert_eq!(trend.len(), 3);
    assert!(trend[0].change.is_none(), "nothing before the first period");
    assert_eq!(trend[1].change, Some(change((10, 200), (30, 200))));
    assert_eq!(trend[1].impact.nps_with.nps, Some(-100.0));
    assert!(trend[1].impact.mention_rate.is_some_and(|rate| (rate - 0.15).abs() < 1e-12));
    assert!(trend[2].change.is_none(), "an empty period is not compared");
    assert_eq!(trend[2].impact.mention_rate, None);
}
