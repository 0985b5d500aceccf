//! `vocal channels …`: where case alerts leave over HTTP (docs/notifications.md).

use std::process::ExitCode;

use anyhow::{Context, bail};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use vocal_app::messaging::outbound::TargetPolicy;
use vocal_app::messaging::outbound::channels::{self, ChannelSpec};
use vocal_app::messaging::outbound::enqueue::enqueue_test;
use vocal_app::messaging::outbound::sms_template::{BasicAuth, SmsTemplate, TokenHeader, parse_field};
use vocal_app::organisation::audit::Actor;
use vocal_app::settings::Settings;
use vocal_domain::Phone;
use vocal_store::{ChannelKind, Store};

use crate::args::ChannelsCommand;

pub async fn run<S: Store>(store: S, settings: Settings, command: ChannelsCommand) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
    let actor = Actor::CommandLine(org.id);
    match command {
        ChannelsCommand::Add { kind, name, url, events, fields, basic_auth, header } => {
            let kind = channels::parse_kind(&kind)?;
            let sms = sms_template(kind, &fields, basic_auth.as_deref(), header.as_deref())?;
            let spec = ChannelSpec { kind, name, url, events: channels::parse_events(&events)?, sms };
            let policy = TargetPolicy { allow_private: settings.allow_private_webhooks };
            let created = channels::add(&store, actor, policy, spec).await?;
            println!("channel {} ({}) added", created.channel.id, created.channel.name);
            if let Some(secret) = created.secret {
                println!("signing secret (shown once; keep it with the receiver): {secret}");
            }
        }
        ChannelsCommand::List => {
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED);
            table.set_header(["id", "kind", "name", "url", "events", "enabled", "last delivery", "last error"]);
            for channel in channels::list(&store, org.id).await? {
                let events: Vec<&str> = channel.events.iter().map(|e| e.as_str()).collect();
                let enabled = match (&channel.enabled, &channel.disabled_reason) {
                    (true, _) => "yes".to_string(),
                    (false, Some(reason)) => format!("no: {reason}"),
                    (false, None) => "no".to_string(),
                };
                let (last, error) = match &channel.last_delivery {
                    Some(d) => (format!("{} {}", d.status, crate::output::timestamp(d.at_ms)), d.error.clone()),
                    None => ("–".to_string(), None),
                };
                table.add_row([
                    channel.id.to_string(),
                    channel.kind.as_str().to_string(),
                    channel.name.clone(),
                    channel.url.clone(),
                    events.join(","),
                    enabled,
                    last,
                    error.unwrap_or_default(),
                ]);
            }
            println!("{table}");
        }
        ChannelsCommand::Remove { id } => {
            channels::remove(&store, actor, id).await?;
            println!("channel {id} removed");
        }
        ChannelsCommand::Enable { id } => {
            let channel = channels::enable(&store, actor, id).await?;
            println!("channel {id} ({}) is on again", channel.name);
        }
        ChannelsCommand::RotateSecret { id } => {
            let (_, secret) = channels::rotate_secret(&store, actor, id, vocal_app::now_ms()).await?;
            println!("new signing secret (shown once): {secret}");
            println!("the previous secret signs too for 24 hours: update the receiver before then");
        }
        ChannelsCommand::Test { id, to } => {
            let to = to.map(|t| Phone::parse(&t)).transpose().context("--to")?;
            match enqueue_test(&store, org.id, id, to.as_ref(), &settings.public_url()).await? {
                Some(job) => {
                    println!("test queued as job {}; a running vocal serve sends it (see vocal channels list)", job.id)
                }
                None if store.channel(org.id, id).await?.is_some() => bail!("an SMS gateway test needs --to +NUMBER"),
                None => bail!("no notification channel {id} in this organisation"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The request template from the flags, for an SMS gateway only.
fn sms_template(
    kind: ChannelKind,
    fields: &[String],
    basic_auth: Option<&str>,
    header: Option<&str>,
) -> anyhow::Result<Option<SmsTemplate>> {
    if kind != ChannelKind::SmsGateway {
        if !fields.is_empty() || basic_auth.is_some() || header.is_some() {
            bail!("--field, --basic-auth and --header are for --kind sms_gateway only");
        }
        return Ok(None);
    }
    let fields = fields
        .iter()
        .map(|f| parse_field(f))
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)
        .context("--field")?;
    let basic_auth = basic_auth
        .map(|a| {
            let (username, password) = a.split_once(':').context("--basic-auth must be USER:PASSWORD")?;
            anyhow::Ok(BasicAuth { username: username.into(), password: password.into() })
        })
        .transpose()?;
    let header = header
        .map(|h| {
            let (name, value) = h.split_once(':').context("--header must be 'NAME: VALUE'")?;
            anyhow::Ok(TokenHeader { name: name.trim().into(), value: value.trim().into() })
        })
        .transpose()?;
    Ok(Some(SmsTemplate { fields, basic_auth, header }))
}
