//! The arguments of `vocal cases …` and `vocal loop` (docs/cases.md), kept
//! beside `args.rs`.

use clap::{Args, Subcommand};

use crate::args::Format;

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// List cases, newest first, with the filters of GET /api/v1/cases
    #[command(after_help = "Examples:
  vocal cases list --overdue
  vocal cases list --state new --state contacted --unit Americas --format csv > open.csv
  vocal cases list --owner none")]
    List {
        /// Only cases in these states (new, contacted, resolved, closed); repeat or comma-separate
        #[arg(long, value_delimiter = ',')]
        state: Vec<String>,
        /// Only the cases of this owner (an email), or `none` for the unowned
        #[arg(long)]
        owner: Option<String>,
        /// Only the cases of this unit and its subtree
        #[arg(long)]
        unit: Option<String>,
        /// Only open cases past a deadline they have not met
        #[arg(long)]
        overdue: bool,
        /// How many to list
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// One case: its facts, the answer that opened it, and every event
    #[command(after_help = "Examples:
  vocal cases show 42
  vocal cases show 42 --format json")]
    Show {
        id: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

/// `vocal loop`: the loop metrics of GET /api/v1/loop-metrics.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  vocal loop
  vocal loop --by owner --since 2026-11-01 --until 2026-11-30
  vocal loop --by root_cause --format csv > causes.csv")]
pub struct LoopArgs {
    /// Group by unit (each case's own unit), owner or root_cause
    #[arg(long, default_value = "unit")]
    pub by: String,
    /// Cases opened from this day on (YYYY-MM-DD, UTC)
    #[arg(long)]
    pub since: Option<String>,
    /// Cases opened up to and including this day (YYYY-MM-DD, UTC)
    #[arg(long)]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}
