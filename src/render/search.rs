//! The search index: built from published pages only, served as small static files so
//! a reader's browser fetches only what a query needs.
//!
//! - `search/meta.json` — `{"version":1,"pages":N,"chunk":C}`.
//! - `search/p/K.json` — pages `K*C .. K*C+C-1`: `[[title, url, summary, credit], …]`.
//! - `search/t/XY.json` — every word starting with the letters `XY`:
//!   `{"word": [page, score, page-delta, score, …]}`, pages in increasing order.
//!
//! A word scores 10 in a title, 4 in a heading, 3 in a summary and 1 per use in the text
//! (at most 10). Words of one letter and very common words are left out, and so is every
//! withheld part of an author's name (the caller says which words those are).

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::context::script_safe_json;
use crate::checks::prose::words;

/// Pages per chunk file.
pub const CHUNK: usize = 500;

/// What the index knows of one published page.
pub struct Entry<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub credit: &'a str,
    pub headings: Vec<&'a str>,
    pub text: &'a str,
}

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our",
    "she", "so", "that", "the", "their", "them", "they", "this", "to", "was", "we", "were", "with",
    "you", "your",
];

/// A word as the index stores it: lower case, curly apostrophes made straight.
pub fn normalise(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}

fn indexed(word: &str) -> bool {
    word.chars().count() >= 2 && !STOP_WORDS.contains(&word)
}

/// The shard of a word: its first two characters.
pub fn shard(word: &str) -> String {
    word.chars().take(2).collect()
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    pages: usize,
    chunk: usize,
}

/// The score of each indexed word of one page.
fn score(e: &Entry, is_secret: &(dyn Fn(&str) -> bool + Sync)) -> FxHashMap<String, u32> {
    let mut scores: FxHashMap<String, u32> = FxHashMap::default();
    let mut add = |text: &str, weight: u32, cap: u32| {
        for (_, w) in words(text) {
            let w = normalise(w);
            if !indexed(&w) || is_secret(&w) {
                continue;
            }
            let s = scores.entry(w).or_insert(0);
            *s = (*s + weight).min(cap.max(*s));
        }
    };
    add(e.text, 1, 10);
    add(e.summary, 3, 1000);
    for h in &e.headings {
        add(h, 4, 1000);
    }
    add(e.title, 10, 1000);
    scores
}

/// Builds every file of the index as (path inside the site, JSON text).
pub fn build(
    entries: &[Entry],
    is_secret: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<(String, String)> {
    // Scores per page, in parallel, a chunk of pages at a time so that only the inverted
    // index itself stays in memory; then inverted: shard → word → postings.
    let mut shards: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (c, chunk) in entries.chunks(256).enumerate() {
        let scored: Vec<FxHashMap<String, u32>> =
            chunk.par_iter().map(|e| score(e, is_secret)).collect();
        for (k, scores) in scored.into_iter().enumerate() {
            let page = (c * 256 + k) as u32;
            let mut words: Vec<(String, u32)> = scores.into_iter().collect();
            words.sort_unstable();
            for (w, s) in words {
                let postings = shards.entry(shard(&w)).or_default().entry(w).or_default();
                postings.push(page);
                postings.push(s);
            }
        }
    }
    let mut files = Vec::new();
    let meta = Meta {
        version: 1,
        pages: entries.len(),
        chunk: CHUNK,
    };
    files.push(("search/meta.json".to_string(), script_safe_json(&meta)));
    for (k, chunk) in entries.chunks(CHUNK).enumerate() {
        let rows: Vec<[&str; 4]> = chunk
            .iter()
            .map(|e| [e.title, e.url, e.summary, e.credit])
            .collect();
        files.push((format!("search/p/{k}.json"), script_safe_json(&rows)));
    }
    for (key, words) in shards {
        let delta: BTreeMap<String, Vec<u32>> = words
            .into_iter()
            .map(|(w, postings)| {
                let mut out = Vec::with_capacity(postings.len());
                let mut last = 0;
                for pair in postings.chunks(2) {
                    out.push(pair[0] - last);
                    out.push(pair[1]);
                    last = pair[0];
                }
                (w, out)
            })
            .collect();
        files.push((format!("search/t/{key}.json"), script_safe_json(&delta)));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(title: &'a str, text: &'a str) -> Entry<'a> {
        Entry {
            title,
            url: "/x/",
            summary: "",
            credit: "Anonymous",
            headings: vec![],
            text,
        }
    }

    #[test]
    fn titles_weigh_more_and_secrets_are_left_out() {
        let files = build(
            &[
                entry("Walking helps", "I walk."),
                entry("Other", "Walking with Quillfeather."),
            ],
            &|w| w == "quillfeather",
        );
        let wa = files.iter().find(|(p, _)| p == "search/t/wa.json").unwrap();
        let v: serde_json::Value = serde_json::from_str(&wa.1).unwrap();
        assert_eq!(v["walking"], serde_json::json!([0, 10, 1, 1]));
        assert!(files.iter().all(|(_, j)| !j.contains("quillfeather")));
        assert!(files.iter().any(|(p, _)| p == "search/p/0.json"));
    }
}
