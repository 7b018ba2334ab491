//! long-sentence: sentences over 25 words are hard to follow, more so when tired or anxious.

use super::prose::{Place, blocks, is_ignored, sentences, words};
use super::{Page, Sink};
use crate::diagnostics::Severity;

pub const MAX_WORDS: usize = 25;

pub fn check(page: &Page, sink: &mut Sink) {
    for block in blocks(&page.spans) {
        if is_ignored(block.ignored, "long-sentence") || block.place == Place::Title {
            continue;
        }
        for (start, end) in sentences(&block.text) {
            let sentence = &block.text[start..end];
            let count = words(sentence).count();
            if count > MAX_WORDS {
                let lead = sentence.len() - sentence.trim_start().len();
                let first = words(sentence).next().map_or(1, |(_, w)| w.chars().count());
                sink.at(
                    "long-sentence",
                    Severity::Warning,
                    block.source_offset(start + lead),
                    first,
                    format!("this sentence is {count} words long; sentences of {MAX_WORDS} words or fewer are easier to follow"),
                    Some("split it into two or more shorter sentences".into()),
                );
            }
        }
    }
}
