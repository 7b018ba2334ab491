//! undefined-acronym: an acronym is spelled out the first time a contribution uses it —
//! "Experience-based co-design (EBCD)" or "EBCD (experience-based co-design)" — unless the
//! glossary explains it or everyone knows it (UK, TV, OK).

use std::collections::HashSet;

use super::prose::{in_phrase, is_ignored};
use super::{Page, Sink};
use crate::diagnostics::Severity;
use crate::guide::GlossaryTerm;

/// Acronyms that need no spelling out.
pub const WELL_KNOWN: &[&str] = &[
    "UK", "US", "USA", "EU", "UN", "TV", "OK", "AM", "PM", "BBC", "ID", "PDF", "FAQ", "FAQS", "PS",
    "DIY", "CV", "ITV", "MP", "MPS", "I", "COVID",
];

/// A word of two or more capitals (digits allowed after the first), with an optional plural `s`.
fn acronym(word: &str) -> Option<&str> {
    // Most words are ruled out by their first two bytes: an acronym starts with a
    // capital and a capital or digit, with or without its plural `s`.
    match word.as_bytes() {
        [first, second, ..] if is_acronym_start(*first, *second) => acronym_in_full(word),
        _ => None,
    }
}

/// [`acronym`] without ruling anything out by its first two bytes.
fn acronym_in_full(word: &str) -> Option<&str> {
    let core = word
        .strip_suffix('s')
        .filter(|c| {
            c.chars().count() >= 2
                && c.chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit())
        })
        .unwrap_or(word);
    let first = core.chars().next()?;
    (first.is_ascii_uppercase()
        && core.chars().count() >= 2
        && core
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && core.chars().filter(char::is_ascii_uppercase).count() >= 2)
        .then_some(core)
}

/// Whether a word whose first two bytes are these could be an acronym.
#[inline]
fn is_acronym_start(first: u8, second: u8) -> bool {
    first.is_ascii_uppercase() && (second.is_ascii_uppercase() || second.is_ascii_digit())
}

/// Whether `phrase` (the words written out) could be what `acr` stands for: its letters
/// are the first letters of the words, in order, allowing small words to be skipped.
fn spells(acr: &str, phrase: &str) -> bool {
    word_starts(phrase).any(|at| spells_from_first(acr, &phrase[at..]))
}

/// The byte offsets where the words of a phrase start, as [`spells`] counts words.
fn word_starts(phrase: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
    let is_gap = |c: char| c.is_whitespace() || c == '-' || c == '/';
    phrase
        .char_indices()
        .filter(move |&(i, c)| !is_gap(c) && phrase[..i].chars().next_back().is_none_or(is_gap))
        .map(|(i, _)| i)
}

/// [`spells`], with the first word of `phrase` standing for the first letter. Each word
/// that stands for a letter starts with it, and may stand for the letters after it too
/// with letters inside it, in order: "postnatal depression (PND)", "electroconvulsive
/// therapy (ECT)". Other words may be skipped ("Citizens Advice Bureau"), but the
/// phrase ends on a word that stands for a letter.
fn spells_from_first(acr: &str, phrase: &str) -> bool {
    let words: Vec<Vec<char>> = phrase
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| {
            w.chars()
                .skip_while(|c| !c.is_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect::<Vec<char>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let letters: Vec<char> = acr
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if letters.is_empty() || words.len() < letters.len().min(2) {
        return false;
    }
    // An acronym of four letters or more may leave out a last, general word of the
    // name: "co-occurring mental health and alcohol or drug conditions (COMHAD)".
    stands_for(&letters, &words, true)
        || (letters.len() >= 4
            && words.len() > 2
            && stands_for(&letters, &words[..words.len() - 1], true))
}

/// Whether `words` stand for `letters` as [`spells_from_first`] says; `first`: the first
/// word must stand for the first letter. Acronyms and phrases are a few letters and
/// words long, so every way is tried.
fn stands_for(letters: &[char], words: &[Vec<char>], first: bool) -> bool {
    let Some((&letter, rest)) = letters.split_first() else {
        return words.is_empty();
    };
    let candidates = if first {
        &words[..1.min(words.len())]
    } else {
        words
    };
    candidates.iter().enumerate().any(|(k, word)| {
        if word[0] != letter {
            return false;
        }
        let after = &words[k + 1..];
        // The word stands for `letter` and then for `taken` more letters inside it.
        let mut taken = 0;
        let mut inner = word[1..].iter();
        loop {
            if stands_for(&rest[taken..], after, false) {
                return true;
            }
            let Some(&next) = rest.get(taken) else {
                return false;
            };
            if !inner.any(|&c| c == next) {
                return false;
            }
            taken += 1;
        }
    })
}

/// Whether `text[start..end]` is among the words an acronym is spelled out in, as in
/// "our integrated care board (ICB)" or "ICB (integrated care board)": there the words
/// are the name of something, which the writer cannot put another way.
pub fn in_spelled_out_name(text: &str, start: usize, end: usize) -> bool {
    let sentence_ends = |s: &str| s.contains(['.', '!', '?']);
    let words_after = words_at(text, end).take_while(|&(at, _)| !sentence_ends(&text[end..at]));
    // "words (ACR)" or "words, known as ACR": the acronym comes a few words after, in the
    // same sentence, and the words it stands for begin at or before these.
    for (at, w) in words_after.take(10) {
        let Some(acr) = acronym_in_full(w) else {
            continue;
        };
        if let Some(before) = words_before(text, at) {
            let offset = before.as_ptr() as usize - text.as_ptr() as usize;
            let from = word_starts(before)
                .rev()
                .take(12)
                .find(|&k| spells_from_first(acr, before[k..].trim_end()));
            if from.is_some_and(|k| offset + k <= start) {
                return true;
            }
        }
    }
    // "ACR (words)" or "ACR, which stands for words": these are among the words after an
    // acronym just before them, in the same clause.
    let clause = text[..start]
        .rfind(['.', ';', ':', '!', '?'])
        .map_or(0, |i| i + 1);
    for (at, w) in words_at(text, clause).take_while(|&(at, _)| at < start) {
        if let Some(acr) = acronym_in_full(w)
            && let Some(after) = words_after_acronym(text, at + w.len())
        {
            let offset = after.as_ptr() as usize - text.as_ptr() as usize;
            if offset <= start && end <= offset + after.len() && spells(acr, after) {
                return true;
            }
        }
    }
    false
}

/// The words of `text` from byte `from` on, with their offsets, as the checks count words.
fn words_at(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    super::prose::words(&text[from..]).map(move |(at, w)| (from + at, w))
}

/// The words an acronym at byte `at` of `text` may stand for, written before it: "words
/// (ACR)" or "words, which everyone calls ACR", back to the start of the sentence or
/// clause (commas may be among them: "lesbian, gay, bisexual, trans and queer (LGBTQ+)").
fn words_before(text: &str, at: usize) -> Option<&str> {
    let before = text[..at].trim_end();
    let b = in_brackets_after(before).or_else(|| named_as(before))?;
    let b = b.trim_end().trim_end_matches(',');
    let start = b.rfind(['(', '.', ';', ':']).map_or(0, |i| i + 1);
    Some(&b[start..])
}

/// The text before the bracket that `before` ends in, with the acronyms that come first
/// inside it: "the UK General Data Protection Regulation (UK" before "GDPR)".
fn in_brackets_after(before: &str) -> Option<&str> {
    let mut b = before;
    for _ in 0..3 {
        if let Some(x) = b.strip_suffix('(') {
            return Some(x);
        }
        let word = b.trim_end_matches(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit());
        if b.len() - word.len() < 2 {
            return None;
        }
        b = word.trim_end();
    }
    None
}

/// The words an acronym ending at byte `end` of `text` may stand for, written after it:
/// "ACR (words)" or "ACR, which stands for words".
fn words_after_acronym(text: &str, end: usize) -> Option<&str> {
    let after = text[end..].trim_start();
    after
        .strip_prefix('(')
        .and_then(|a| a.find(')').map(|close| &a[..close]))
        .or_else(|| standing_for(after))
}

/// Words that name what comes after them: "attention deficit hyperactivity disorder,
/// which everyone calls ADHD".
const NAMED_AS: &[&str] = &[
    "which everyone calls",
    "which people call",
    "which we call",
    "which is called",
    "also known as",
    "known as",
    "also called",
    "called",
    "or",
];

/// Words that say what the acronym before them stands for: "ADHD, which stands for …".
const STANDS_FOR: &[&str] = &["which stands for", "stands for", "short for", "meaning"];

/// The text before one of [`NAMED_AS`] at the end of `before`, if it ends so.
fn named_as(before: &str) -> Option<&str> {
    NAMED_AS.iter().find_map(|n| {
        let rest = before.strip_suffix(n)?;
        rest.ends_with(|c: char| c.is_whitespace() || c == ',')
            .then_some(rest)
    })
}

/// The words after one of [`STANDS_FOR`] at the start of `after` (past a comma), to the
/// end of the sentence or clause.
fn standing_for(after: &str) -> Option<&str> {
    let after = after.strip_prefix(',').unwrap_or(after).trim_start();
    STANDS_FOR.iter().find_map(|n| {
        let rest = after.strip_prefix(n)?;
        rest.starts_with(char::is_whitespace).then(|| {
            let end = rest
                .find(['.', ';', ':', ',', ')', '('])
                .unwrap_or(rest.len());
            &rest[..end]
        })
    })
}

pub fn known_terms(glossary: &[GlossaryTerm]) -> HashSet<String> {
    glossary
        .iter()
        .flat_map(|t| t.spellings().map(str::to_uppercase))
        .collect()
}

pub fn check(
    page: &Page,
    glossary: &HashSet<String>,
    glossary_phrases: &[String],
    sink: &mut Sink,
) {
    let mut seen: HashSet<String> = HashSet::new();
    // An author's name written in capitals ("NÍ BHRIAIN") is a name, not an acronym.
    let names: HashSet<String> = page
        .meta
        .iter()
        .flat_map(|m| &m.authors)
        .filter_map(|a| a.name.as_deref())
        .flat_map(str::split_whitespace)
        .map(str::to_uppercase)
        .collect();
    for block in &page.blocks {
        let text = &block.text;
        let bytes = text.as_bytes();
        for &(at, end) in &block.words {
            // Most words are ruled out by their first two bytes (see `acronym`), before
            // the word is cut out of the text.
            if end - at < 2 || !is_acronym_start(bytes[at], bytes[at + 1]) {
                continue;
            }
            // An acronym joined to a word ("BACP-accredited", "GP-led") or owning
            // something ("the NHS's plan") is the acronym.
            let word = &text[at..end];
            let word = word
                .find(['-', '\'', '’'])
                .map_or(word, |joint| &word[..joint]);
            let Some(acr) = acronym(word) else { continue };
            // Part of a name the glossary explains ("NHS Talking Therapies").
            if in_phrase(
                glossary_phrases.iter().map(String::as_str),
                text,
                at,
                at + word.len(),
            ) {
                continue;
            }
            if !seen.insert(acr.to_string())
                || WELL_KNOWN.contains(&acr)
                || glossary.contains(acr)
                || glossary.contains(word)
                || names.contains(word)
            {
                continue;
            }
            if is_ignored(block.ignored, "undefined-acronym") {
                continue;
            }
            let written_before = words_before(text, at);
            let written_after = words_after_acronym(text, at + word.len());
            let spelled = written_before.is_some_and(|p| spells(acr, p))
                || written_after.is_some_and(|p| spells(acr, p));
            if !spelled {
                sink.at(
                    "undefined-acronym",
                    Severity::Warning,
                    block.source_offset(at),
                    word.chars().count(),
                    format!("\"{word}\" is not spelled out the first time it is used"),
                    Some(format!("write it out in full the first time, like \"what {acr} stands for ({acr})\", or add it to the glossary")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_acronyms_and_plurals() {
        assert_eq!(acronym("EBCD"), Some("EBCD"));
        assert_eq!(acronym("SSRIs"), Some("SSRI"));
        assert_eq!(acronym("GP"), Some("GP"));
        assert_eq!(acronym("Sam"), None);
        assert_eq!(acronym("A"), None);
        assert_eq!(acronym("A1"), None);
    }

    proptest::proptest! {
        #[test]
        fn the_first_two_bytes_rule_out_only_what_is_no_acronym(word in "[A-Za-z0-9sÉé]{0,6}") {
            proptest::prop_assert_eq!(acronym(&word), acronym_in_full(&word));
        }
    }

    #[test]
    fn spelled_out_in_either_order_any_case() {
        assert!(spells("EBCD", "Experience-based co-design"));
        assert!(spells("EBCD", "experience-based co-design"));
        assert!(spells(
            "CAMHS",
            "Child and Adolescent Mental Health Services"
        ));
        assert!(spells("GP", "We saw our general practitioner"));
        assert!(!spells("EBCD", "something else"));
    }

    #[test]
    fn a_word_can_stand_for_letters_inside_it() {
        assert!(spells("PND", "I had postnatal depression"));
        assert!(spells("ECT", "electroconvulsive therapy"));
        assert!(spells("PTSD", "post-traumatic stress disorder"));
        // Each letter's word starts with it, and the phrase ends on such a word.
        assert!(!spells("MDT", "our weekly team"));
        assert!(!spells("PND", "postnatal"));
        assert!(!spells("ND", "postnatal depression"));
        assert!(!spells("PND", "postnatal depression and more"));
        // A long acronym may leave out one last word of its name, and no more.
        assert!(spells(
            "COMHAD",
            "co-occurring mental health and alcohol or drug conditions"
        ));
        assert!(!spells(
            "COMHAD",
            "co-occurring mental health and alcohol or drug conditions again"
        ));
    }

    /// Whether the first `words` in `text` are among an acronym's spelled-out words.
    fn named(text: &str, words: &str) -> bool {
        let start = text.find(words).expect("the words are in the text");
        in_spelled_out_name(text, start, start + words.len())
    }

    #[test]
    fn the_words_an_acronym_is_spelled_out_in_are_a_name() {
        assert!(named(
            "Our integrated care board (ICB) agreed.",
            "integrated care"
        ));
        assert!(named(
            "The ICB (integrated care board) agreed.",
            "integrated care"
        ));
        assert!(named(
            "An early intervention in psychosis (EIP) team.",
            "intervention"
        ));
        assert!(named(
            "The integrated care board, known as ICB, met.",
            "integrated care"
        ));
        assert!(named(
            "ICB, which stands for integrated care board, met.",
            "integrated care"
        ));
        // Not the acronym's words: before them, after a full stop, or another acronym.
        assert!(!named(
            "Integrated care helps. The board (ICB) met.",
            "Integrated care"
        ));
        assert!(!named(
            "We facilitate the care board (CB) meetings.",
            "facilitate"
        ));
        assert!(!named(
            "We want integrated care (see the NHS) soon.",
            "integrated care"
        ));
        assert!(!named("Integrated care matters.", "Integrated care"));
    }
}
