//! `vocal mail …`: a test email, and the outbox (docs/email.md).

use std::process::ExitCode;

use anyhow::Context;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use vocal_app::messaging::email::{Mail, Mailer};
use vocal_app::settings::Settings;
use vocal_store::{EmailStatus, Store};

use crate::args::MailCommand;

pub async fn run<S: Store>(store: S, settings: Settings, command: MailCommand) -> anyhow::Result<ExitCode> {
    match command {
        MailCommand::Test { to } => {
            let org = vocal_app::organisation::find_or_create(&store, settings.org.as_deref()).await?;
            let mailer = Mailer::from_settings(&settings)?;
            let email = Mail::Test { organisation: org.name.clone(), public_url: settings.public_url() };
            let message = email.message(&to)?;
            let record = mailer.send(&store, org.id, &message).await?;
            match record.status {
                EmailStatus::Sent => println!("sent to {}", record.to_address),
                _ => println!("no SMTP server configured: stored in the outbox (vocal mail outbox)"),
            }
        }
        MailCommand::Outbox { limit } => {
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED);
            table.set_header(["id", "when", "to", "subject", "status"]);
            for email in store.list_emails(org.id, limit).await? {
                let status = match &email.error {
                    Some(error) => format!("{}: {error}", email.status.as_str()),
                    None => email.status.as_str().to_string(),
                };
                table.add_row([
                    email.id.to_string(),
                    crate::output::timestamp(email.created_at_ms),
                    email.to_address,
                    email.subject,
                    status,
                ]);
            }
            println!("{table}");
        }
        MailCommand::Show { id, html } => {
            let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?;
            let email = store.email(org.id, id).await?.with_context(|| format!("no email {id} in {}", org.name))?;
            if html {
                print!("{}", email.html_body);
            } else {
                eprintln!("To: {}\nSubject: {}\nStatus: {}\n", email.to_address, email.subject, email.status.as_str());
                print!("{}", email.text_body);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
