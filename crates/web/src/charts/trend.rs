//! The NPS trend: a line per run of periods with answers, its 95 % band,
//! and a ring where the change from the period before is significant.

use super::TrendPoint;
use super::svg::{ACCENT, GRID, INK, MUTED, SMALL_FONT, Svg, num, scale, signed};

const LEFT: f64 = 40.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 26.0;
/// Room one x-axis label needs (`2026-W11` at 11 px), so labels never overlap.
const LABEL_SPACING: f64 = 64.0;

/// A line chart of NPS by period with its confidence band. Periods without
/// answers leave a gap: joining across them would invent a trend.
pub fn trend_chart(points: &[TrendPoint], width: u32, height: u32) -> String {
    let mut svg = Svg::new(width, height, &summary(points));
    let (left, right, top, bottom) = (LEFT, f64::from(width) - RIGHT, TOP, f64::from(height) - BOTTOM);
    let domain = y_domain(points);
    let y = |nps: f64| scale(nps, domain, (bottom, top));
    let x = |i: usize| left + (right - left) * (i as f64 + 0.5) / points.len().max(1) as f64;

    // Multiples of the step, so zero is always a tick.
    let step = if domain.1 - domain.0 > 100.0 { 50.0 } else { 25.0 };
    let first = ((domain.0 / step).ceil() * step) as i32;
    for tick in (first..=domain.1 as i32).step_by(step as usize) {
        let ty = y(f64::from(tick));
        let (colour, class) = if tick == 0 { (MUTED, "zero") } else { (GRID, "grid") };
        svg.push(format_args!(
            "<line class=\"{class}\" x1=\"{}\" x2=\"{}\" y1=\"{2}\" y2=\"{2}\" stroke=\"{colour}\"/>",
            num(left),
            num(right),
            num(ty)
        ));
        let attributes = format!(" font-size=\"{SMALL_FONT}\" fill=\"{MUTED}\" dominant-baseline=\"middle\"");
        svg.text(left - 6.0, ty, "end", &attributes, &signed(f64::from(tick)));
    }
    if points.iter().all(|p| p.nps.is_none()) {
        svg.text((left + right) / 2.0, (top + bottom) / 2.0, "middle", "", "No answers in this range");
    }

    for run in runs(points) {
        let band = |i: usize| band(&points[i]).expect("runs hold periods with answers");
        if run.len() == 1 {
            let (low, high) = band(run.start);
            let (bx, y1, y2) = (num(x(run.start)), num(y(low)), num(y(high)));
            svg.push(format_args!(
                "<line class=\"band\" x1=\"{bx}\" x2=\"{bx}\" y1=\"{y1}\" y2=\"{y2}\" stroke=\"{ACCENT}\" \
                 stroke-opacity=\"0.35\" stroke-width=\"6\"/>"
            ));
            continue;
        }
        let upper = run.clone().map(|i| (x(i), y(band(i).1)));
        let lower = run.clone().rev().map(|i| (x(i), y(band(i).0)));
        let outline = coordinates(upper.chain(lower));
        svg.push(format_args!(
            "<polygon class=\"band\" points=\"{outline}\" fill=\"{ACCENT}\" fill-opacity=\"0.16\"/>"
        ));
        let line = coordinates(run.clone().map(|i| (x(i), y(points[i].nps.unwrap_or_default()))));
        svg.push(format_args!(
            "<polyline class=\"line\" points=\"{line}\" fill=\"none\" stroke=\"{ACCENT}\" stroke-width=\"2\"/>"
        ));
    }

    for (i, point) in points.iter().enumerate() {
        let px = num(x(i));
        let title = super::svg::escape(&describe(point));
        match point.nps {
            Some(nps) => {
                let py = num(y(nps));
                if point.significant {
                    svg.push(format_args!(
                        "<circle class=\"significant\" cx=\"{px}\" cy=\"{py}\" r=\"7\" fill=\"none\" \
                         stroke=\"{INK}\" stroke-width=\"1.5\"/>"
                    ));
                }
                svg.push(format_args!(
                    "<circle class=\"point\" cx=\"{px}\" cy=\"{py}\" r=\"3.5\" fill=\"{ACCENT}\"><title>{title}</title></circle>"
                ));
            }
            None => svg.push(format_args!(
                "<circle class=\"empty\" cx=\"{px}\" cy=\"{}\" r=\"2.5\" fill=\"none\" stroke=\"{MUTED}\"><title>{title}</title></circle>",
                num(bottom)
            )),
        }
    }

    let every = (points.len() as f64 / ((right - left) / LABEL_SPACING).max(1.0)).ceil().max(1.0) as usize;
    let attributes = format!(" class=\"x-label\" font-size=\"{SMALL_FONT}\" fill=\"{MUTED}\"");
    for (i, point) in points.iter().enumerate().step_by(every) {
        svg.text(x(i), bottom + 17.0, "middle", &attributes, &point.label);
    }
    if points.iter().any(|p| p.significant && p.nps.is_some()) {
        let attributes = format!(" font-size=\"{SMALL_FONT}\" fill=\"{MUTED}\"");
        svg.text(right, 12.0, "end", &attributes, "◯ significant change from the period before");
    }
    svg.finish()
}

/// The y range: whole quarters of −100…100 that hold every band and zero.
fn y_domain(points: &[TrendPoint]) -> (f64, f64) {
    let (low, high) = points.iter().filter_map(band).fold((0.0f64, 0.0f64), |(lo, hi), (l, h)| (lo.min(l), hi.max(h)));
    let low = ((low / 25.0).floor() * 25.0).max(-100.0);
    let high = ((high / 25.0).ceil() * 25.0).min(100.0);
    if low == high { (-25.0, 25.0) } else { (low, high) }
}

/// The 95 % interval of a period with answers, within −100…100.
fn band(point: &TrendPoint) -> Option<(f64, f64)> {
    let nps = point.nps?;
    let (low, high) = point.interval.unwrap_or((nps, nps));
    Some((low.max(-100.0), high.min(100.0)))
}

/// Runs of consecutive periods with answers.
fn runs(points: &[TrendPoint]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, point) in points.iter().enumerate() {
        if point.nps.is_none() {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.end == i => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

fn coordinates(points: impl Iterator<Item = (f64, f64)>) -> String {
    points.map(|(x, y)| format!("{},{}", num(x), num(y))).collect::<Vec<_>>().join(" ")
}

/// "2026-03: NPS +40, 95 % interval +28 to +51 (n = 120)", for hover and
/// screen readers: the interval itself, since it is not centred on the NPS.
pub(crate) fn describe(point: &TrendPoint) -> String {
    match point.nps {
        None => format!("{}: no answers", point.label),
        Some(nps) => {
            let change = if point.significant { ", a significant change" } else { "" };
            let interval = interval_text(point.interval);
            format!("{}: NPS {}{interval} (n = {}){change}", point.label, signed(nps), point.n)
        }
    }
}

/// ", 95 % interval −5 to +19", or nothing without an interval.
pub(crate) fn interval_text(interval: Option<(f64, f64)>) -> String {
    interval.map_or_else(String::new, |(low, high)| format!(", 95 % interval {} to {}", signed(low), signed(high)))
}

fn summary(points: &[TrendPoint]) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return "NPS trend: no periods".into();
    };
    match points.iter().rev().find(|p| p.nps.is_some()) {
        Some(latest) => format!("NPS trend, {} to {}; latest {}", first.label, last.label, describe(latest)),
        None => format!("NPS trend, {} to {}: no answers", first.label, last.label),
    }
}
