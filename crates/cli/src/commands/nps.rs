//! `vocal nps`: loads only the columns the question reads from the index
//! snapshot, catches up with the database, and answers.

use std::process::ExitCode;

use vocal_app::live_index::OrgIndex;
use vocal_app::report::nps_report;
use vocal_app::settings::Settings;
use vocal_domain::QuerySpec;
use vocal_domain::query::RawQuery;
use vocal_index::snapshot::{self, Selection};
use vocal_store::Store;

use crate::args::{Format, NpsArgs};

/// Reading this many responses from the database is worth a snapshot.
const SNAPSHOT_AFTER_ROWS: usize = 10_000;

pub async fn run<S: Store>(store: S, settings: Settings, args: NpsArgs) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
    let min_n = args.question.min_n.unwrap_or(settings.min_n).to_string();
    let raw = RawQuery {
        by: args.by.as_deref(),
        filters: args.question.filters.iter().map(String::as_str).collect(),
        since: args.question.since.as_deref(),
        until: args.question.until.as_deref(),
        min_n: Some(&min_n),
    };
    // Field names are checked before any column is read; attribute names
    // come from the snapshot header or, failing that, the database.
    let probe =
        OrgIndex::open(&store, org.clone(), Some(&settings.snapshot_dir()), Selection::Only(Default::default()))
            .await?;
    let spec = QuerySpec::parse(&raw, &probe.index.attribute_names())?;
    let index = if probe.index.is_complete() {
        // Built from the database: keep the work for the next command.
        if probe.applied_at_open >= SNAPSHOT_AFTER_ROWS {
            probe.save_snapshot()?;
        }
        probe
    } else {
        drop(probe);
        let columns = snapshot::columns_for(&spec, false);
        OrgIndex::open(&store, org, Some(&settings.snapshot_dir()), Selection::Only(columns)).await?
    };
    let report = nps_report(&index, &spec)?;
    let fields: Vec<String> = spec.by.iter().map(|f| f.name()).collect();
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Csv => print!("{}", crate::output::csv(&report, &fields)?),
        Format::Table => println!("{}", crate::output::table(&report, &fields, spec.min_sample.0)),
    }
    Ok(ExitCode::SUCCESS)
}
