//! `coguide check`: every check over every contribution, printed for people (human),
//! programs (json) or GitHub Actions (github).

use std::io::Write as _;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::checks::Checker;
use crate::cli::{CheckArgs, CheckFormat};
use crate::consent::split;
use crate::diagnostics::{
    Diagnostic, Severity, Summary, format_github, json_items, sort, summarise,
};
use crate::guide::load;

#[derive(Serialize)]
struct HeldBack<'a> {
    file: &'a str,
    reason: &'static str,
}

#[derive(Serialize)]
struct Pages {
    published: usize,
    held_back: usize,
}

/// SPEC's `check --format json` object.
#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    /// Each diagnostic's JSON, made in parallel by [`json_items`].
    diagnostics: Vec<Box<RawValue>>,
    held_back: Vec<HeldBack<'a>>,
    pages: Pages,
    summary: Summary,
}

pub fn run(args: &CheckArgs) -> u8 {
    let root = &args.root.root;
    let today = super::today(args.date);
    let (guide, mut diagnostics) = match load(root) {
        Ok(x) => x,
        Err(e) => {
            if args.format == CheckFormat::Json {
                let d = Diagnostic::new(
                    "front-matter",
                    Severity::Error,
                    "guide.yaml",
                    (1, 1),
                    e.to_string(),
                );
                let report = Report {
                    version: 1,
                    diagnostics: json_items(std::slice::from_ref(&d)),
                    held_back: Vec::new(),
                    pages: Pages {
                        published: 0,
                        held_back: 0,
                    },
                    summary: Summary {
                        errors: 1,
                        warnings: 0,
                    },
                };
                print_json(&report);
            } else {
                eprintln!("error: {e}");
            }
            return 1;
        }
    };
    diagnostics.extend(Checker::run(&guide, today, args.drafts));
    sort(&mut diagnostics);
    let summary = summarise(&diagnostics);
    let (published, held) = split(&guide.contributions, today, args.drafts);
    match args.format {
        CheckFormat::Json => {
            let report = Report {
                version: 1,
                diagnostics: json_items(&diagnostics),
                held_back: held
                    .iter()
                    .map(|h| HeldBack {
                        file: &h.contribution.file,
                        reason: h.reason.id(),
                    })
                    .collect(),
                pages: Pages {
                    published: published.len(),
                    held_back: held.len() + guide.unreadable.len(),
                },
                summary,
            };
            print_json(&report);
        }
        CheckFormat::Github => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for d in &diagnostics {
                let _ = writeln!(out, "{}", format_github(d));
            }
        }
        CheckFormat::Human => {
            super::print_human(Some(&guide), root, &diagnostics, true);
            if !held.is_empty() {
                eprintln!(
                    "{} of {} contributions will be held back (see the consent warnings above).",
                    held.len(),
                    guide.contributions.len()
                );
            }
        }
    }
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    super::leave_to_exit((guide, diagnostics));
    u8::from(failed)
}

/// Writes the report to standard output as it is laid out, without first making it one
/// string.
fn print_json(report: &Report) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if serde_json::to_writer_pretty(&mut out, report).is_ok() {
        let _ = writeln!(out);
    }
}
