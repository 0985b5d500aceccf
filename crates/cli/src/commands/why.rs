//! `vocal why`: the themes that cost or earn NPS in the answers selected,
//! and the words that separate detractors from promoters (docs/why.md).

use std::process::ExitCode;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use vocal_app::live_index::OrgIndex;
use vocal_app::settings::Settings;
use vocal_app::why::compare::{CompareReport, compare, parse_compare};
use vocal_app::why::report::WhyReport;
use vocal_app::why::{answers_of, selected_with, why_report};
use vocal_domain::query::RawQuery;
use vocal_domain::{MinSample, QuerySpec};
use vocal_index::snapshot::Selection;
use vocal_store::Store;

use crate::args::Format;
use crate::why_args::WhyArgs;

const THEME_HEADER: [&str; 11] = [
    "theme",
    "mentions",
    "of detractors %",
    "of promoters %",
    "nps with",
    "nps without",
    "impact",
    "significant",
    "low sample",
    "mentioned before → now %",
    "emerging",
];

pub async fn run<S: Store>(store: S, settings: Settings, args: WhyArgs) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
    let min_n = args.question.min_n.unwrap_or(settings.min_n);
    let min_text = min_n.to_string();
    let raw = RawQuery {
        by: None,
        filters: args.question.filters.iter().map(String::as_str).collect(),
        since: args.question.since.as_deref(),
        until: args.question.until.as_deref(),
        min_n: Some(&min_text),
    };
    let index = OrgIndex::open(&store, org, Some(&settings.snapshot_dir()), Selection::All).await?;
    let spec = QuerySpec::parse(&raw, &index.index.attribute_names())?;
    if let Some(text) = &args.compare {
        let (field, a, b) = parse_compare(text).map_err(|problem| anyhow::anyhow!("--compare: {problem}"))?;
        let answers_a = answers_of(&store, index.org.id, &selected_with(&index, &spec, &field, &a)?).await?;
        let answers_b = answers_of(&store, index.org.id, &selected_with(&index, &spec, &field, &b)?).await?;
        let report = compare(&field, (&a, &answers_a), (&b, &answers_b), MinSample(min_n));
        print_comparison(&report, args.format)?;
        return Ok(ExitCode::SUCCESS);
    }
    let report = why_report(&store, &index, &spec, "en", MinSample(min_n)).await?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout());
            out.write_record(THEME_HEADER)?;
            for row in theme_rows(&report) {
                out.write_record(row)?;
            }
            out.flush()?;
        }
        Format::Table => print_tables(&report),
    }
    Ok(ExitCode::SUCCESS)
}

fn theme_rows(report: &WhyReport) -> Vec<[String; 11]> {
    let pct = |v: Option<f64>| v.map_or(String::new(), |v| format!("{:.0}", v * 100.0));
    let points = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:+.1}"));
    report
        .themes
        .iter()
        .map(|line| {
            let i = &line.impact;
            [
                line.theme.clone(),
                i.mentions.to_string(),
                pct(i.share_of_detractors),
                pct(i.share_of_promoters),
                points(i.nps_with.nps),
                points(i.nps_without.nps),
                points(i.impact),
                i.difference.map_or(String::new(), |d| if d.significant { "yes".into() } else { "no".into() }),
                if i.nps_with.low_sample { "yes".into() } else { String::new() },
                line.change.map_or(String::new(), |c| {
                    format!("{:.0} → {:.0}", c.previous_rate * 100.0, c.current_rate * 100.0)
                }),
                if line.change.is_some_and(|c| c.emerging) { "yes".into() } else { String::new() },
            ]
        })
        .collect()
}

fn print_tables(report: &WhyReport) {
    let f = report.sentiment;
    println!(
        "{} answers, {} with a comment; comments positive {}, neutral {}, negative {}, no sentiment model {}",
        report.responses, report.comments, f.positive, f.neutral, f.negative, f.no_model
    );
    let mut themes = Table::new();
    themes.load_style(UTF8_FULL_CONDENSED);
    themes.set_header(THEME_HEADER);
    for row in theme_rows(report) {
        themes.add_row(row);
    }
    println!("Themes, the costliest first (impact: NPS points the theme costs, negative, or earns)\n{themes}");
    let mut terms = Table::new();
    terms.load_style(UTF8_FULL_CONDENSED);
    terms.set_header(["term", "typical of", "z", "detractor comments", "promoter comments", "for example"]);
    for term in &report.terms {
        let example = term.examples.first().map(|e| e.chars().take(80).collect::<String>()).unwrap_or_default();
        terms.add_row([
            term.term.clone(),
            term.side.to_string(),
            format!("{:.1}", term.z),
            term.detractor_comments.to_string(),
            term.promoter_comments.to_string(),
            example,
        ]);
    }
    if report.terms.is_empty() {
        println!("No word separates detractors from promoters here (too few comments, or none stands out).");
    } else {
        println!("Words that separate detractors from promoters\n{terms}");
    }
}

fn print_comparison(report: &CompareReport, format: Format) -> anyhow::Result<()> {
    let rows = report.terms.iter().map(|t| {
        let example = t.examples.first().map(|e| e.chars().take(80).collect::<String>()).unwrap_or_default();
        [
            t.term.clone(),
            t.side.clone(),
            format!("{:.1}", t.z),
            t.comments_a.to_string(),
            t.comments_b.to_string(),
            example,
        ]
    });
    let header = [
        "term",
        "typical of",
        "z",
        &format!("{} comments", report.a.value),
        &format!("{} comments", report.b.value),
        "for example",
    ];
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(report)?),
        Format::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout());
            out.write_record(header)?;
            for row in rows {
                out.write_record(row)?;
            }
            out.flush()?;
        }
        Format::Table => {
            let nps = |s: &vocal_app::why::compare::Segment| s.nps.nps.map_or("–".into(), |v| format!("{v:+.1}"));
            println!(
                "{}={}: {} answers ({} comments), NPS {}; {}={}: {} answers ({} comments), NPS {}",
                report.field,
                report.a.value,
                report.a.responses,
                report.a.comments,
                nps(&report.a),
                report.field,
                report.b.value,
                report.b.responses,
                report.b.comments,
                nps(&report.b),
            );
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED);
            table.set_header(header);
            for row in rows {
                table.add_row(row);
            }
            println!("{table}");
        }
    }
    Ok(())
}
