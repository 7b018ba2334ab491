//! `coguide check`: every check over every contribution, printed for people (human),
//! programs (json) or GitHub Actions (github).

use serde::Serialize;

use crate::checks::Checker;
use crate::cli::{CheckArgs, CheckFormat};
use crate::consent::split;
use crate::diagnostics::{Diagnostic, Severity, Summary, format_github, sort, summarise};
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
    diagnostics: &'a [Diagnostic],
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
                    diagnostics: std::slice::from_ref(&d),
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
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            } else {
                eprintln!("error: {e}");
            }
            return 1;
        }
    };
    diagnostics.extend(Checker::new(&guide).run(&guide, today, args.drafts));
    sort(&mut diagnostics);
    let summary = summarise(&diagnostics);
    let (published, held) = split(&guide.contributions, today, args.drafts);
    match args.format {
        CheckFormat::Json => {
            let report = Report {
                version: 1,
                diagnostics: &diagnostics,
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
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
        CheckFormat::Github => {
            for d in &diagnostics {
                println!("{}", format_github(d));
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
    u8::from(failed)
}
