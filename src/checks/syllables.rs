//! Syllables, for reading-level: a rule for ordinary English spelling, and a list of the
//! words the rule gets wrong, taken from the CMU Pronouncing Dictionary
//! (`data/syllables.tsv`, see tools/syllables/README.md).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

const EXCEPTIONS: &str = include_str!("data/syllables.tsv");

static TABLE: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    EXCEPTIONS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (w, n) = l.split_once('\t')?;
            Some((w, n.trim().parse().ok()?))
        })
        .collect()
});

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Syllables by spelling alone: vowel groups, less a silent final `e`, `-es` or `-ed`.
pub fn by_rule(word: &str) -> usize {
    let w: Vec<u8> = word
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
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
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    // Most words are short and ASCII: lower-case them on the stack.
    let mut buf = [0u8; 32];
    if word.len() <= buf.len() && word.is_ascii() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let key = std::str::from_utf8(lower).expect("ASCII is UTF-8");
        return TABLE.get(key).map_or_else(|| by_rule(key), |&n| n as usize);
    }
    let lower = word.to_lowercase();
    TABLE
        .get(lower.as_str())
        .map_or_else(|| by_rule(&lower), |&n| n as usize)
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
