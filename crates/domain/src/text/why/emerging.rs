//! Whether a theme is *emerging* — mentioned by a significantly larger share
//! of responses this period than the last — and a theme's trend over periods.
//!
//! The test is on the difference of two mention rates, with the
//! Agresti–Caffo interval (Agresti & Caffo, The American Statistician 54(4),
//! 2000): add one mention and one non-mention to each period, then take the
//! normal (Wald) interval of the difference of the adjusted rates. Why not
//! the textbook two-proportion z-test: a theme new this period has 0
//! mentions before, where the unpooled Wald variance of that period is 0 and
//! the pooled one leans on a rate estimated from a handful of mentions; both
//! are known to misstate their level at the counts a new theme has. The
//! Agresti–Caffo interval keeps close to its nominal coverage down to a few
//! responses per period, needs no table, and is the same "add pseudo-answers,
//! then Wald" idea as the NPS interval (see [`crate::nps`]).
//!
//! A theme is emerging when its plain rate rose and the 95 % interval of the
//! rise lies above 0 — the product's usual two-sided 95 % level, which makes
//! "emerging" a one-sided test at 2.5 %. The level is deliberately strict:
//! every theme is tested every period, and a list of emerging themes that
//! are mostly noise is worse than one that is late by a period.
//!
//! ```
//! use vocal_domain::text::why::{Mentions, mention_rate_change};
//!
//! // 10 of 200 responses mentioned the theme last month, 30 of 200 now.
//! let change = mention_rate_change(Mentions { mentions: 10, n: 200 }, Mentions { mentions: 30, n: 200 }).unwrap();
//! assert!(change.emerging);
//! assert!((change.delta - 0.10).abs() < 1e-12);
//! ```

use super::impact::{ThemeImpact, fraction};
use crate::nps::{Counts, MinSample, Z95};

/// How many of a period's responses mention a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Mentions {
    pub mentions: u64,
    /// All responses of the period.
    pub n: u64,
}

/// The change of a theme's mention rate from one period to the next.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RateChange {
    /// Plain rates, 0…1.
    pub previous_rate: f64,
    pub current_rate: f64,
    /// current − previous, plain rates.
    pub delta: f64,
    /// The 95 % Agresti–Caffo interval of the change (adjusted rates).
    pub ci_low: f64,
    pub ci_high: f64,
    /// The adjusted change over its standard error.
    pub z: f64,
    /// The rate rose and the interval lies above 0.
    pub emerging: bool,
}

/// The change of the mention rate, `None` when either period has no
/// responses or claims more mentions than responses.
pub fn mention_rate_change(previous: Mentions, current: Mentions) -> Option<RateChange> {
    let (before, before_variance) = adjusted_rate(previous)?;
    let (after, after_variance) = adjusted_rate(current)?;
    let previous_rate = fraction(previous.mentions, previous.n)?;
    let current_rate = fraction(current.mentions, current.n)?;
    let centre = after - before;
    // Never 0: each adjusted rate lies strictly between 0 and 1.
    let error = (before_variance + after_variance).sqrt();
    let (ci_low, ci_high) = (centre - Z95 * error, centre + Z95 * error);
    Some(RateChange {
        previous_rate,
        current_rate,
        delta: current_rate - previous_rate,
        ci_low,
        ci_high,
        z: centre / error,
        emerging: current_rate > previous_rate && ci_low > 0.0,
    })
}

/// The rate with one mention and one non-mention added, and the variance of
/// that estimate over n + 2.
fn adjusted_rate(period: Mentions) -> Option<(f64, f64)> {
    if period.n == 0 || period.mentions > period.n {
        return None;
    }
    let n = period.n as f64 + 2.0;
    let rate = (period.mentions as f64 + 1.0) / n;
    Some((rate, rate * (1.0 - rate) / n))
}

/// One period of a theme: the counts of the responses that mention it and
/// of those that do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ThemePeriod {
    pub with: Counts,
    pub without: Counts,
}

impl ThemePeriod {
    pub fn mentions(&self) -> Mentions {
        Mentions { mentions: self.with.n(), n: self.with.n() + self.without.n() }
    }
}

/// A theme in one period of its trend.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TrendPoint {
    /// Mentions, mention rate, NPS with and without, impact: as for the
    /// whole sample, within the period.
    pub impact: ThemeImpact,
    /// Against the period before; `None` for the first period and where
    /// either period has no responses.
    pub change: Option<RateChange>,
}

/// A theme's trend, one point per period in the order given (oldest
/// first); the last point's `change.emerging` says whether it is emerging now.
pub fn theme_trend(periods: &[ThemePeriod], min_sample: MinSample) -> Vec<TrendPoint> {
    let mut previous: Option<Mentions> = None;
    periods
        .iter()
        .map(|period| {
            let mentions = period.mentions();
            let change = previous.and_then(|before| mention_rate_change(before, mentions));
            previous = Some(mentions);
            TrendPoint { impact: ThemeImpact::with_min_sample(period.with, period.without, min_sample), change }
        })
        .collect()
}
