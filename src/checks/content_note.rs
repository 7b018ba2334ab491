//! content-note: text about suicide or self-harm needs a content note, so readers can choose
//! when to read it, with support contacts beside it.

use super::prose::{Place, is_ignored};
use super::{Page, Sink};
use crate::diagnostics::Severity;

/// (topic, the note that covers it, words that show the text discusses it).
const TOPICS: &[(&str, &[&str], &[&str])] = &[
    (
        "suicide",
        &["suicide", "suicidal"],
        &[
            "suicide",
            "suicidal",
            "kill myself",
            "killing myself",
            "take my own life",
            "taking my own life",
            "end my life",
            "ending my life",
            "took their own life",
            "took his own life",
            "took her own life",
        ],
    ),
    (
        "self-harm",
        &["self-harm", "self harm", "self-injury"],
        &[
            "self-harm",
            "self harm",
            "self-harming",
            "self harming",
            "self-injury",
            "hurt myself",
            "hurting myself",
            "cut myself",
            "cutting myself",
        ],
    ),
];

pub fn check(page: &Page, sink: &mut Sink) {
    let Some(meta) = page.meta else { return };
    let notes: Vec<String> = meta
        .content_notes
        .iter()
        .map(|n| n.to_lowercase())
        .collect();
    for (topic, covers, signs) in TOPICS {
        if notes.iter().any(|n| covers.iter().any(|c| n.contains(c))) {
            continue;
        }
        let found = page
            .spans
            .iter()
            .filter(|s| s.place != Place::Title && !is_ignored(s.ignored, "content-note"))
            .find_map(|s| {
                let lower = s.text.to_lowercase();
                signs
                    .iter()
                    .filter_map(|w| lower.find(w).map(|i| (i, w.len())))
                    .min()
                    .map(|(i, len)| (s, i, len))
            });
        if let Some((span, at, len)) = found {
            let offset = if span.exact {
                span.offset + at
            } else {
                span.offset
            };
            sink.at(
                "content-note",
                Severity::Warning,
                offset,
                len,
                format!("this page talks about {topic} but has no content note for it"),
                Some(format!("add `content_notes: [{topic}]` to the front matter, so readers can choose when to read it")),
            );
        }
    }
}
