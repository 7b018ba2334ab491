//! content-note: text about suicide or self-harm needs a content note, so readers can choose
//! when to read it, with support contacts beside it.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::prose::{Place, is_ignored, word_matcher};
use super::{Page, Sink};
use crate::diagnostics::Severity;

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

/// Every sign of every topic, matched in one pass; the pattern's topic is looked up.
static SIGNS: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut topic = Vec::new();
    for (i, (_, _, signs)) in TOPICS.iter().enumerate() {
        for s in *signs {
            patterns.push(*s);
            topic.push(i);
        }
    }
    let ac = word_matcher(&patterns).expect("valid patterns");
    (ac, topic)
});

pub fn check(page: &Page, sink: &mut Sink) {
    let Some(meta) = page.meta else { return };
    let covered: Vec<bool> = TOPICS
        .iter()
        .map(|(_, covers, _)| {
            meta.content_notes
                .iter()
                .any(|n| covers.iter().any(|c| n.to_lowercase().contains(c)))
        })
        .collect();
    if covered.iter().all(|c| *c) {
        return;
    }
    let (ac, topic_of) = &*SIGNS;
    let mut reported = vec![false; TOPICS.len()];
    for span in page
        .spans
        .iter()
        .filter(|s| s.place != Place::Title && !is_ignored(s.ignored, "content-note"))
    {
        for m in ac.find_iter(span.text.as_ref()) {
            let t = topic_of[m.pattern().as_usize()];
            if covered[t] || reported[t] {
                continue;
            }
            reported[t] = true;
            let offset = if span.exact {
                span.offset + m.start()
            } else {
                span.offset
            };
            let topic = TOPICS[t].0;
            sink.at(
                "content-note",
                Severity::Warning,
                offset,
                m.end() - m.start(),
                format!("this page talks about {topic} but has no content note for it"),
                Some(format!("add `content_notes: [{topic}]` to the front matter, so readers can choose when to read it")),
            );
        }
    }
}
