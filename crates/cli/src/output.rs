//! Printing an NPS report as a table for people, or as JSON or CSV.

use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use vocal_app::report::{GroupFigure, NpsReport};
use vocal_domain::Figure;

pub fn timestamp(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map_or_else(|_| ms.to_string(), |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

fn points(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{v:.1}"))
}

fn figure_cells(figure: &Figure) -> Vec<String> {
    vec![
        figure.n.to_string(),
        points(figure.nps),
        figure.margin_of_error.map_or_else(|| "–".into(), |m| format!("±{m:.1}")),
        match (figure.ci_low, figure.ci_high) {
            (Some(low), Some(high)) => format!("{low:.1} … {high:.1}"),
            _ => "–".into(),
        },
    ]
    .into_iter()
    .chain(shares(figure))
    .collect()
}

/// The three bands' shares as the web app shows them: whole percentages by
/// the largest remainder, so they add up to 100 (49/29/22, never 49/29/23).
fn shares(figure: &Figure) -> [String; 3] {
    if figure.n == 0 {
        return ["–".into(), "–".into(), "–".into()];
    }
    let split = vocal_app::dashboard::split::Split::of(&figure.counts());
    [split.promoters, split.passives, split.detractors].map(|share| format!("{}%", share.percent))
}

/// A rank as the table shows it: `=2` when another group shares it.
fn rank_cell(group: &GroupFigure) -> String {
    match group.rank {
        Some(rank) if group.tied => format!("={rank}"),
        Some(rank) => rank.to_string(),
        None => String::new(),
    }
}

/// An aligned table: one row per group, then the overall figure.
pub fn table(report: &NpsReport, fields: &[String], min_n: u64) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    let mut header: Vec<String> = fields.to_vec();
    header.extend(["n", "NPS", "±95%", "95% CI", "prom.", "pass.", "detr.", "rank"].map(String::from));
    let any_low = report.overall.low_sample || report.groups.iter().any(|g| g.figure.low_sample);
    if any_low {
        header.push("note".into());
    }
    table.set_header(header);
    let note = |low: bool| if low { format!("low sample (n < {min_n})") } else { String::new() };
    let key_columns = fields.len();
    // Without a breakdown the one group is the whole: the overall row says it.
    let groups = if fields.is_empty() { &[][..] } else { &report.groups[..] };
    for group in groups {
        let mut row: Vec<String> =
            group.key.0.iter().map(|(_, v)| v.clone().unwrap_or_else(|| "(none)".into())).collect();
        row.extend(figure_cells(&group.figure));
        row.push(rank_cell(group));
        if any_low {
            row.push(note(group.figure.low_sample));
        }
        table.add_row(row);
    }
    let mut overall: Vec<String> = vec![String::new(); key_columns];
    if let Some(first) = overall.first_mut() {
        *first = "all".into();
    }
    overall.extend(figure_cells(&report.overall));
    overall.push(String::new());
    if any_low {
        overall.push(note(report.overall.low_sample));
    }
    table.add_row(overall);
    for index in key_columns..key_columns + 8 {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table.to_string()
}

/// CSV: a header, then the overall figure (keys empty), then each group.
pub fn csv(report: &NpsReport, fields: &[String]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = fields.to_vec();
    header.extend(
        [
            "n",
            "promoters",
            "passives",
            "detractors",
            "nps",
            "margin_of_error",
            "ci_low",
            "ci_high",
            "low_sample",
            "rank",
            "tied",
        ]
        .map(String::from),
    );
    writer.write_record(&header)?;
    let number = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.4}"));
    let cells = |f: &Figure| {
        vec![
            f.n.to_string(),
            f.promoters.to_string(),
            f.passives.to_string(),
            f.detractors.to_string(),
            number(f.nps),
            number(f.margin_of_error),
            number(f.ci_low),
            number(f.ci_high),
            f.low_sample.to_string(),
        ]
    };
    let mut overall = vec![String::new(); fields.len()];
    overall.extend(cells(&report.overall));
    overall.extend([String::new(), String::new()]);
    writer.write_record(&overall)?;
    for group in &report.groups {
        let mut row: Vec<String> = group.key.0.iter().map(|(_, v)| v.clone().unwrap_or_default()).collect();
        row.extend(cells(&group.figure));
        row.push(group.rank.map_or_else(String::new, |r| r.to_string()));
        row.push(if group.rank.is_some() { group.tied.to_string() } else { String::new() });
        writer.write_record(&row)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

#[cfg(test)]
#[path = "output_tests.rs"]
mod tests;
