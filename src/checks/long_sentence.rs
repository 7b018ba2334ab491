//! long-sentence: sentences over 25 words are hard to follow, more so when tired or anxious.

use super::prose::{Place, is_ignored};
use super::{Page, Sink};
use crate::diagnostics::Severity;

pub const MAX_WORDS: usize = 25;

pub fn check(page: &Page, sink: &mut Sink) {
    for block in &page.blocks {
        if is_ignored(block.ignored, "long-sentence") || block.place == Place::Title {
            continue;
        }
        for s in &block.sentences {
            let count = s.word_count;
            if count > MAX_WORDS {
                let (start, end) = block.words[s.first_word];
                let first = block.text[start..end].chars().count();
                sink.at(
                    "long-sentence",
                    Severity::Warning,
                    block.source_offset(start),
                    first,
                    format!("this sentence is {count} words long; sentences of {MAX_WORDS} words or fewer are easier to follow"),
                    Some("split it into two or more shorter sentences".into()),
                );
            }
        }
    }
}
