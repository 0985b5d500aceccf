use super::*;
use proptest::prelude::*;

/// The textbook computation, written from the definition over a list of
/// raw scores: each answer is +1 (promoter), 0 (passive) or −1 (detractor);
/// NPS is their mean and its variance the sample variance of that mean.
fn naive(scores: &[u8]) -> (f64, f64) {
    let values: Vec<f64> = scores
        .iter()
        .map(|&s| match s {
            9 | 10 => 1.0,
            7 | 8 => 0.0,
            _ => -1.0,
        })
        .collect();
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    // Population variance of the ±1/0 variable, divided by n.
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n / n;
    (100.0 * mean, 100.0 * 1.96 * var.sqrt())
}

fn counts_of(scores: &[u8]) -> Counts {
    Counts::from_scores(scores.iter().map(|&s| Score::new(s.into()).unwrap()))
}

#[test]
fn a_hand_worked_example() {
    // 50 promoters, 30 passives, 20 detractors: NPS 30;
    // var = (0.5 + 0.2 − 0.09) / 100 = 0.0061; margin = 196·√0.0061 = 15.308…
    let counts = Counts { promoters: 50, passives: 30, detractors: 20 };
    let fig = counts.figure(MinSample::default());
    assert_eq!(fig.n, 100);
    assert!((fig.nps.unwrap() - 30.0).abs() < 1e-12);
    assert!((fig.margin_of_error.unwrap() - 15.308_089_36).abs() < 1e-6);
    assert!((fig.ci_low.unwrap() - 14.691_910_64).abs() < 1e-6);
    assert!(!fig.low_sample);
}

#[test]
fn no_answers_give_no_score_and_a_low_sample_flag() {
    let fig = Counts::default().figure(MinSample(1));
    assert_eq!(fig.nps, None);
    assert_eq!(fig.margin_of_error, None);
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
    // 40 → 30 points on 400 answers each.
    let before = Counts { promoters: 200, passives: 160, detractors: 40 };
    let after = Counts { promoters: 180, passives: 160, detractors: 60 };
    let c = compare(&before, &after).unwrap();
    assert!((c.delta + 10.0).abs() < 1e-12);
    // var1 = (0.6 − 0.16)/400 = 0.0011, var2 = (0.6 − 0.09)/400 = 0.001275
    let expected = 196.0 * (0.0011f64 + 0.001275).sqrt();
    assert!((c.margin - expected).abs() < 1e-9);
    assert!(c.significant, "10 points on 400 each exceeds ±{expected:.2}");
}

proptest! {
    #[test]
    fn nps_and_margin_match_the_definition(scores in prop::collection::vec(0u8..=10, 1..400)) {
        let (nps, margin) = naive(&scores);
        let fig = counts_of(&scores).figure(MinSample::default());
        prop_assert_eq!(fig.n as usize, scores.len());
        prop_assert!((fig.nps.unwrap() - nps).abs() < 1e-9);
        prop_assert!((fig.margin_of_error.unwrap() - margin).abs() < 1e-9);
    }

    #[test]
    fn the_interval_contains_the_score_and_stays_in_range(scores in prop::collection::vec(0u8..=10, 1..400)) {
        let fig = counts_of(&scores).figure(MinSample::default());
        let (lo, s, hi) = (fig.ci_low.unwrap(), fig.nps.unwrap(), fig.ci_high.unwrap());
        prop_assert!((-100.0..=100.0).contains(&s));
        prop_assert!(lo <= s && s <= hi);
        prop_assert!(lo >= -100.0 && hi <= 100.0);
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
    }

    #[test]
    fn significance_matches_the_two_sample_rule(a in prop::collection::vec(0u8..=10, 1..300), b in prop::collection::vec(0u8..=10, 1..300)) {
        let (nps_a, moe_a) = naive(&a);
        let (nps_b, moe_b) = naive(&b);
        // Margins are 1.96·σ, so the joint margin is √(moe_a² + moe_b²).
        let joint = (moe_a * moe_a + moe_b * moe_b).sqrt();
        let c = compare(&counts_of(&a), &counts_of(&b)).unwrap();
        prop_assert!((c.delta - (nps_b - nps_a)).abs() < 1e-9);
        prop_assert!((c.margin - joint).abs() < 1e-9);
        if ((nps_b - nps_a).abs() - joint).abs() > 1e-9 {
            prop_assert_eq!(c.significant, (nps_b - nps_a).abs() > joint);
        }
    }
}
