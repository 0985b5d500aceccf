//! `vocal-bench`: generates the data set and prints each figure next
//! to the alternative a user would reach for (plain SQL on the same
//! database), in the same run. See docs/benchmarks.md for the commands.
#![forbid(unsafe_code)]

mod breakdown;
mod case_pages;
mod cases_bench;
mod collect_bench;
mod dashboard_bench;
mod import_bench;
mod jobs_bench;
mod kernel_bench;
mod live_bench;
mod load;
mod loop_bench;
mod plain_dashboard;
mod plain_server;
mod process_bench;
mod query_bench;
mod servers;
mod synth;
mod timing;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Indexing millions of responses allocates and frees many small strings;
/// glibc's allocator spends most of that time consolidating free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Benchmarks for Vocal (build with --release)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Target {
    /// Data directory for the SQLite database
    #[arg(long, default_value = "bench-data")]
    data: PathBuf,
    /// Also measure PostgreSQL (a database that the benchmark may fill)
    #[arg(long, env = "VOCAL_BENCH_DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Fill the databases with the synthetic data set (skipped when already there)
    Generate {
        #[command(flatten)]
        target: Target,
        #[arg(long, default_value_t = 10_000_000)]
        rows: usize,
    },
    /// Breakdown queries: Vocal's index against SQL GROUP BY, plus index build and snapshot times
    Query {
        #[command(flatten)]
        target: Target,
        /// Also run the SQLite full scan without an index (slow at 10 M)
        #[arg(long)]
        full_scan: bool,
        /// Only Vocal's own figures (skips the SQL comparisons)
        #[arg(long)]
        vocal_only: bool,
    },
    /// `vocal import responses` of a generated CSV file, whole process, first import and re-import, next to plain SQL
    Import {
        #[command(flatten)]
        target: Target,
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        /// Write a file of this size instead of --rows (e.g. 1 for 1 GiB); it is deleted afterwards
        #[arg(long)]
        gigabytes: Option<f64>,
    },
    /// The query engine alone on data generated in memory, 1 and 2 threads
    Kernel {
        #[arg(long, default_value_t = 10_000_000)]
        rows: usize,
    },
    /// Fresh-process `vocal nps --by month`, and server start-up time and memory
    Process {
        #[command(flatten)]
        target: Target,
    },
    /// Single-response API submissions at a fixed rate: Vocal, then plain SQL at the same rate
    Ingest {
        #[command(flatten)]
        load: collect_bench::LoadArgs,
        /// Submissions per second
        #[arg(long, default_value_t = 5_000.0)]
        rate: f64,
        /// Skip the plain-SQL handler
        #[arg(long)]
        vocal_only: bool,
    },
    /// Survey pages of real invitations (`GET /s/{token}?score=N`) at a fixed rate
    Pages {
        #[command(flatten)]
        load: collect_bench::LoadArgs,
        /// Page views per second
        #[arg(long, default_value_t = 5_000.0)]
        rate: f64,
        #[arg(long, default_value_t = 5_000)]
        invitations: usize,
    },
    /// As after an email blast: page views and submissions together, each at its rate
    Mixed {
        #[command(flatten)]
        load: collect_bench::LoadArgs,
        #[arg(long, default_value_t = 2_000.0)]
        get_rate: f64,
        #[arg(long, default_value_t = 5_000.0)]
        post_rate: f64,
        #[arg(long, default_value_t = 5_000)]
        invitations: usize,
    },
    /// The dashboard page over the generated data set, as an admin and a manager, next to plain SQL
    Dashboard {
        #[command(flatten)]
        target: Target,
        /// Sequential requests per view
        #[arg(long, default_value_t = 200)]
        requests: usize,
    },
    /// Live updates: responses posted through the API reaching open dashboards
    Live {
        #[command(flatten)]
        load: collect_bench::LoadArgs,
        /// Dashboards open at once
        #[arg(long, default_value_t = 100)]
        dashboards: usize,
        /// Responses posted per second
        #[arg(long, default_value_t = 20.0)]
        rate: f64,
    },
    /// The job queue with a long queue: claim p50/p99 at 1,000 and at --jobs waiting, and the server's memory
    Jobs {
        #[command(flatten)]
        target: Target,
        /// Jobs waiting for the long queue
        #[arg(long, default_value_t = 1_000_000)]
        jobs: usize,
        /// Claims timed at each queue length
        #[arg(long, default_value_t = 2_000)]
        claims: usize,
    },
    /// The closed loop at scale: the escalation sweep over --cases open cases, and the case queues
    Cases {
        #[command(flatten)]
        target: Target,
        /// Open cases
        #[arg(long, default_value_t = 1_000_000)]
        cases: usize,
        /// Of which newly overdue (escalated by the timed sweep)
        #[arg(long, default_value_t = 1_000)]
        overdue: usize,
        /// Queue reads timed per queue
        #[arg(long, default_value_t = 200)]
        reads: usize,
    },
    /// The closed loop end to end: --servers `vocal serve` on one database, detractors through the API,
    /// each alert's arrival at a local SMTP sink and webhook receiver, duplicates counted
    Loop {
        #[command(flatten)]
        target: Target,
        /// Servers sharing the database (more than one needs --database-url)
        #[arg(long, default_value_t = 2)]
        servers: usize,
        /// Detractor answers posted
        #[arg(long, default_value_t = 10_000)]
        answers: u64,
        /// Answers per second
        #[arg(long, default_value_t = 200.0)]
        rate: f64,
        /// One answer in three a detractor (the rest open no case) instead of every one
        #[arg(long)]
        mixed: bool,
    },
    /// The plain-SQL submission handler the collection benchmarks compare with (started by them)
    #[command(hide = true)]
    PlainServe {
        #[arg(long)]
        addr: SocketAddr,
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        database_url: Option<String>,
        #[arg(long)]
        org: i64,
        #[arg(long)]
        key: String,
    },
}

fn main() -> anyhow::Result<()> {
    // Before any HTTP client: see `install_crypto_provider`.
    vocal_app::install_crypto_provider();
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        match cli.command {
            Command::Generate { target, rows } => {
                query_bench::generate(&target.data, target.database_url.as_deref(), rows).await
            }
            Command::Query { target, full_scan, vocal_only } => {
                query_bench::run(&target.data, target.database_url.as_deref(), full_scan, vocal_only).await
            }
            Command::Import { target, rows, gigabytes } => {
                let size = match gigabytes {
                    Some(gib) => import_bench::FileSize::Bytes((gib * 1_073_741_824.0) as u64),
                    None => import_bench::FileSize::Rows(rows),
                };
                import_bench::run(&target.data, target.database_url.as_deref(), size).await
            }
            Command::Kernel { rows } => kernel_bench::run(rows),
            Command::Process { target } => process_bench::run(&target.data, target.database_url.as_deref()).await,
            Command::Ingest { load, rate, vocal_only } => collect_bench::ingest(&load, rate, vocal_only).await,
            Command::Pages { load, rate, invitations } => {
                collect_bench::pages_and_posts(&load, rate, 0.0, invitations).await
            }
            Command::Mixed { load, get_rate, post_rate, invitations } => {
                collect_bench::pages_and_posts(&load, get_rate, post_rate, invitations).await
            }
            Command::Dashboard { target, requests } => {
                dashboard_bench::run(&target.data, target.database_url.as_deref(), requests).await
            }
            Command::Live { load, dashboards, rate } => live_bench::run(&load, dashboards, rate).await,
            Command::Jobs { target, jobs, claims } => {
                jobs_bench::run(&target.data, target.database_url.as_deref(), jobs, claims).await
            }
            Command::Cases { target, cases, overdue, reads } => {
                cases_bench::run(&target.data, target.database_url.as_deref(), cases, overdue, reads).await
            }
            Command::Loop { target, servers, answers, rate, mixed } => {
                loop_bench::run(&target.data, target.database_url.as_deref(), servers, answers, rate, mixed).await
            }
            Command::PlainServe { addr, data, database_url, org, key } => {
                plain_server::serve(addr, &data, database_url.as_deref(), org, &key).await
            }
        }
    })
}
