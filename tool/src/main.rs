//! The `contracts` binary: `cargo contracts <command>`.

use std::process::ExitCode;

use clap::Parser;

use contracts_tool::cli::Cli;
use contracts_tool::commands;

/// `build` allocates millions of small values on every core; mimalloc does that several times faster than the
/// system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(commands::run(&Cli::parse()))
}
