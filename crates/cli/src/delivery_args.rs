//! The arguments of the commands that deliver: `vocal mail`, `vocal jobs`
//! and `vocal channels` (docs/email.md, docs/jobs.md, docs/notifications.md),
//! kept beside `args.rs`.

use clap::{Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send a test email through the configured SMTP server (or keep it in the outbox)
    #[command(after_help = "Examples:
  vocal mail test --to ana@example.com
  vocal --smtp-url 'smtp://localhost:2525?tls=none' --mail-from nps@example.com mail test --to ana@example.com")]
    Test {
        /// The recipient, e.g. ana@example.com or 'Ana Lopez <ana@example.com>'
        #[arg(long, value_name = "ADDRESS")]
        to: String,
    },
    /// List the most recent emails, newest first (id, when, to, subject, status)
    Outbox {
        /// How many to list
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Print one email from the outbox: its plain-text part, or with --html its HTML part
    Show {
        /// The id shown by `vocal mail outbox`
        id: i64,
        /// Print the HTML part instead of the plain text
        #[arg(long)]
        html: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// List the most recent jobs, newest first (id, kind, what, state, attempts, next run, last error)
    #[command(after_help = "Examples:
  vocal jobs list
  vocal jobs list --state dead")]
    List {
        /// Only jobs in this state
        #[arg(long, value_enum)]
        state: Option<JobStateArg>,
        /// How many to list
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Queue a failed or dead job again, due now, with all its attempts
    Retry {
        /// The id shown by `vocal jobs list`
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChannelsCommand {
    /// Add a channel; a webhook's signing secret is printed once
    #[command(after_help = "Examples:
  vocal channels add --kind webhook --name crm --url https://crm.example.com/hooks/vocal
  vocal channels add --kind slack --name cx-alerts --url https://hooks.slack.com/services/T0/B0/XYZ --events case.opened
  vocal channels add --kind sms_gateway --name twilio --url https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json \\
      --field 'To={{to}}' --field From=+15005550006 --field 'Body={{text}}' --basic-auth AC1:TOKEN")]
    Add {
        /// webhook (Standard Webhooks, signed), slack, teams or sms_gateway
        #[arg(long)]
        kind: String,
        /// A name unique in the organisation
        #[arg(long)]
        name: String,
        /// Where to post (http or https; private addresses need --allow-private-webhooks)
        #[arg(long)]
        url: String,
        /// Comma-separated: case.opened, case.escalated, case.resolved [default: all]
        #[arg(long, default_value = "")]
        events: String,
        /// SMS gateway form field NAME=VALUE; VALUE may use {{to}}, {{text}}, {{case_id}}, {{case_url}} (repeatable)
        #[arg(long = "field", value_name = "NAME=VALUE")]
        fields: Vec<String>,
        /// SMS gateway basic auth USER:PASSWORD
        #[arg(long, value_name = "USER:PASSWORD")]
        basic_auth: Option<String>,
        /// SMS gateway token header, e.g. 'Authorization: Bearer abc'
        #[arg(long, value_name = "NAME: VALUE")]
        header: Option<String>,
    },
    /// List the channels with their last delivery's status and error
    List,
    /// Remove a channel (its queued deliveries end without being sent)
    Remove {
        /// The id shown by `vocal channels list`
        id: i64,
    },
    /// Turn a channel back on after its receiver answered 410 Gone and Vocal disabled it
    Enable { id: i64 },
    /// Give a webhook a new signing secret, printed once; the old one signs too for 24 hours
    RotateSecret { id: i64 },
    /// Queue a sample event to a channel (a running vocal serve sends it; see `vocal channels list`)
    Test {
        id: i64,
        /// For an SMS gateway: the number to text, e.g. +14155550100
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum JobStateArg {
    /// Waiting to be run
    Queued,
    /// Claimed by a worker
    Running,
    Done,
    /// Failed, waiting for its next attempt
    Failed,
    /// Out of attempts: retried only with `vocal jobs retry`
    Dead,
}
