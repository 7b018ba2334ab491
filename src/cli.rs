//! The command line (clap derive): one struct per command, with help in plain words.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

#[derive(Debug, Parser)]
#[command(
    name = "coguide",
    version,
    about = "Build co-produced guides: Markdown from everyone who wrote it, published only with their consent."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new guide in DIR, with a theme and example content.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Start a new contribution, with the front matter filled in.
    New(NewArgs),
    /// Check the guide, then build the website into the output folder.
    Build(BuildArgs),
    /// Check every contribution and report what to improve.
    Check(CheckArgs),
    /// Preview the guide in your browser while you write.
    Serve(ServeArgs),
    /// List every contribution with its consent, for the comms team's register.
    Consent(ConsentArgs),
}

#[derive(Debug, Args)]
pub struct RootArg {
    /// The guide's folder (the one with guide.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The title of the new contribution.
    pub title: String,
    /// The section (a folder in content/) to put it in.
    #[arg(long)]
    pub section: Option<String>,
    #[command(flatten)]
    pub root: RootArg,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Where to write the site (default: site/ inside the guide's folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Build as if today were this date (YYYY-MM-DD): consent is judged on it.
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<Date>,
    /// Publish contributions marked `draft: true` too.
    #[arg(long)]
    pub drafts: bool,
    /// The address the site will live at, overriding guide.yaml's base_url.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Show a progress bar even when not in a terminal (it is off in CI by default).
    #[arg(long)]
    pub progress: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Check as if today were this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<Date>,
    /// How to print what was found.
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Treat warnings as errors in the exit status.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Judge drafts as if they were ready to publish.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The address to listen on. Only this computer can see 127.0.0.1.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// The port to listen on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the preview in your web browser.
    #[arg(long)]
    pub open: bool,
    /// Preview as if today were this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RegisterFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ConsentArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Judge consent as if today were this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<Date>,
    /// How to print the register.
    #[arg(long, value_enum, default_value = "table")]
    pub format: RegisterFormat,
    /// Only contributions whose review or expiry falls within this many days (or has passed).
    #[arg(long)]
    pub due: Option<u32>,
    /// Also write the register as a web page to share with a governance group
    /// (never inside the published site), e.g. --report consent-register.html.
    #[arg(long)]
    pub report: Option<std::path::PathBuf>,
}

fn parse_date_arg(s: &str) -> Result<Date, String> {
    crate::guide::yaml::parse_date(s)
        .map_err(|why| format!("\"{s}\" is not a date {why}; write it like 2025-06-30"))
}
