//! The words and two-word phrases that separate two groups of comments —
//! detractors from promoters, one segment or period from another — ranked
//! by the weighted log-odds ratio with an informative Dirichlet prior
//! (Monroe, Colaresi & Quinn, "Fightin' Words", Political Analysis 16(4),
//! 2008, §3.5, eqs. 16–22).
//!
//! For a term w with y_a and y_b occurrences on sides a and b of n_a and
//! n_b occurrences of all terms, and a prior α_w summing to α_0:
//!
//! ```text
//! δ_w  = log((y_a + α_w) / (n_a + α_0 − y_a − α_w)) − log((y_b + α_w) / (n_b + α_0 − y_b − α_w))
//! σ²_w ≈ 1/(y_a + α_w) + 1/(y_b + α_w)
//! z_w  = δ_w / σ_w
//! ```
//!
//! Ranking by z rather than by the raw log-odds or by frequency is the
//! point of the method: frequent function words have small δ and rare
//! one-off words have large σ, so neither crowds the top.
//!
//! Choices, with the reasons (details and a worked example in `docs/why.md`):
//! - **Prior**: α_w = [`PRIOR_SCALE`] · (y_a + y_b), the term's count in the
//!   two sides together, so α_0 = 0.1 · (n_a + n_b): informative (it shrinks
//!   each side toward the pooled rate, which is what "no difference" means)
//!   and a tenth of the data's weight whatever its size. At 1 (the prior as
//!   heavy as the data) a term used 50 times by one side only gets z 4.1 (1,000 counts a side);
//!   at 0.1, 5.2; at 0.01, 3.3 — the one-sided term's σ grows as its prior
//!   count shrinks. 0.1 is near the top of that curve and keeps a term seen
//!   once from infinite log-odds.
//! - **Counts** are of comments, not occurrences: a term counts once per
//!   comment, so one customer repeating a word five times weighs as one
//!   customer. n_a is then the number of (term, comment) pairs on side a.
//! - **Terms**: single words that are not stop words or single characters
//!   (the lists are in `docs/why.md`), and pairs of adjacent words in one clause
//!   unless both are stop words — `on hold`, `not helpful`, `no one` keep
//!   their small words, `it was` goes. Both kinds share one vocabulary.

use std::collections::HashMap;

use super::terms::{BOUNDARY, Vocabulary};

/// The prior's weight relative to the data: α_w = 0.1 · (y_a + y_b).
pub const PRIOR_SCALE: f64 = 0.1;

/// How many example comments a term carries, per side.
pub const EXAMPLES_PER_TERM: usize = 3;

/// Which side a term is more typical of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    A,
    B,
}

/// A term that separates the two sides.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Term {
    /// One word or two, lower-cased, as first written (`on hold`).
    pub term: String,
    pub side: Side,
    /// δ/σ: positive for side A, negative for side B. |z| > 1.96 is the
    /// usual line, but it is a model-based score over many terms at once:
    /// read it as a ranking, not as a test of each term.
    pub z: f64,
    /// The log-odds ratio δ (natural log), side A over side B.
    pub delta: f64,
    /// Comments on each side that contain the term.
    pub count_a: u64,
    pub count_b: u64,
    /// Up to [`EXAMPLES_PER_TERM`] comments of the term's side that contain
    /// it: positions in that side's input, in input order.
    pub examples: Vec<usize>,
}

/// δ and z of one term, by the formulas above; `None` where the odds are
/// undefined (the term is every occurrence on a side: a vocabulary of one).
pub fn weighted_log_odds(counts: [u64; 2], totals: [u64; 2], prior: f64, prior_total: f64) -> Option<(f64, f64)> {
    let log_odds = |y: u64, n: u64| {
        let (y, n) = (y as f64 + prior, n as f64 + prior_total);
        let rest = n - y;
        (y > 0.0 && rest > 0.0).then(|| (y / rest).ln())
    };
    let delta = log_odds(counts[0], totals[0])? - log_odds(counts[1], totals[1])?;
    let variance = 1.0 / (counts[0] as f64 + prior) + 1.0 / (counts[1] as f64 + prior);
    Some((delta, delta / variance.sqrt()))
}

/// A term's counts while the comments are read.
struct Tally {
    key: TermKey,
    counts: [u64; 2],
    /// The last comment counted (side, position), to count each once.
    last: (usize, u32),
    examples: [[u32; EXAMPLES_PER_TERM]; 2],
}

/// A term: one word id, or a pair (first + 1) << 32 | second.
type TermKey = u64;

/// The terms of every comment read, counted once per comment.
struct TermCounts {
    vocabulary: Vocabulary,
    index: HashMap<TermKey, u32>,
    tallies: Vec<Tally>,
    /// (term, comment) pairs per side: n_a and n_b.
    totals: [u64; 2],
}

impl TermCounts {
    fn read<'c>(&mut self, side: usize, comments: impl IntoIterator<Item = &'c str>) {
        let mut words = Vec::new();
        for (position, comment) in comments.into_iter().enumerate() {
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            self.vocabulary.words_of(comment, &mut words);
            for (at, &word) in words.iter().enumerate() {
                if word == BOUNDARY {
                    continue;
                }
                let this = &self.vocabulary.words[word as usize];
                let single = this.is_term().then_some(TermKey::from(word));
                let pair = match words.get(at + 1) {
                    Some(&next) if next != BOUNDARY && !(this.stop && self.vocabulary.words[next as usize].stop) => {
                        Some((TermKey::from(word) + 1) << 32 | TermKey::from(next))
                    }
                    _ => None,
                };
                for key in single.into_iter().chain(pair) {
                    self.count(key, side, position);
                }
            }
        }
    }

    fn count(&mut self, key: TermKey, side: usize, position: u32) {
        let next = u32::try_from(self.tallies.len()).unwrap_or(u32::MAX);
        let id = *self.index.entry(key).or_insert(next) as usize;
        if id == self.tallies.len() {
            self.tallies.push(Tally {
                key,
                counts: [0; 2],
                last: (usize::MAX, 0),
                examples: [[0; EXAMPLES_PER_TERM]; 2],
            });
        }
        let tally = &mut self.tallies[id];
        if tally.last == (side, position) {
            return;
        }
        tally.last = (side, position);
        if let Some(slot) = tally.examples[side].get_mut(tally.counts[side] as usize) {
            *slot = position;
        }
        tally.counts[side] += 1;
        self.totals[side] += 1;
    }

    /// How a term is shown.
    fn display(&self, key: TermKey) -> String {
        match key >> 32 {
            0 => self.vocabulary.words[key as usize].display.clone(),
            first => self.vocabulary.pair_display((first - 1) as u32, (key & u64::from(u32::MAX)) as u32),
        }
    }
}

/// The terms that separate the comments of side A from those of side B:
/// the top `limit` of each side by |z|, side A first, each side by |z|
/// descending (on a tie, single words before pairs, then in the order
/// the terms first appeared). No terms when either side has none. Only terms in
/// at least `min_count` comments (both sides together) are ranked; all
/// terms count in the totals and the prior. `language` picks the stop words
/// and the elision rule (the lists are in `docs/why.md`); `None` for mixed or
/// unknown languages.
pub fn distinguishing_terms<'c>(
    side_a: impl IntoIterator<Item = &'c str>,
    side_b: impl IntoIterator<Item = &'c str>,
    language: Option<&str>,
    limit: usize,
    min_count: u64,
) -> Vec<Term> {
    let mut counts = TermCounts {
        vocabulary: Vocabulary::new(language),
        index: HashMap::new(),
        tallies: Vec::new(),
        totals: [0; 2],
    };
    counts.read(0, side_a);
    counts.read(1, side_b);
    let totals = counts.totals;
    if totals.contains(&0) {
        // Nothing to compare with: every δ is 0 but for rounding.
        return Vec::new();
    }
    let prior_total = PRIOR_SCALE * (totals[0] + totals[1]) as f64;
    let mut scored: Vec<(usize, f64, f64)> = (counts.tallies.iter().enumerate())
        .filter_map(|(id, tally)| {
            let in_comments = tally.counts[0] + tally.counts[1];
            if in_comments < min_count.max(1) {
                return None;
            }
            let prior = PRIOR_SCALE * in_comments as f64;
            let (delta, z) = weighted_log_odds(tally.counts, totals, prior, prior_total)?;
            // Equal rates leave δ a rounding error away from 0: no side.
            (delta.abs() > 1e-12).then_some((id, delta, z))
        })
        .collect();
    // Ties (a word and the pair it always comes in): the single word first,
    // then the term seen first.
    let is_pair = |id: usize| counts.tallies[id].key >> 32 != 0;
    scored.sort_unstable_by(|a, b| {
        b.2.abs().total_cmp(&a.2.abs()).then(is_pair(a.0).cmp(&is_pair(b.0))).then(a.0.cmp(&b.0))
    });
    let mut terms = Vec::new();
    for (side, s) in [(Side::A, 0), (Side::B, 1)] {
        let of_side = scored.iter().filter(|(_, _, z)| (*z > 0.0) == (side == Side::A)).take(limit);
        terms.extend(of_side.map(|&(id, delta, z)| {
            let tally = &counts.tallies[id];
            let shown = (tally.counts[s] as usize).min(EXAMPLES_PER_TERM);
            Term {
                term: counts.display(tally.key),
                side,
                z,
                delta,
                count_a: tally.counts[0],
                count_b: tally.counts[1],
                examples: tally.examples[s][..shown].iter().map(|&position| position as usize).collect(),
            }
        }));
    }
    terms
}
