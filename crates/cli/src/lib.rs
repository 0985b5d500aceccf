//! The commands behind the `vocal` binary. Each is generic over the storage
//! backend, which is chosen once here from the settings.
#![forbid(unsafe_code)]

pub mod args;
pub mod cases_args;
mod commands;
pub mod delivery_args;
mod output;
pub mod why_args;

use std::process::ExitCode;

use anyhow::Context;
use vocal_app::settings::{Backend, FileSettings, Settings, SmtpUrl};
use vocal_store::Store;
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::args::{Cli, Command};

/// Runs the command; errors are printed as one line (with their causes) and exit 1.
pub fn main(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Defaults, then the TOML file, then environment and flags (clap merges those two).
fn settings(cli: &Cli) -> anyhow::Result<Settings> {
    let file = FileSettings::load(cli.global.config.as_deref())?;
    let mut data = cli.global.data.clone();
    if data.is_none() && file.data.is_none() && matches!(cli.command, Command::Demo(_)) {
        data = Some("vocal-demo".into());
    }
    Ok(Settings::default().overlay(file).overlay(FileSettings {
        data,
        database_url: cli.global.database_url.clone(),
        org: cli.global.org.clone(),
        log: cli.global.log.clone(),
        public_url: cli.global.public_url.clone(),
        secret_key: cli.global.secret_key.clone(),
        smtp_url: cli.global.smtp_url.clone().map(SmtpUrl),
        mail_from: cli.global.mail_from.clone(),
        oidc_issuer: cli.global.oidc_issuer.clone(),
        oidc_client_id: cli.global.oidc_client_id.clone(),
        allow_private_webhooks: cli.global.allow_private_webhooks,
        trusted_proxies: cli.global.trusted_proxies.clone(),
        // A secret only from the environment: flags show in process lists.
        oidc_client_secret: std::env::var("VOCAL_OIDC_CLIENT_SECRET").ok().filter(|secret| !secret.is_empty()),
        ..FileSettings::default()
    }))
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let settings = settings(&cli)?;
    init_logging(&settings.log, &cli.command);
    if let Command::Healthcheck(args) = &cli.command {
        return commands::healthcheck::run(args.addr.unwrap_or(settings.addr)).await;
    }
    match settings.backend()? {
        Backend::Sqlite(dir) => {
            let store = SqliteStore::open_dir(&dir).await.context("opening the SQLite database")?;
            dispatch(store, settings, cli.command).await
        }
        Backend::Postgres(url) => {
            let store = PostgresStore::connect(&url).await.context("connecting to PostgreSQL")?;
            dispatch(store, settings, cli.command).await
        }
    }
}

async fn dispatch<S: Store>(store: S, settings: Settings, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => commands::serve::run(store, settings, args.addr).await,
        Command::Demo(args) => commands::demo::run(store, settings, args).await,
        Command::Import(args::ImportCommand::Responses { file, no_index_update }) => {
            commands::import::run(store, settings, &file, !no_index_update).await
        }
        Command::Nps(args) => commands::nps::run(store, settings, args).await,
        Command::Apikey(command) => commands::apikey::run(store, settings, command).await,
        Command::Org(command) => commands::org::run(store, settings, command).await,
        Command::Survey(command) => commands::survey::run(store, settings, command).await,
        Command::Rules(command) => commands::rules::run(store, settings, command).await,
        Command::Invitations(command) => commands::invitations::run(store, settings, command).await,
        Command::User(command) => commands::user::run(store, settings, command).await,
        Command::Mail(command) => commands::mail::run(store, settings, command).await,
        Command::Jobs(command) => commands::jobs::run(store, settings, command).await,
        Command::Cases(command) => commands::cases::run(store, settings, command).await,
        Command::Loop(args) => commands::loop_metrics::run(store, settings, args).await,
        Command::Why(args) => commands::why::run(store, settings, args).await,
        Command::Themes(command) => commands::themes::run(store, settings, command).await,
        Command::Channels(command) => commands::channels::run(store, settings, command).await,
        Command::Healthcheck(_) => unreachable!("handled before opening the database"),
    }
}

/// Servers log at `info`; one-shot commands only warn, so their output stays clean.
fn init_logging(filter: &str, command: &Command) {
    let filter = match command {
        Command::Serve(_) | Command::Demo(_) => filter.to_string(),
        _ if filter == "info" => "warn".to_string(),
        _ => filter.to_string(),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .try_init();
}
