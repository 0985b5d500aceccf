//! Ranks that do not claim more than the data shows: groups whose
//! difference is within noise share a rank.
//!
//! The rule, for groups already ordered best first: the first has rank 1;
//! each next group shares the rank of the group just above it when the
//! difference between the two is not significant ([`compare`]: the 95 %
//! test on the adjusted scores); otherwise its rank is its 1-based position.
//! A run of groups each within noise of its neighbour therefore shares one
//! rank: the data cannot order them, even when the first and the last of a
//! long run would differ significantly.

use crate::nps::{Counts, compare};

/// A place on a ranked list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rank {
    /// 1 = best.
    pub place: usize,
    /// Another group has the same place.
    pub tied: bool,
}

/// The ranks of `ordered` (best first), by the rule in the module
/// documentation; one rank per group, in the same order.
pub fn tied_ranks(ordered: &[Counts]) -> Vec<Rank> {
    let mut places: Vec<usize> = Vec::with_capacity(ordered.len());
    for (position, counts) in ordered.iter().enumerate() {
        let shares_above = position > 0 && compare(&ordered[position - 1], counts).is_some_and(|c| !c.significant);
        places.push(if shares_above { places[position - 1] } else { position + 1 });
    }
    (0..places.len())
        .map(|i| {
            let same = |j: usize| places.get(j) == Some(&places[i]);
            Rank { place: places[i], tied: (i > 0 && same(i - 1)) || same(i + 1) }
        })
        .collect()
}

#[cfg(test)]
#[path = "ranking_tests.rs"]
mod tests;
