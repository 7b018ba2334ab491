//! heading-structure: the page title is the only heading 1; headings in the text go down one
//! level at a time, so people using screen readers can find their way.

use super::prose::is_ignored;
use super::{Page, Sink};
use crate::diagnostics::Severity;

pub fn check(page: &Page, sink: &mut Sink) {
    // The title is the heading 1, so the text starts under it.
    let mut previous = 1u8;
    for h in &page.outline.headings {
        if is_ignored(&h.ignored, "heading-structure") {
            previous = h.level;
            continue;
        }
        if h.level == 1 {
            sink.at(
                "heading-structure",
                Severity::Warning,
                h.offset,
                1,
                format!(
                    "\"{}\" is a heading 1, but the page title is already the heading 1",
                    h.text.trim()
                ),
                Some("use ## for the main headings in your text".into()),
            );
        } else if h.level > previous + 1 {
            sink.at(
                "heading-structure",
                Severity::Warning,
                h.offset,
                h.level as usize,
                format!(
                    "this heading jumps from level {previous} to level {}, skipping a level",
                    h.level
                ),
                Some(format!(
                    "use {} for this heading",
                    "#".repeat(previous as usize + 1)
                )),
            );
        }
        previous = h.level;
    }
}
