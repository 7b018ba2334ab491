use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = coguide::cli::Cli::parse();
    ExitCode::from(coguide::commands::run(cli.command))
}
