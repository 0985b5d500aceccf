//! The `vocal` binary: parse the command line, run it, print errors as one line.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    vocal_cli::main(vocal_cli::args::Cli::parse())
}
