//! Every word list in one pass per text. Jargon, stigmatising language and the signs of
//! a topic that needs a content note share one automaton; each list's matches are then
//! chosen as a search of that list alone would choose them (leftmost, then longest), so
//! the lists never hide each other's words.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, StartKind};

use super::prose::lower_ascii;

/// Which list a pattern is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Jargon = 0,
    Stigma = 1,
    ContentNote = 2,
}

/// A match of one list's pattern: `text[start..end]`, and the pattern's index in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub id: usize,
}

/// What one text holds of each list.
#[derive(Debug, Default)]
pub struct Hits {
    lists: [Vec<Hit>; 3],
}

impl Hits {
    pub fn of(&self, list: List) -> &[Hit] {
        &self.lists[list as usize]
    }
}

/// The compiled lists.
pub struct Lexicon {
    matcher: Option<DFA>,
    /// For each pattern: its list, its index there and its length in bytes.
    owners: Vec<(List, usize, usize)>,
    /// The patterns' first bytes, for ruling out most words before the automaton runs.
    starts: Starts,
}

/// The first bytes of every pattern, in lower case, as bits of two small tables that
/// stay in the processor's nearest cache: a word whose first bytes begin no pattern is
/// passed over after a look or two, before the automaton runs. The automaton's table is
/// megabytes, and each of its steps waits for the one before; a common word that begins
/// a phrase on a list ("in" of "in order to") would otherwise send it on into the next
/// word every time.
struct Starts {
    /// Each pattern's first four bytes (all of a shorter one).
    four: Box<[u64; STARTS_WORDS]>,
    /// Each pattern's first eight bytes (all of one of four to seven).
    eight: Box<[u64; STARTS_WORDS]>,
    /// The lengths (1 to 3) of patterns shorter than four bytes.
    short: Vec<usize>,
    /// The lengths (4 to 8) that `eight` holds keys of.
    long: Vec<usize>,
}

const STARTS_BITS: u32 = 16;
const STARTS_WORDS: usize = 1 << (STARTS_BITS - 6);

impl Starts {
    fn new(patterns: &[&str]) -> Self {
        let mut starts = Starts {
            four: Box::new([0; STARTS_WORDS]),
            eight: Box::new([0; STARTS_WORDS]),
            short: Vec::new(),
            long: Vec::new(),
        };
        for p in patterns {
            let bytes = p.as_bytes();
            let n = bytes.len().min(4);
            if n < 4 && !starts.short.contains(&n) {
                starts.short.push(n);
            }
            set(&mut starts.four, slot(u64::from(first_four(bytes, 0)), n));
            if bytes.len() >= 4 {
                let n = bytes.len().min(8);
                if !starts.long.contains(&n) {
                    starts.long.push(n);
                }
                set(&mut starts.eight, slot(first_eight(bytes, 0), n));
            }
        }
        starts
    }

    /// Whether some pattern could start at byte `at` of `bytes`.
    #[inline]
    fn may_start(&self, bytes: &[u8], at: usize) -> bool {
        let eight = first_eight(bytes, at);
        let four = eight & 0xffff_ffff;
        if self.short.iter().any(|&n| has(&self.four, slot(four, n))) {
            return true;
        }
        has(&self.four, slot(four, 4))
            && self.long.iter().any(|&n| has(&self.eight, slot(eight, n)))
    }
}

/// Where the first `n` bytes of `key` go in a table of [`STARTS_BITS`] bits.
#[inline]
fn slot(key: u64, n: usize) -> usize {
    let key = if n < 8 {
        key & ((1 << (8 * n)) - 1)
    } else {
        key
    };
    let mixed = (key ^ ((n as u64) << 60)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - STARTS_BITS)) as usize
}

fn set(table: &mut [u64; STARTS_WORDS], slot: usize) {
    table[slot / 64] |= 1 << (slot % 64);
}

#[inline]
fn has(table: &[u64; STARTS_WORDS], slot: usize) -> bool {
    table[slot / 64] & (1 << (slot % 64)) != 0
}

/// The four bytes from `at` (zero past the end), ASCII letters in lower case.
#[inline]
fn first_four(bytes: &[u8], at: usize) -> u32 {
    first_eight(bytes, at) as u32
}

/// The eight bytes from `at` (zero past the end), ASCII letters in lower case. Most
/// words have eight bytes after their start, read as one number; only the last words
/// of a text are copied out byte by byte.
#[inline]
fn first_eight(bytes: &[u8], at: usize) -> u64 {
    if let Some(chunk) = bytes.get(at..at + 8) {
        return lower_ascii(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
    }
    let mut b = [0u8; 8];
    for (to, from) in b.iter_mut().zip(bytes.get(at..).unwrap_or_default()) {
        *to = *from;
    }
    lower_ascii(u64::from_le_bytes(b))
}

impl Lexicon {
    /// Compiles the lists; patterns match in any letter case.
    pub fn new(lists: &[(List, &[&str])]) -> Self {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        for (list, words) in lists {
            for (i, w) in words.iter().enumerate() {
                patterns.push(w);
                owners.push((*list, i, w.len()));
            }
        }
        // Every match is reported (overlapping), so that each list can choose its own.
        // The DFA is driven here, anchored at each word's start, rather than through
        // `AhoCorasick`'s iterators, which search the whole text and cannot report
        // overlapping matches of an anchored search. Without a prefilter, only the dead
        // state and match states are special.
        let matcher = (!patterns.is_empty())
            .then(|| {
                DFA::builder()
                    .ascii_case_insensitive(true)
                    .start_kind(StartKind::Anchored)
                    .prefilter(false)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        Lexicon {
            matcher,
            owners,
            starts: Starts::new(&patterns),
        }
    }

    /// The matches of the lists in `wanted` in `text` that start where one of `words`
    /// (byte ranges, in order, as [`super::prose::words`] finds them) starts: for each
    /// list, the leftmost match, the longest of those starting there, then the same
    /// again after it.
    ///
    /// Every list's words and phrases begin a word of the text, so the automaton is run
    /// anchored from each word's start and stops as soon as no pattern goes on, and only
    /// from a word whose first bytes begin some pattern.
    pub fn scan(&self, text: &str, words: &[(usize, usize)], wanted: [bool; 3]) -> Hits {
        let mut hits = Hits::default();
        let Some(matcher) = &self.matcher else {
            return hits;
        };
        if !wanted.contains(&true) {
            return hits;
        }
        let Ok(start_state) = matcher.start_state(Anchored::Yes) else {
            return hits;
        };
        let bytes = text.as_bytes();
        for &(start, _) in words {
            if !self.starts.may_start(bytes, start) {
                continue;
            }
            let mut state = start_state;
            for (at, &byte) in bytes.iter().enumerate().skip(start) {
                state = matcher.next_state(Anchored::Yes, state, byte);
                if !matcher.is_special(state) {
                    continue;
                }
                if matcher.is_dead(state) {
                    break;
                }
                let end = at + 1;
                for k in 0..matcher.match_len(state) {
                    let pattern = matcher.match_pattern(state, k);
                    let (list, id, len) = self.owners[pattern.as_usize()];
                    // A state also holds the patterns that end what it has read: those
                    // start inside this run, and are found from their own start.
                    if wanted[list as usize] && end - len == start {
                        hits.lists[list as usize].push(Hit { start, end, id });
                    }
                }
            }
        }
        for list in &mut hits.lists {
            keep_leftmost_longest(list);
        }
        hits
    }
}

/// Keeps, of one list's matches, those a search of that list alone would choose: the
/// leftmost, the longest of those starting there, then the same again after it.
fn keep_leftmost_longest(list: &mut Vec<Hit>) {
    list.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.id));
    let mut next = 0;
    list.retain(|h| {
        let keep = h.start >= next;
        if keep {
            next = h.end;
        }
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_chooses_leftmost_longest_on_its_own() {
        let lexicon = Lexicon::new(&[
            (List::Jargon, &["in order to", "order"]),
            (List::Stigma, &["suffers from", "suffers"]),
            (List::ContentNote, &["order to"]),
        ]);
        let text = "He suffers from it, in order to ORDER things.";
        let hits = lexicon.scan(text, &words_of(text), [true; 3]);
        let text = |list| -> Vec<(usize, usize, usize)> {
            hits.of(list)
                .iter()
                .map(|h| (h.start, h.end, h.id))
                .collect()
        };
        assert_eq!(text(List::Jargon), vec![(20, 31, 0), (32, 37, 1)]);
        assert_eq!(text(List::Stigma), vec![(3, 15, 0)]);
        // The jargon phrase does not hide the content-note sign inside it.
        assert_eq!(text(List::ContentNote), vec![(23, 31, 0)]);
    }

    fn words_of(text: &str) -> Vec<(usize, usize)> {
        crate::checks::prose::words(text)
            .map(|(at, w)| (at, at + w.len()))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn bytes_are_lowered_as_one_at_a_time(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..10), at in 0usize..10) {
            let at = at.min(bytes.len());
            let mut expected = [0u8; 8];
            for (e, b) in expected.iter_mut().zip(&bytes[at..]) {
                *e = b.to_ascii_lowercase();
            }
            proptest::prop_assert_eq!(first_eight(&bytes, at), u64::from_le_bytes(expected));
            proptest::prop_assert_eq!(u64::from(first_four(&bytes, at)), u64::from_le_bytes(expected) & 0xffff_ffff);
        }
    }

    #[test]
    fn short_patterns_are_found_after_the_first_bytes_rule_words_out() {
        let lexicon = Lexicon::new(&[(List::Jargon, &["no", "a b", "abcdef", "in order to"])]);
        let text = "No, a b and abcdef but not abcdx, in ORDER TO and in order.";
        let hits = lexicon.scan(text, &words_of(text), [true; 3]);
        let found: Vec<&str> = hits
            .of(List::Jargon)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(found, ["No", "a b", "abcdef", "no", "in ORDER TO"]);
    }

    #[test]
    fn a_match_inside_a_word_hides_nothing() {
        let lexicon = Lexicon::new(&[(List::Jargon, &["order to", "to leverage"])]);
        let text = "The border to leverage it.";
        let hits = lexicon.scan(text, &words_of(text), [true; 3]);
        assert_eq!(
            hits.of(List::Jargon),
            &[Hit {
                start: 11,
                end: 22,
                id: 1
            }]
        );
    }

    /// The lists' matches as `AhoCorasick`'s overlapping iterator finds them in the whole
    /// text, of those that start where a word starts.
    fn by_overlapping_iter(lists: &[(List, &[&str])], text: &str) -> [Vec<Hit>; 3] {
        let starts: Vec<usize> = words_of(text).iter().map(|w| w.0).collect();
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (list, words) in lists {
            for (i, w) in words.iter().enumerate() {
                patterns.push(*w);
                owners.push((*list, i));
            }
        }
        let matcher = aho_corasick::AhoCorasickBuilder::new()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&patterns)
            .unwrap();
        let mut out: [Vec<Hit>; 3] = Default::default();
        for m in matcher.find_overlapping_iter(text) {
            if !starts.contains(&m.start()) {
                continue;
            }
            let (list, id) = owners[m.pattern().as_usize()];
            out[list as usize].push(Hit {
                start: m.start(),
                end: m.end(),
                id,
            });
        }
        for list in &mut out {
            keep_leftmost_longest(list);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_anchored_runs_find_what_the_overlapping_iterator_finds_at_word_starts(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "in order to", "order", "Order", "ORD", "suffers", "suffers from",
                    "self-harm", "self harming", "i’m", "I'M", " ", "  ", "-", "'", "’",
                    ".", "\n", "a", "é", "ing", "s", "re", "to", "from", "kill myself",
                ]),
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            let lists: &[(List, &[&str])] = &[
                (List::Jargon, &["in order to", "order", "re", "order to", "a"]),
                (List::Stigma, &["suffers from", "suffers", "self", "i’m", "fromage"]),
                (List::ContentNote, &["self-harm", "self harm", "self-harming", "self harming", "kill myself", "order"]),
            ];
            let lexicon = Lexicon::new(lists);
            let hits = lexicon.scan(&text, &words_of(&text), [true; 3]);
            let expected = by_overlapping_iter(lists, &text);
            for list in [List::Jargon, List::Stigma, List::ContentNote] {
                proptest::prop_assert_eq!(hits.of(list), &expected[list as usize][..], "{:?}", text);
            }
        }
    }

    #[test]
    fn the_checks_lists_are_found_as_the_overlapping_iterator_finds_them() {
        let jargon = crate::checks::jargon::Jargon::new(&crate::guide::Config::default(), &[]);
        let lists: &[(List, &[&str])] = &[
            (List::Jargon, &jargon.patterns()),
            (List::Stigma, crate::checks::stigma::patterns()),
            (List::ContentNote, crate::checks::content_note::patterns()),
        ];
        let lexicon = Lexicon::new(lists);
        let text = "We utilise and FACILITATE co-facilitation; she SUFFERS FROM it, so OCD. \
                    I'm self-harming, he killed himself? A psycho’s crazy nutters in order to leverage.";
        let hits = lexicon.scan(text, &words_of(text), [true; 3]);
        let expected = by_overlapping_iter(lists, text);
        for list in [List::Jargon, List::Stigma, List::ContentNote] {
            assert_eq!(hits.of(list), &expected[list as usize][..]);
            assert!(!hits.of(list).is_empty());
        }
    }

    #[test]
    fn unwanted_lists_are_left_empty() {
        let lexicon = Lexicon::new(&[(List::Jargon, &["utilise"]), (List::Stigma, &["psycho"])]);
        let text = "utilise the psycho";
        let hits = lexicon.scan(text, &words_of(text), [false, true, false]);
        assert!(hits.of(List::Jargon).is_empty());
        assert_eq!(hits.of(List::Stigma).len(), 1);
    }
}
