//! A breakdown as horizontal NPS bars on a −100…100 axis, each with its
//! 95 % interval as a whisker (not centred on the bar's end: the interval
//! leans toward 0 on small samples). Groups stay in the order given (by size)
//! and carry no rank: overlapping whiskers are the honest answer to "who is
//! best?", and small groups are drawn hatched and faded, saying so.

use super::BarGroup;
use super::svg::{ACCENT, GRID, INK, MUTED, SMALL_FONT, Svg, escape, num, scale, shorten, signed};

const TOP: f64 = 22.0;
const ROW: f64 = 26.0;
const BAR: f64 = 14.0;
const BOTTOM: f64 = 6.0;
/// A generous character width at 12 px, to cut labels to their column.
const CHAR_WIDTH: f64 = 7.4;

/// Draws `groups`, one row each, under an accessible `caption` such as
/// "NPS by channel".
pub fn breakdown_bars(caption: &str, groups: &[BarGroup], width: u32) -> String {
    let height = (TOP + ROW * groups.len().max(1) as f64 + BOTTOM).ceil() as u32;
    let mut svg = Svg::new(width, height, &summary(caption, groups));
    let width = f64::from(width);
    let label_width = (width * 0.28).min(180.0);
    let note_width = (width * 0.36).min(230.0);
    let (left, right) = (label_width, width - note_width);
    let x = |nps: f64| scale(nps.clamp(-100.0, 100.0), (-100.0, 100.0), (left, right));
    let bottom = height as f64 - BOTTOM;

    svg.push(format_args!(
        "<defs><pattern id=\"vocal-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{ACCENT}\" stroke-width=\"3\"/></pattern></defs>"
    ));
    for tick in [-100.0, -50.0, 0.0, 50.0, 100.0] {
        let (colour, class) = if tick == 0.0 { (MUTED, "zero") } else { (GRID, "grid") };
        svg.push(format_args!(
            "<line class=\"{class}\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"{colour}\"/>",
            num(x(tick)),
            num(TOP - 4.0),
            num(bottom)
        ));
        let attributes = format!(" font-size=\"{SMALL_FONT}\" fill=\"{MUTED}\"");
        svg.text(x(tick), TOP - 8.0, "middle", &attributes, &signed(tick));
    }
    if groups.is_empty() {
        svg.text((left + right) / 2.0, TOP + ROW / 2.0 + 4.0, "middle", "", "No answers in this range");
    }

    let max_chars = ((label_width - 10.0) / CHAR_WIDTH).max(4.0) as usize;
    for (row, group) in groups.iter().enumerate() {
        let centre = TOP + ROW * (row as f64 + 0.5);
        let class = if group.low_sample { "group small" } else { "group" };
        svg.push(format_args!("<g class=\"{class}\"><title>{}</title>", escape(&describe(group))));
        svg.text(label_width - 8.0, centre + 4.0, "end", "", &shorten(&group.label, max_chars));
        if let Some(nps) = group.nps {
            let (start, end) = (x(0.0).min(x(nps)), x(0.0).max(x(nps)));
            let (fill, opacity) = if group.low_sample { ("url(#vocal-hatch)", "0.6") } else { (ACCENT, "1") };
            svg.push(format_args!(
                "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" fill=\"{fill}\" \
                 stroke=\"{ACCENT}\" opacity=\"{opacity}\"/>",
                num(start),
                num(centre - BAR / 2.0),
                num((end - start).max(1.0))
            ));
            if let Some((low, high)) = group.interval {
                let (low, high, cy) = (num(x(low)), num(x(high)), num(centre));
                let (top, foot) = (num(centre - 5.0), num(centre + 5.0));
                svg.push(format_args!(
                    "<path class=\"whisker\" d=\"M{low},{top}V{foot}M{low},{cy}H{high}M{high},{top}V{foot}\" \
                     fill=\"none\" stroke=\"{INK}\" stroke-width=\"1.2\"/>"
                ));
            }
        }
        let attributes = format!(" font-size=\"{SMALL_FONT}\" fill=\"{MUTED}\"");
        svg.text(right + 6.0, centre + 4.0, "start", &attributes, &note(group));
        svg.push(format_args!("</g>"));
    }
    svg.finish()
}

/// The figure beside the bar: "+40 ± 12 · n = 123", plus "small sample".
fn note(group: &BarGroup) -> String {
    let Some(nps) = group.nps else {
        return "no answers".into();
    };
    let margin = group.margin.map_or_else(String::new, |m| format!(" ± {}", m.round()));
    let small = if group.low_sample { " · small sample" } else { "" };
    format!("{}{margin} · n = {}{small}", signed(nps), group.n)
}

/// "email: NPS +40, 95 % interval +28 to +51, n = 123", for hover and
/// screen readers (the bar's note keeps the short "± 12").
fn describe(group: &BarGroup) -> String {
    match group.nps {
        None => format!("{}: no answers", group.label),
        Some(nps) => {
            let small = if group.low_sample { ", small sample" } else { "" };
            let interval = super::trend::interval_text(group.interval);
            format!("{}: NPS {}{interval}, n = {}{small}", group.label, signed(nps), group.n)
        }
    }
}

fn summary(caption: &str, groups: &[BarGroup]) -> String {
    let small = groups.iter().filter(|g| g.low_sample).count();
    let small = match small {
        0 => String::new(),
        1 => ", 1 with a small sample".into(),
        s => format!(", {s} with small samples"),
    };
    format!("{caption}: {} groups, largest first{small}", groups.len())
}
