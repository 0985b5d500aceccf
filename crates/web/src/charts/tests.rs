//! Each chart parsed back as XML: well-formed, the right number of marks,
//! gaps where periods have no answers, and customer text escaped.

use vocal_app::dashboard::{BreakdownGroup, DateRange, TrendPeriod};
use vocal_domain::nps::Comparison;
use vocal_domain::{Counts, DayNumber, MinSample};

use super::svg::{ACCENT, DETRACTOR, INK, MUTED, PASSIVE, PROMOTER};
use super::*;

const XSS: &str = "<script>alert(1)</script>\"' onload=\"x";

fn point(label: &str, nps: Option<f64>, significant: bool) -> TrendPoint {
    // Not centred on the NPS, as the adjusted interval is not.
    let interval = nps.map(|s| ((s - 15.2).max(-100.0), (s + 9.4).min(100.0)));
    TrendPoint { label: label.into(), n: 120, nps, margin: nps.map(|_| 12.3), interval, significant }
}

fn months(values: &[Option<f64>]) -> Vec<TrendPoint> {
    values.iter().enumerate().map(|(i, &nps)| point(&format!("2025-{:02}", i + 1), nps, false)).collect()
}

fn group(label: &str, n: u64, nps: f64, margin: f64, low_sample: bool) -> BarGroup {
    let interval = Some(((nps - margin).max(-100.0), (nps + margin).min(100.0)));
    BarGroup { label: label.into(), n, nps: Some(nps), margin: Some(margin), interval, low_sample }
}

/// Parses `svg`, failing the test with the document when it is not XML.
fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed ({e}):\n{svg}"))
}

fn with_class<'a>(doc: &'a roxmltree::Document<'_>, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants().filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == class))).collect()
}

fn titles(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).map(String::from).collect()
}

fn every_chart() -> Vec<String> {
    let trend = months(&[Some(10.0), Some(-20.0), None, Some(35.0)]);
    vec![
        trend_chart(&trend, 640, 260),
        trend_chart(&[], 640, 260),
        distribution_chart(&[1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 480, 200),
        split_bar(60, 20, 20, 480),
        split_bar(0, 0, 0, 480),
        breakdown_bars("NPS by channel", &[group("email", 300, 40.0, 8.0, false)], 600),
        breakdown_bars("NPS by channel", &[], 600),
    ]
}

#[test]
fn every_chart_is_well_formed_xml_that_scales_and_names_itself() {
    for svg in every_chart() {
        let doc = parse(&svg);
        let root = doc.root_element();
        assert!(root.has_tag_name(("http://www.w3.org/2000/svg", "svg")), "{svg}");
        assert_eq!(root.attribute("width"), Some("100%"));
        assert!(root.attribute("viewBox").is_some_and(|v| v.starts_with("0 0 ")));
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.attribute("aria-label").is_some_and(|l| !l.is_empty()));
        let font_sizes = doc.descendants().filter_map(|n| n.attribute("font-size"));
        assert!(font_sizes.map(|s| s.parse::<u32>().unwrap()).all(|s| s >= 11), "text below 11 px in {svg}");
    }
}

#[test]
fn the_trend_has_a_dot_per_period_with_answers_and_a_ring_per_significant_change() {
    let points = vec![point("Jan", Some(10.0), false), point("Feb", Some(45.0), true), point("Mar", Some(40.0), false)];
    let svg = trend_chart(&points, 640, 260);
    let doc = parse(&svg);
    assert_eq!(with_class(&doc, "point").len(), 3);
    assert_eq!(with_class(&doc, "significant").len(), 1);
    assert_eq!(with_class(&doc, "line").len(), 1);
    assert_eq!(with_class(&doc, "band").len(), 1);
    assert_eq!(with_class(&doc, "zero").len(), 1, "the zero line is always drawn");
    let titles = titles(&doc);
    assert!(titles.contains(&"Jan: NPS +10, 95 % interval −5 to +19 (n = 120)".to_string()), "{titles:?}");
    assert!(
        titles.contains(&"Feb: NPS +45, 95 % interval +30 to +54 (n = 120), a significant change".to_string()),
        "{titles:?}"
    );
}

#[test]
fn periods_without_answers_break_the_line_instead_of_joining_across() {
    let points = months(&[Some(10.0), Some(20.0), None, Some(5.0), Some(-5.0), Some(0.0), None, Some(30.0)]);
    let doc_text = trend_chart(&points, 640, 260);
    let doc = parse(&doc_text);
    assert_eq!(with_class(&doc, "point").len(), 6);
    assert_eq!(with_class(&doc, "line").len(), 2, "two runs of two or more periods");
    assert_eq!(with_class(&doc, "band").len(), 3, "two band polygons and one whisker for the lone period");
    assert_eq!(with_class(&doc, "empty").len(), 2);
    let line_points: Vec<usize> =
        with_class(&doc, "line").iter().map(|l| l.attribute("points").unwrap().split(' ').count()).collect();
    assert_eq!(line_points, [2, 3]);
    assert!(titles(&doc).contains(&"2025-03: no answers".to_string()));
}

#[test]
fn the_trend_range_is_as_tight_as_the_bands_but_keeps_zero() {
    let points = months(&[Some(30.0), Some(42.0), Some(55.0)]);
    let doc_text = trend_chart(&points, 640, 260);
    let doc = parse(&doc_text);
    let ticks: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("text-anchor") == Some("end"))
        .filter_map(|n| n.text())
        .collect();
    // Bands reach 17.7 … 67.3: quarters 0 … 75.
    assert_eq!(ticks, ["0", "+25", "+50", "+75"]);
}

#[test]
fn many_period_labels_are_thinned_so_they_do_not_overlap() {
    let weeks: Vec<TrendPoint> = (1..=52).map(|w| point(&format!("2026-W{w:02}"), Some(20.0), false)).collect();
    let doc_text = trend_chart(&weeks, 640, 260);
    let doc = parse(&doc_text);
    let labels = with_class(&doc, "x-label");
    assert!((5..=9).contains(&labels.len()), "{} labels for 52 weeks on 640 px", labels.len());
    assert_eq!(labels[0].text(), Some("2026-W01"));
    assert_eq!(with_class(&doc, "point").len(), 52, "every period keeps its dot");
}

#[test]
fn the_distribution_has_eleven_bars_coloured_by_band_with_counts() {
    let doc_text = distribution_chart(&[5, 0, 0, 0, 0, 0, 1, 2, 3, 4, 10], 480, 200);
    let doc = parse(&doc_text);
    let bars = with_class(&doc, "bar");
    let colours: Vec<&str> = bars.iter().map(|b| b.attribute("fill").unwrap()).collect();
    let expected: Vec<&str> =
        (0..11).map(|s| [DETRACTOR, PASSIVE, PROMOTER][usize::from(s > 6) + usize::from(s > 8)]).collect();
    assert_eq!(colours, expected);
    assert!(titles(&doc).contains(&"Score 10: 10 answers (40 %), promoter".to_string()), "{:?}", titles(&doc));
    let tallest = bars.iter().map(|b| b.attribute("height").unwrap().parse::<f64>().unwrap()).fold(0.0, f64::max);
    assert_eq!(bars[10].attribute("height").unwrap().parse::<f64>().unwrap(), tallest);
    assert_eq!(bars[1].attribute("height"), Some("0"));
}

#[test]
fn the_split_bar_has_a_segment_per_band_with_answers() {
    let doc_text = split_bar(34, 33, 33, 480);
    let doc = parse(&doc_text);
    let segments = with_class(&doc, "segment");
    assert_eq!(segments.len(), 3);
    let widths: f64 = segments.iter().map(|s| s.attribute("width").unwrap().parse::<f64>().unwrap()).sum();
    assert!((widths - 480.0).abs() < 0.5, "the segments fill the bar: {widths}");
    assert_eq!(with_class(&parse(&split_bar(100, 0, 0, 480)), "segment").len(), 1);
    assert!(doc_text.contains("Detractors 33 % · Passives 33 % · Promoters 34 %"));
}

#[test]
fn breakdown_bars_keep_the_given_order_and_mark_small_samples() {
    let groups = [
        group("sms", 400, -10.0, 9.5, false),
        group("email", 300, 40.0, 8.0, false),
        group("web", 12, 80.0, 25.0, true),
        BarGroup { label: NO_VALUE.into(), n: 0, nps: None, margin: None, interval: None, low_sample: true },
    ];
    let doc_text = breakdown_bars("NPS by channel", &groups, 600);
    let doc = parse(&doc_text);
    let rows = with_class(&doc, "group");
    let labels: Vec<&str> =
        rows.iter().map(|g| g.descendants().find(|n| n.has_tag_name("text")).unwrap().text().unwrap()).collect();
    assert_eq!(labels, ["sms", "email", "web", NO_VALUE], "drawn in the order given, not by NPS");
    assert_eq!(with_class(&doc, "bar").len(), 3);
    assert_eq!(with_class(&doc, "whisker").len(), 3);
    assert_eq!(with_class(&doc, "small").len(), 2);
    let hatched: Vec<_> =
        with_class(&doc, "bar").into_iter().filter(|b| b.attribute("fill") == Some("url(#vocal-hatch)")).collect();
    assert_eq!(hatched.len(), 1);
    assert!(
        titles(&doc).contains(&"web: NPS +80, 95 % interval +55 to +100, n = 12, small sample".to_string()),
        "{:?}",
        titles(&doc)
    );
    assert!(!doc_text.to_lowercase().contains("rank"));
    // The negative bar starts left of zero and ends at it.
    let zero = with_class(&doc, "zero")[0].attribute("x1").unwrap().parse::<f64>().unwrap();
    let sms = &with_class(&doc, "bar")[0];
    let (x, w) =
        (sms.attribute("x").unwrap().parse::<f64>().unwrap(), sms.attribute("width").unwrap().parse::<f64>().unwrap());
    assert!(x < zero && (x + w - zero).abs() < 0.2);
}

#[test]
fn labels_carrying_markup_are_escaped_everywhere() {
    let svgs = [
        trend_chart(&[point(XSS, Some(10.0), true), point("ok", None, false)], 640, 260),
        breakdown_bars(XSS, &[group(XSS, 50, 10.0, 5.0, false)], 600),
    ];
    for svg in &svgs {
        assert!(!svg.contains("<script"), "{svg}");
        let doc = parse(svg);
        assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
        assert!(doc.descendants().all(|n| n.attributes().all(|a| a.name() != "onload")));
        assert!(titles(&doc).iter().any(|t| t.contains(XSS)), "the full label survives as text: {:?}", titles(&doc));
    }
    assert!(parse(&svgs[1]).root_element().attribute("aria-label").unwrap().starts_with(XSS));
    assert_eq!(svg::escape("a\u{0}b & c"), "a\u{FFFD}b &amp; c");
}

/// WCAG relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

#[test]
fn the_palette_contrasts_with_white_enough_for_marks_and_for_text_on_them() {
    for colour in [DETRACTOR, PASSIVE, PROMOTER, ACCENT, INK, MUTED] {
        let contrast = 1.05 / (luminance(colour) + 0.05);
        // 3:1 is the minimum for marks; 4.5:1 lets white text sit on them.
        assert!(contrast >= 4.5, "{colour} has {contrast:.2}:1 against white, too little for white text on it");
    }
}

#[test]
fn charts_of_a_year_stay_a_few_kilobytes() {
    let year = months(&[Some(10.0), Some(12.0), Some(8.0), Some(15.0), Some(20.0), Some(18.0)].repeat(2));
    assert!(trend_chart(&year, 640, 260).len() < 8_000);
    let groups: Vec<BarGroup> =
        (0..10).map(|i| group(&format!("team {i}"), 100, 5.0 * i as f64, 10.0, i > 7)).collect();
    assert!(breakdown_bars("NPS by team", &groups, 600).len() < 8_000);
    assert!(distribution_chart(&[1; 11], 480, 200).len() < 4_000);
}

#[test]
fn dashboard_figures_convert_to_chart_inputs() {
    let counts = Counts { promoters: 3, passives: 1, detractors: 1 };
    let day = DayNumber::from_civil(2026, 3, 1);
    let period = TrendPeriod {
        label: "2026-03".into(),
        range: DateRange::new(day, day).unwrap(),
        figure: counts.figure(MinSample::default()),
        change: Some(Comparison { delta: 50.0, margin: 20.0, ci_low: 28.0, ci_high: 68.0, significant: true }),
    };
    let point = TrendPoint::from(&period);
    assert_eq!((point.n, point.nps, point.significant), (5, Some(40.0), true));
    let no_value = BarGroup::from(&BreakdownGroup { label: None, figure: counts.figure(MinSample::default()) });
    assert_eq!((no_value.label.as_str(), no_value.low_sample), (NO_VALUE, true));
}

/// Writes sample charts to /tmp/charts for a person to look at
/// (`cargo test -p vocal-web --lib charts -- --ignored`).
#[test]
#[ignore = "writes files for a visual check"]
fn write_sample_charts() {
    let dir = std::path::Path::new("/tmp/charts");
    std::fs::create_dir_all(dir).unwrap();
    let mut trend = months(&[Some(12.0), Some(18.0), Some(15.0), None, Some(-8.0), Some(5.0), Some(22.0)]);
    trend.extend(months(&[Some(31.0), Some(28.0), Some(35.0), Some(33.0), Some(41.0)]).into_iter().map(|mut p| {
        p.label = p.label.replace("2025", "2026");
        p
    }));
    trend[4].significant = true;
    trend[6].significant = true;
    trend[5].margin = Some(30.0);
    trend[5].n = 14;
    std::fs::write(dir.join("trend.svg"), trend_chart(&trend, 720, 280)).unwrap();
    let weeks: Vec<TrendPoint> = (1..=52)
        .map(|w| point(&format!("2026-W{w:02}"), Some(20.0 + (w as f64 * 0.7).sin() * 15.0), w == 30))
        .collect();
    std::fs::write(dir.join("trend-weeks.svg"), trend_chart(&weeks, 720, 280)).unwrap();
    std::fs::write(
        dir.join("distribution.svg"),
        distribution_chart(&[40, 8, 9, 12, 15, 30, 46, 90, 160, 210, 380], 480, 220),
    )
    .unwrap();
    std::fs::write(dir.join("split.svg"), split_bar(59, 25, 16, 480)).unwrap();
    let groups = [
        group("Northwind/Nevada/Reno", 812, 34.0, 6.1, false),
        group("Northwind/Nevada/Las Vegas Support Center", 640, -12.0, 7.4, false),
        group(XSS, 95, 8.0, 18.0, false),
        group("Northwind/Oregon", 21, 62.0, 28.0, true),
        BarGroup {
            label: NO_VALUE.into(),
            n: 9,
            nps: Some(-33.0),
            margin: Some(55.0),
            interval: Some((-88.0, 22.0)),
            low_sample: true,
        },
    ];
    std::fs::write(dir.join("breakdown.svg"), breakdown_bars("NPS by unit", &groups, 640)).unwrap();
}

#[test]
fn long_labels_are_cut_keeping_the_end_of_unit_paths() {
    assert_eq!(svg::shorten("Northwind/Nevada/Reno", 12), "…Nevada/Reno");
    assert_eq!(svg::shorten("a very long channel name", 10), "a very lo…");
    assert_eq!(svg::shorten("email", 10), "email");
}

#[test]
fn a_whisker_spans_the_interval_not_the_score_plus_minus_the_margin() {
    // 5 promoters: NPS 100, interval 17.49 … 100 (docs/nps-math.md).
    let figure = Counts { promoters: 5, passives: 0, detractors: 0 }.figure(MinSample(30));
    let group = BarGroup {
        label: "email".into(),
        n: 5,
        nps: figure.nps,
        margin: figure.margin_of_error,
        interval: figure.ci_low.zip(figure.ci_high),
        low_sample: true,
    };
    let doc_text = breakdown_bars("NPS by channel", &[group], 600);
    let doc = parse(&doc_text);
    let path = with_class(&doc, "whisker")[0].attribute("d").unwrap().to_string();
    // x coordinates: after each M (before its comma) and each H; V moves only vertically.
    let commands: Vec<(usize, &str)> = path.match_indices(['M', 'H', 'V']).collect();
    let xs: Vec<f64> = commands
        .iter()
        .enumerate()
        .filter(|(_, (_, letter))| *letter != "V")
        .map(|(i, (start, _))| {
            let end = commands.get(i + 1).map_or(path.len(), |(next, _)| *next);
            path[start + 1..end].split(',').next().unwrap().parse::<f64>().unwrap()
        })
        .collect();
    let zero = with_class(&doc, "zero")[0].attribute("x1").unwrap().parse::<f64>().unwrap();
    let hundred = with_class(&doc, "grid").last().unwrap().attribute("x1").unwrap().parse::<f64>().unwrap();
    let at = |nps: f64| zero + (hundred - zero) * nps / 100.0;
    let (low, high) = (xs.iter().copied().fold(f64::MAX, f64::min), xs.iter().copied().fold(f64::MIN, f64::max));
    assert!((low - at(17.49)).abs() < 0.6 && (high - at(100.0)).abs() < 0.6, "{path}: {low} … {high}");
}
