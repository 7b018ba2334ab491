use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = coguide::cli::Cli::parse();
    ExitCode::from(coguide::commands::run(cli.command))
}

/// mimalloc: the build makes and frees many small strings on both cores at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
