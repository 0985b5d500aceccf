//! The score distribution (eleven bars, 0–10) and the promoter / passive /
//! detractor split (one stacked bar), both coloured by band.

use super::svg::{DETRACTOR, GRID, MUTED, PASSIVE, PROMOTER, SMALL_FONT, Svg, escape, num};

/// The band of each score: colour and name.
fn band_of(score: usize) -> (&'static str, &'static str) {
    match score {
        0..=6 => (DETRACTOR, "detractor"),
        7 | 8 => (PASSIVE, "passive"),
        _ => (PROMOTER, "promoter"),
    }
}

/// How many answered each score, 0 to 10, one bar each, with the count
/// above the bar and the three bands named below the axis.
pub fn distribution_chart(histogram: &[u64; 11], width: u32, height: u32) -> String {
    const TOP: f64 = 18.0;
    const BOTTOM: f64 = 36.0;
    const SIDE: f64 = 8.0;
    let total: u64 = histogram.iter().sum();
    let [detractors, passives, promoters] =
        [&histogram[..7], &histogram[7..9], &histogram[9..]].map(|band| band.iter().sum::<u64>());
    let label = format!(
        "Scores 0 to 10 from {total} answers: {detractors} detractors, {passives} passives, {promoters} promoters"
    );
    let mut svg = Svg::new(width, height, &label);
    let (width, height) = (f64::from(width), f64::from(height));
    let slot = (width - 2.0 * SIDE) / 11.0;
    let floor = height - BOTTOM;
    let tallest = histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
    let small = format!(" font-size=\"{SMALL_FONT}\"");

    for (score, &count) in histogram.iter().enumerate() {
        let (colour, band) = band_of(score);
        let centre = SIDE + slot * (score as f64 + 0.5);
        let bar_height = (floor - TOP) * count as f64 / tallest;
        let share = if total == 0 { 0.0 } else { 100.0 * count as f64 / total as f64 };
        let title = escape(&format!("Score {score}: {count} answers ({share:.0} %), {band}"));
        svg.push(format_args!(
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"><title>{title}</title></rect>",
            num(centre - slot * 0.36),
            num(floor - bar_height),
            num(slot * 0.72),
            num(bar_height)
        ));
        svg.text(centre, floor - bar_height - 4.0, "middle", &small, &count.to_string());
        svg.text(centre, floor + 14.0, "middle", "", &score.to_string());
    }
    svg.push(format_args!(
        "<line x1=\"{SIDE}\" x2=\"{}\" y1=\"{1}\" y2=\"{1}\" stroke=\"{GRID}\"/>",
        num(width - SIDE),
        num(floor)
    ));
    for (first, last, name) in [(0, 6, "Detractors"), (7, 8, "Passives"), (9, 10, "Promoters")] {
        let centre = SIDE + slot * (f64::from(first + last) / 2.0 + 0.5);
        let attributes = format!(" font-size=\"{SMALL_FONT}\" fill=\"{}\"", band_of(first as usize).0);
        svg.text(centre, floor + 30.0, "middle", &attributes, name);
    }
    svg.finish()
}

/// One stacked bar, detractors to promoters (the 0–10 scale's order), with
/// each share written inside its segment when it fits and in a legend below.
/// Percentages are whole numbers that already sum to 100 (the dashboard's
/// largest-remainder split); all zero draws an empty bar.
pub fn split_bar(promoters: u32, passives: u32, detractors: u32, width: u32) -> String {
    const HEIGHT: u32 = 50;
    const BAR: f64 = 22.0;
    let label = format!("Promoters {promoters} %, passives {passives} %, detractors {detractors} %");
    let mut svg = Svg::new(width, HEIGHT, &label);
    let width = f64::from(width);
    let total = f64::from(promoters + passives + detractors);
    if total == 0.0 {
        svg.push(format_args!(
            "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{BAR}\" fill=\"none\" stroke=\"{MUTED}\"><title>No answers</title></rect>",
            num(width)
        ));
    }
    let segments =
        [(detractors, DETRACTOR, "Detractors"), (passives, PASSIVE, "Passives"), (promoters, PROMOTER, "Promoters")];
    let mut x = 0.0;
    let mut legend = Vec::new();
    for (percent, colour, name) in segments {
        legend.push(format!("{name} {percent} %"));
        if percent == 0 {
            continue;
        }
        let segment = width * f64::from(percent) / total;
        svg.push(format_args!(
            "<rect class=\"segment\" x=\"{}\" y=\"0\" width=\"{}\" height=\"{BAR}\" fill=\"{colour}\"><title>{name}: {percent} %</title></rect>",
            num(x),
            num(segment)
        ));
        if segment >= 36.0 {
            let attributes = " fill=\"#ffffff\" font-weight=\"600\" dominant-baseline=\"middle\"";
            svg.text(x + segment / 2.0, BAR / 2.0, "middle", attributes, &format!("{percent} %"));
        }
        x += segment;
    }
    let attributes = format!(" font-size=\"{SMALL_FONT}\" fill=\"{MUTED}\"");
    svg.text(0.0, f64::from(HEIGHT) - 8.0, "start", &attributes, &legend.join(" · "));
    svg.finish()
}
