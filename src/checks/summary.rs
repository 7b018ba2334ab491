//! missing-summary and summary-too-long: every page opens with a plain-language summary.

use super::prose::{Place, words};
use super::{Page, Sink};
use crate::diagnostics::Severity;

/// Longest summary, in words, before it is reported.
pub const MAX_SUMMARY_WORDS: usize = 60;

pub fn check(page: &Page, sink: &mut Sink) {
    let Some(meta) = page.meta else { return };
    match meta.summary.as_deref().map(str::trim) {
        None | Some("") => {
            let at = if page.keys.get("summary").is_some() {
                page.key_at("summary")
            } else {
                page.key_at("title")
            };
            sink.at_line(
                "missing-summary",
                Severity::Error,
                at,
                "this page has no summary: readers see a short, plain summary first, so they know what the page is about".into(),
                Some("add `summary:` after the title, with two or three short sentences in everyday words".into()),
            );
        }
        Some(summary) => {
            let count = words(summary).count();
            if count > MAX_SUMMARY_WORDS {
                let offset = page
                    .spans
                    .iter()
                    .find(|s| s.place == Place::Summary)
                    .map(|s| s.offset);
                let message = format!(
                    "the summary is {count} words long; keep it to {MAX_SUMMARY_WORDS} words or fewer so it is quick to read"
                );
                let fix = Some(
                    "keep the one or two most important points; the rest can go in the page itself"
                        .to_string(),
                );
                match offset {
                    Some(o) => sink.at("summary-too-long", Severity::Warning, o, 1, message, fix),
                    None => sink.at_line(
                        "summary-too-long",
                        Severity::Warning,
                        page.key_at("summary"),
                        message,
                        fix,
                    ),
                }
            }
        }
    }
}
