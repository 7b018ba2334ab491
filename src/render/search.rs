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
use crate::checks::prose::{short_key, words};

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

/// The stop words as numbers, as the index keys short words, in order for searching.
static STOP_KEYS: std::sync::LazyLock<Vec<u128>> = std::sync::LazyLock::new(|| {
    let mut keys: Vec<u128> = STOP_WORDS
        .iter()
        .filter_map(|w| short_key(w.as_bytes()))
        .collect();
    keys.sort_unstable();
    keys
});

/// A word as the index stores it: lower case, curly apostrophes made straight.
pub fn normalise(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}

fn indexed(word: &str) -> bool {
    word.chars().nth(1).is_some() && STOP_WORDS.binary_search(&word).is_err()
}

/// The shard of a word: its first two characters.
pub fn shard(word: &str) -> String {
    shard_of(word).to_string()
}

fn shard_of(word: &str) -> &str {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    pages: usize,
    chunk: usize,
}

/// One page's score for a word, packed into one number so that the index takes half the
/// memory: the page in the high bits (up to four million pages), the score in the low
/// ten (scores stop at 1,000). Packed postings sort as their pages do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting(u32);

const SCORE_BITS: u32 = 10;

impl Posting {
    fn new(page: u32, score: u32) -> Self {
        Posting(page << SCORE_BITS | score.min((1 << SCORE_BITS) - 1))
    }

    fn page(self) -> u32 {
        self.0 >> SCORE_BITS
    }

    fn score(self) -> u32 {
        self.0 & ((1 << SCORE_BITS) - 1)
    }
}

/// A word's pages, in increasing order; `None` for a word that is not indexed (a stop
/// word, a secret), kept so that its next use anywhere is passed over after one look-up.
type Pages = Option<Vec<Posting>>;

/// One more use of a word on `page`, the last page added: the page's score for it grows
/// by `weight`, up to `cap` (or stays where it is, if already above).
#[inline]
fn count(postings: &mut Vec<Posting>, page: u32, weight: u32, cap: u32) {
    match postings.last_mut() {
        Some(last) if last.page() == page => {
            let s = last.score();
            *last = Posting::new(page, (s + weight).min(cap.max(s)));
        }
        _ => postings.push(Posting::new(page, weight.min(cap))),
    }
}

/// A short word's text back from its key.
fn short_word(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(16);
    String::from_utf8_lossy(&bytes[..len]).into_owned()
}

/// The inverted index: word → (page, score), pages in increasing order; words are put in
/// their shards only when the files are made.
/// `coguide serve` keeps it, to update one page's words without scoring every page again.
#[derive(Default)]
pub struct Index {
    /// Most words are short and ASCII: they are keyed by their lower-case bytes as one
    /// number, which hashes and compares in a few instructions, and become strings only
    /// when the files are made.
    short: FxHashMap<u128, Pages>,
    /// Other words, by their normalised text.
    long: FxHashMap<String, Pages>,
}

impl Index {
    /// Scores every page, in parallel, the way a build does as it renders pages: runs of
    /// pages each into an index of their own, joined in page order.
    pub fn new(entries: &[Entry], is_secret: &(dyn Fn(&str) -> bool + Sync)) -> Index {
        entries
            .par_iter()
            .enumerate()
            .fold(Index::default, |mut index, (i, e)| {
                index.add_page(i as u32, e, is_secret);
                index
            })
            .reduce(Index::default, Index::merge)
    }

    /// Scores page `page`, which comes after every page already in this index, and adds
    /// it: pages are added as they are rendered, and only their words are kept, not their
    /// text. A word scores straight into its postings (the page's own is the last one),
    /// so a word already in the index costs one look-up and nothing is made per page.
    pub fn add_page(
        &mut self,
        page: u32,
        entry: &Entry,
        is_secret: &(dyn Fn(&str) -> bool + Sync),
    ) {
        let mut lower = String::new();
        let mut add = |text: &str, weight: u32, cap: u32| {
            for (_, w) in words(text) {
                let ascii = w.is_ascii();
                if !ascii {
                    lower.clear();
                    lower.push_str(&normalise(w));
                }
                let plain = if ascii { w } else { lower.as_str() };
                let pages = if let Some(number) = short_key(plain.as_bytes()) {
                    match self.short.entry(number) {
                        std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                        std::collections::hash_map::Entry::Vacant(v) => {
                            let key = number.to_le_bytes();
                            let word = std::str::from_utf8(&key[..plain.len()]).unwrap_or_default();
                            let kept = word.len() > 1
                                && STOP_KEYS.binary_search(&number).is_err()
                                && !is_secret(word);
                            v.insert(kept.then(Vec::new))
                        }
                    }
                } else {
                    if ascii {
                        lower.clear();
                        lower.push_str(w);
                        lower.make_ascii_lowercase();
                    }
                    match self.long.get_mut(lower.as_str()) {
                        Some(pages) => pages,
                        None => {
                            let kept = indexed(&lower) && !is_secret(&lower);
                            self.long
                                .entry(lower.clone())
                                .or_insert(kept.then(Vec::new))
                        }
                    }
                };
                if let Some(postings) = pages {
                    count(postings, page, weight, cap);
                }
            }
        };
        add(entry.text, 1, 10);
        add(entry.summary, 3, 1000);
        for h in &entry.headings {
            add(h, 4, 1000);
        }
        add(entry.title, 10, 1000);
    }

    /// Every indexed word with its postings, as text.
    fn each_word(&self) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, &[Posting])> {
        let short = self.short.iter().filter_map(|(&key, pages)| {
            let postings = pages.as_deref().filter(|p| !p.is_empty())?;
            Some((short_word(key).into(), postings))
        });
        let long = self.long.iter().filter_map(|(word, pages)| {
            let postings = pages.as_deref().filter(|p| !p.is_empty())?;
            Some((word.as_str().into(), postings))
        });
        short.chain(long)
    }

    /// The postings of one word, as text, if it is in the index.
    fn pages_mut(&mut self, word: &str) -> Option<&mut Pages> {
        match short_key(word.as_bytes()) {
            Some(key) => self.short.get_mut(&key),
            None => self.long.get_mut(word),
        }
    }

    /// One page's score for each of its indexed words, scored as the index scores them.
    fn scores(entry: &Entry, is_secret: &(dyn Fn(&str) -> bool + Sync)) -> FxHashMap<String, u32> {
        let mut one = Index::default();
        one.add_page(0, entry, is_secret);
        one.each_word()
            .map(|(w, postings)| (w.into_owned(), postings[0].score()))
            .collect()
    }

    /// Joins two indexes built from separate runs of pages: those of `later` all come
    /// after those of `self`, so each word's pages stay in order.
    pub fn merge(mut self, later: Index) -> Index {
        if self.short.is_empty() && self.long.is_empty() {
            return later;
        }
        fn join(have: &mut Pages, more: Pages) {
            if let (Some(have), Some(mut more)) = (have, more) {
                let ordered = have.last().zip(more.first()).is_none_or(|(a, b)| a < b);
                have.append(&mut more);
                if !ordered {
                    have.sort_unstable();
                }
            }
        }
        for (key, pages) in later.short {
            match self.short.get_mut(&key) {
                Some(have) => join(have, pages),
                None => {
                    self.short.insert(key, pages);
                }
            }
        }
        for (word, pages) in later.long {
            match self.long.get_mut(&word) {
                Some(have) => join(have, pages),
                None => {
                    self.long.insert(word, pages);
                }
            }
        }
        self
    }

    /// The words of each shard (or only of the shards `wanted` keeps).
    fn shards(
        &self,
        wanted: impl Fn(&str) -> bool,
    ) -> FxHashMap<String, Vec<(String, &[Posting])>> {
        let mut shards: FxHashMap<String, Vec<(String, &[Posting])>> = FxHashMap::default();
        for (word, postings) in self.each_word() {
            let key = shard_of(&word);
            if !wanted(key) {
                continue;
            }
            let words = match shards.get_mut(key) {
                Some(words) => words,
                None => shards.entry(key.to_string()).or_default(),
            };
            words.push((word.into_owned(), postings));
        }
        shards
    }

    /// Every file of the index as (path inside the site, JSON text).
    pub fn files(&self, entries: &[Entry]) -> Vec<(String, String)> {
        let files = std::sync::Mutex::new(Vec::new());
        self.each_file(entries, &|rel, text| {
            if let Ok(mut files) = files.lock() {
                files.push((rel, text));
            }
        });
        let mut files = files.into_inner().unwrap_or_default();
        files.sort_unstable();
        files
    }

    /// Makes every file of the index, in parallel, handing each to `take` as it is made,
    /// so that the whole index is never held as text at once.
    pub fn each_file(&self, entries: &[Entry], take: &(dyn Fn(String, String) + Sync)) {
        let meta = Meta {
            version: 1,
            pages: entries.len(),
            chunk: CHUNK,
        };
        take("search/meta.json".to_string(), script_safe_json(&meta));
        (0..entries.len().div_ceil(CHUNK))
            .into_par_iter()
            .for_each(|k| {
                let (rel, text) = chunk_file(entries, k);
                take(rel, text);
            });
        self.shards(|_| true).par_iter().for_each(|(key, words)| {
            let (rel, text) = shard_file(key, words);
            take(rel, text);
        });
    }

    /// The words of page `page` changed from `old` to `new` (its title, summary and
    /// credit did not): updates the index and returns the files that changed.
    pub fn replace(
        &mut self,
        page: u32,
        old: &Entry,
        new: &Entry,
        is_secret: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<(String, String)> {
        let (before, after) = (Index::scores(old, is_secret), Index::scores(new, is_secret));
        let mut touched = std::collections::BTreeSet::new();
        for w in before.keys() {
            if after.get(w) == before.get(w) {
                continue;
            }
            if let Some(Some(postings)) = self.pages_mut(w) {
                postings.retain(|p| p.page() != page);
                if postings.is_empty() {
                    match short_key(w.as_bytes()) {
                        Some(key) => self.short.remove(&key),
                        None => self.long.remove(w.as_str()),
                    };
                }
            }
            touched.insert(shard(w));
        }
        for (w, &s) in &after {
            if before.get(w) == Some(&s) {
                continue;
            }
            let pages = match short_key(w.as_bytes()) {
                Some(key) => self.short.entry(key).or_default(),
                None => self.long.entry(w.clone()).or_default(),
            };
            let postings = pages.get_or_insert_default();
            let at = postings.partition_point(|p| p.page() < page);
            postings.insert(at, Posting::new(page, s));
            touched.insert(shard(w));
        }
        let shards = self.shards(|key| touched.contains(key));
        touched
            .iter()
            .map(|key| shard_file(key, shards.get(key).map_or(&[], Vec::as_slice)))
            .collect()
    }
}

/// `search/t/XY.json`: each word's postings, each page as the step from the one before.
fn shard_file(key: &str, words: &[(String, &[Posting])]) -> (String, String) {
    let delta: BTreeMap<&str, Vec<u32>> = words
        .iter()
        .map(|(w, postings)| {
            let mut out = Vec::with_capacity(postings.len() * 2);
            let mut last = 0;
            for &posting in postings.iter() {
                let (page, score) = (posting.page(), posting.score());
                out.push(page - last);
                out.push(score);
                last = page;
            }
            (w.as_str(), out)
        })
        .collect();
    (format!("search/t/{key}.json"), script_safe_json(&delta))
}

/// `search/p/K.json`: title, address, summary and credit of pages `K*CHUNK ..`.
pub fn chunk_file(entries: &[Entry], k: usize) -> (String, String) {
    let rows: Vec<[&str; 4]> = entries
        .iter()
        .skip(k * CHUNK)
        .take(CHUNK)
        .map(|e| [e.title, e.url, e.summary, e.credit])
        .collect();
    (format!("search/p/{k}.json"), script_safe_json(&rows))
}

/// Builds every file of the index as (path inside the site, JSON text).
pub fn build(
    entries: &[Entry],
    is_secret: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<(String, String)> {
    Index::new(entries, is_secret).files(entries)
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
    fn stop_words_are_sorted_for_searching() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
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

    #[test]
    fn replacing_a_page_gives_the_same_files_as_building_again() {
        let before = [
            entry("Walking helps", "I walk to the park."),
            entry("Other", "Walking and talking."),
            entry("Third", "Talking helps me."),
        ];
        let mut after = before
            .iter()
            .map(|e| entry(e.title, e.text))
            .collect::<Vec<_>>();
        after[1] = entry("Other", "Running and swimming, not walking much.");
        let none = |_: &str| false;
        let mut index = Index::new(&before, &none);
        let changed = index.replace(1, &before[1], &after[1], &none);
        let rebuilt = build(&after, &none);
        for (path, json) in &changed {
            let fresh = rebuilt.iter().find(|(p, _)| p == path);
            match fresh {
                Some((_, j)) => assert_eq!(json, j, "{path}"),
                // A shard whose words are all gone is left empty.
                None => assert_eq!(json, "{}", "{path}"),
            }
        }
        assert!(changed.iter().any(|(p, _)| p == "search/t/ru.json"));
        let kept: Vec<_> = index
            .files(&after)
            .into_iter()
            .filter(|(_, j)| j != "{}")
            .collect();
        assert_eq!(kept, rebuilt);
    }
}
