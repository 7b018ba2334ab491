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
/// in any grouping (+1 555 010 9999, +91 98450 12345, +33 6 12 34 56 78): 10 to 15
/// digits with optional spaces, dashes or brackets.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}\b|(?:\+\d{1,3}[\s.-]?)?(?:\(?0\d{2,5}\)?|\d{2,5})[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b")
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
        // Cheap tests first, in one pass: most text has no `@` and too few digits for a
        // phone number.
        let (at_sign, digits) = at_sign_and_digits(text.as_bytes());
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
    // byte, a bit for the length of each withheld word that starts with it (in either
    // case). A word is compared in full only when its first letter and length fit one,
    // or when it has letters beyond ASCII (as a withheld word with such letters must):
    // words that start with such a letter have every bit.
    let mut starts = [0u64; 256];
    starts[0x80..].fill(u64::MAX);
    for w in authors.iter().flat_map(|(w, _)| w) {
        let lower: String = w.chars().flat_map(char::to_lowercase).collect();
        if let Some(&first) = lower.as_bytes().first()
            && first < 0x80
        {
            let bit = 1 << lower.len().min(63);
            starts[usize::from(first)] |= bit;
            starts[usize::from(first.to_ascii_uppercase())] |= bit;
        }
    }
    let may_be = |lengths: u64, word: &str| {
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
        let bytes = block.text.as_bytes();
        for &(start, end) in &block.words {
            // Words that start differently cannot be the same (see `same_word`): most
            // words are ruled out by their first byte, before they are sliced out.
            let lengths = bytes.get(start).map_or(0, |&b| starts[usize::from(b)]);
            if lengths == 0 {
                continue;
            }
            let word = &block.text[start..end];
            if word.is_empty() || !may_be(lengths, word) {
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

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// 1 in each byte of `x` that is an ASCII digit, 0 in the others. For a byte below
/// 0x80, adding 0x50 sets its high bit when it is '0' or more, and adding 0x46 when it
/// is more than '9'; neither carries into the next byte.
fn digit_bytes(x: u64) -> u64 {
    let low = x & !HIGH;
    let from_zero = low + ONES * u64::from(0x80 - b'0');
    let past_nine = low + ONES * u64::from(0x80 - b'9' - 1);
    ((from_zero & !past_nine & !x) & HIGH) >> 7
}

/// The high bit in each byte of `x` that is `@`, none in the others: `x ^ '@'` has a
/// zero byte there, and only a zero byte keeps its high bit clear when 0x7F is added to
/// its low bits and the byte itself is or-ed in.
fn at_signs(x: u64) -> u64 {
    let y = x ^ (ONES * u64::from(b'@'));
    !(((y & !HIGH) + !HIGH) | y) & HIGH
}

/// Whether `bytes` hold an `@`, and how many ASCII digits, in one pass of eight bytes at
/// a time: the digits are counted in the eight bytes of one number, added up every
/// 2,032 bytes, before one could overflow.
fn at_sign_and_digits(bytes: &[u8]) -> (bool, usize) {
    let (mut at, mut total) = (0, 0);
    for run in bytes.chunks(8 * 254) {
        let mut lanes = 0;
        let mut chunks = run.chunks_exact(8);
        for chunk in &mut chunks {
            let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            lanes += digit_bytes(x);
            at |= at_signs(x);
        }
        let rest = chunks.remainder();
        if run.len() >= 8 {
            // The last eight bytes, less those already read (shifted out, zeros in).
            let last: [u8; 8] = run[run.len() - 8..].try_into().expect("8 bytes");
            let unread = u64::from_le_bytes(last)
                .checked_shr(8 * (8 - rest.len() as u32))
                .unwrap_or(0);
            lanes += digit_bytes(unread);
            at |= at_signs(unread);
        } else {
            total += rest.iter().filter(|b| b.is_ascii_digit()).count();
            at |= u64::from(rest.contains(&b'@'));
        }
        // Pairs of lanes into 16-bit lanes, then the four of those by one product.
        const PAIRS: u64 = 0x00FF_00FF_00FF_00FF;
        let pairs = (lanes & PAIRS) + ((lanes >> 8) & PAIRS);
        total += (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
    }
    (at != 0, total)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_counted_across_chunks() {
        let mut long = String::new();
        for i in 0..2_000 {
            long.push_str(&format!("word {i}, "));
        }
        for text in [
            "",
            "call 0770",
            "07700 900123",
            "a long line of words with no digits at all, longer than one chunk of bytes",
            "1 in a long line of words with few digits, 2, longer than one chunk 3456789",
            "Tel: 020 7946 0018 — and café ünïcödé 1234567890 in the middle of a sentence",
            &"9".repeat(16 * 254 * 2 + 17),
            &long,
            "ünïcödé ÀÁÂ ÿ 九十 ⁰¹²³ ٠١٢",
        ] {
            let simple = text.bytes().filter(u8::is_ascii_digit).count();
            assert_eq!(at_sign_and_digits(text.as_bytes()).1, simple, "{text}");
        }
    }

    #[test]
    fn at_signs_are_found_anywhere() {
        let text = "write to sam at example dot org, or ask at the desk: @ — ünïcödé À@";
        for end in 0..=text.len() {
            for start in 0..=end {
                let bytes = &text.as_bytes()[start..end];
                assert_eq!(
                    at_sign_and_digits(bytes).0,
                    bytes.contains(&b'@'),
                    "{start}..{end}"
                );
            }
        }
    }
}
