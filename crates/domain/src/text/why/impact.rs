//! What a theme does to the score: the NPS of the responses that mention it
//! against the NPS of those that do not, and how many points of the overall
//! NPS that difference accounts for.
//!
//! `impact` is the overall NPS minus the NPS the organisation would have if
//! the theme's responses had scored like the rest:
//!
//! ```text
//! impact = NPS_all − NPS_without = (NPS_with − NPS_without) · mentions / n
//! ```
//!
//! (the two are equal because NPS_all is the mention-weighted mean of
//! NPS_with and NPS_without). It is in NPS points and **negative where the
//! theme costs**: −16 means the organisation would score 16 points higher if
//! those responses scored like the others — it would *gain* −impact points.
//! A theme mentioned mostly by promoters has a positive impact: the points
//! it earns. Both factors matter, which is why it ranks themes better than
//! either the gap or the mention count alone: a rare theme with a huge gap
//! and a common theme with a small one can cost the same.
//!
//! ```
//! use vocal_domain::Counts;
//! use vocal_domain::text::why::ThemeImpact;
//!
//! // 100 responses; the 20 that mention billing score −50, the rest +30.
//! let with = Counts { promoters: 2, passives: 6, detractors: 12 };
//! let without = Counts { promoters: 40, passives: 24, detractors: 16 };
//! let billing = ThemeImpact::new(with, without);
//! assert_eq!(billing.nps_with.nps, Some(-50.0));
//! assert_eq!(billing.nps_without.nps, Some(30.0));
//! assert_eq!(billing.impact, Some(-16.0)); // (−50 − 30) · 20 / 100
//! ```

use crate::nps::{Comparison, Counts, Figure, MinSample, compare};

/// One theme's weight in the score. Every field that needs a response to
/// exist is `None` rather than NaN when there is none.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ThemeImpact {
    /// Responses whose comment mentions the theme.
    pub mentions: u64,
    /// All responses, mentioning or not.
    pub n: u64,
    /// mentions / n, 0…1; `None` without responses.
    pub mention_rate: Option<f64>,
    /// The fraction (0…1) of all detractors whose comment mentions the
    /// theme; `None` when there are no detractors. Likewise for passives and
    /// promoters. Fractions of each category, not of the mentions, so a
    /// theme named by 40 % of detractors and 5 % of promoters reads as such
    /// whatever the mix of the sample.
    pub share_of_detractors: Option<f64>,
    pub share_of_passives: Option<f64>,
    pub share_of_promoters: Option<f64>,
    /// The responses that mention the theme, with their 95 % interval.
    pub nps_with: Figure,
    /// The responses that do not, with their 95 % interval.
    pub nps_without: Figure,
    /// NPS_all − NPS_without, in points; negative where the theme costs.
    /// `None` when there are no responses, or when every response mentions
    /// the theme (there is no "rest" to score like). 0 when none does.
    pub impact: Option<f64>,
    /// NPS_with − NPS_without and whether it is significant, by
    /// [`compare`] (the same adjusted-Wald test as a change between two
    /// periods): an impact whose gap is not significant is noise.
    /// `None` when either group is empty.
    pub difference: Option<Comparison>,
}

impl ThemeImpact {
    /// From the counts of the responses that mention the theme and of those
    /// that do not; the overall counts are their sum, so they cannot
    /// disagree. Figures with fewer than the default minimum sample are
    /// flagged `low_sample`.
    pub fn new(with: Counts, without: Counts) -> Self {
        Self::with_min_sample(with, without, MinSample::default())
    }

    /// From the counts of the responses that mention the theme and of all
    /// responses; `None` when the mentions exceed the total in a category
    /// (counts taken from different samples).
    pub fn from_overall(with: Counts, overall: Counts) -> Option<Self> {
        let without = Counts {
            promoters: overall.promoters.checked_sub(with.promoters)?,
            passives: overall.passives.checked_sub(with.passives)?,
            detractors: overall.detractors.checked_sub(with.detractors)?,
        };
        Some(Self::new(with, without))
    }

    pub fn with_min_sample(with: Counts, without: Counts, min_sample: MinSample) -> Self {
        let mut overall = with;
        overall += without;
        // With no mentions `without` is `overall`: the same sum, exactly 0.
        let impact = overall.nps().zip(without.nps()).map(|(all, rest)| all - rest);
        ThemeImpact {
            mentions: with.n(),
            n: overall.n(),
            mention_rate: fraction(with.n(), overall.n()),
            share_of_detractors: fraction(with.detractors, overall.detractors),
            share_of_passives: fraction(with.passives, overall.passives),
            share_of_promoters: fraction(with.promoters, overall.promoters),
            nps_with: with.figure(min_sample),
            nps_without: without.figure(min_sample),
            impact,
            difference: compare(&without, &with),
        }
    }

    /// The points of NPS the organisation would gain if the theme's
    /// responses scored like the rest: −impact where the theme costs, 0
    /// where it does not.
    pub fn points_to_gain(&self) -> Option<f64> {
        self.impact.map(|impact| (-impact).max(0.0))
    }
}

/// part / whole, `None` when the whole is empty.
pub(crate) fn fraction(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
