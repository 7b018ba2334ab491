//! The parts of a contribution that checks read, each with its exact place in the file.
//!
//! Code, URLs, link targets, HTML comments and front matter keys are never handed to a
//! check. `<!-- coguide-ignore CHECK -->` before a block silences CHECK for that block.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::guide::yaml::KeyIndex;

/// A run of prose: `text` starts at byte `offset` of the source file. When `exact` is
/// false the text was unescaped by Markdown and positions inside it are approximate.
#[derive(Debug, Clone)]
pub struct Span<'a> {
    pub offset: usize,
    pub text: std::borrow::Cow<'a, str>,
    pub exact: bool,
    /// Checks silenced for this span by a `coguide-ignore` comment.
    pub ignored: &'a [String],
    pub place: Place,
    /// Spans with the same number belong to one paragraph, heading, list item or cell.
    pub block: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Place {
    Title,
    Summary,
    Body,
    Heading,
    LinkText,
}

/// Structure other checks need: images, links and headings, with their offsets.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub images: Vec<Image>,
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub offset: usize,
    pub len: usize,
    pub dest: String,
    pub alt: String,
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub offset: usize,
    pub len: usize,
    pub dest: String,
    pub text: String,
    pub wiki: bool,
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub offset: usize,
    pub level: u8,
    pub text: String,
    /// The id the heading will have on the page.
    pub id: String,
    pub ignored: Vec<String>,
}

/// Markdown options shared by checking and rendering, so both see the same structure.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// The words that start an ignore comment, looked for with one searcher made once.
static IGNORE_COMMENT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("coguide-ignore"));

/// Reads a Markdown body (starting at `body_offset` of `source`) into prose spans and an
/// outline. Blocks are numbered so the ignore comments can apply to "the next block".
pub fn read_body<'a>(
    source: &'a str,
    body_offset: usize,
    ignore_store: &'a mut Vec<Vec<String>>,
) -> (Vec<Span<'a>>, Outline) {
    let body = &source[body_offset..];
    let mut parser = Parser::new_ext(body, markdown_options()).into_offset_iter();
    // The Markdown is parsed once. Only a body with an ignore comment has its events kept
    // and read twice: first for which ignore lists apply to which top-level blocks.
    let mut kept: std::vec::IntoIter<(Event, std::ops::Range<usize>)>;
    let mut block_ignores: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, store index)
    let events: &mut dyn Iterator<Item = (Event, std::ops::Range<usize>)> =
        if IGNORE_COMMENT.find(body.as_bytes()).is_none() {
            &mut parser
        } else {
            let events: Vec<(Event, std::ops::Range<usize>)> = parser.collect();
            let mut depth = 0usize;
            let mut pending: Option<Vec<String>> = None;
            let mut open: Option<(usize, usize)> = None;
            for (event, range) in &events {
                let range = range.clone();
                match event {
                    Event::Html(html) | Event::InlineHtml(html) if depth == 0 || open.is_none() => {
                        if let Some(ids) = parse_ignore(html) {
                            pending.get_or_insert_with(Vec::new).extend(ids);
                        }
                    }
                    Event::Start(_) => {
                        if depth == 0
                            && let Some(ids) = pending.take()
                        {
                            ignore_store.push(ids);
                            open = Some((range.start, ignore_store.len() - 1));
                        }
                        depth += 1;
                    }
                    Event::End(_) => {
                        depth = depth.saturating_sub(1);
                        if depth == 0
                            && let Some((start, idx)) = open.take()
                        {
                            block_ignores.push((start, range.end, idx));
                        }
                    }
                    _ => {}
                }
            }
            kept = events.into_iter();
            &mut kept
        };
    let store: &'a Vec<Vec<String>> = ignore_store;
    let ignored_at = |offset: usize| -> &'a [String] {
        block_ignores
            .iter()
            .find(|(s, e, _)| *s <= offset && offset < *e)
            .map_or(&[][..], |(_, _, i)| store[*i].as_slice())
    };

    // Room for the spans of most bodies at once: about one for every 40 bytes.
    let mut spans = Vec::with_capacity(body.len() / 40 + 1);
    let mut outline = Outline::default();
    let mut in_code = 0usize;
    let mut link_stack: Vec<(usize, usize, String, bool, String)> = Vec::new(); // (start, end, dest, wiki, text)
    let mut image_stack: Vec<(usize, usize, String, String)> = Vec::new();
    let mut heading: Option<(usize, u8, String)> = None;
    let mut explicit_id: Option<String> = None;
    let mut ids = crate::render::markdown::HeadingIds::default();
    // Front matter spans take the first block numbers.
    let mut block = 1000;
    for (event, range) in events {
        let abs = body_offset + range.start;
        if let Event::Start(
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::FootnoteDefinition(_),
        ) = &event
        {
            block += 1;
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((abs, level as u8, String::new()));
                explicit_id = id.map(|i| i.into_string());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((offset, level, text)) = heading.take() {
                    let id = ids.next(explicit_id.take().as_deref(), &text);
                    outline.headings.push(Heading {
                        offset,
                        level,
                        text,
                        id,
                        ignored: ignored_at(offset - body_offset).to_vec(),
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let wiki = matches!(link_type, pulldown_cmark::LinkType::WikiLink { .. });
                link_stack.push((
                    abs,
                    body_offset + range.end,
                    dest_url.into_string(),
                    wiki,
                    String::new(),
                ));
            }
            Event::End(TagEnd::Link) => {
                if let Some((offset, end, dest, wiki, text)) = link_stack.pop() {
                    outline.links.push(Link {
                        offset,
                        len: source[offset..end].chars().count(),
                        dest,
                        text,
                        wiki,
                        ignored: ignored_at(offset - body_offset).to_vec(),
                    });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image_stack.push((
                    abs,
                    body_offset + range.end,
                    dest_url.into_string(),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, end, dest, alt)) = image_stack.pop() {
                    outline.images.push(Image {
                        offset,
                        len: source[offset..end].chars().count(),
                        dest,
                        alt,
                        ignored: ignored_at(offset - body_offset).to_vec(),
                    });
                }
            }
            Event::Text(text) => {
                if let Some(image) = image_stack.last_mut() {
                    image.3.push_str(&text);
                    continue;
                }
                if let Some(h) = heading.as_mut() {
                    h.2.push_str(&text);
                }
                if let Some(l) = link_stack.last_mut() {
                    l.4.push_str(&text);
                }
                if in_code > 0 {
                    continue;
                }
                // The text of an autolink is its address: not prose.
                if link_stack.last().is_some_and(|l| l.2 == *text) {
                    continue;
                }
                let raw = &source[abs..body_offset + range.end];
                let place = if heading.is_some() {
                    Place::Heading
                } else if !link_stack.is_empty() {
                    Place::LinkText
                } else {
                    Place::Body
                };
                let ignored = ignored_at(range.start);
                // Text borrowed from the very bytes of the range is those bytes: no need
                // to compare them.
                let same_place = matches!(&text, pulldown_cmark::CowStr::Borrowed(t)
                    if t.as_ptr() == raw.as_ptr() && t.len() == raw.len());
                if same_place || raw == &*text {
                    spans.push(Span {
                        offset: abs,
                        text: raw.into(),
                        exact: true,
                        ignored,
                        place,
                        block,
                    });
                } else {
                    spans.push(Span {
                        offset: abs,
                        text: text.into_string().into(),
                        exact: false,
                        ignored,
                        place,
                        block,
                    });
                }
            }
            Event::Code(code) => {
                if let Some(h) = heading.as_mut() {
                    h.2.push_str(&code);
                }
                if let Some(l) = link_stack.last_mut() {
                    l.4.push_str(&code);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(image) = image_stack.last_mut() {
                    image.3.push(' ');
                } else if in_code == 0 {
                    spans.push(Span {
                        offset: abs,
                        text: " ".into(),
                        exact: false,
                        ignored: ignored_at(range.start),
                        place: Place::Body,
                        block,
                    });
                }
            }
            _ => {}
        }
    }
    (spans, outline)
}

/// `<!-- coguide-ignore jargon long-sentence -->` → the check ids.
pub fn parse_ignore(html: &str) -> Option<Vec<String>> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .trim_end()
        .strip_suffix("-->")?
        .trim();
    let rest = inner.strip_prefix("coguide-ignore")?;
    let ids: Vec<String> = rest
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some(if ids.is_empty() {
        vec!["*".to_string()]
    } else {
        ids
    })
}

/// Whether a span's checks include `check` among those silenced.
pub fn is_ignored(ignored: &[String], check: &str) -> bool {
    ignored.iter().any(|i| i == check || i == "*")
}

/// The title and summary values as spans at their exact place in the front matter.
/// Block scalars (`summary: >`) give one span per line.
pub fn front_matter_spans<'a>(
    source: &'a str,
    yaml_line: usize,
    yaml: &'a str,
    yaml_offset: usize,
    index: &KeyIndex,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let line_offsets: Vec<usize> = std::iter::once(0)
        .chain(yaml.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for (key, place) in [("title", Place::Title), ("summary", Place::Summary)] {
        let Some(pos) = index.get(key) else { continue };
        let line_idx = pos.line - yaml_line;
        let Some(&line_start) = line_offsets.get(line_idx) else {
            continue;
        };
        let line_end = yaml[line_start..]
            .find('\n')
            .map_or(yaml.len(), |i| line_start + i);
        let line = &yaml[line_start..line_end];
        let value_byte = line
            .char_indices()
            .nth(pos.value_column - 1)
            .map_or(line.len(), |(i, _)| i);
        let value = line[value_byte..].trim_end();
        let block = value.starts_with('>') || value.starts_with('|');
        if !block && !value.is_empty() {
            let (start, v) = strip_quotes(value_byte, value);
            spans.push(Span {
                offset: yaml_offset + line_start + start,
                text: source[yaml_offset + line_start + start..][..v.len()].into(),
                exact: true,
                ignored: &[],
                place,
                block: place as usize,
            });
        }
        // Continuation lines: more indented than the key.
        let key_indent = pos.key_column - 1;
        let mut next = line_end + 1;
        while next < yaml.len() {
            let end = yaml[next..].find('\n').map_or(yaml.len(), |i| next + i);
            let l = &yaml[next..end];
            let indent = l.chars().take_while(|c| *c == ' ').count();
            if !l.trim().is_empty() && indent <= key_indent {
                break;
            }
            let t = l.trim();
            if !t.is_empty() {
                let (start, v) = strip_quotes(indent, t.trim_end());
                if spans
                    .last()
                    .is_some_and(|s: &Span| s.block == place as usize)
                {
                    spans.push(Span {
                        offset: yaml_offset + next,
                        text: " ".into(),
                        exact: false,
                        ignored: &[],
                        place,
                        block: place as usize,
                    });
                }
                spans.push(Span {
                    offset: yaml_offset + next + start,
                    text: source[yaml_offset + next + start..][..v.len()].into(),
                    exact: true,
                    ignored: &[],
                    place,
                    block: place as usize,
                });
            }
            next = end + 1;
        }
    }
    spans
}

fn strip_quotes(start: usize, value: &str) -> (usize, &str) {
    let v = value
        .strip_prefix(['"', '\''])
        .map(|v| (start + 1, v))
        .unwrap_or((start, value));
    (v.0, v.1.strip_suffix(['"', '\'']).unwrap_or(v.1))
}

/// Words of a text with their byte offsets: letters, digits, apostrophes and inner hyphens.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// The iterator of [`words`]; it allocates nothing.
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.pos;
        // Runs of ASCII go through a table; other characters are decoded one at a time.
        let start = loop {
            let Some(&b) = bytes.get(i) else {
                self.pos = i;
                return None;
            };
            match ASCII_CLASS[usize::from(b)] {
                LETTER => break i,
                OTHER => {
                    let (letter, _, width) = char_class(text, i);
                    if letter {
                        break i;
                    }
                    i += width;
                }
                _ => i += 1,
            }
        };
        // The word runs on through letters, digits and inner joiners, and ends at its
        // last letter or digit: trailing apostrophes and hyphens are not part of it.
        // Runs of ASCII letters and digits, most of any word, go through a tight loop.
        let mut end = start;
        loop {
            let run = i;
            // Eight bytes at a time while they are all letters or digits, then byte by
            // byte: most words end within their first eight.
            while let Some(chunk) = bytes.get(i..i + 8) {
                let n = leading_alphanumerics(u64::from_le_bytes(
                    chunk.try_into().expect("eight bytes"),
                ));
                i += n;
                if n < 8 {
                    break;
                }
            }
            while bytes
                .get(i)
                .is_some_and(|&b| ASCII_CLASS[usize::from(b)] == LETTER)
            {
                i += 1;
            }
            if i > run {
                end = i;
            }
            match bytes.get(i).map(|&b| ASCII_CLASS[usize::from(b)]) {
                Some(JOINER) => i += 1,
                Some(OTHER) => {
                    let (letter, inner, width) = char_class(text, i);
                    if !(letter || inner) {
                        break;
                    }
                    i += width;
                    if letter {
                        end = i;
                    }
                }
                _ => break,
            }
        }
        self.pos = i;
        Some((start, &text[start..end]))
    }
}

/// How many of the eight bytes of `x` (in memory order) are ASCII letters or digits
/// before the first that is not, found for all eight at once: for each byte below 0x80,
/// adding a constant sets its top bit when it is at or above the start of a range, and
/// adding another when it is past the end.
#[inline]
fn leading_alphanumerics(x: u64) -> usize {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn each(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    let ascii = x & LOW;
    let folded = ascii | each(0x20);
    let letter =
        folded.wrapping_add(each(0x80 - b'a')) & !folded.wrapping_add(each(0x80 - b'z' - 1));
    let digit = ascii.wrapping_add(each(0x80 - b'0')) & !ascii.wrapping_add(each(0x80 - b'9' - 1));
    let not_alphanumeric = !((letter | digit) & !x) & HIGH;
    (not_alphanumeric.trailing_zeros() / 8) as usize
}

const SPACE: u8 = 0;
const LETTER: u8 = 1;
const JOINER: u8 = 2;
const OTHER: u8 = 3;

/// What each byte is to [`words`]: ASCII letters and digits, the apostrophe and hyphen
/// that join a word inside, other ASCII, and bytes of characters beyond ASCII.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [SPACE; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            OTHER
        } else if c.is_ascii_alphanumeric() {
            LETTER
        } else if c == b'\'' || c == b'-' {
            JOINER
        } else {
            SPACE
        };
        b += 1;
    }
    t
};

/// The character at byte `i` of `text`: (letter or digit, joins a word inside, width).
/// ASCII needs no decoding; other characters are decoded one at a time.
#[inline(always)]
fn char_class(text: &str, i: usize) -> (bool, bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b.is_ascii_alphanumeric(), b == b'\'' || b == b'-', 1)
    } else {
        let c = text[i..].chars().next().expect("a character starts here");
        (c.is_alphanumeric(), c == '’', c.len_utf8())
    }
}

/// A short ASCII word (at most 16 bytes) in lower case as one number, its bytes in
/// order and zero after them: a key that hashes and compares in a few instructions.
/// `None` for longer words and words with other characters.
///
/// The bytes are read in a few overlapping pieces and lower-cased all at once, in
/// registers: writing them one by one to memory and reading them back as one number
/// stalls the processor.
#[inline]
pub fn short_key(word: &[u8]) -> Option<u128> {
    let n = word.len();
    let u64_at = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&word[i..i + 8]);
        u64::from_le_bytes(b)
    };
    let u32_at = |i: usize| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&word[i..i + 4]);
        u64::from(u32::from_le_bytes(b))
    };
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => {
            let mut lo = 0u64;
            for (i, &b) in word.iter().enumerate() {
                lo |= u64::from(b) << (8 * i);
            }
            (lo, 0)
        }
        4..=7 => (u32_at(0) | u32_at(n - 4) << (8 * (n - 4)), 0),
        8 => (u64_at(0), 0),
        9..=16 => (u64_at(0), u64_at(n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    if (lo | hi) & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    Some(u128::from(lower_ascii(hi)) << 64 | u128::from(lower_ascii(lo)))
}

/// Eight bytes with their ASCII capitals in lower case, all at once, in registers (other
/// bytes, those beyond ASCII too, as they are). For each byte below 0x80, adding 0x3F
/// sets its high bit when it is 'A' or more, and adding 0x25 does not when it is 'Z' or
/// less; no addition carries into the next byte. The capitals get 0x20 added.
#[inline]
pub fn lower_ascii(x: u64) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ascii = x & LOW;
    let capitals = (ascii.wrapping_add(0x3f3f_3f3f_3f3f_3f3f)
        & !ascii.wrapping_add(0x2525_2525_2525_2525))
        & !x
        & HIGH;
    x | (capitals >> 2)
}

/// A matcher for words and phrases in any letter case, longest match first: how the
/// glossary's terms are found in a page. (The checks' word lists share one automaton of
/// their own: see `lexicon`.)
pub fn word_matcher<P: AsRef<[u8]>>(patterns: &[P]) -> Option<aho_corasick::AhoCorasick> {
    aho_corasick::AhoCorasickBuilder::new()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(patterns)
        .ok()
}

/// Whether byte `at` of `text` sits inside quotation marks: words a writer reports
/// someone else saying, which are not theirs to change.
pub fn in_quotes(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let straight = before.matches('"').count();
    let open = before.matches('“').count();
    let close = before.matches('”').count();
    straight % 2 == 1 || open > close
}

/// Whether `text[start..end]` stands as whole words: not joined to a letter, digit,
/// hyphen or underscore on either side ("facilitate" is not found in "co-facilitate").
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
    !joined(text[..start].chars().next_back()) && !joined(text[end..].chars().next())
}

/// Whether `text[start..end]` is part of one of `phrases` (in lower case) written around
/// it, in any letter case: "liaison" in "the Liaison Nurse", "NHS" in "NHS Talking
/// Therapies", when the glossary explains those.
pub fn in_phrase<'p>(
    phrases: impl IntoIterator<Item = &'p str>,
    text: &str,
    start: usize,
    end: usize,
) -> bool {
    let found = text[start..end].to_lowercase();
    phrases.into_iter().any(|phrase| {
        phrase.match_indices(&found).any(|(at, _)| {
            let Some(from) = start.checked_sub(at) else {
                return false;
            };
            let to = from + phrase.len();
            text.get(from..to)
                .is_some_and(|t| t.to_lowercase() == phrase && is_whole_word(text, from, to))
        })
    })
}

/// Whether byte `at` of `text` sits inside something that looks like an address.
pub fn in_url(text: &str, at: usize) -> bool {
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    let token = &text[start..end];
    token.contains("://")
        || token.starts_with("www.")
        || (token.contains('@') && token.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_urls_are_not_prose() {
        let src = "---\ntitle: T\n---\nWe facilitate `facilitate` and <https://x.org/facilitate>.\n\n```\nfacilitate\n```\n";
        let mut store = Vec::new();
        let (spans, _) = read_body(src, 16, &mut store);
        let text: String = spans.iter().map(|s| s.text.as_ref()).collect();
        assert_eq!(text.matches("facilitate").count(), 1, "{text}");
        assert_eq!(&src[spans[0].offset..spans[0].offset + 2], "We");
    }

    #[test]
    fn ignore_comment_applies_to_next_block_only() {
        let src = "A\n\n<!-- coguide-ignore jargon -->\nB\n\nC\n";
        let mut store = Vec::new();
        let (spans, _) = read_body(src, 0, &mut store);
        let b = spans.iter().find(|s| s.text == "B").unwrap();
        let c = spans.iter().find(|s| s.text == "C").unwrap();
        assert!(is_ignored(b.ignored, "jargon"));
        assert!(!is_ignored(c.ignored, "jargon"));
    }

    #[test]
    fn summary_lines_are_found_exactly() {
        let src = "---\ntitle: \"Hello\"\nsummary: >\n  We leverage\n  things.\n---\n";
        let yaml_offset = 4;
        let yaml = &src[4..src.len() - 4];
        let spans = front_matter_spans(src, 2, yaml, yaml_offset, &KeyIndex::build(yaml, 2));
        assert_eq!(spans[0].text, "Hello");
        assert_eq!(spans[1].text, "We leverage");
        assert_eq!(&src[spans[1].offset..spans[1].offset + 2], "We");
    }

    #[test]
    fn short_keys_are_the_lower_case_bytes() {
        for w in [
            "",
            "a",
            "Ab",
            "ABC",
            "Word",
            "WORDS",
            "Hello-W",
            "Co-Produced",
            "abcdefghijklmnop",
            "ZYXWVUTSRQPONMLK",
            "it's",
            "@[`{",
        ] {
            let mut bytes = [0u8; 16];
            for (b, c) in bytes.iter_mut().zip(w.bytes()) {
                *b = c.to_ascii_lowercase();
            }
            assert_eq!(
                short_key(w.as_bytes()),
                Some(u128::from_le_bytes(bytes)),
                "{w}"
            );
        }
        assert_eq!(short_key(b"abcdefghijklmnopq"), None);
        assert_eq!(short_key("café".as_bytes()), None);
    }

    /// `words` one character at a time: what its loops over bytes must agree with.
    fn words_by_characters(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            if !chars[k].1.is_alphanumeric() {
                k += 1;
                continue;
            }
            let start = chars[k].0;
            let mut end = start;
            while k < chars.len() {
                let (at, c) = chars[k];
                if c.is_alphanumeric() {
                    end = at + c.len_utf8();
                } else if !matches!(c, '\'' | '-' | '’') {
                    break;
                }
                k += 1;
            }
            out.push((start, &text[start..end]));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn words_are_found_as_one_character_at_a_time(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "0", "9", "word", "Longerwords", "abcdefghijklmnop", " ", "-",
                    "'", "’", "—", "é", "É", "ß", "日本", ".", ",", "@", "[", "`", "{", "/",
                    ":", "\n", "\u{7f}", "_",
                ]),
                0..30,
            )
        ) {
            let text: String = pieces.concat();
            let found: Vec<(usize, &str)> = words(&text).collect();
            proptest::prop_assert_eq!(found, words_by_characters(&text), "{:?}", text);
        }
    }

    proptest::proptest! {
        #[test]
        fn eight_bytes_are_classed_as_one_at_a_time(bytes in proptest::array::uniform8(proptest::num::u8::ANY)) {
            let expected = bytes.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            proptest::prop_assert_eq!(leading_alphanumerics(u64::from_le_bytes(bytes)), expected);
        }
    }

    #[test]
    fn words_keep_inner_hyphens() {
        let w: Vec<&str> = words("co-production's value, it's—fine")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, vec!["co-production's", "value", "it's", "fine"]);
    }
}

/// The prose of one block (a paragraph, heading, list item, cell, the title or the
/// summary) as one text, with a way back to source offsets.
#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub text: String,
    pub place: Place,
    pub ignored: &'a [String],
    /// Byte ranges of the words of `text`, in order.
    pub words: Vec<(usize, usize)>,
    pub sentences: Vec<Sentence>,
    /// (start in `text`, source offset, exact) for each span joined in.
    pieces: Vec<(usize, usize, bool)>,
}

impl Block<'_> {
    /// The source offset of byte `at` of the block's text.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.0 <= at).saturating_sub(1);
        let (start, offset, exact) = self.pieces[i];
        if exact { offset + (at - start) } else { offset }
    }
}

/// A sentence of a block: its byte range and which of the block's words it holds.
#[derive(Debug, Clone, Copy)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub first_word: usize,
    pub word_count: usize,
}

/// Splits a text into words and sentences, once, for every check to share.
pub fn analyse(text: &str) -> (Vec<(usize, usize)>, Vec<Sentence>) {
    // About one word in every six bytes of English: room for most texts at once.
    let mut words: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 5 + 1);
    words.extend(self::words(text).map(|(at, w)| (at, at + w.len())));
    let mut out = Vec::with_capacity(words.len() / 8 + 1);
    // Sentences come in order, so each one's words are counted on from the last one's:
    // one step a word in all.
    let mut next_word = 0;
    each_sentence(text, |start, end| {
        let mut first_word = next_word;
        while words.get(first_word).is_some_and(|w| w.0 < start) {
            first_word += 1;
        }
        let mut last = first_word;
        while words.get(last).is_some_and(|w| w.0 < end) {
            last += 1;
        }
        next_word = last;
        out.push(Sentence {
            start,
            end,
            first_word,
            word_count: last - first_word,
        });
    });
    (words, out)
}

/// Joins spans into blocks, each analysed into words and sentences.
pub fn blocks<'a>(spans: &[Span<'a>]) -> Vec<Block<'a>> {
    let mut out = joined(spans);
    for b in &mut out {
        let (words, sentences) = analyse(&b.text);
        b.words = words;
        b.sentences = sentences;
    }
    out
}

fn joined<'a>(spans: &[Span<'a>]) -> Vec<Block<'a>> {
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<usize> = None;
    for (i, s) in spans.iter().enumerate() {
        if current != Some(s.block) {
            let same = spans[i..].iter().take_while(|t| t.block == s.block);
            let pieces = same.clone().count();
            out.push(Block {
                text: String::with_capacity(same.map(|t| t.text.len()).sum()),
                place: s.place,
                ignored: s.ignored,
                words: Vec::new(),
                sentences: Vec::new(),
                pieces: Vec::with_capacity(pieces),
            });
            current = Some(s.block);
        }
        let b = out.last_mut().expect("a block was just pushed");
        b.pieces.push((b.text.len(), s.offset, s.exact));
        b.text.push_str(&s.text);
    }
    out
}

const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "st", "vs", "no", "approx", "incl", "prof", "cf",
    "p", "pp",
];

/// Sentences of a text as byte ranges. A full stop after a common abbreviation, an
/// initial or a number does not end a sentence.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    each_sentence(text, |start, end| out.push((start, end)));
    out
}

/// The ellipsis, looked for with one searcher made once (making one costs more than
/// searching most paragraphs).
static ELLIPSIS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("…"));

/// [`sentences`], handing each range to `found` as it is found.
fn each_sentence(text: &str, mut found: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let ellipsis_finder = &*ELLIPSIS;
    let mut start = 0;
    let mut i = 0;
    // Sentence ends are ASCII or '…', so bytes are scanned without decoding, jumping
    // from one full stop, `!` or `?` to the next; '…' is looked for only in a text
    // that has one.
    let ellipsis = ellipsis_finder.find(bytes).is_some();
    while i < bytes.len() {
        let next = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(bytes.len(), |p| i + p);
        if ellipsis && let Some(p) = ellipsis_finder.find(&bytes[i..next]) {
            i += p;
        } else {
            i = next;
        }
        if i >= bytes.len() {
            break;
        }
        let width = if bytes[i] == 0xE2 {
            '…'.len_utf8()
        } else {
            1
        };
        let at = i;
        let mut j = i + width;
        while let Some(c) = text[j..].chars().next()
            && matches!(c, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')')
        {
            j += c.len_utf8();
        }
        let ends = text[j..].chars().next().is_none_or(char::is_whitespace);
        if ends && !(bytes[at] == b'.' && is_abbreviation(&text[..at])) {
            if !text[start..j].trim().is_empty() {
                found(start, j);
            }
            start = j;
        }
        i = j;
    }
    if !text[start..].trim().is_empty() {
        found(start, text.len());
    }
}

/// Whether the word just before a full stop is a common abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    // The word is most often ASCII: its bytes are read back to the space or bracket
    // before it without decoding. Anything else takes the general way.
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    while let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b >= 0x80 {
            return is_abbreviation_decoded(before);
        }
        // The ASCII characters that `char::is_whitespace` takes, and the bracket.
        if matches!(b, b'\t'..=b'\r' | b' ' | b'(') {
            break;
        }
        start -= 1;
    }
    let word = &before[start..];
    let bare = word.trim_end_matches('.');
    (bare.len() <= LONGEST_ABBREVIATION
        && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(bare)))
        || (word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic())
}

/// The length of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 6;

/// [`is_abbreviation`] for a word with characters beyond ASCII.
fn is_abbreviation_decoded(before: &str) -> bool {
    let word = before
        .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
        .next()
        .unwrap_or("");
    let bare = word.trim_end_matches('.');
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(bare))
        || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod sentence_tests {
    use super::*;

    #[test]
    fn the_longest_abbreviation_is_known() {
        assert_eq!(
            ABBREVIATIONS.iter().map(|a| a.len()).max(),
            Some(LONGEST_ABBREVIATION)
        );
    }

    proptest::proptest! {
        #[test]
        fn abbreviations_are_found_as_by_decoding(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "e.g", "E.G", "i.e", "etc", "Dr", "mr", "P", "pp", "approx", "approxi",
                    "no", "a", "é", "x", " ", "\t", "\u{b}", "\u{1c}", "\u{a0}", "\u{2009}", "(", ".",
                    "..", "’", "1", "cf",
                ]),
                0..8,
            )
        ) {
            let before: String = pieces.concat();
            proptest::prop_assert_eq!(
                is_abbreviation(&before),
                is_abbreviation_decoded(&before),
                "{:?}",
                before
            );
        }
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s = sentences("We met Dr. Patel, e.g. on Monday. It went well! Did it? Yes.");
        let texts: Vec<&str> = s
            .iter()
            .map(|(a, b)| {
                "We met Dr. Patel, e.g. on Monday. It went well! Did it? Yes."[*a..*b].trim()
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                "We met Dr. Patel, e.g. on Monday.",
                "It went well!",
                "Did it?",
                "Yes."
            ]
        );
    }
}
