use super::*;

/// n = 100 with no detractors: `promoters`, the rest passives.
fn hundred(promoters: u64) -> Counts {
    Counts { promoters, passives: 100 - promoters, detractors: 0 }
}

fn places(ranks: &[Rank]) -> Vec<(usize, bool)> {
    ranks.iter().map(|r| (r.place, r.tied)).collect()
}

#[test]
fn clearly_different_groups_get_their_positions() {
    // 80 → 50 promoters of 100: NPS' 0.77670 vs 0.48544, Var' 0.0018252 + 0.0025665,
    // margin 196·√0.0043917 = 12.99 < 29.1: significant. 50 → 10: plainly so.
    let ranks = tied_ranks(&[hundred(80), hundred(50), hundred(10)]);
    assert_eq!(places(&ranks), [(1, false), (2, false), (3, false)]);
}

#[test]
fn a_group_within_noise_of_the_one_above_shares_its_rank() {
    // 50 → 45 promoters of 100: NPS' 0.48544 vs 0.43689, Var' 0.0025665 + 0.0025299,
    // margin 196·√0.0050964 = 13.99 > 4.85: not significant, so 45 shares rank 2.
    let ranks = tied_ranks(&[hundred(80), hundred(50), hundred(45), hundred(5)]);
    assert_eq!(places(&ranks), [(1, false), (2, true), (2, true), (4, false)]);
}

#[test]
fn equal_groups_share_a_rank() {
    let ranks = tied_ranks(&[hundred(60), hundred(60), hundred(10)]);
    assert_eq!(places(&ranks), [(1, true), (1, true), (3, false)]);
}

#[test]
fn a_run_of_close_neighbours_shares_one_rank_even_when_its_ends_differ() {
    // Neighbours 5 points apart, margins ≈ 14: each shares the rank above.
    let run = [hundred(60), hundred(55), hundred(50), hundred(45), hundred(40)];
    // The ends: NPS' 0.58252 vs 0.38835, Var' 0.0025025 + 0.0024475,
    // margin 196·√0.00495 = 13.79 < 19.4: they would differ on their own.
    assert!(compare(&run[4], &run[0]).unwrap().significant);
    assert_eq!(places(&tied_ranks(&run)), [(1, true); 5]);
}

#[test]
fn no_groups_no_ranks_and_one_group_is_first_alone() {
    assert!(tied_ranks(&[]).is_empty());
    assert_eq!(places(&tied_ranks(&[hundred(3)])), [(1, false)]);
}
