//! `vocal org …`.

use std::process::ExitCode;

use anyhow::Context;
use vocal_app::settings::Settings;
use vocal_store::Store;

use crate::args::OrgCommand;

pub async fn run<S: Store>(store: S, settings: Settings, command: OrgCommand) -> anyhow::Result<ExitCode> {
    match command {
        OrgCommand::Create { name, time_zone } => {
            jiff::tz::TimeZone::get(&time_zone)
                .with_context(|| format!("time zone {time_zone:?} is not a known IANA zone"))?;
            let org = store.create_org(name.trim(), &time_zone).await?;
            println!("created organisation {:?} (time zone {})", org.name, org.time_zone);
        }
        OrgCommand::List => {
            for org in store.list_orgs().await? {
                println!("{}\t{}", org.name, org.time_zone);
            }
        }
        OrgCommand::SetTimeZone { time_zone } => {
            jiff::tz::TimeZone::get(&time_zone)
                .with_context(|| format!("time zone {time_zone:?} is not a known IANA zone"))?;
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            store.set_org_time_zone(org.id, &time_zone).await?;
            println!("{}: time zone is now {time_zone}", org.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}
