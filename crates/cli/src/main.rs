//! The `vocal` binary: parse the command line, run it, print errors as one line.
#![forbid(unsafe_code)]

use clap::Parser;

/// Indexing millions of responses allocates and frees many small strings;
/// glibc's allocator spends most of that time consolidating free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vocal_app::install_crypto_provider();
    vocal_cli::main(vocal_cli::args::Cli::parse())
}
