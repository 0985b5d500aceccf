//! `vocal jobs …`: the job queue every email goes through (docs/jobs.md).

use std::process::ExitCode;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use vocal_app::jobs::queue;
use vocal_app::messaging::email::job_summary;
use vocal_app::organisation::audit::Actor;
use vocal_app::settings::Settings;
use vocal_store::{JobState, Store};

use crate::args::{JobStateArg, JobsCommand};

pub async fn run<S: Store>(store: S, settings: Settings, command: JobsCommand) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
    match command {
        JobsCommand::List { state, limit } => {
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED);
            table.set_header(["id", "kind", "what", "state", "attempts", "next run", "created", "last error"]);
            for job in queue::list(&store, org.id, state.map(job_state), limit).await? {
                let next_run = match job.state {
                    JobState::Queued | JobState::Failed => crate::output::timestamp(job.run_at_ms),
                    JobState::Running => format!("lease until {}", crate::output::timestamp(job.run_at_ms)),
                    JobState::Done | JobState::Dead => "–".into(),
                };
                table.add_row([
                    job.id.to_string(),
                    job.kind.clone(),
                    job_summary(&job).unwrap_or_default(),
                    job.state.as_str().to_string(),
                    format!("{}/{}", job.attempts, job.max_attempts),
                    next_run,
                    crate::output::timestamp(job.created_at_ms),
                    job.last_error.unwrap_or_default(),
                ]);
            }
            println!("{table}");
        }
        JobsCommand::Retry { id } => {
            let job = queue::retry(&store, Actor::CommandLine(org.id), id).await?;
            println!("job {} queued again ({} attempts); a running vocal serve picks it up", job.id, job.max_attempts);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn job_state(state: JobStateArg) -> JobState {
    match state {
        JobStateArg::Queued => JobState::Queued,
        JobStateArg::Running => JobState::Running,
        JobStateArg::Done => JobState::Done,
        JobStateArg::Failed => JobState::Failed,
        JobStateArg::Dead => JobState::Dead,
    }
}
