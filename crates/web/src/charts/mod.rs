//! Charts drawn on the server as SVG strings: they need no JavaScript, print
//! as they look, and can be embedded in pages and emails alike. Each chart
//! scales to its container (`viewBox` + `width="100%"`), names itself for
//! screen readers (`role="img"` + `aria-label`) and gives every mark a
//! `<title>` with its figure, n and margin, so nothing is shown without its
//! uncertainty. Every text is escaped: labels come from customer data.
//!
//! The inputs are small plain structs, so the charts can be drawn from any
//! source; `From` conversions cover the dashboard's figures.

mod bars;
mod breakdown;
mod svg;
mod trend;

pub use bars::{distribution_chart, split_bar};
pub use breakdown::breakdown_bars;
pub use trend::trend_chart;

use vocal_app::dashboard::{BreakdownGroup, TrendPeriod};
use vocal_domain::Figure;

/// One period of a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub label: String,
    pub n: u64,
    /// `None` for a period without answers: the line breaks there.
    pub nps: Option<f64>,
    /// 95 % margin of error (half the interval's width), in points.
    pub margin: Option<f64>,
    /// The 95 % interval, drawn as the band: not centred on `nps`.
    pub interval: Option<(f64, f64)>,
    /// The change from the period before is more than noise.
    pub significant: bool,
}

/// One group of a breakdown; drawn in the order given, never re-ordered.
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub n: u64,
    pub nps: Option<f64>,
    pub margin: Option<f64>,
    /// The 95 % interval, drawn as the whisker: not centred on `nps`.
    pub interval: Option<(f64, f64)>,
    /// Too few answers to read much into: drawn hatched and faded.
    pub low_sample: bool,
}

impl From<&TrendPeriod> for TrendPoint {
    fn from(period: &TrendPeriod) -> Self {
        TrendPoint {
            label: period.label.clone(),
            n: period.figure.n,
            nps: period.figure.nps,
            margin: period.figure.margin_of_error,
            interval: interval(&period.figure),
            significant: period.change.is_some_and(|c| c.significant),
        }
    }
}

/// The label shown for responses without a value for the field.
pub const NO_VALUE: &str = "(no value)";

impl From<&BreakdownGroup> for BarGroup {
    fn from(group: &BreakdownGroup) -> Self {
        BarGroup {
            label: group.label.clone().unwrap_or_else(|| NO_VALUE.to_string()),
            n: group.figure.n,
            nps: group.figure.nps,
            margin: group.figure.margin_of_error,
            interval: interval(&group.figure),
            low_sample: group.figure.low_sample,
        }
    }
}

fn interval(figure: &Figure) -> Option<(f64, f64)> {
    figure.ci_low.zip(figure.ci_high)
}

#[cfg(test)]
mod tests;
