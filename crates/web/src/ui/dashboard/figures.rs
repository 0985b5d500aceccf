//! The dashboard's figures as the page shows them: every NPS with its n
//! and margin of error, changes marked significant or not, small groups
//! flagged, and the charts drawn on the server.

use vocal_app::dashboard::{Dashboard, DateRange};
use vocal_domain::Figure;
use vocal_domain::nps::Comparison;

use super::view::{By, View};
use crate::charts::{self, BarGroup, TrendPoint};

/// An NPS as shown: one decimal, signed, `–` without answers.
pub fn nps(value: Option<f64>) -> String {
    match value.map(|v| (v * 10.0).round() / 10.0) {
        None => "–".into(),
        // Rounded to zero is neither gain nor loss: no sign, no "-0.0".
        Some(v) => {
            if v == 0.0 {
                "0.0".into()
            } else {
                format!("{v:+.1}")
            }
        }
    }
}

pub fn margin(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |m| format!("±{m:.1}"))
}

/// A count with thousands separators: `12,345`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn range(range: &DateRange) -> String {
    format!("{} – {}", range.since, range.until)
}

/// A figure's cells.
pub struct Cells {
    pub n: String,
    /// The count unformatted, for machines (`data-n`: tests, benchmarks).
    pub count: u64,
    pub nps: String,
    pub margin: String,
    pub low_sample: bool,
}

impl From<&Figure> for Cells {
    fn from(figure: &Figure) -> Self {
        Cells {
            n: count(figure.n),
            count: figure.n,
            nps: nps(figure.nps),
            margin: margin(figure.margin_of_error),
            low_sample: figure.low_sample,
        }
    }
}

/// A change in points, its direction and whether it is more than noise.
pub struct Change {
    pub delta: String,
    /// `up`, `down` or `flat` (a CSS class).
    pub direction: &'static str,
    pub arrow: &'static str,
    /// The change's 95 % interval, "+3.0 … +19.0": it excludes 0 exactly
    /// when the change is significant.
    pub interval: String,
    pub significant: bool,
}

impl From<&Comparison> for Change {
    fn from(c: &Comparison) -> Self {
        let rounded = (c.delta * 10.0).round() / 10.0;
        let (direction, arrow) = match rounded {
            d if d > 0.0 => ("up", "▲"),
            d if d < 0.0 => ("down", "▼"),
            _ => ("flat", "▶"),
        };
        // Colour says "this moved"; noise keeps its arrow but not the colour.
        let direction = if c.significant { direction } else { "flat" };
        Change {
            delta: nps(Some(c.delta)),
            direction,
            arrow,
            interval: format!("{} … {}", nps(Some(c.ci_low)), nps(Some(c.ci_high))),
            significant: c.significant,
        }
    }
}

pub struct Headline {
    pub figure: Cells,
    /// The days shown; `None` for an open range without answers.
    pub range: Option<String>,
    pub previous: Option<Previous>,
}

pub struct Previous {
    pub range: String,
    pub figure: Cells,
    pub change: Option<Change>,
}

pub struct TrendRow {
    pub label: String,
    pub range: String,
    pub figure: Cells,
    pub change: Option<Change>,
}

pub struct Split {
    pub promoters: String,
    pub passives: String,
    pub detractors: String,
}

/// One group of the breakdown; `href` drills down or filters to it.
pub struct Group {
    pub label: String,
    pub href: Option<String>,
    pub figure: Cells,
}

/// Everything the figure cards show, drawn once per page view.
pub struct Figures {
    pub headline: Headline,
    pub split: Split,
    pub distribution_svg: String,
    pub split_svg: String,
    pub trend: Vec<TrendRow>,
    pub trend_svg: String,
    pub groups: Vec<Group>,
    pub breakdown_svg: String,
    /// Groups in the table but not in the chart (beyond [`CHARTED_GROUPS`]).
    pub uncharted: usize,
}

impl Figures {
    /// `drill` says whether the user may open a unit (by path).
    pub fn of(dashboard: &Dashboard, view: &View, drill: impl Fn(&str) -> bool) -> Figures {
        let headline = Headline {
            figure: Cells::from(&dashboard.headline),
            range: dashboard.range.as_ref().map(range),
            previous: dashboard.previous.as_ref().map(|p| Previous {
                range: range(&p.range),
                figure: Cells::from(&p.figure),
                change: p.change.as_ref().map(Change::from),
            }),
        };
        let s = &dashboard.split;
        let share = |label: &str, share: &vocal_app::dashboard::Share| {
            format!("{label} {} % ({})", share.percent, count(share.count))
        };
        let split = Split {
            promoters: share("Promoters", &s.promoters),
            passives: share("Passives", &s.passives),
            detractors: share("Detractors", &s.detractors),
        };
        let periods = &dashboard.trend.periods;
        let trend = periods
            .iter()
            .map(|p| TrendRow {
                label: p.label.clone(),
                range: range(&p.range),
                figure: Cells::from(&p.figure),
                change: p.change.as_ref().map(Change::from),
            })
            .collect();
        let points: Vec<TrendPoint> = periods.iter().map(TrendPoint::from).collect();
        let bars: Vec<BarGroup> = dashboard.breakdown.groups.iter().map(BarGroup::from).collect();
        let groups = dashboard
            .breakdown
            .groups
            .iter()
            .zip(&bars)
            .map(|(group, bar)| Group {
                label: bar.label.clone(),
                href: group.label.as_ref().and_then(|value| group_link(view, value, &drill)),
                figure: Cells::from(&group.figure),
            })
            .collect();
        let caption = format!("NPS by {}", view.by.label().to_lowercase());
        // Hundreds of bars (agents) would weigh hundreds of KB and tell nothing
        // at a glance: the chart has the largest groups, the table has all.
        let charted = &bars[..bars.len().min(CHARTED_GROUPS)];
        Figures {
            headline,
            split,
            distribution_svg: charts::distribution_chart(&dashboard.distribution, 560, 220),
            split_svg: charts::split_bar(s.promoters.percent, s.passives.percent, s.detractors.percent, 560),
            trend,
            trend_svg: charts::trend_chart(&points, 1100, 300),
            groups,
            breakdown_svg: charts::breakdown_bars(&caption, charted, 1100),
            uncharted: bars.len().saturating_sub(CHARTED_GROUPS),
        }
    }
}

/// The breakdown chart shows at most this many groups, the largest.
pub const CHARTED_GROUPS: usize = 40;

/// A unit group drills down (the same view inside that unit); any other
/// group filters the view to its value.
fn group_link(view: &View, value: &str, drill: &impl Fn(&str) -> bool) -> Option<String> {
    let value = value.to_string();
    let current = |filter: &Option<String>| filter.as_deref() == Some(value.as_str());
    match &view.by {
        By::Unit => (drill(&value) && !current(&view.unit)).then(|| view.link(|v| v.unit = Some(value))),
        By::Channel => (!current(&view.channel)).then(|| view.link(|v| v.channel = Some(value))),
        By::Touchpoint => (!current(&view.touchpoint)).then(|| view.link(|v| v.touchpoint = Some(value))),
        By::Agent => (!current(&view.agent)).then(|| view.link(|v| v.agent = Some(value))),
        By::Attribute(name) => {
            let name = name.clone();
            (!view.attrs.contains(&(name.clone(), value.clone()))).then(|| {
                view.link(|v| {
                    v.attrs.retain(|(n, _)| *n != name);
                    v.attrs.push((name, value));
                })
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_signed_rounded_and_grouped() {
        assert_eq!(nps(Some(14.2857)), "+14.3");
        assert_eq!(nps(Some(-12.5)), "-12.5");
        assert_eq!(nps(Some(-0.04)), "0.0");
        assert_eq!(nps(None), "–");
        assert_eq!(margin(Some(5.04)), "±5.0");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(999), "999");
    }
}
