//! The commands. Each returns the exit status: 0 success, 1 problems found or build
//! failed (2, bad usage, comes from clap).

pub mod build;
pub mod check;
pub mod consent;
pub mod init;
pub mod new;

use std::path::Path;

use jiff::civil::Date;

use crate::cli::Command;
use crate::diagnostics::{Diagnostic, format_human, summarise, summary_line, use_colour};
use crate::guide::Guide;

pub fn run(command: Command) -> u8 {
    match command {
        Command::Init { dir } => init::run(&dir),
        Command::New(args) => new::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => crate::serve::run(&args),
        Command::Consent(args) => consent::run(&args),
    }
}

/// The build date: `--date`, or today where the computer is.
pub fn today(date: Option<Date>) -> Date {
    date.unwrap_or_else(|| jiff::Zoned::now().date())
}

/// Leaves what a command made for the operating system to take back when the process
/// ends, which it does at once: freeing a large guide's many small pieces one by one
/// takes a tenth of a second at 10,000 contributions, after the work is done.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Prints diagnostics in the human format to standard error, with their source lines.
pub fn print_human(guide: Option<&Guide>, root: &Path, diagnostics: &[Diagnostic], closing: bool) {
    let colour = use_colour();
    let lookup = |file: &str, line: usize| -> Option<String> {
        if let Some(src) = guide.and_then(|g| g.sources.get(file)) {
            return (line <= src.line_count()).then(|| src.line(line).to_string());
        }
        read_line_inside(root, file, line)
    };
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format_human(d, &lookup, colour));
        out.push('\n');
    }
    if closing {
        out.push_str(&summary_line(summarise(diagnostics), colour));
        out.push('\n');
    }
    eprint!("{out}");
}

/// A line of a file, for showing in a message — only from a real file inside the guide
/// (never through a link to somewhere else, whose text is not the guide's to show).
pub fn read_line_inside(root: &Path, file: &str, line: usize) -> Option<String> {
    let path = root.join(file);
    if std::fs::symlink_metadata(&path)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    let inside = path
        .canonicalize()
        .ok()?
        .starts_with(root.canonicalize().ok()?);
    if !inside {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().nth(line.checked_sub(1)?).map(str::to_string)
}
