//! Syllables, for reading-level: a rule for ordinary English spelling, and a list of the
//! words the rule gets wrong, taken from the CMU Pronouncing Dictionary
//! (`data/syllables.tsv`, see tools/syllables/README.md).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::prose::short_key;

const EXCEPTIONS: &str = include_str!("data/syllables.tsv");

/// The exceptions, keyed by the word in lower case: words of up to 16 bytes as one
/// number (the bytes, zero-padded), which hashes and compares in a few instructions;
/// the few longer words by their bytes.
struct Table {
    short: FxHashMap<u128, u8>,
    long: FxHashMap<&'static [u8], u8>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut table = Table {
        short: FxHashMap::default(),
        long: FxHashMap::default(),
    };
    for l in EXCEPTIONS.lines().filter(|l| !l.starts_with('#')) {
        let Some((w, n)) = l.split_once('\t') else {
            continue;
        };
        let Ok(n) = n.trim().parse() else { continue };
        match short_key(w.as_bytes()) {
            Some(key) => table.short.insert(key, n),
            None => table.long.insert(w.as_bytes(), n),
        };
    }
    table
});

thread_local! {
    /// Short words already counted on this thread, keyed as [`TABLE`]'s are.
    static SEEN: std::cell::RefCell<FxHashMap<u128, u8>> = std::cell::RefCell::new(FxHashMap::default());
}

/// The most words [`SEEN`] holds before it starts again (about 2 MB).
const SEEN_MAX: usize = 65_536;

/// The table's count for a lower-case word.
fn exception(lower: &[u8]) -> Option<u8> {
    let table = &*TABLE;
    match short_key(lower) {
        Some(key) => table.short.get(&key).copied(),
        None => table.long.get(lower).copied(),
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Syllables by spelling alone: vowel groups, less a silent final `e`, `-es` or `-ed`.
/// Letters other than a to z (digits, apostrophes, hyphens) are passed over.
pub fn by_rule(word: &str) -> usize {
    let mut buf = [0u8; 32];
    if word.len() <= buf.len() && word.is_ascii() {
        return by_rule_ascii(lower_into(word, &mut buf));
    }
    let w: Vec<u8> = word
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    by_rule_ascii(&w)
}

/// The lower-case ASCII letters of `word` (at most 32 bytes, ASCII), on the stack.
fn lower_into<'b>(word: &str, buf: &'b mut [u8; 32]) -> &'b [u8] {
    let mut n = 0;
    for b in word.bytes() {
        if b.is_ascii_alphabetic() {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
    }
    &buf[..n]
}

fn by_rule_ascii(w: &[u8]) -> usize {
    if w.is_empty() {
        return 0;
    }
    let n = w.len();
    let mut count = 0;
    let mut prev_vowel = false;
    for (i, &c) in w.iter().enumerate() {
        // `y` at the start of a word is a consonant ("yes").
        let v = is_vowel(c) && !(c == b'y' && i == 0);
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
    }
    let ends = |s: &[u8]| w.ends_with(s);
    let consonant_at = |i: usize| i < n && !is_vowel(w[i]);
    if n > 2 && ends(b"e") && !ends(b"ee") && !ends(b"ye") {
        // "table", "little": the -le is a syllable.
        let le = ends(b"le") && n > 2 && consonant_at(n - 3);
        if !le && count > 1 {
            count -= 1;
        }
    } else if n > 3 && count > 1 && consonant_at(n - 3) {
        // "helped", "makes": a silent -ed or -es (but "wanted", "boxes" keep theirs).
        let silent_ed = ends(b"ed") && !matches!(w[n - 3], b't' | b'd');
        let silent_es = ends(b"es") && !matches!(w[n - 3], b's' | b'x' | b'z' | b'h' | b'g' | b'c');
        if silent_ed || silent_es {
            count -= 1;
        }
    }
    count.max(1)
}

/// Syllables in a word, as the CMU Pronouncing Dictionary says where it knows the word.
pub fn count(word: &str) -> usize {
    // Words from `prose::words` already start and end with a letter or digit.
    let bytes = word.as_bytes();
    let trimmed = bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric);
    let word = if trimmed {
        word
    } else {
        word.trim_matches(|c: char| !c.is_alphanumeric())
    };
    // Most words are short and ASCII: they are keyed as the table is (`short_key`), and
    // only a word the table does not know is counted by the rule.
    if let Some(key) = short_key(word.as_bytes()) {
        // A guide uses the same words again and again: each thread remembers the count
        // of every short word it has seen, whichever way it was found.
        return SEEN.with_borrow_mut(|seen| {
            if let Some(&count) = seen.get(&key) {
                return usize::from(count);
            }
            let count = match TABLE.short.get(&key) {
                Some(&count) => count,
                None => {
                    let lower = key.to_le_bytes();
                    let mut letters = [0u8; 16];
                    let mut n = 0;
                    for &l in &lower[..word.len()] {
                        letters[n] = l;
                        n += usize::from(l.is_ascii_lowercase());
                    }
                    u8::try_from(by_rule_ascii(&letters[..n])).unwrap_or(u8::MAX)
                }
            };
            if seen.len() >= SEEN_MAX {
                seen.clear();
            }
            seen.insert(key, count);
            usize::from(count)
        });
    }
    let lower = word.to_lowercase();
    exception(lower.as_bytes()).map_or_else(|| by_rule(&lower), usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words() {
        for (w, n) in [
            ("cat", 1),
            ("table", 2),
            ("helped", 1),
            ("wanted", 2),
            ("makes", 1),
            ("boxes", 2),
            ("every", 3),
            ("people", 2),
            ("co-production", 4),
            ("yes", 1),
            ("recovery", 3),
        ] {
            assert_eq!(count(w), n, "{w}");
        }
    }
}
