//! `vocal user …`.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::Context;
use vocal_app::accounts::notification_preferences::{self, PreferencesChange};
use vocal_app::accounts::user_changes::{self, Outcome};
use vocal_app::accounts::users::{self, NewAccount};
use vocal_app::organisation::audit::Actor;
use vocal_app::settings::Settings;
use vocal_domain::{Email, OrgId, Role, UnitPath, UnitTree};
use vocal_store::Store;

use crate::args::{OnOff, RoleArg, UserCommand};

pub async fn run<S: Store>(store: S, settings: Settings, command: UserCommand) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find_or_create(&store, settings.org.as_deref()).await?;
    match command {
        UserCommand::Create { email, name, role, unit, agent, password_stdin } => {
            let role = match role {
                RoleArg::Admin => Role::Admin,
                RoleArg::Analyst => Role::Analyst,
                RoleArg::Manager => Role::Manager,
                RoleArg::Agent => Role::Agent,
            };
            let unit = unit.as_deref().map(UnitPath::parse).transpose().map_err(|m| anyhow::anyhow!("unit: {m}"))?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
                Some(line.trim_end_matches(['\r', '\n']).to_string())
            } else {
                None
            };
            let account = NewAccount { email, name, role, unit, agent };
            let (user, generated) = user_changes::add(&store, Actor::CommandLine(org.id), account, password).await?;
            eprintln!("created {} {} ({}) in {}", user.role, user.email, user.name, org.name);
            if let Some(password) = generated {
                eprintln!("their password, shown only once:");
                println!("{password}");
            }
        }
        UserCommand::List => {
            let units = UnitTree::new(store.list_units(org.id).await?);
            let agents = store.list_agents(org.id).await?;
            println!("{:<32} {:<24} {:<8} {:<32} {:<9} disabled", "email", "name", "role", "scope", "password");
            for user in store.list_users(org.id).await? {
                let scope = match (user.unit_id, user.agent_id) {
                    (Some(unit), _) => units.path(unit),
                    (_, Some(agent)) => {
                        agents.iter().find(|a| a.id == agent).map(|a| a.name.clone()).unwrap_or_default()
                    }
                    _ => "everything".into(),
                };
                let has_password = store.user_password_hash(org.id, user.id).await?.is_some();
                println!(
                    "{:<32} {:<24} {:<8} {:<32} {:<9} {}",
                    user.email,
                    user.name,
                    user.role,
                    scope,
                    if has_password { "set" } else { "-" },
                    if user.disabled { "yes" } else { "no" }
                );
            }
        }
        UserCommand::Disable { email } => set_disabled(&store, org.id, &email, true).await?,
        UserCommand::Enable { email } => set_disabled(&store, org.id, &email, false).await?,
        UserCommand::Notify { email, email_alerts, sms, phone, language } => {
            let user = users::find_by_email(&store, org.id, &parse_email(&email)?).await?;
            let change = PreferencesChange {
                email: email_alerts.map(OnOff::is_on),
                sms: sms.map(OnOff::is_on),
                mobile: phone,
                language,
            };
            let stored = notification_preferences::change(&store, Actor::CommandLine(org.id), &user, &change).await?;
            println!("{}: {}", user.email, notification_preferences::describe(&stored));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Disables (signing them out everywhere) or re-enables a user, logged as
/// done by `cli`, as the admins' page does it.
async fn set_disabled<S: Store>(store: &S, org: OrgId, email: &str, disabled: bool) -> anyhow::Result<()> {
    let user = users::find_by_email(store, org, &parse_email(email)?).await?;
    let verb = if disabled { "disabled" } else { "enabled" };
    match user_changes::set_disabled(store, Actor::CommandLine(org), &user, disabled).await? {
        Outcome::Changed => println!("{verb} {}", user.email),
        Outcome::Unchanged => println!("{} was {verb} already", user.email),
    }
    Ok(())
}

/// The address on the command line, with the argument named as on the web.
fn parse_email(raw: &str) -> anyhow::Result<Email> {
    Email::parse(raw).map_err(|e| anyhow::anyhow!("email: {e}"))
}
