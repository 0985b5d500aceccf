//! `vocal rules …`: alert rules kept as a file in version control and
//! applied to the database whole, like surveys (docs/alerts.md).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use vocal_app::closed_loop::rules::{RulesError, apply_rules, current_rules};
use vocal_app::closed_loop::rules_file::parse_rules_file;
use vocal_app::settings::Settings;
use vocal_store::Store;

use crate::args::RulesCommand;

pub async fn run<S: Store>(store: S, settings: Settings, command: RulesCommand) -> anyhow::Result<ExitCode> {
    match command {
        RulesCommand::Apply { file } => apply_file(store, settings, &file).await,
        RulesCommand::Show => {
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            let (rules, updated_at_ms) = current_rules(&store, org.id).await?;
            if updated_at_ms.is_none() {
                eprintln!("no rules applied yet: the default rule (every detractor) applies");
            }
            println!("{}", serde_json::to_string_pretty(&rules)?);
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::UnownedUnits => {
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            for path in vocal_app::closed_loop::owners::units_without_owner(&store, org.id).await? {
                println!("{path}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Parses and validates the whole file before touching the database, so a
/// bad file stores nothing (not even the organisation of an empty database).
async fn apply_file<S: Store>(store: S, settings: Settings, file: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let rules = match parse_rules_file(&text) {
        Ok(rules) => rules,
        Err(errors) => {
            for error in &errors {
                let key = if error.key.is_empty() { String::new() } else { format!("{}: ", error.key) };
                eprintln!("{}:{}: {key}{}", file.display(), error.line, error.message);
            }
            eprintln!("{} problem(s); nothing was stored", errors.len());
            return Ok(ExitCode::FAILURE);
        }
    };
    let count = rules.rules.len();
    let org = vocal_app::organisation::find_or_create(&store, settings.org.as_deref()).await?;
    match apply_rules(&store, org.id, rules).await {
        Ok((_, applied)) => {
            println!("{} alert rules of {} ({count} rules)", applied.as_str(), org.name);
            Ok(ExitCode::SUCCESS)
        }
        // Checks that need the database (a named owner must be a user).
        Err(RulesError::Invalid(errors)) => {
            for error in &errors {
                let line = vocal_app::closed_loop::rules_file::line_of(&text, &error.key);
                eprintln!("{}:{line}: {error}", file.display());
            }
            eprintln!("{} problem(s); nothing was stored", errors.len());
            Ok(ExitCode::FAILURE)
        }
        Err(RulesError::Store(error)) => Err(error.into()),
    }
}
