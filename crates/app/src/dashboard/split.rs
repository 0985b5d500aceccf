//! The promoter / passive / detractor split as whole percentages that add
//! up to 100, so a stacked bar or a table never shows 99 % or 101 %.

use vocal_domain::Counts;

/// One band's count and its whole-percent share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Share {
    pub count: u64,
    pub percent: u32,
}

/// The headline's three bands; percentages sum to 100 (0 without answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Split {
    pub promoters: Share,
    pub passives: Share,
    pub detractors: Share,
}

impl Split {
    pub fn of(counts: &Counts) -> Self {
        let parts = [counts.promoters, counts.passives, counts.detractors];
        let [promoters, passives, detractors] = largest_remainder(parts, 100);
        Split {
            promoters: Share { count: counts.promoters, percent: promoters },
            passives: Share { count: counts.passives, percent: passives },
            detractors: Share { count: counts.detractors, percent: detractors },
        }
    }
}

/// Shares of `total` proportional to `parts`, rounded by the largest
/// remainder method: each part gets its floor, then the units left go to
/// the largest fractional remainders (earlier parts win ties). Exact
/// integer arithmetic, so 1/1/1 is always 34/33/33. All zero without parts.
pub fn largest_remainder<const N: usize>(parts: [u64; N], total: u32) -> [u32; N] {
    let sum: u128 = parts.iter().map(|&p| u128::from(p)).sum();
    let mut shares = [0u32; N];
    if sum == 0 {
        return shares;
    }
    let mut remainders = [0u128; N];
    for (i, &part) in parts.iter().enumerate() {
        let scaled = u128::from(part) * u128::from(total);
        // scaled / sum ≤ total, so it fits.
        shares[i] = (scaled / sum) as u32;
        remainders[i] = scaled % sum;
    }
    let left = total - shares.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..N).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
    for &i in order.iter().take(left as usize) {
        shares[i] += 1;
    }
    shares
}
