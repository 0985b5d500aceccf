//! `vocal loop`: the loop metrics (docs/cases.md), the same figures as
//! `GET /api/v1/loop-metrics` — the definitions live in
//! `vocal_app::closed_loop::loop_metrics` — as a table, JSON or CSV.

use std::process::ExitCode;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use vocal_app::closed_loop::loop_inputs::{case_facts, detractor_counts, period_ms};
use vocal_app::closed_loop::loop_metrics::{GroupBy, LoopFigures, loop_metrics};
use vocal_app::live_index::OrgIndex;
use vocal_app::settings::Settings;
use vocal_index::snapshot::Selection;
use vocal_store::Store;

use crate::args::Format;
use crate::cases_args::LoopArgs;

const HEADER: [&str; 14] = [
    "group",
    "cases",
    "open",
    "overdue",
    "first contact h (median)",
    "p90",
    "resolution h (median)",
    "p90",
    "first contact in SLA %",
    "resolution in SLA %",
    "detractors",
    "detractors closed %",
    "follow-ups",
    "recovered %",
];

pub async fn run<S: Store>(store: S, settings: Settings, args: LoopArgs) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
    let by = GroupBy::parse(&args.by).map_err(|e| anyhow::anyhow!("--by: {e}"))?;
    let (since, until) = (args.since.as_deref(), args.until.as_deref());
    let (from_ms, to_ms) =
        period_ms(since, until).map_err(|(field, message)| anyhow::anyhow!("--{field}: {message}"))?;
    let index = OrgIndex::open(&store, org.clone(), Some(&settings.snapshot_dir()), Selection::All).await?;
    let detractors = detractor_counts(&index, since, until)?;
    drop(index);
    let facts = case_facts(&store, org.id, from_ms, to_ms).await?;
    let metrics = loop_metrics(&facts, by, &detractors, vocal_app::now_ms());
    let mut rows: Vec<[String; 14]> = metrics.groups.iter().map(row).collect();
    let mut total = row(&metrics.total);
    total[0] = "(total)".into();
    rows.push(total);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&metrics)?),
        Format::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout());
            out.write_record(HEADER)?;
            for row in &rows {
                out.write_record(row)?;
            }
            out.flush()?;
        }
        Format::Table => {
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED);
            table.set_header(HEADER);
            for row in rows {
                table.add_row(row);
            }
            println!("{table}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One group's figures as cells: a group without a unit, owner or root
/// cause is "(none)", a figure with nothing to measure is empty.
fn row(figures: &LoopFigures) -> [String; 14] {
    let number = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.1}"));
    let count = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    [
        figures.group.clone().unwrap_or_else(|| "(none)".into()),
        figures.cases.to_string(),
        figures.open.to_string(),
        figures.overdue.to_string(),
        number(figures.first_contact_hours_median),
        number(figures.first_contact_hours_p90),
        number(figures.resolution_hours_median),
        number(figures.resolution_hours_p90),
        number(figures.first_contact_within_sla_pct),
        number(figures.resolution_within_sla_pct),
        count(figures.detractors_in_period),
        number(figures.detractors_closed_pct),
        figures.follow_ups.to_string(),
        number(figures.recovery_pct),
    ]
}
