//! Syllables, for reading-level: a rule for ordinary English spelling, and a list of the
//! words the rule gets wrong, taken from the CMU Pronouncing Dictionary
//! (`data/syllables.tsv`, see tools/syllables/README.md).

use std::cell::RefCell;
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
    // Sized for every line at once (about 16,000 words), and read with memchr, as each
    // process that checks a guide reads the whole list.
    let lines = memchr::memchr_iter(b'\n', EXCEPTIONS.as_bytes()).count() + 1;
    let mut table = Table {
        short: FxHashMap::with_capacity_and_hasher(lines, Default::default()),
        long: FxHashMap::default(),
    };
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', EXCEPTIONS.as_bytes()).chain([EXCEPTIONS.len()]) {
        let l = &EXCEPTIONS.as_bytes()[start..end];
        start = end + 1;
        if l.starts_with(b"#") {
            continue;
        }
        let Some(tab) = memchr::memchr(b'\t', l) else {
            continue;
        };
        let (w, n) = (&l[..tab], l[tab + 1..].trim_ascii());
        let n = match n {
            [d @ b'0'..=b'9'] => d - b'0',
            _ => match std::str::from_utf8(n).ok().and_then(|n| n.parse().ok()) {
                Some(n) => n,
                None => continue,
            },
        };
        match short_key(w) {
            Some(key) => table.short.insert(key, n),
            None => table.long.insert(w, n),
        };
    }
    table
});

thread_local! {
    /// The counts of words this thread has seen, for [`count_words`].
    static MEMO: RefCell<Memo> = RefCell::new(Memo::new());
}

/// log2 of the number of short words [`Memo`] holds: 65,536 (about 1 MB per thread).
const MEMO_BITS: u32 = 16;
const MEMO_SLOTS: usize = 1 << MEMO_BITS;

/// The syllables of words already counted, so that each word of a guide is counted by
/// the table or the rule only the first time a thread meets it (a guide uses the same
/// few thousand words again and again).
///
/// Words of up to 16 bytes, nearly all of any text, go in a direct-mapped table keyed
/// by the word's bytes as written (zero-padded, as one number): one multiplication finds
/// the only slot the word can be in, and a word that meets another in its slot takes it
/// over (a recount later, never a wrong count). Keying by the bytes as written, not in
/// lower case, costs a slot for "The" as well as "the" but saves lower-casing every
/// word. Longer words are few and go in a small hash map.
struct Memo {
    /// The key of the word in each slot. Slots start with key 0 and count 0, which is
    /// right: key 0 is a word of NUL bytes only, which has no syllables (and starting
    /// at zero lets the allocator hand over fresh, untouched pages).
    keys: Box<[u128; MEMO_SLOTS]>,
    counts: Box<[u8; MEMO_SLOTS]>,
    long: FxHashMap<Box<str>, u8>,
}

/// The most words [`Memo::long`] holds before it starts again.
const LONG_MAX: usize = 4_096;

impl Memo {
    fn new() -> Self {
        Memo {
            keys: vec![0; MEMO_SLOTS]
                .into_boxed_slice()
                .try_into()
                .expect("MEMO_SLOTS keys"),
            counts: vec![0; MEMO_SLOTS]
                .into_boxed_slice()
                .try_into()
                .expect("MEMO_SLOTS counts"),
            long: FxHashMap::default(),
        }
    }

    /// [`count`] of the word `text[a..b]`, whose key ([`memo_key`]) is `key`. The count
    /// depends on the key alone: words with the same key differ only in trailing NUL
    /// bytes, which `count` trims. (The word is only sliced out when it must be counted.)
    #[inline]
    fn short(&mut self, key: u128, text: &str, a: usize, b: usize) -> usize {
        // Fibonacci hashing: the top bits of the product depend on every bit of the key.
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        let slot = (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - MEMO_BITS)) as usize;
        if self.keys[slot] == key {
            return usize::from(self.counts[slot]);
        }
        let n = count(&text[a..b]);
        self.keys[slot] = key;
        // A word of 16 bytes has at most 16 syllables.
        self.counts[slot] = u8::try_from(n).unwrap_or(u8::MAX);
        n
    }

    #[cold]
    fn long(&mut self, word: &str) -> usize {
        if let Some(&n) = self.long.get(word) {
            return usize::from(n);
        }
        let n = count(word);
        if let Ok(small) = u8::try_from(n) {
            if self.long.len() >= LONG_MAX {
                self.long.clear();
            }
            self.long.insert(word.into(), small);
        }
        n
    }
}

/// For each length up to 16, the mask that keeps that many low bytes of a number.
const KEEP: [u128; 17] = {
    let mut keep = [0u128; 17];
    let mut len = 1;
    while len <= 16 {
        keep[len] = u128::MAX >> (128 - 8 * len);
        len += 1;
    }
    keep
};

/// The bytes `text[a..b]` as one number (little-endian, zero-padded), when there are 1
/// to 16 of them.
#[inline]
fn memo_key(text: &[u8], a: usize, b: usize) -> Option<u128> {
    let len = b.wrapping_sub(a);
    if len.wrapping_sub(1) >= 16 {
        return None;
    }
    // Away from the end of the text, 16 bytes are read at once and those past the word
    // masked off; near the end, the word is copied out first.
    let mut bytes = [0u8; 16];
    match text.get(a..a + 16) {
        Some(sixteen) => bytes.copy_from_slice(sixteen),
        None => {
            for (to, &from) in bytes.iter_mut().zip(text.get(a..b)?) {
                *to = from;
            }
        }
    }
    Some(u128::from_le_bytes(bytes) & KEEP[len])
}

/// The syllables of all the words of `text` (byte ranges, as [`super::prose::analyse`]
/// gives them): the sum of [`count`] of each, with each thread remembering the words it
/// has seen.
pub fn count_words(text: &str, words: &[(usize, usize)]) -> usize {
    let bytes = text.as_bytes();
    MEMO.with_borrow_mut(|memo| {
        let mut total = 0;
        for &(a, b) in words {
            total += match memo_key(bytes, a, b) {
                Some(key) => memo.short(key, text, a, b),
                None => memo.long(&text[a..b]),
            };
        }
        total
    })
}

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
        if let Some(&count) = TABLE.short.get(&key) {
            return usize::from(count);
        }
        let lower = key.to_le_bytes();
        let mut letters = [0u8; 16];
        let mut n = 0;
        for &l in &lower[..word.len()] {
            letters[n] = l;
            n += usize::from(l.is_ascii_lowercase());
        }
        return by_rule_ascii(&letters[..n]);
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

    /// The words of a text, as `prose::analyse` finds them.
    fn word_ranges(text: &str) -> Vec<(usize, usize)> {
        super::super::prose::words(text)
            .map(|(at, w)| (at, at + w.len()))
            .collect()
    }

    #[test]
    fn remembered_counts_are_the_counts() {
        let text = "The table TABLE Table helped, wanted: makes boxes; every PEOPLE co-production \
                    Co-Production's yes Yes recovery café Café Reykjavík it’s IT’S \
                    internationalisation INTERNATIONALISATION abcdefghijklmnop 1998 3rd";
        let words = word_ranges(text);
        let simple: usize = words.iter().map(|&(a, b)| count(&text[a..b])).sum();
        // Twice: once to fill the memo, once to read from it.
        assert_eq!(count_words(text, &words), simple);
        assert_eq!(count_words(text, &words), simple);
    }

    #[test]
    fn words_that_share_a_slot_are_counted_right() {
        // Many more made-up words than the memo has slots, so that words take over each
        // other's slots, and then the same words again.
        let mut text = String::new();
        let mut seed = 1u64;
        for _ in 0..(3 << MEMO_BITS) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (seed >> 60) as usize;
            for i in 0..len {
                let letters = b"abcdeiouyltsrnBE";
                text.push(char::from(letters[((seed >> (4 * i)) & 15) as usize]));
            }
            text.push(' ');
        }
        let words = word_ranges(&text);
        let simple: usize = words.iter().map(|&(a, b)| count(&text[a..b])).sum();
        assert_eq!(count_words(&text, &words), simple);
        assert_eq!(count_words(&text, &words), simple);
    }

    #[test]
    fn memo_keys_are_the_padded_bytes() {
        let text = "a bc Word co-production’s abcdefghijklmnop abcdefghijklmnopq end";
        for (a, b) in word_ranges(text) {
            let word = &text.as_bytes()[a..b];
            let expected = (word.len() <= 16).then(|| {
                let mut bytes = [0u8; 16];
                bytes[..word.len()].copy_from_slice(word);
                u128::from_le_bytes(bytes)
            });
            assert_eq!(memo_key(text.as_bytes(), a, b), expected, "{a}..{b}");
        }
        assert_eq!(memo_key(b"abc", 1, 1), None);
    }

    #[test]
    fn empty_slots_hold_the_count_of_nul_words() {
        // A memo slot starts as key 0, count 0: the key and count of a word of NULs.
        assert_eq!(memo_key(b"\0\0", 0, 2), Some(0));
        assert_eq!(count("\0"), 0);
        assert_eq!(count("\0\0"), 0);
        assert_eq!(count_words("\0\0", &[(0, 2)]), 0);
    }

    #[test]
    fn the_exceptions_are_all_read() {
        let listed = EXCEPTIONS
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains('\t'))
            .count();
        assert_eq!(TABLE.short.len() + TABLE.long.len(), listed);
        assert_eq!(exception(b"everybody"), Some(4));
    }
}
