//! personal-data: email addresses and phone numbers in the text, and any withheld part of
//! an author's name in their own contribution (title, summary, text or file name).

use std::sync::LazyLock;

use regex::Regex;

use super::prose::{Place, words};
use super::{Page, Sink, applies};
use crate::consent::withheld_words;
use crate::diagnostics::Severity;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("valid pattern")
});
/// UK numbers (07700 900123, 020 7946 0018, +44 7700 900123) and international ones
/// (+1 555 010 9999): 10 or more digits with optional spaces, dashes or brackets.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\d{1,3}[\s.-]?)?(?:\(?0\d{2,5}\)?|\d{2,5})[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b")
        .expect("valid pattern")
});

pub fn check(page: &Page, sink: &mut Sink) {
    for span in &page.spans {
        if !applies(span, "personal-data") {
            continue;
        }
        let text = span.text.as_ref();
        let at = |start: usize| {
            if span.exact {
                span.offset + start
            } else {
                span.offset
            }
        };
        // Cheap tests first, in one pass: most text has no `@` and few digits.
        let (mut at_sign, mut digits) = (false, 0usize);
        for b in text.bytes() {
            at_sign |= b == b'@';
            digits += usize::from(b.is_ascii_digit());
        }
        let emails: Vec<_> = if at_sign {
            EMAIL.find_iter(text).collect()
        } else {
            Vec::new()
        };
        let phones: Vec<_> = if digits >= 10 {
            PHONE.find_iter(text).collect()
        } else {
            Vec::new()
        };
        for m in emails {
            sink.at(
                "personal-data",
                Severity::Error,
                at(m.start()),
                m.as_str().chars().count(),
                format!("\"{}\" looks like an email address; personal contact details should not be published", m.as_str()),
                Some("remove it, or link to a contact page instead".into()),
            );
        }
        for m in phones {
            let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
            if !(10..=15).contains(&digits) {
                continue;
            }
            sink.at(
                "personal-data",
                Severity::Error,
                at(m.start()),
                m.as_str().chars().count(),
                format!("\"{}\" looks like a phone number; personal contact details should not be published", m.as_str()),
                Some("remove it; support lines belong in guide.yaml `support`, where they are shown on every page".into()),
            );
        }
    }
    let Some(meta) = page.meta else { return };
    let authors: Vec<(Vec<String>, &str)> = meta
        .authors
        .iter()
        .map(|a| (withheld_words(a), a.credit.id()))
        .filter(|(w, _)| !w.is_empty())
        .collect();
    if authors.is_empty() {
        return;
    }
    // A quick "no" for the many words that cannot be a withheld one: for each first
    // letter, a bit for the length of each withheld word that starts with it. A word is
    // compared in full only when its first letter and length fit one, or when it has
    // letters beyond ASCII (as a withheld word with such letters must).
    let mut starts = [0u64; 128];
    for w in authors.iter().flat_map(|(w, _)| w) {
        let lower: String = w.chars().flat_map(char::to_lowercase).collect();
        if let Some(&first) = lower.as_bytes().first()
            && first < 0x80
        {
            starts[usize::from(first)] |= 1 << lower.len().min(63);
        }
    }
    let may_be = |word: &str| {
        let Some(&first) = word.as_bytes().first() else {
            return false;
        };
        if first >= 0x80 {
            return true;
        }
        // Words that start differently cannot be the same (see `same_word`).
        let lengths = starts[usize::from(first.to_ascii_lowercase())];
        if lengths == 0 {
            return false;
        }
        let bare = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        lengths & (1 << bare.len().min(63)) != 0 || !bare.is_ascii()
    };
    for block in &page.blocks {
        if super::prose::is_ignored(block.ignored, "personal-data") {
            continue;
        }
        for &(start, end) in &block.words {
            let word = &block.text[start..end];
            if !may_be(word) {
                continue;
            }
            for (withheld, credit) in &authors {
                if withheld.iter().any(|w| same_word(w, word)) {
                    let offset = block.source_offset(start);
                    let place = match block.place {
                        Place::Title => "title",
                        Place::Summary => "summary",
                        _ => "text",
                    };
                    sink.at(
                        "personal-data",
                        Severity::Error,
                        offset,
                        word.chars().count(),
                        format!("the {place} contains \"{word}\", part of an author's name they chose not to publish (their credit is {credit})"),
                        Some("remove or change the name here, so the author stays as private as they chose".into()),
                    );
                }
            }
        }
    }
    for (withheld, _) in &authors {
        let stem = page
            .file
            .rsplit('/')
            .find(|p| *p != "index.md")
            .unwrap_or(page.file);
        for (_, word) in words(&stem.replace(['-', '_'], " ")) {
            if withheld.iter().any(|w| same_word(w, word)) {
                sink.at_line(
                    "personal-data",
                    Severity::Error,
                    (1, 1),
                    format!("the file name contains \"{word}\", part of an author's name they chose not to publish; it would be in the page's web address"),
                    Some("rename the file, for example after the title".into()),
                );
            }
        }
    }
}

/// The same word, in any letter case, without allocating.
fn same_word(a: &str, b: &str) -> bool {
    // "Jordan's" is Jordan's name too.
    let b = b
        .strip_suffix("'s")
        .or_else(|| b.strip_suffix("’s"))
        .unwrap_or(b);
    // Words that start differently cannot be the same.
    if let (Some(x), Some(y)) = (a.bytes().next(), b.bytes().next())
        && x.is_ascii()
        && y.is_ascii()
        && !x.eq_ignore_ascii_case(&y)
    {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}
