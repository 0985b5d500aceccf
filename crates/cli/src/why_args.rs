//! The arguments of `vocal why` and `vocal themes …` (docs/why.md,
//! docs/themes.md), kept beside `args.rs`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::args::Format;

/// What drives the score in the answers selected.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  vocal why --since 2026-09-01
  vocal why --where unit=Northwind/Americas --format json
  vocal why --where channel=phone --format csv > why.csv")]
pub struct WhyArgs {
    /// First day included (YYYY-MM-DD, in the organisation's time zone)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last day included (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Keep responses whose FIELD is VALUE; repeat for more (as for `vocal nps`)
    #[arg(long = "where", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,
    /// Themes with fewer mentions are flagged low_sample [default: 30]
    #[arg(long, env = "VOCAL_MIN_N", value_name = "N")]
    pub min_n: Option<u64>,
    /// Output format: the table shows themes then terms; csv shows the themes
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum ThemesCommand {
    /// Validate a taxonomy file whole and make it the organisation's (nothing is stored if any part is wrong)
    Apply {
        /// The taxonomy, TOML (docs/themes.md); `vocal themes show --default` prints one to start from
        file: PathBuf,
    },
    /// Print the organisation's taxonomy as TOML
    Show {
        /// The built-in customer-service taxonomy instead
        #[arg(long)]
        default: bool,
    },
}
