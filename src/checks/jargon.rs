//! jargon: words and phrases with a plainer alternative. The default list is
//! `data/jargon.yaml`; guide.yaml `jargon.extra` adds to it, `jargon.allow` and the glossary
//! take words off it. All forms of every word are matched in one pass per text.

use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::lexicon::List;
use super::prose::{Block, in_phrase, in_quotes, in_url, is_ignored, is_whole_word};
use super::{Page, Sink};
use crate::diagnostics::Severity;
use crate::guide::{Config, GlossaryTerm};

const DEFAULT_LIST: &str = include_str!("data/jargon.yaml");

#[derive(Debug, Deserialize)]
struct Entry {
    term: String,
    #[serde(default)]
    forms: Vec<String>,
    suggestion: Suggestions,
    #[serde(default)]
    only_before: Vec<String>,
    #[serde(default)]
    plain_with: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
}

/// When a word on the list is jargon in one sense and plain in another, the words around
/// it tell which: "key partners", but a house key; services are delivered, and so are
/// babies and parcels.
#[derive(Debug, Clone, Default)]
pub struct Sense {
    /// Jargon only just before one of these words (lower case).
    only_before: Vec<String>,
    /// Plain when its sentence has one of these words (lower case).
    plain_with: Vec<String>,
    /// Plain just before one of these words: part of a name ("integrated care board").
    not_before: Vec<String>,
}

impl Sense {
    fn is_plain(&self, block: &Block, start: usize, end: usize) -> bool {
        let text = block.text.as_str();
        if !self.only_before.is_empty() || !self.not_before.is_empty() {
            let next = block
                .words
                .iter()
                .find(|w| w.0 >= end)
                .map(|w| text[w.0..w.1].to_lowercase());
            let before = |words: &[String]| next.as_ref().is_some_and(|n| words.contains(n));
            if (!self.only_before.is_empty() && !before(&self.only_before))
                || before(&self.not_before)
            {
                return true;
            }
        }
        if !self.plain_with.is_empty() {
            let i = block.sentences.partition_point(|s| s.end <= start);
            if let Some(s) = block.sentences.get(i) {
                let words = &block.words[s.first_word..s.first_word + s.word_count];
                return words
                    .iter()
                    .any(|w| self.plain_with.contains(&text[w.0..w.1].to_lowercase()));
            }
        }
        false
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Suggestions {
    One(String),
    Many(Vec<String>),
}

impl Suggestions {
    fn into_vec(self) -> Vec<String> {
        match self {
            Suggestions::One(s) => vec![s],
            Suggestions::Many(v) => v,
        }
    }
}

/// The jargon list: every form of every word, lower case, matched by the shared
/// [`super::lexicon::Lexicon`].
pub struct Jargon {
    patterns: Vec<String>,
    /// For each pattern: (the base term, its suggestions).
    meaning: Vec<(String, Vec<String>)>,
    /// For each pattern: the index of its sense in `senses`, when the words around it
    /// decide whether it is jargon.
    sense_of: Vec<Option<usize>>,
    senses: Vec<Sense>,
}

/// The built-in entries: (term, forms, suggestions, sense).
pub fn default_entries() -> Vec<(String, Vec<String>, Vec<String>, Sense)> {
    let entries: Vec<Entry> = serde_yaml::from_str(DEFAULT_LIST)
        .expect("the built-in jargon list is valid YAML (tested)");
    let lower = |words: Vec<String>| words.iter().map(|w| w.to_lowercase()).collect();
    entries
        .into_iter()
        .map(|e| {
            let sense = Sense {
                only_before: lower(e.only_before),
                plain_with: lower(e.plain_with),
                not_before: lower(e.not_before),
            };
            (e.term, e.forms, e.suggestion.into_vec(), sense)
        })
        .collect()
}

impl Jargon {
    pub fn new(config: &Config, glossary: &[GlossaryTerm]) -> Self {
        let allowed: Vec<String> = config
            .jargon
            .allow
            .iter()
            .cloned()
            .chain(
                glossary
                    .iter()
                    .flat_map(|t| t.spellings().map(str::to_lowercase)),
            )
            .collect();
        // Sets, not lists, to look in: the default list alone has hundreds of forms.
        let allowed: FxHashSet<String> = allowed.into_iter().collect();
        let mut seen = FxHashSet::default();
        let mut patterns = Vec::new();
        let mut meaning = Vec::new();
        let mut sense_of = Vec::new();
        let mut senses = Vec::new();
        let mut add = |term: &str, forms: &[String], suggestions: &[String], sense: Sense| {
            let decides = !sense.only_before.is_empty()
                || !sense.plain_with.is_empty()
                || !sense.not_before.is_empty();
            let sense = decides.then(|| {
                senses.push(sense);
                senses.len() - 1
            });
            if allowed.contains(term) {
                return;
            }
            for form in std::iter::once(term).chain(forms.iter().map(String::as_str)) {
                let form = form.trim().to_lowercase();
                if form.is_empty() || allowed.contains(&form) || !seen.insert(form.clone()) {
                    continue;
                }
                patterns.push(form);
                meaning.push((term.to_string(), suggestions.to_vec()));
                sense_of.push(sense);
            }
        };
        for (term, forms, suggestions, sense) in default_entries() {
            add(&term, &forms, &suggestions, sense);
        }
        for (term, suggestion) in &config.jargon.extra {
            add(
                term,
                &[],
                std::slice::from_ref(suggestion),
                Sense::default(),
            );
        }
        Jargon {
            patterns,
            meaning,
            sense_of,
            senses,
        }
    }

    /// Every form of every word, for the shared matcher.
    pub fn patterns(&self) -> Vec<&str> {
        self.patterns.iter().map(String::as_str).collect()
    }

    /// Flags the jargon in a page; words inside one of `glossary_phrases` (see
    /// [`crate::guide::glossary::phrases`]) are part of a term the guide explains.
    pub fn check(&self, page: &Page, glossary_phrases: &[String], sink: &mut Sink) {
        for (block, hits) in page.blocks.iter().zip(&page.hits) {
            if is_ignored(block.ignored, "jargon") {
                continue;
            }
            let text = block.text.as_str();
            for hit in hits.of(List::Jargon) {
                let (start, end) = (hit.start, hit.end);
                if !is_whole_word(text, start, end)
                    || in_url(text, start)
                    || in_quotes(text, start)
                    || super::acronyms::in_spelled_out_name(text, start, end)
                    || self.sense_of[hit.id]
                        .is_some_and(|i| self.senses[i].is_plain(block, start, end))
                    || in_phrase(
                        glossary_phrases.iter().map(String::as_str),
                        text,
                        start,
                        end,
                    )
                {
                    continue;
                }
                let found = &text[start..end];
                let (term, suggestions) = &self.meaning[hit.id];
                let message = if found.eq_ignore_ascii_case(term) {
                    format!("\"{found}\" is jargon")
                } else {
                    format!("\"{found}\" is jargon (a form of \"{term}\")")
                };
                sink.replace(
                    "jargon",
                    Severity::Warning,
                    block.source_offset(start),
                    found.chars().count(),
                    message,
                    suggestions,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_list_is_valid_and_large() {
        let entries = default_entries();
        assert!(entries.len() >= 150, "only {} entries", entries.len());
        assert!(
            entries
                .iter()
                .all(|(t, _, s, _)| !t.is_empty() && !s.is_empty())
        );
    }
}
