use proptest::prelude::*;

use super::ThemeImpact;
use crate::nps::Counts;

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-9
}

/// 100 responses; the 20 that mention billing score −50 (2 promoters, 12
/// detractors), the other 80 score +30 (40 promoters, 16 detractors).
fn billing() -> ThemeImpact {
    let with = Counts { promoters: 2, passives: 6, detractors: 12 };
    let without = Counts { promoters: 40, passives: 24, detractors: 16 };
    ThemeImpact::new(with, without)
}

#[test]
fn a_costly_theme_has_a_negative_impact_worked_by_hand() {
    // Overall: 42 promoters, 28 detractors of 100 → NPS 14. Without billing
    // it would be 30: impact 14 − 30 = −16 = (−50 − 30) · 20 / 100.
    let billing = billing();
    assert_eq!((billing.mentions, billing.n), (20, 100));
    assert_eq!(billing.nps_with.nps, Some(-50.0));
    assert_eq!(billing.nps_without.nps, Some(30.0));
    assert!(close(billing.impact.unwrap(), -16.0));
    assert!(close(billing.points_to_gain().unwrap(), 16.0));
    assert!(close(billing.mention_rate.unwrap(), 0.2));
}

#[test]
fn shares_are_fractions_of_each_category() {
    let billing = billing();
    assert!(close(billing.share_of_detractors.unwrap(), 12.0 / 28.0));
    assert!(close(billing.share_of_passives.unwrap(), 6.0 / 30.0));
    assert!(close(billing.share_of_promoters.unwrap(), 2.0 / 42.0));
}

#[test]
fn the_gap_is_tested_with_the_adjusted_wald_comparison() {
    // With: n' = 23, NPS' = (2.75 − 12.75)/23 = −0.434783, Var' = 0.0210822.
    // Without: n' = 83, NPS' = (40.75 − 16.75)/83 = 0.289157, Var' = 0.00733924.
    // Margin 196·√0.0284214 = 33.0428; centre −72.394: significant.
    let difference = billing().difference.unwrap();
    assert!(close(difference.delta, -80.0));
    assert!((difference.margin - 33.0428).abs() < 1e-3, "{}", difference.margin);
    assert!(difference.significant);
}

#[test]
fn a_theme_of_promoters_earns_points_and_costs_none() {
    let praise = ThemeImpact::new(
        Counts { promoters: 10, passives: 0, detractors: 0 },
        Counts { promoters: 10, passives: 10, detractors: 10 },
    );
    // All: 20 − 10 of 40 → 25; rest: 0 → impact +25 = (100 − 0) · 10 / 40.
    assert!(close(praise.impact.unwrap(), 25.0));
    assert_eq!(praise.points_to_gain(), Some(0.0));
}

#[test]
fn no_responses_give_no_figures_and_no_nan() {
    let empty = ThemeImpact::new(Counts::default(), Counts::default());
    assert_eq!(empty.mention_rate, None);
    assert_eq!((empty.share_of_detractors, empty.share_of_passives, empty.share_of_promoters), (None, None, None));
    assert_eq!((empty.nps_with.nps, empty.nps_without.nps), (None, None));
    assert_eq!((empty.impact, empty.difference), (None, None));
}

#[test]
fn a_theme_nobody_mentions_costs_nothing() {
    let none = ThemeImpact::new(Counts::default(), Counts { promoters: 5, passives: 3, detractors: 2 });
    assert_eq!(none.impact, Some(0.0));
    assert_eq!(none.nps_with.nps, None);
    assert_eq!(none.difference, None, "nothing to compare with");
    assert_eq!(none.share_of_detractors, Some(0.0));
}

#[test]
fn a_theme_everybody_mentions_has_no_rest_to_score_like() {
    let all = ThemeImpact::new(Counts { promoters: 5, passives: 0, detractors: 2 }, Counts::default());
    assert_eq!(all.impact, None);
    assert_eq!(all.nps_without.nps, None);
    assert_eq!(all.share_of_passives, None, "no passives at all");
    assert_eq!(all.share_of_promoters, Some(1.0));
}

#[test]
fn overall_counts_smaller_than_the_mentions_are_refused() {
    let with = Counts { promoters: 3, passives: 0, detractors: 0 };
    assert!(ThemeImpact::from_overall(with, Counts { promoters: 2, passives: 9, detractors: 9 }).is_none());
    let from_overall = ThemeImpact::from_overall(with, Counts { promoters: 5, passives: 1, detractors: 1 }).unwrap();
    assert_eq!(from_overall, ThemeImpact::new(with, Counts { promoters: 2, passives: 1, detractors: 1 }));
}

fn counts() -> impl Strategy<Value = Counts> {
    (0u64..50, 0u64..50, 0u64..50).prop_map(|(promoters, passives, detractors)| Counts {
        promoters,
        passives,
        detractors,
    })
}

proptest! {
    /// The definition (overall − rest) equals the gap weighted by the
    /// mention rate, computed here from the raw counts.
    #[test]
    fn impact_is_the_gap_weighted_by_the_mention_rate(with in counts(), without in counts()) {
        let theme = ThemeImpact::new(with, without);
        let (m, rest, n) = (with.n() as f64, without.n() as f64, (with.n() + without.n()) as f64);
        match theme.impact {
            Some(impact) if with.n() > 0 => {
                let nps_with = 100.0 * (with.promoters as f64 - with.detractors as f64) / m;
                let nps_rest = 100.0 * (without.promoters as f64 - without.detractors as f64) / rest;
                prop_assert!((impact - (nps_with - nps_rest) * m / n).abs() < 1e-9);
            }
            Some(impact) => prop_assert_eq!(impact, 0.0),
            None => prop_assert!(without.n() == 0),
        }
        prop_assert!(theme.impact.is_none_or(|impact| impact.is_finite() && impact.abs() <= 200.0));
    }
}
