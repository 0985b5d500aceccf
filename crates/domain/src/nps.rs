//! The Net Promoter arithmetic: counts, the score, its 95 % margin of error,
//! and whether a change between two periods is more than noise.
//!
//! With `n` answers, `p` the share of promoters and `d` of detractors:
//! NPS = 100·(p − d); Var(NPS as a fraction) = (p + d − (p − d)²) / n;
//! margin = 100·1.96·√Var. See `docs/nps-math.md` for the derivation.

use crate::score::{Category, Score};

/// The two-sided 95 % normal quantile.
pub const Z95: f64 = 1.96;

/// Groups with fewer answers than this are flagged and never ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinSample(pub u64);

impl Default for MinSample {
    fn default() -> Self {
        MinSample(30)
    }
}

/// How many answers fell in each band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
}

impl Counts {
    /// Counts from a histogram of the eleven scores.
    pub fn from_histogram(histogram: &[u64; 11]) -> Self {
        Counts {
            detractors: histogram[..7].iter().sum(),
            passives: histogram[7] + histogram[8],
            promoters: histogram[9] + histogram[10],
        }
    }

    pub fn from_scores(scores: impl IntoIterator<Item = Score>) -> Self {
        let mut counts = Counts::default();
        for score in scores {
            counts.add(score);
        }
        counts
    }

    pub fn add(&mut self, score: Score) {
        match score.category() {
            Category::Promoter => self.promoters += 1,
            Category::Passive => self.passives += 1,
            Category::Detractor => self.detractors += 1,
        }
    }

    pub fn n(&self) -> u64 {
        self.promoters + self.passives + self.detractors
    }

    /// NPS in points (−100…100), or `None` without answers.
    pub fn nps(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| 100.0 * (self.promoters as f64 - self.detractors as f64) / n as f64)
    }

    /// Variance of the NPS as a fraction (−1…1); `None` without answers.
    pub fn variance(&self) -> Option<f64> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let n = n as f64;
        let p = self.promoters as f64 / n;
        let d = self.detractors as f64 / n;
        // Clamped: rounding can make p + d − (p − d)² a hair below zero.
        Some(((p + d - (p - d) * (p - d)) / n).max(0.0))
    }

    /// Half-width of the 95 % confidence interval, in points.
    pub fn margin_of_error(&self) -> Option<f64> {
        self.variance().map(|v| 100.0 * Z95 * v.sqrt())
    }

    pub fn figure(&self, min_sample: MinSample) -> Figure {
        let nps = self.nps();
        let margin = self.margin_of_error();
        Figure {
            n: self.n(),
            promoters: self.promoters,
            passives: self.passives,
            detractors: self.detractors,
            nps,
            margin_of_error: margin,
            ci_low: nps.zip(margin).map(|(s, m)| (s - m).max(-100.0)),
            ci_high: nps.zip(margin).map(|(s, m)| (s + m).min(100.0)),
            low_sample: self.n() < min_sample.0,
        }
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.promoters += other.promoters;
        self.passives += other.passives;
        self.detractors += other.detractors;
    }
}

/// A reported NPS figure: always with its sample size and margin of error.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Figure {
    pub n: u64,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// Points, −100…100; `null` when `n` is 0.
    pub nps: Option<f64>,
    /// 95 %, in points.
    pub margin_of_error: Option<f64>,
    /// The 95 % interval, clamped to −100…100.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Fewer answers than the minimum sample: shown, never ranked.
    pub low_sample: bool,
}

/// The change from one period to the next, and whether it is significant.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// current − previous, in points.
    pub delta: f64,
    /// 1.96·√(var₁ + var₂), in points.
    pub margin: f64,
    /// |delta| > margin: a change at the 95 % level for independent samples.
    pub significant: bool,
}

/// Compares two independent periods; `None` when either has no answers.
pub fn compare(previous: &Counts, current: &Counts) -> Option<Comparison> {
    let delta = current.nps()? - previous.nps()?;
    let margin = 100.0 * Z95 * (previous.variance()? + current.variance()?).sqrt();
    Some(Comparison { delta, margin, significant: delta.abs() > margin })
}

#[cfg(test)]
#[path = "nps_tests.rs"]
mod tests;
