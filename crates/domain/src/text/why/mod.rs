//! The why behind the score: what each theme costs or earns in NPS points
//! ([`impact`]), which themes are rising ([`emerging`]), and the words and
//! phrases that separate two groups of comments — detractors from
//! promoters, one period from the next ([`log_odds`]). Definitions, worked
//! examples and measured throughput are in `docs/why.md`.

pub mod emerging;
pub mod impact;

pub use emerging::{Mentions, RateChange, ThemePeriod, TrendPoint, mention_rate_change, theme_trend};
pub use impact::ThemeImpact;

#[cfg(test)]
mod emerging_tests;
#[cfg(test)]
mod impact_tests;
