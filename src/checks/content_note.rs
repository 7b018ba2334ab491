//! content-note: text about suicide or self-harm needs a content note, so readers can choose
//! when to read it, with support contacts beside it.

use std::sync::LazyLock;

use super::lexicon::List;
use super::prose::{Place, is_ignored};
use super::{Page, Sink};
use crate::diagnostics::Severity;
use crate::guide::Meta;

/// (topic, the notes that cover it, words that show the text discusses it).
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

/// Every sign of every topic, for the shared matcher, and each sign's topic.
static SIGNS: LazyLock<(Vec<&'static str>, Vec<usize>)> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut topic = Vec::new();
    for (i, (_, _, signs)) in TOPICS.iter().enumerate() {
        for s in *signs {
            patterns.push(*s);
            topic.push(i);
        }
    }
    (patterns, topic)
});

/// The signs of every topic, for the shared matcher.
pub fn patterns() -> &'static [&'static str] {
    &SIGNS.0
}

/// For each topic, whether the front matter's content notes cover it.
fn covered(meta: &Meta) -> Vec<bool> {
    TOPICS
        .iter()
        .map(|(_, covers, _)| {
            meta.content_notes
                .iter()
                .any(|n| covers.iter().any(|c| n.to_lowercase().contains(c)))
        })
        .collect()
}

/// Whether some topic is not covered yet, so the text must be searched for it.
pub fn needs_scan(meta: &Meta) -> bool {
    !covered(meta).iter().all(|c| *c)
}

pub fn check(page: &Page, sink: &mut Sink) {
    let Some(meta) = page.meta else { return };
    let covered = covered(meta);
    if covered.iter().all(|c| *c) {
        return;
    }
    let topic_of = &SIGNS.1;
    let mut reported = vec![false; TOPICS.len()];
    for (block, hits) in page.blocks.iter().zip(&page.hits) {
        if block.place == Place::Title || is_ignored(block.ignored, "content-note") {
            continue;
        }
        for hit in hits.of(List::ContentNote) {
            let t = topic_of[hit.id];
            if covered[t] || reported[t] {
                continue;
            }
            reported[t] = true;
            let offset = block.source_offset(hit.start);
            let topic = TOPICS[t].0;
            sink.at(
                "content-note",
                Severity::Warning,
                offset,
                hit.end - hit.start,
                format!("this page talks about {topic} but has no content note for it"),
                Some(format!("add `content_notes: [{topic}]` to the front matter, so readers can choose when to read it")),
            );
        }
    }
}
