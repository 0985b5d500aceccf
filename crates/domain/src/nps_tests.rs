use super::*;
use proptest::prelude::*;

/// The value of one answer: +1 promoter, 0 passive, −1 detractor.
fn value(score: u8) -> f64 {
    match score {
        9 | 10 => 1.0,
        7 | 8 => 0.0,
        _ => -1.0,
    }
}

/// The adjusted Wald estimate written from its definition over raw scores:
/// the answers' values plus the pseudo-answers (¾ of a +1, ¾ of a −1 and
/// 1½ of a 0), their weighted mean and the variance of that mean,
/// E'[X²] − E'[X]² over n + 3. Returns (plain NPS, centre, half-width), in
/// points.
fn naive(scores: &[u8]) -> (f64, f64, f64) {
    let values: Vec<f64> = scores.iter().map(|&s| value(s)).collect();
    let n = values.len() as f64;
    let plain = values.iter().sum::<f64>() / n;
    let weight = n + 3.0;
    let mean = (values.iter().sum::<f64>() + 0.75 - 0.75) / weight;
    let square = (values.iter().map(|v| v * v).sum::<f64>() + 0.75 + 0.75) / weight;
    let var = (square - mean * mean) / weight;
    (100.0 * plain, 100.0 * mean, 100.0 * 1.96 * var.sqrt())
}

fn counts_of(scores: &[u8]) -> Counts {
    Counts::from_scores(scores.iter().map(|&s| Score::new(s.into()).unwrap()))
}

#[test]
fn a_hand_worked_example() {
    // 50 promoters, 30 passives, 20 detractors: NPS 30. Adjusted: n' = 103,
    // p' = 50.75/103 = 0.492718, d' = 20.75/103 = 0.201456, NPS' = 0.291262;
    // Var' = (0.694175 − 0.084834)/103 = 0.00591593; half = 196·0.0769151 = 15.0754;
    // interval 29.1262 ∓ 15.0754 = 14.0509 … 44.2016.
    let counts = Counts { promoters: 50, passives: 30, detractors: 20 };
    let fig = counts.figure(MinSample::default());
    assert_eq!(fig.n, 100);
    assert!((fig.nps.unwrap() - 30.0).abs() < 1e-12);
    assert!((fig.ci_low.unwrap() - 14.050_85).abs() < 1e-4);
    assert!((fig.ci_high.unwrap() - 44.201_57).abs() < 1e-4);
    assert!((fig.margin_of_error.unwrap() - 15.075_36).abs() < 1e-4);
    assert!(!fig.low_sample);
}

#[test]
fn a_unanimous_group_has_a_real_interval() {
    // 5 promoters: n' = 8, p' = 5.75/8, d' = 0.75/8, NPS' = 0.625;
    // Var' = (0.8125 − 0.390625)/8 = 0.052734; half = 196·0.229640 = 45.0094;
    // 62.5 ∓ 45.0094 = 17.4906 … 107.5, clamped to 100; margin (100 − 17.4906)/2.
    let fig = Counts { promoters: 5, passives: 0, detractors: 0 }.figure(MinSample::default());
    assert_eq!(fig.nps, Some(100.0));
    assert!((fig.ci_low.unwrap() - 17.490_63).abs() < 1e-4);
    assert_eq!(fig.ci_high, Some(100.0));
    assert!((fig.margin_of_error.unwrap() - 41.254_69).abs() < 1e-4);
}

#[test]
fn one_answer_is_inside_its_own_interval() {
    // 1 promoter: NPS' = (1.75 − 0.75)/4 = 0.25, Var' = (0.625 − 0.0625)/4,
    // half = 196·0.375 = 73.5: 25 ± 73.5 = −48.5 … 98.5, widened to the score 100.
    let fig = Counts { promoters: 1, passives: 0, detractors: 0 }.figure(MinSample::default());
    assert!((fig.ci_low.unwrap() + 48.5).abs() < 1e-9);
    assert_eq!(fig.ci_high, Some(100.0));
}

#[test]
fn no_answers_give_no_score_and_a_low_sample_flag() {
    let fig = Counts::default().figure(MinSample(1));
    assert_eq!(fig.nps, None);
    assert_eq!(fig.margin_of_error, None);
    assert_eq!((fig.ci_low, fig.ci_high), (None, None));
    assert!(fig.low_sample);
}

#[test]
fn the_minimum_sample_is_a_strict_lower_bound() {
    let counts = Counts { promoters: 29, passives: 0, detractors: 0 };
    assert!(counts.figure(MinSample(30)).low_sample);
    let counts = Counts { promoters: 30, passives: 0, detractors: 0 };
    assert!(!counts.figure(MinSample(30)).low_sample);
}

#[test]
fn a_hand_worked_comparison() {
    // 40 → 30 points on 400 answers each; n' = 403.
    let before = Counts { promoters: 200, passives: 160, detractors: 40 };
    let after = Counts { promoters: 180, passives: 160, detractors: 60 };
    let c = compare(&before, &after).unwrap();
    assert!((c.delta + 10.0).abs() < 1e-12);
    // Before: NPS' = (200.75 − 40.75)/403 = 0.397022, Var' = (0.599256 − 0.157627)/403 = 0.00109585.
    // After:  NPS' = (180.75 − 60.75)/403 = 0.297767, Var' = (0.599256 − 0.088666)/403 = 0.00126697.
    // margin = 196·√0.00236282 = 9.5273; adjusted change −9.9256.
    assert!((c.margin - 9.527_35).abs() < 1e-4);
    assert!((c.ci_low + 9.925_56 + 9.527_35).abs() < 1e-4);
    assert!((c.ci_high + 9.925_56 - 9.527_35).abs() < 1e-4);
    assert!(c.significant, "−9.93 on 400 each exceeds ±9.53");
}

#[test]
fn five_promoters_against_five_passives_is_a_real_change() {
    // 5 promoters → 5 passives: a 100-point fall. Adjusted: 0.625 → (0.75 − 0.75)/8 = 0,
    // Var' = 0.052734 and (0.1875 − 0)/8 = 0.0234375; margin = 196·√0.0761719 = 54.09;
    // the adjusted change −62.5 exceeds it: significant.
    let c =
        compare(&Counts { promoters: 5, ..Counts::default() }, &Counts { passives: 5, ..Counts::default() }).unwrap();
    assert!((c.delta + 100.0).abs() < 1e-12);
    assert!((c.margin - 54.094_5).abs() < 1e-3);
    assert!(c.significant);
}

proptest! {
    #[test]
    fn the_interval_matches_the_definition(scores in prop::collection::vec(0u8..=10, 1..400)) {
        let (nps, centre, half) = naive(&scores);
        let fig = counts_of(&scores).figure(MinSample::default());
        prop_assert_eq!(fig.n as usize, scores.len());
        prop_assert!((fig.nps.unwrap() - nps).abs() < 1e-9);
        let low = (centre - half).max(-100.0).min(nps);
        let high = (centre + half).min(100.0).max(nps);
        prop_assert!((fig.ci_low.unwrap() - low).abs() < 1e-9);
        prop_assert!((fig.ci_high.unwrap() - high).abs() < 1e-9);
        prop_assert!((fig.margin_of_error.unwrap() - (high - low) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn the_interval_contains_the_score_stays_in_range_and_is_never_empty(scores in prop::collection::vec(0u8..=10, 1..400)) {
        let fig = counts_of(&scores).figure(MinSample::default());
        let (lo, s, hi) = (fig.ci_low.unwrap(), fig.nps.unwrap(), fig.ci_high.unwrap());
        prop_assert!((-100.0..=100.0).contains(&s));
        prop_assert!(lo <= s && s <= hi);
        prop_assert!(lo >= -100.0 && hi <= 100.0);
        prop_assert!(hi - lo > 1.0, "{lo} … {hi} for n = {}", fig.n);
        prop_assert!(fig.margin_of_error.unwrap() > 0.5);
    }

    #[test]
    fn histogram_counts_equal_counting_one_by_one(scores in prop::collection::vec(0u8..=10, 0..400)) {
        let mut histogram = [0u64; 11];
        for &s in &scores { histogram[s as usize] += 1; }
        prop_assert_eq!(Counts::from_histogram(&histogram), counts_of(&scores));
    }

    #[test]
    fn adding_counts_equals_counting_the_union(a in prop::collection::vec(0u8..=10, 0..200), b in prop::collection::vec(0u8..=10, 0..200)) {
        let mut sum = counts_of(&a);
        sum += counts_of(&b);
        let union: Vec<u8> = a.iter().chain(&b).copied().collect();
        prop_assert_eq!(sum, counts_of(&union));
        prop_assert_eq!(sum.figure(MinSample(1)).counts(), sum);
    }

    #[test]
    fn significance_matches_the_two_sample_rule(a in prop::collection::vec(0u8..=10, 1..300), b in prop::collection::vec(0u8..=10, 1..300)) {
        let (nps_a, centre_a, half_a) = naive(&a);
        let (nps_b, centre_b, half_b) = naive(&b);
        // Half-widths are 1.96·σ', so the joint margin is √(half_a² + half_b²).
        let joint = (half_a * half_a + half_b * half_b).sqrt();
        let c = compare(&counts_of(&a), &counts_of(&b)).unwrap();
        prop_assert!((c.delta - (nps_b - nps_a)).abs() < 1e-9);
        prop_assert!((c.margin - joint).abs() < 1e-9);
        let shift = centre_b - centre_a;
        prop_assert!((c.ci_low - (shift - joint)).abs() < 1e-9 && (c.ci_high - (shift + joint)).abs() < 1e-9);
        if (shift.abs() - joint).abs() > 1e-9 {
            prop_assert_eq!(c.significant, shift.abs() > joint);
        }
    }
}
