//! `vocal survey …`: surveys kept as files in version control and applied
//! to the database, like any other configuration.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use vocal_app::settings::Settings;
use vocal_app::surveys::apply::{ApplyError, apply};
use vocal_app::surveys::file::parse_survey_file;
use vocal_store::Store;

use crate::args::SurveyCommand;

pub async fn run<S: Store>(store: S, settings: Settings, command: SurveyCommand) -> anyhow::Result<ExitCode> {
    match command {
        SurveyCommand::Apply { file } => apply_file(store, settings, &file).await,
        SurveyCommand::List => {
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED);
            table.set_header(["slug", "name", "languages", "public link", "updated"]);
            for survey in store.list_surveys(org.id).await? {
                let definition = &survey.definition;
                let link = if definition.public_link.enabled {
                    format!("{}/p/{}", settings.public_url(), definition.slug)
                } else {
                    "off".into()
                };
                let languages: Vec<&str> = definition.texts.keys().map(String::as_str).collect();
                table.add_row([
                    definition.slug.clone(),
                    definition.name.clone(),
                    languages.join(" "),
                    link,
                    crate::output::timestamp(survey.updated_at_ms),
                ]);
            }
            println!("{table}");
            Ok(ExitCode::SUCCESS)
        }
        SurveyCommand::Show { slug } => {
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            let survey = store
                .survey_by_slug(org.id, &slug)
                .await?
                .with_context(|| format!("no survey {slug:?} in {}; `vocal survey list` shows them", org.name))?;
            println!("{}", serde_json::to_string_pretty(&survey.definition)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Parses the whole file before touching the database, so a bad file
/// stores nothing (not even the organisation of an empty database).
async fn apply_file<S: Store>(store: S, settings: Settings, file: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let base_dir = file.parent().unwrap_or(Path::new("."));
    let definition = match parse_survey_file(&text, base_dir) {
        Ok(definition) => definition,
        Err(errors) => {
            for error in &errors {
                let key = if error.key.is_empty() { String::new() } else { format!("{}: ", error.key) };
                eprintln!("{}:{}: {key}{}", file.display(), error.line, error.message);
            }
            eprintln!("{} problem(s); nothing was stored", errors.len());
            return Ok(ExitCode::FAILURE);
        }
    };
    let org = vocal_app::organisation::find_or_create(&store, settings.org.as_deref()).await?;
    let (survey, applied) = match apply(&store, org.id, definition).await {
        Ok(done) => done,
        Err(ApplyError::Invalid(errors)) => {
            // The file was validated already; this only happens if the
            // rules changed between the two calls.
            for error in errors {
                eprintln!("{}: {error}", file.display());
            }
            return Ok(ExitCode::FAILURE);
        }
        Err(ApplyError::Store(error)) => return Err(error.into()),
    };
    println!("{} survey {} (id {})", applied.as_str(), survey.definition.slug, survey.id.0);
    Ok(ExitCode::SUCCESS)
}
