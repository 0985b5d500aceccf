//! The Net Promoter arithmetic: counts, the score, its 95 % interval, and
//! whether a change between two periods is more than noise.
//!
//! The score is the plain NPS = 100·(P − D)/n. Its interval is the adjusted
//! Wald interval (Rocks, The American Statistician 70(4), 2016): the counts
//! get ¾ of a promoter, ¾ of a detractor and 1½ passives more (n' = n + 3),
//! and the normal interval is taken around that adjusted estimate. The plain
//! (Wald) interval covered the true NPS only 40–86 % of the time at n = 5
//! and showed "± 0" for unanimous groups; see `docs/nps-math.md` for the
//! formula, a worked example and the coverage measured for both.

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

    /// The adjusted Wald estimate behind the interval; `None` without
    /// answers (no interval is claimed where nothing was asked).
    pub fn adjusted(&self) -> Option<Adjusted> {
        if self.n() == 0 {
            return None;
        }
        let n = self.n() as f64 + PSEUDO_ANSWERS;
        let p = (self.promoters as f64 + PSEUDO_PROMOTERS) / n;
        let d = (self.detractors as f64 + PSEUDO_DETRACTORS) / n;
        let nps = p - d;
        // Never zero: the pseudo-answers keep p + d strictly between 0 and 1,
        // so p + d − (p − d)² ≥ (p + d)(1 − p − d) > 0.
        Some(Adjusted { nps, variance: (p + d - nps * nps) / n })
    }

    /// The 95 % interval in points: the adjusted Wald interval clamped to
    /// −100…100, and widened to reach the plain score where it does not
    /// (only ever at n = 1: one promoter gives −48.5…98.5, shown −48.5…100),
    /// so the score shown always lies inside its interval.
    pub fn interval(&self) -> Option<(f64, f64)> {
        let score = self.nps()?;
        let adjusted = self.adjusted()?;
        let centre = 100.0 * adjusted.nps;
        let half = 100.0 * Z95 * adjusted.variance.sqrt();
        let low = (centre - half).max(-100.0).min(score);
        let high = (centre + half).min(100.0).max(score);
        Some((low, high))
    }

    pub fn figure(&self, min_sample: MinSample) -> Figure {
        let interval = self.interval();
        Figure {
            n: self.n(),
            promoters: self.promoters,
            passives: self.passives,
            detractors: self.detractors,
            nps: self.nps(),
            margin_of_error: interval.map(|(low, high)| (high - low) / 2.0),
            ci_low: interval.map(|(low, _)| low),
            ci_high: interval.map(|(_, high)| high),
            low_sample: self.n() < min_sample.0,
        }
    }
}

/// Answers added by the adjusted Wald interval: ¾ promoter, ¾ detractor
/// and (implicitly) 1½ passives. Rocks (2016) found this the best of the
/// simple intervals; Sauro & Lewis confirmed it on real survey data.
const PSEUDO_ANSWERS: f64 = 3.0;
const PSEUDO_PROMOTERS: f64 = 0.75;
const PSEUDO_DETRACTORS: f64 = 0.75;

/// The counts with the pseudo-answers added, as fractions: the centre and
/// the variance the interval and the significance of a change are built on.
/// Not the score shown — that stays the plain NPS.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjusted {
    /// p' − d', −1…1.
    pub nps: f64,
    /// (p' + d' − (p' − d')²) / n', always > 0.
    pub variance: f64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.promoters += other.promoters;
        self.passives += other.passives;
        self.detractors += other.detractors;
    }
}

/// A reported NPS figure: always with its sample size and 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Figure {
    pub n: u64,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// Points, −100…100; `null` when `n` is 0.
    pub nps: Option<f64>,
    /// Half the width of the 95 % interval, in points; never 0. The
    /// interval is not centred on `nps` (it leans toward 0 on small
    /// samples): `ci_low`/`ci_high` are its exact ends.
    pub margin_of_error: Option<f64>,
    /// The adjusted Wald 95 % interval, clamped to −100…100.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Fewer answers than the minimum sample: shown, never ranked.
    pub low_sample: bool,
}

impl Figure {
    /// The counts the figure was made from.
    pub fn counts(&self) -> Counts {
        Counts { promoters: self.promoters, passives: self.passives, detractors: self.detractors }
    }
}

/// The change from one period to the next, and whether it is significant.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// current − previous, in points (the plain scores shown).
    pub delta: f64,
    /// 1.96·√(Var'₁ + Var'₂), in points: half the width of the interval.
    pub margin: f64,
    /// The 95 % interval of the change: the adjusted difference ± margin.
    pub ci_low: f64,
    pub ci_high: f64,
    /// The interval excludes 0: a change at the 95 % level for independent
    /// samples.
    pub significant: bool,
}

/// Compares two independent periods (or groups); `None` when either has no
/// answers. The test is on the adjusted scores, with their variances: the
/// plain difference against the adjusted margin would flag 16–18 % of changes
/// between two samples of five from one distribution (see docs/nps-math.md).
pub fn compare(previous: &Counts, current: &Counts) -> Option<Comparison> {
    let delta = current.nps()? - previous.nps()?;
    let (before, after) = (previous.adjusted()?, current.adjusted()?);
    let margin = 100.0 * Z95 * (before.variance + after.variance).sqrt();
    let centre = 100.0 * (after.nps - before.nps);
    Some(Comparison {
        delta,
        margin,
        ci_low: centre - margin,
        ci_high: centre + margin,
        significant: centre.abs() > margin,
    })
}

#[cfg(test)]
#[path = "nps_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "nps_coverage_tests.rs"]
mod coverage_tests;
