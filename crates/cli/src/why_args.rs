//! The arguments of `vocal why` and `vocal themes …` (docs/why.md,
//! docs/themes.md), kept beside `args.rs`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::args::{Format, QuestionArgs};

/// What drives the score in the answers selected.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  vocal why --since 2026-09-01
  vocal why --where unit=Northwind/Americas --format json
  vocal why --where channel=phone --format csv > why.csv
  vocal why --compare channel=phone,chat --since 2026-09-01")]
pub struct WhyArgs {
    #[command(flatten)]
    pub question: QuestionArgs,
    /// Instead of detractors against promoters: the words that separate the answers whose FIELD is A
    /// from those whose FIELD is B, e.g. channel=phone,email
    #[arg(long, value_name = "FIELD=A,B")]
    pub compare: Option<String>,
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
