//! `vocal invitations …`: invitations for a list of contacts, their links
//! written to a CSV file that any email or SMS tool can mail-merge.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use vocal_app::collect::contacts_file::{ContactsFile, Defaults, OUTPUT_COLUMNS, Problem, parse_contacts};
use vocal_app::collect::invitations::Issued;
use vocal_app::collect::{CollectError, Collector};
use vocal_app::live_index::registry::Indexes;
use vocal_app::settings::Settings;
use vocal_domain::InvitationId;
use vocal_store::Store;

use crate::args::InvitationsCommand;

/// Problems printed before the rest are only counted.
const MAX_SHOWN: usize = 100;

pub async fn run<S: Store>(store: S, settings: Settings, command: InvitationsCommand) -> anyhow::Result<ExitCode> {
    match command {
        InvitationsCommand::Create { survey, file, out, expires_in_days, channel } => {
            let defaults = Defaults { survey: &survey, channel: &channel, expires_in_days };
            create(store, &settings, &file, out.as_deref(), &defaults).await
        }
        InvitationsCommand::EmailHtml { id } => email_html(store, &settings, InvitationId(id)).await,
    }
}

/// The collection use cases, with links under the public URL.
pub fn collector<S: Store>(store: S, settings: &Settings) -> anyhow::Result<Collector<S>> {
    let secret = settings.server_secret().context("reading the key that seals invitation links")?;
    let indexes = Arc::new(Indexes::new(Some(settings.snapshot_dir())));
    Ok(Collector::new(store, indexes, secret, &settings.public_url()))
}

/// True when only this computer can open links under `url`.
pub fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    let ip = host.parse::<std::net::IpAddr>();
    host.eq_ignore_ascii_case("localhost") || ip.is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
}

async fn create<S: Store>(
    store: S,
    settings: &Settings,
    file: &Path,
    out: Option<&Path>,
    defaults: &Defaults<'_>,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let contacts = match parse_contacts(&bytes, defaults) {
        Ok(contacts) => contacts,
        Err(problems) => return Ok(report_problems(file, &problems)),
    };
    let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
    let survey = store.survey_by_slug(org.id, defaults.survey).await?.with_context(|| {
        format!("no survey {:?} in {}; `vocal survey list` shows them; nothing was stored", defaults.survey, org.name)
    })?;
    let public_url = settings.public_url();
    if is_loopback(&public_url) {
        eprintln!(
            "warning: the links start with {public_url}, which customers cannot reach; \
             set --public-url (or VOCAL_PUBLIC_URL) to the address they use"
        );
    }
    // The output file is opened before anything is stored, so a directory
    // that cannot be written to stores nothing.
    let mut target = Target::open(out)?;
    let collector = collector(store, settings)?;
    let issued = match collector.invite(org.id, contacts.inputs(), true).await {
        Ok(issued) => issued,
        Err(CollectError::Invalid(errors)) => {
            target.discard();
            return Ok(report_problems(file, &contacts.locate(errors)));
        }
        Err(error) => {
            target.discard();
            return Err(anyhow::Error::new(error).context("nothing was stored"));
        }
    };
    let ids = match (issued.first(), issued.last()) {
        (Some(first), Some(last)) => format!("{} to {}", first.invitation.id.0, last.invitation.id.0),
        _ => "none".into(),
    };
    let written = write_links(&mut target, &contacts, &issued).and_then(|()| target.finish());
    if let Err(error) = written {
        target.discard();
        return Err(error.context(format!(
            "the {} invitations (ids {ids}) were stored, but their links could not be written; \
             GET /api/v1/invitations/{{id}} shows each one's links",
            issued.len()
        )));
    }
    let time_zone = jiff::tz::TimeZone::get(&org.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let days: std::collections::BTreeSet<String> =
        issued.iter().map(|i| day(i.invitation.expires_at_ms, &time_zone)).collect();
    let expiry = match (days.first(), days.last()) {
        (Some(first), Some(last)) if first != last => format!("expire {first} to {last}"),
        (Some(first), _) => format!("expire {first}"),
        _ => String::new(),
    };
    let place = out.map_or_else(|| "standard output".to_string(), |path| path.display().to_string());
    let count = match issued.len() {
        1 => "1 invitation".to_string(),
        n => format!("{n} invitations"),
    };
    eprintln!("created {count} for survey {}; links in {place} ({expiry})", survey.definition.slug);
    Ok(ExitCode::SUCCESS)
}

fn report_problems(file: &Path, problems: &[Problem]) -> ExitCode {
    for problem in problems.iter().take(MAX_SHOWN) {
        eprintln!("{}: {problem}", file.display());
    }
    if problems.len() > MAX_SHOWN {
        eprintln!("… and {} more", problems.len() - MAX_SHOWN);
    }
    eprintln!("{} problem(s); nothing was stored", problems.len());
    ExitCode::FAILURE
}

fn day(ms: i64, time_zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| time_zone.to_datetime(t).date().to_string()).unwrap_or_default()
}

fn write_links(target: &mut Target, contacts: &ContactsFile, issued: &[Issued]) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(target.writer());
    let header = contacts.header.iter().map(String::as_str).chain(OUTPUT_COLUMNS);
    writer.write_record(header)?;
    for (row, issued) in contacts.rows.iter().zip(issued) {
        let expires_at = jiff::Timestamp::from_millisecond(issued.invitation.expires_at_ms)
            .map(|t| t.to_string())
            .unwrap_or_default();
        let added = [issued.invitation.id.0.to_string(), expires_at, issued.links.survey_url.clone()];
        let cells = row.cells.iter().chain(&added).chain(&issued.links.score_urls);
        writer.write_record(cells)?;
    }
    writer.flush()?;
    Ok(())
}

/// Standard output, or a temporary file next to the target that is
/// renamed over it once complete, so no half-written file ever appears.
enum Target {
    Stdout(std::io::Stdout),
    File { temporary: PathBuf, target: PathBuf, file: File },
}

impl Target {
    fn open(out: Option<&Path>) -> anyhow::Result<Self> {
        let Some(target) = out else {
            return Ok(Target::Stdout(std::io::stdout()));
        };
        let name = target.file_name().with_context(|| format!("{} is not a file name", target.display()))?;
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".{}.tmp", std::process::id()));
        let temporary = target.with_file_name(temporary_name);
        let file = File::create(&temporary).with_context(|| format!("cannot write next to {}", target.display()))?;
        Ok(Target::File { temporary, target: target.to_path_buf(), file })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Target::Stdout(stdout) => stdout,
            Target::File { file, .. } => file,
        }
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        match self {
            Target::Stdout(stdout) => Ok(stdout.flush()?),
            Target::File { temporary, target, file } => {
                file.sync_all()?;
                std::fs::rename(&*temporary, &*target)
                    .with_context(|| format!("cannot rename {} to {}", temporary.display(), target.display()))
            }
        }
    }

    fn discard(&self) {
        if let Target::File { temporary, .. } = self {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

async fn email_html<S: Store>(store: S, settings: &Settings, id: InvitationId) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
    let collector = collector(store.clone(), settings)?;
    let issued = collector.invitation_links(org.id, id).await?.with_context(|| {
        format!("no invitation {} in {} (or it was sealed with another secret key)", id.0, org.name)
    })?;
    let invitation = &issued.invitation;
    let survey = store.survey_by_id(org.id, invitation.survey_id).await?.context("the invitation's survey is gone")?;
    let language = vocal_web::survey_page::pick_language(
        &survey.definition,
        invitation.context.language.as_deref().or(invitation.contact.details.language.as_deref()),
        None,
        None,
    );
    let html = vocal_web::survey_page::render_email_block(
        &survey.definition,
        &language,
        &issued.links.score_urls,
        &issued.links.survey_url,
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{html}").and_then(|()| stdout.flush()).context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_addresses_are_recognised() {
        for url in ["http://127.0.0.1:8080", "http://localhost/x", "http://[::1]:80", "http://0.0.0.0:8080"] {
            assert!(super::is_loopback(url), "{url}");
        }
        for url in ["https://nps.example.com", "http://10.0.0.5:8080", "https://127.example.com"] {
            assert!(!super::is_loopback(url), "{url}");
        }
    }
}
