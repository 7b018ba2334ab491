//! vague-link-text: "click here" and "read more" say nothing when a screen reader lists
//! the links of a page.

use super::prose::is_ignored;
use super::{Page, Sink};
use crate::diagnostics::Severity;

const VAGUE: &[&str] = &[
    "click here",
    "here",
    "read more",
    "more",
    "click",
    "this",
    "this page",
    "link",
    "this link",
    "more info",
    "more information",
    "find out more",
    "learn more",
    "see more",
    "continue",
    "go",
    "details",
];

pub fn check(page: &Page, sink: &mut Sink) {
    for link in &page.outline.links {
        if is_ignored(&link.ignored, "vague-link-text") {
            continue;
        }
        let text = link
            .text
            .trim()
            .trim_end_matches(['.', '!', ':'])
            .to_lowercase();
        if VAGUE.contains(&text.as_str()) {
            sink.at(
                "vague-link-text",
                Severity::Warning,
                link.offset,
                link.len,
                format!("the link text \"{}\" does not say where the link goes", link.text.trim()),
                Some("use words that make sense on their own, like the title of the page it leads to".into()),
            );
        }
    }
}
