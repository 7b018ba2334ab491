//! jargon: words and phrases with a plainer alternative. The default list is
//! `data/jargon.yaml`; guide.yaml `jargon.extra` adds to it, `jargon.allow` and the glossary
//! take words off it. All forms of every word are matched in one pass per text.

use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::lexicon::List;
use super::prose::{in_quotes, in_url, is_ignored, is_whole_word};
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
}

/// The built-in entries: (term, forms, suggestions).
pub fn default_entries() -> Vec<(String, Vec<String>, Vec<String>)> {
    let entries: Vec<Entry> = serde_yaml::from_str(DEFAULT_LIST)
        .expect("the built-in jargon list is valid YAML (tested)");
    entries
        .into_iter()
        .map(|e| (e.term, e.forms, e.suggestion.into_vec()))
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
        let mut add = |term: &str, forms: &[String], suggestions: &[String]| {
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
            }
        };
        for (term, forms, suggestions) in default_entries() {
            add(&term, &forms, &suggestions);
        }
        for (term, suggestion) in &config.jargon.extra {
            add(term, &[], std::slice::from_ref(suggestion));
        }
        Jargon { patterns, meaning }
    }

    /// Every form of every word, for the shared matcher.
    pub fn patterns(&self) -> Vec<&str> {
        self.patterns.iter().map(String::as_str).collect()
    }

    pub fn check(&self, page: &Page, sink: &mut Sink) {
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
                .all(|(t, _, s)| !t.is_empty() && !s.is_empty())
        );
    }
}
