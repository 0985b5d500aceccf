//! The command line. Every flag that is a setting also reads a `VOCAL_…`
//! environment variable; both override the TOML file (docs/configuration.md).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::delivery_args::{ChannelsCommand, JobStateArg, JobsCommand, MailCommand};

#[derive(Debug, Parser)]
#[command(
    name = "vocal",
    version,
    about = "Vocal: a self-hostable closed-loop Net Promoter platform",
    after_help = "Settings: flags > VOCAL_… environment variables > vocal.toml > defaults (docs/configuration.md)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Settings every command accepts.
#[derive(Debug, Args)]
pub struct Global {
    /// TOML settings file [default: ./vocal.toml when present]
    #[arg(long, global = true, env = "VOCAL_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Data directory for the embedded SQLite database and index snapshots [default: ./vocal-data; `demo`: ./vocal-demo]
    #[arg(long, global = true, env = "VOCAL_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Use PostgreSQL instead of SQLite, e.g. postgres://vocal@db/vocal
    #[arg(long, global = true, env = "VOCAL_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Organisation to work on; may be left out when there is only one
    #[arg(long, global = true, env = "VOCAL_ORG", value_name = "NAME")]
    pub org: Option<String>,
    /// Base URL of survey links, as customers reach this server [default: http://ADDR]
    #[arg(long, global = true, env = "VOCAL_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// 64 hex characters sealing invitation tokens [default: DATA/secret.key, created on first use]
    #[arg(long, global = true, env = "VOCAL_SECRET_KEY", value_name = "HEX", hide_env_values = true, hide = true)]
    pub secret_key: Option<String>,
    /// SMTP server for outgoing mail, e.g. smtp://user:pass@mail.example.com:587 [default: none, mail waits in the outbox]
    #[arg(long, global = true, env = "VOCAL_SMTP_URL", value_name = "URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of outgoing mail, e.g. 'Vocal <nps@example.com>'
    #[arg(long, global = true, env = "VOCAL_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,
    /// Single sign-on: the OpenID Connect issuer, e.g. https://login.example.com/realms/acme (docs/accounts.md); the client secret comes from VOCAL_OIDC_CLIENT_SECRET
    #[arg(long, global = true, env = "VOCAL_OIDC_ISSUER", value_name = "URL")]
    pub oidc_issuer: Option<String>,
    /// Single sign-on: this server's client id at the issuer
    #[arg(long, global = true, env = "VOCAL_OIDC_CLIENT_ID", value_name = "ID")]
    pub oidc_client_id: Option<String>,
    /// Let webhooks and SMS gateways reach loopback and private networks (tests, on-premise receivers) [default: false]
    #[arg(long, global = true, env = "VOCAL_ALLOW_PRIVATE_WEBHOOKS", value_name = "BOOL")]
    pub allow_private_webhooks: Option<bool>,
    /// Reverse proxies in front of the server, comma-separated addresses or networks (127.0.0.1,10.0.0.0/8): from them the client is read from X-Forwarded-For
    #[arg(long, global = true, env = "VOCAL_TRUSTED_PROXIES", value_name = "NETWORKS", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<vocal_app::proxies::Network>>,
    /// Log filter, e.g. info, debug, vocal_web=debug
    #[arg(long, global = true, env = "VOCAL_LOG", value_name = "FILTER")]
    pub log: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app, the survey pages and the JSON API
    Serve(ServeArgs),
    /// Create a demo organisation with realistic data in its own data directory, and serve it
    Demo(DemoArgs),
    /// Import data from files
    #[command(subcommand)]
    Import(ImportCommand),
    /// Net Promoter Score with margins of error, overall and by any field
    #[command(after_help = "Examples:
  vocal nps --by unit                          the units under the company, each with its subtree
  vocal nps --by unit:3,quarter --since 2026-01-01
  vocal nps --by agent --where unit=Americas/Reno\\ Support --min-n 50
  vocal nps --by plan --where channel=email --where channel=sms --format json

Fields and output are described in docs/querying.md.")]
    Nps(NpsArgs),
    /// Create, list and revoke API keys
    #[command(subcommand)]
    Apikey(ApikeyCommand),
    /// Create and list organisations
    #[command(subcommand)]
    Org(OrgCommand),
    /// Create, update and inspect surveys written as TOML files (docs/surveys.md)
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// Apply and show the alert rules that open cases for the manager who can act (docs/alerts.md)
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Create invitations from a contacts file, with links for any email or SMS tool (docs/invitations.md)
    #[command(subcommand)]
    Invitations(InvitationsCommand),
    /// Create, list, disable and enable the people who sign in
    #[command(subcommand)]
    User(UserCommand),
    /// Send a test email, and browse the outbox: every message sent, or kept when no SMTP server is set (docs/email.md)
    #[command(subcommand)]
    Mail(MailCommand),
    /// List the job queue (every email goes through it) and retry failed or dead jobs (docs/jobs.md)
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Add, list, remove and test the webhooks, Slack and Teams channels and SMS gateways alerts go to (docs/notifications.md)
    #[command(subcommand)]
    Channels(ChannelsCommand),
    /// List and show the cases alerts opened, with the API's filters (docs/cases.md)
    #[command(subcommand)]
    Cases(crate::cases_args::CasesCommand),
    /// How well the loop is closed, per unit, owner or root cause: times to contact and resolve, SLA shares, recovery (docs/cases.md)
    Loop(crate::cases_args::LoopArgs),
    /// What drives the score: themes by their cost in NPS, the words of detractors against promoters (docs/why.md)
    Why(crate::why_args::WhyArgs),
    /// Apply and show the theme taxonomy comments are matched against (docs/themes.md)
    #[command(subcommand)]
    Themes(crate::why_args::ThemesCommand),
    /// Exit 0 when a running server answers its health check (for service managers)
    Healthcheck(HealthcheckArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Everything, including settings
    Admin,
    /// Reads everything
    Analyst,
    /// Reads the subtree of one unit (needs --unit)
    Manager,
    /// Reads one agent's own feedback (needs --agent)
    Agent,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; prints a generated password once unless --password-stdin is given
    #[command(after_help = "Examples:
  vocal user create --email ana@example.com --name 'Ana Lopez' --role admin
  vocal user create --email li@example.com --name 'Li Wei' --role manager --unit 'EMEA/Berlin'
  echo \"$PASSWORD\" | vocal user create --email sam@example.com --name Sam --role agent --agent 'Sam Reed' --password-stdin")]
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The unit a manager manages (a path from the top, e.g. EMEA/Berlin)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// The agent (by name) whose feedback an agent user sees
        #[arg(long, value_name = "NAME")]
        agent: Option<String>,
        /// Read the password (at least 12 characters) from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users (email, name, role, scope, password set, disabled)
    List,
    /// Stop a user from signing in (their data and history stay)
    Disable { email: String },
    /// Let a disabled user sign in again
    Enable { email: String },
    /// Show or change how a user receives alerts: email, SMS and the language (docs/accounts.md)
    #[command(after_help = "Examples:
  vocal user notify ana@example.com
  vocal user notify ana@example.com --email off
  vocal user notify li@example.com --sms on --phone '+49 30 901820' --language de")]
    Notify {
        email: String,
        /// Alerts by email (on by default)
        #[arg(long = "email", value_enum, value_name = "ON|OFF")]
        email_alerts: Option<OnOff>,
        /// Alerts by SMS (off by default; needs --phone once)
        #[arg(long, value_enum, value_name = "ON|OFF")]
        sms: Option<OnOff>,
        /// The mobile number SMS alerts go to, with its country code (+49 30 901820); '' removes it
        #[arg(long, value_name = "NUMBER")]
        phone: Option<String>,
        /// The language alerts are written in: en or de
        #[arg(long, value_name = "TAG")]
        language: Option<String>,
    },
}

/// A switch on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

impl OnOff {
    pub fn is_on(self) -> bool {
        self == OnOff::On
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "VOCAL_ADDR", value_name = "ADDR")]
    pub addr: Option<SocketAddr>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "VOCAL_ADDR", value_name = "ADDR")]
    pub addr: Option<SocketAddr>,
    /// How many responses to generate on the first run
    #[arg(long, default_value_t = 120_000, value_name = "N")]
    pub responses: usize,
    /// Create the data and exit without serving
    #[arg(long)]
    pub no_serve: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import responses from a CSV file (all rows or none; re-imports skip rows already stored)
    Responses {
        /// The CSV file; see docs/import.md for columns and hosted-tool exports
        file: PathBuf,
        /// Leave the index snapshot to the next command or server that opens the organisation
        /// (updating it holds every response of the organisation in memory)
        #[arg(long)]
        no_index_update: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Which answers a question reads: `vocal nps` and `vocal why` alike.
#[derive(Debug, Args)]
pub struct QuestionArgs {
    /// First day included (YYYY-MM-DD, in the organisation's time zone)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last day included (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Keep responses whose FIELD is VALUE; repeat for more (same field: any of the values)
    #[arg(long = "where", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,
    /// Groups with fewer responses are flagged low_sample and not ranked [default: 30]
    #[arg(long, env = "VOCAL_MIN_N", value_name = "N")]
    pub min_n: Option<u64>,
}

#[derive(Debug, Args)]
pub struct NpsArgs {
    /// Break down by one field or two crossed (FIELD[,FIELD2]): unit, unit:N, channel, touchpoint, agent,
    /// account, source, language, day, week, month, quarter, year, or a custom attribute
    #[arg(long, value_name = "FIELD[,FIELD2]")]
    pub by: Option<String>,
    #[command(flatten)]
    pub question: QuestionArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Scope {
    Read,
    Write,
}

#[derive(Debug, Subcommand)]
pub enum ApikeyCommand {
    /// Create a key and print it once (only its hash is stored)
    Create {
        #[arg(long, value_enum)]
        scope: Scope,
        /// A name to recognise the key by
        #[arg(long, default_value = "api key")]
        name: String,
    },
    /// List keys (id, name, scope, prefix, created, revoked)
    List,
    /// Revoke a key by id
    Revoke { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation
    Create {
        name: String,
        /// IANA time zone for day, week and month breakdowns
        #[arg(long, default_value = "UTC")]
        time_zone: String,
    },
    /// List organisations
    List,
    /// Set an organisation's time zone
    SetTimeZone { time_zone: String },
}

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Create the survey in FILE, or update the one with its slug (nothing is stored if any line is wrong)
    #[command(after_help = "The file format, with a complete example, is described in docs/surveys.md.")]
    Apply {
        /// The survey file (TOML); a logo path in it is relative to the file
        file: PathBuf,
    },
    /// List surveys (slug, name, languages, public link, last update)
    List,
    /// Print a stored survey's definition as JSON
    Show { slug: String },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Replace the organisation's alert rules with those in FILE (nothing is stored if any line is wrong)
    #[command(after_help = "The file format, with a complete example, is described in docs/alerts.md.")]
    Apply {
        /// The rules file (TOML)
        file: PathBuf,
    },
    /// Print the rules in force as JSON (the default rule until rules are applied)
    Show,
    /// List the units no active manager owns, at the unit or above: their alerts go to the admins
    UnownedUnits,
}

#[derive(Debug, Subcommand)]
pub enum InvitationsCommand {
    /// One invitation per contact in a CSV file, its links written to a CSV (all rows or none)
    #[command(after_help = "Example:
  vocal invitations create --survey relationship contacts.csv --out links.csv

Columns: email, phone, name, language, account, unit, agent, touchpoint, channel, expires_in_days;
any other column becomes a custom attribute. The output is the input with invitation_id, expires_at,
survey_url and score_0 … score_10 added. See docs/invitations.md.")]
    Create {
        /// The survey's slug
        #[arg(long, value_name = "SLUG")]
        survey: String,
        /// The contacts file (CSV with a header line)
        file: PathBuf,
        /// Where to write the links (CSV) [default: standard output]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Days until the links expire (1 to 365), unless a row's expires_in_days says otherwise
        #[arg(
            long,
            default_value_t = vocal_app::collect::invitations::DEFAULT_EXPIRY_DAYS,
            value_parser = clap::value_parser!(u32).range(1..=i64::from(vocal_app::collect::invitations::MAX_EXPIRY_DAYS)),
            value_name = "N"
        )]
        expires_in_days: u32,
        /// The channel recorded on responses, unless a row's channel column says otherwise
        #[arg(long, default_value = "email", value_name = "NAME")]
        channel: String,
    },
    /// Print an invitation's 0–10 block as email-safe HTML, to paste into an email tool
    EmailHtml {
        /// The invitation id (the invitation_id column of `create`)
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct HealthcheckArgs {
    /// Address of the running server [default: 127.0.0.1:8080]
    #[arg(long, env = "VOCAL_ADDR", value_name = "ADDR")]
    pub addr: Option<SocketAddr>,
}
