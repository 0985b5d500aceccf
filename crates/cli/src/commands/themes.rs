//! `vocal themes …`: the theme taxonomy kept as a file and applied whole,
//! like surveys and alert rules (docs/themes.md).

use std::process::ExitCode;

use anyhow::Context;
use vocal_app::organisation::audit::Actor;
use vocal_app::settings::Settings;
use vocal_app::why::{ApplyError, apply_taxonomy};
use vocal_domain::text::themes::Taxonomy;
use vocal_store::Store;

use crate::why_args::ThemesCommand;

pub async fn run<S: Store>(store: S, settings: Settings, command: ThemesCommand) -> anyhow::Result<ExitCode> {
    match command {
        ThemesCommand::Show { default: true } => {
            print!("{}", Taxonomy::default_customer_service_toml());
            Ok(ExitCode::SUCCESS)
        }
        ThemesCommand::Show { default: false } => {
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            match store.theme_taxonomy(org.id).await? {
                Some((text, _)) => print!("{text}"),
                None => {
                    eprintln!("no taxonomy applied yet: the default customer-service taxonomy applies");
                    print!("{}", Taxonomy::default_customer_service_toml());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        ThemesCommand::Apply { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            match apply_taxonomy(&store, Actor::CommandLine(org.id), &text).await {
                Ok(taxonomy) => {
                    println!("applied {} themes to {}", taxonomy.themes().len(), org.name);
                    Ok(ExitCode::SUCCESS)
                }
                Err(ApplyError::Invalid(errors)) => {
                    for error in &errors {
                        eprintln!("{}: {error}", file.display());
                    }
                    eprintln!("{} problem(s); nothing was stored", errors.len());
                    Ok(ExitCode::FAILURE)
                }
                Err(ApplyError::Store(error)) => Err(error.into()),
            }
        }
    }
}
