//! `vocal import responses FILE.csv`: read the file as a stream, store all
//! or nothing, then bring the index snapshot up to date.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use vocal_app::import::importer::{ImportFailure, import_into_org};
use vocal_app::live_index::OrgIndex;
use vocal_app::settings::Settings;
use vocal_index::snapshot::Selection;
use vocal_store::Store;

/// `update_index`: bring the snapshot up to date after storing (the
/// default), which holds the organisation's whole index in memory.
pub async fn run<S: Store>(store: S, settings: Settings, file: &Path, update_index: bool) -> anyhow::Result<ExitCode> {
    let opened = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let size = opened.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = progress_bar(size);
    let bar = progress.clone();
    let imported =
        import_into_org(&store, settings.org.as_deref(), opened, move |done| bar.set_position(done as u64)).await;
    progress.finish_and_clear();
    let (org, summary, outcome) = match imported {
        Ok(done) => done,
        Err(ImportFailure::File(error)) => {
            eprintln!("error: {}: {error}", file.display());
            if !matches!(error, vocal_app::import::ImportError::BadRows { .. }) {
                eprintln!("nothing was imported");
            }
            return Ok(ExitCode::FAILURE);
        }
        Err(error) => return Err(anyhow::Error::new(error).context("nothing was imported")),
    };
    if update_index {
        let spinner = progress_bar(0);
        spinner.set_message("updating the index");
        let index = OrgIndex::open(&store, org.clone(), Some(&settings.snapshot_dir()), Selection::All).await?;
        index.save_snapshot()?;
        spinner.finish_and_clear();
    }
    println!(
        "imported {} responses into {:?} ({} already stored, skipped; format: {:?})",
        outcome.inserted, org.name, outcome.duplicates, summary.format
    );
    Ok(ExitCode::SUCCESS)
}

/// A bar on a terminal; silent otherwise (scripts, CI, pipes).
fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    if total == 0 {
        let spinner = ProgressBar::new_spinner();
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        return spinner;
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("reading {bar:40} {bytes}/{total_bytes} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
