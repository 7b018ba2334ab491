//! Every word list in one pass per text. Jargon, stigmatising language and the signs of
//! a topic that needs a content note share one automaton; each list's matches are then
//! chosen as a search of that list alone would choose them (leftmost, then longest), so
//! the lists never hide each other's words.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};

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
    matcher: Option<AhoCorasick>,
    /// For each pattern: its list and its index there.
    owners: Vec<(List, usize)>,
}

impl Lexicon {
    /// Compiles the lists; patterns match in any letter case.
    pub fn new(lists: &[(List, &[&str])]) -> Self {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        for (list, words) in lists {
            for (i, w) in words.iter().enumerate() {
                patterns.push(w);
                owners.push((*list, i));
            }
        }
        // Every match is reported (overlapping), so that each list can choose its own.
        let matcher = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&patterns)
            .ok();
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
        for m in matcher.find_overlapping_iter(text) {
            let (list, id) = self.owners[m.pattern().as_usize()];
            if wanted[list as usize] {
                hits.lists[list as usize].push(Hit {
                    start: m.start(),
                    end: m.end(),
                    id,
                });
            }
        }
        for list in &mut hits.lists {
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
        hits
    }
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

    #[test]
    fn unwanted_lists_are_left_empty() {
        let lexicon = Lexicon::new(&[(List::Jargon, &["utilise"]), (List::Stigma, &["psycho"])]);
        let hits = lexicon.scan("utilise the psycho", [false, true, false]);
        assert!(hits.of(List::Jargon).is_empty());
        assert_eq!(hits.of(List::Stigma).len(), 1);
    }
}
