//! The why behind the score: what each theme costs or earns in NPS points
//! ([`impact`]), which themes are rising ([`emerging`]), and the words and
//! phrases that separate two groups of comments — detractors from
//! promoters, one period from the next ([`log_odds`]). Definitions, worked
//! examples and measured throughput are in `docs/why.md`.

pub mod emerging;
pub mod impact;
pub mod log_odds;
mod stop_words;
mod terms;

pub use emerging::{Mentions, RateChange, ThemePeriod, TrendPoint, mention_rate_change, theme_trend};
pub use impact::ThemeImpact;
pub use log_odds::{Side, Term, distinguishing_terms, weighted_log_odds};

#[cfg(test)]
mod emerging_tests;
#[cfg(test)]
mod impact_tests;
#[cfg(test)]
mod log_odds_tests;
#[cfg(test)]
mod throughput_tests;
