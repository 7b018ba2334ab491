//! Every word list in one pass per text. Jargon, stigmatising language and the signs of
//! a topic that needs a content note share one automaton; each list's matches are then
//! chosen as a search of that list alone would choose them (leftmost, then longest), so
//! the lists never hide each other's words.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;

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
        // The DFA is driven here rather than through `AhoCorasick`'s overlapping
        // iterator, which goes back to its caller with its state saved after every
        // match: one loop over the text costs a few instructions a byte. Without a
        // prefilter, only match states are special.
        let matcher = (!patterns.is_empty())
            .then(|| {
                DFA::builder()
                    .ascii_case_insensitive(true)
                    .prefilter(false)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        Lexicon { matcher, owners }
    }

    /// The matches of the lists in `wanted` in `text`: for each list, the leftmost match,
    /// the longest of those starting there, then the same again after it.
    pub fn scan(&self, text: &str, wanted: [bool; 3]) -> Hits {
        let mut hits = Hits::default();
        let Some(matcher) = &self.matcher else {
            return hits;
        };
        if !wanted.contains(&true) {
            return hits;
        }
        let Ok(mut state) = matcher.start_state(Anchored::No) else {
            return hits;
        };
        // Every pattern that ends at each byte, as an overlapping search reports them.
        let bytes = text.as_bytes();
        let mut end = 0;
        loop {
            (end, state) = run_to_match(matcher, bytes, end, state);
            if end > bytes.len() || matcher.is_dead(state) {
                break;
            }
            for k in 0..matcher.match_len(state) {
                let pattern = matcher.match_pattern(state, k);
                let (list, id, len) = self.owners[pattern.as_usize()];
                if wanted[list as usize] {
                    hits.lists[list as usize].push(Hit {
                        start: end - len,
                        end,
                        id,
                    });
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

/// Runs `dfa` over `bytes` from `at` until it enters a special state (a match, or the
/// dead state): the position just past the byte that led there, and the state. Past the
/// end when there is none. Kept apart from the code that records matches so that the
/// loop's few values stay in registers.
#[inline(never)]
fn run_to_match(dfa: &DFA, bytes: &[u8], mut at: usize, mut state: StateID) -> (usize, StateID) {
    // Four bytes at a time: one test of the end for four steps.
    let (chunks, _) = bytes[at..].as_chunks::<4>();
    for chunk in chunks {
        for (k, &byte) in chunk.iter().enumerate() {
            state = dfa.next_state(Anchored::No, state, byte);
            if dfa.is_special(state) {
                return (at + k + 1, state);
            }
        }
        at += 4;
    }
    while let Some(&byte) = bytes.get(at) {
        state = dfa.next_state(Anchored::No, state, byte);
        at += 1;
        if dfa.is_special(state) {
            return (at, state);
        }
    }
    (bytes.len() + 1, state)
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
        let hits = lexicon.scan("He suffers from it, in order to ORDER things.", [true; 3]);
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

    /// What the lists' matches were when `AhoCorasick`'s overlapping iterator found them.
    fn by_overlapping_iter(lists: &[(List, &[&str])], text: &str) -> [Vec<Hit>; 3] {
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
        fn the_dfa_loop_finds_what_the_overlapping_iterator_finds(
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
            let hits = lexicon.scan(&text, [true; 3]);
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
        let hits = lexicon.scan(text, [true; 3]);
        let expected = by_overlapping_iter(lists, text);
        for list in [List::Jargon, List::Stigma, List::ContentNote] {
            assert_eq!(hits.of(list), &expected[list as usize][..]);
            assert!(!hits.of(list).is_empty());
        }
    }

    #[test]
    fn unwanted_lists_are_left_empty() {
        let lexicon = Lexicon::new(&[(List::Jargon, &["utilise"]), (List::Stigma, &["psycho"])]);
        let hits = lexicon.scan("utilise the psycho", [false, true, false]);
        assert!(hits.of(List::Jargon).is_empty());
        assert_eq!(hits.of(List::Stigma).len(), 1);
    }
}
