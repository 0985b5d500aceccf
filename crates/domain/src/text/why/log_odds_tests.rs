use std::collections::HashMap;

use proptest::prelude::*;

use super::log_odds::{Side, Term, distinguishing_terms, weighted_log_odds};

fn all_terms(a: &[&str], b: &[&str]) -> Vec<Term> {
    distinguishing_terms(a.iter().copied(), b.iter().copied(), Some("en"), usize::MAX, 1)
}

fn find<'t>(terms: &'t [Term], term: &str) -> &'t Term {
    terms.iter().find(|t| t.term == term).unwrap_or_else(|| panic!("{term} not in {terms:?}"))
}

#[test]
fn the_formula_on_counts_worked_by_hand() {
    // y = 10 of 100 and 2 of 200: α_w = 0.1·12 = 1.2, α_0 = 0.1·300 = 30.
    // δ = ln(11.2/118.8) − ln(3.2/226.8) = −2.361543 + 4.260933 = 1.899390;
    // σ² = 1/11.2 + 1/3.2 = 0.401786; z = 1.899390/0.633866 = 2.996518.
    let (delta, z) = weighted_log_odds([10, 2], [100, 200], 1.2, 30.0).unwrap();
    assert!((delta - 1.899390).abs() < 1e-6, "{delta}");
    assert!((z - 2.996518).abs() < 1e-6, "{z}");
}

/// Monroe et al.'s z written out directly from the per-side counts.
fn naive_z(y_a: f64, y_b: f64, n_a: f64, n_b: f64) -> f64 {
    let alpha = 0.1 * (y_a + y_b);
    let alpha_0 = 0.1 * (n_a + n_b);
    let odds_a = (y_a + alpha) / (n_a + alpha_0 - y_a - alpha);
    let odds_b = (y_b + alpha) / (n_b + alpha_0 - y_b - alpha);
    (odds_a.ln() - odds_b.ln()) / (1.0 / (y_a + alpha) + 1.0 / (y_b + alpha)).sqrt()
}

#[test]
fn a_small_corpus_counted_by_hand() {
    // Side A: "slow slow refund" → slow, refund, slow slow, slow refund
    //         "slow agent"       → slow, agent, slow agent          (n_a = 7)
    // Side B: "great agent"      → great, agent, great agent
    //         "great"            → great                            (n_b = 4)
    // "slow" counts once in the first comment: comments, not occurrences.
    let terms = all_terms(&["slow slow refund", "slow agent"], &["great agent", "great"]);
    let slow = find(&terms, "slow");
    assert_eq!((slow.count_a, slow.count_b, slow.side), (2, 0, Side::A));
    assert!((slow.z - naive_z(2.0, 0.0, 7.0, 4.0)).abs() < 1e-12);
    let agent = find(&terms, "agent");
    assert!((agent.z - naive_z(1.0, 1.0, 7.0, 4.0)).abs() < 1e-12);
    assert_eq!(agent.side, Side::B, "one in 4 on side B is a higher rate than one in 7");
    let great = find(&terms, "great");
    assert!((great.z - naive_z(0.0, 2.0, 7.0, 4.0)).abs() < 1e-12);
    assert_eq!(find(&terms, "slow slow").count_a, 1);
    assert_eq!(terms.len(), 8, "6 terms on side A, 3 on side B, agent on both: {terms:?}");
}

#[test]
fn each_side_is_sorted_by_z_and_side_a_comes_first() {
    let terms = all_terms(&["slow slow refund", "slow agent"], &["great agent", "great"]);
    let sides: Vec<Side> = terms.iter().map(|t| t.side).collect();
    assert!(sides.is_sorted_by_key(|side| *side == Side::B));
    for pair in terms.windows(2).filter(|pair| pair[0].side == pair[1].side) {
        assert!(pair[0].z.abs() >= pair[1].z.abs());
    }
}

/// A deterministic corpus: filler words shared by both sides.
fn filler(seed: u64, count: usize) -> Vec<String> {
    const WORDS: &[&str] = &["phone", "store", "staff", "internet", "bill", "contract", "router", "app", "today"];
    let mut state = seed;
    (0..count)
        .map(|_| {
            let mut words = Vec::new();
            for _ in 0..6 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                words.push(WORDS[(state % WORDS.len() as u64) as usize]);
            }
            words.join(" ")
        })
        .collect()
}

#[test]
fn a_word_only_detractors_use_tops_their_side_and_a_shared_word_does_not_separate() {
    let mut detractors = filler(1, 400);
    let mut promoters = filler(2, 400);
    for (at, comment) in detractors.iter_mut().enumerate() {
        if at % 10 == 3 {
            comment.push_str(". I will cancel");
        }
        if at % 4 == 0 {
            comment.push_str(". Service");
        }
    }
    for comment in promoters.iter_mut().step_by(4) {
        comment.push_str(". service");
    }
    let terms = distinguishing_terms(
        detractors.iter().map(String::as_str),
        promoters.iter().map(String::as_str),
        Some("en"),
        5,
        5,
    );
    let top = &terms[0];
    assert_eq!((top.term.as_str(), top.side, top.count_a, top.count_b), ("cancel", Side::A, 40, 0), "{terms:?}");
    assert!(top.z > 3.0, "{}", top.z);
    assert_eq!(top.examples, [3, 13, 23], "the first three detractor comments with it");
    let all = distinguishing_terms(
        detractors.iter().map(String::as_str),
        promoters.iter().map(String::as_str),
        Some("en"),
        usize::MAX,
        1,
    );
    let service = find(&all, "service");
    assert_eq!((service.count_a, service.count_b), (100, 100));
    assert!(service.z.abs() < 1.0, "{}", service.z);
    assert!(terms.iter().filter(|t| t.side == Side::A).count() <= 5, "limit per side");
}

#[test]
fn min_count_and_limit_trim_the_list() {
    let terms = distinguishing_terms(["slow slow refund", "slow agent"], ["great agent", "great"], Some("en"), 1, 2);
    let shown: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(shown, ["slow", "great"]);
}

#[test]
fn two_word_terms_keep_small_words_but_not_only_small_words_nor_cross_a_clause() {
    let terms = all_terms(&["It was not helpful. Hold music"], &["It was lovely"]);
    let shown: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
    assert!(shown.contains(&"not helpful"), "{shown:?}");
    assert!(shown.contains(&"was not"), "{shown:?}");
    assert!(!shown.contains(&"it was"), "only stop words: {shown:?}");
    assert!(!shown.contains(&"helpful hold"), "crosses a full stop: {shown:?}");
    assert!(!shown.contains(&"it"), "a stop word alone: {shown:?}");
}

#[test]
fn empty_and_degenerate_inputs_give_no_terms() {
    let none: [&str; 0] = [];
    assert!(distinguishing_terms(none, none, None, 10, 1).is_empty());
    assert!(distinguishing_terms(none, ["slow refund"], None, 10, 1).is_empty(), "nothing to compare with: δ = 0");
    assert!(distinguishing_terms(["the a"], ["of it"], Some("en"), 10, 1).is_empty(), "only stop words");
    assert!(distinguishing_terms(["refund"], ["refund"], Some("en"), 10, 1).is_empty(), "one term: no odds");
    assert!(distinguishing_terms(["refund"], ["late"], Some("en"), 0, 1).is_empty(), "limit 0");
}

fn comments() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::collection::vec(prop::sample::select(vec!["slow", "rude", "great", "the", "not", "kind", "."]), 0..8),
        0..12,
    )
    .prop_map(|comments| comments.into_iter().map(|words| words.join(" ")).collect())
}

proptest! {
    #[test]
    fn swapping_the_sides_negates_z(a in comments(), b in comments()) {
        let forward = distinguishing_terms(a.iter().map(String::as_str), b.iter().map(String::as_str), Some("en"), usize::MAX, 1);
        let backward = distinguishing_terms(b.iter().map(String::as_str), a.iter().map(String::as_str), Some("en"), usize::MAX, 1);
        let backward: HashMap<&str, &Term> = backward.iter().map(|t| (t.term.as_str(), t)).collect();
        prop_assert_eq!(forward.len(), backward.len());
        for term in &forward {
            let swapped = backward[term.term.as_str()];
            prop_assert!((term.z + swapped.z).abs() < 1e-9);
            prop_assert!((term.count_a, term.count_b) == (swapped.count_b, swapped.count_a));
            prop_assert!(term.side != swapped.side);
            prop_assert!(term.z.is_finite() && term.examples.len() <= 3 && !term.examples.is_empty());
        }
    }
}
