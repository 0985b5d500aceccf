//! `vocal apikey …`.

use std::process::ExitCode;

use vocal_app::settings::Settings;
use vocal_store::{ApiScope, Store};

use crate::args::{ApikeyCommand, Scope};

pub async fn run<S: Store>(store: S, settings: Settings, command: ApikeyCommand) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find_or_create(&store, settings.org.as_deref()).await?;
    match command {
        ApikeyCommand::Create { scope, name } => {
            let scope = match scope {
                Scope::Read => ApiScope::Read,
                Scope::Write => ApiScope::Write,
            };
            let key = vocal_app::accounts::api_keys::issue(&store, org.id, &name, scope).await?;
            eprintln!(
                "created {} key {} ({:?}) for {}; it is shown only once:",
                scope.as_str(),
                key.record.id,
                key.record.name,
                org.name
            );
            println!("{}", key.secret);
        }
        ApikeyCommand::List => {
            println!("{:<6} {:<24} {:<6} {:<14} {:<22} revoked", "id", "name", "scope", "prefix", "created");
            for key in store.list_api_keys(org.id).await? {
                println!(
                    "{:<6} {:<24} {:<6} {:<14} {:<22} {}",
                    key.id,
                    key.name,
                    key.scope.as_str(),
                    format!("{}…", key.prefix),
                    crate::output::timestamp(key.created_at_ms),
                    key.revoked_at_ms.map(crate::output::timestamp).unwrap_or_else(|| "-".into())
                );
            }
        }
        ApikeyCommand::Revoke { id } => {
            if store.revoke_api_key(org.id, id).await? {
                println!("revoked key {id}");
            } else {
                anyhow::bail!("no active key {id} in {}", org.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
