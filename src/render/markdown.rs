//! Markdown → HTML for one contribution: heading ids and the "On this page" list, links
//! resolved (wiki-links included), glossary terms linked on first use, raw HTML sanitised.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::links::{LinkIndex, Target};
use super::slugify;
use crate::checks::prose::{is_whole_word, markdown_options, word_matcher};
use crate::guide::GlossaryTerm;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    /// Assets (indexes into `guide.assets`) this page links to or shows.
    pub assets: Vec<usize>,
    /// Glossary terms (indexes) used on this page.
    pub terms: Vec<usize>,
    /// The words of the page, for the search index (only when asked for).
    pub text: String,
}

/// Glossary spellings compiled for first-use linking.
pub struct GlossaryMatcher {
    matcher: Option<AhoCorasick>,
    /// Pattern → term index.
    term_of: Vec<usize>,
    ids: Vec<String>,
    url: String,
}

impl GlossaryMatcher {
    pub fn new(terms: &[GlossaryTerm], glossary_url: &str) -> Self {
        let mut patterns = Vec::new();
        let mut term_of = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            for s in t.spellings() {
                if !s.trim().is_empty() {
                    patterns.push(s.trim().to_string());
                    term_of.push(i);
                }
            }
        }
        let matcher = (!patterns.is_empty())
            .then(|| word_matcher(&patterns))
            .flatten();
        GlossaryMatcher {
            matcher,
            term_of,
            ids: terms.iter().map(|t| t.id.clone()).collect(),
            url: glossary_url.to_string(),
        }
    }
}

/// Everything the renderer needs besides the text.
pub struct RenderContext<'a> {
    pub links: &'a LinkIndex,
    pub glossary: &'a GlossaryMatcher,
    /// Content-relative folder of the file, for relative links.
    pub from_dir: &'a str,
    /// Keep the page's plain text, for the search index.
    pub keep_text: bool,
    /// In preview: words the checks flagged, to highlight where they are.
    pub flags: &'a [Flag],
}

/// A flagged stretch of a page's Markdown, in preview: the byte range in the body, and
/// the number of its note in the page's list of suggestions (from 1).
#[derive(Debug, Clone)]
pub struct Flag {
    pub start: usize,
    pub end: usize,
    pub note: usize,
    pub message: String,
}

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "lang", "dir"])
        .add_tags([
            "dfn",
            "abbr",
            "figure",
            "figcaption",
            "details",
            "summary",
            "mark",
            "kbd",
            "samp",
            "var",
        ])
        // Table cells keep their alignment, and no other style.
        .filter_style_properties(["text-align"].into_iter().collect())
        .add_tag_attributes("div", ["role", "tabindex", "aria-label"])
        .add_tag_attributes("span", ["aria-hidden"])
        .add_tag_attributes("a", ["aria-label"])
        .add_tag_attributes("td", ["align", "style"])
        .add_tag_attributes("th", ["align", "style"])
        .add_tag_attributes("ol", ["start", "reversed"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    b
});

/// Removes anything dangerous from HTML written in a contribution: scripts, styles,
/// frames, forms, event handlers and `javascript:`/`data:` addresses.
pub fn sanitise(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

/// The flags inside one text of the page, as byte ranges of that text, in order. The
/// text may differ from its source (smart quotes, escapes), so each flagged word is
/// looked for in the text, starting where the source puts it.
fn flagged_in<'f>(
    text: &str,
    range: std::ops::Range<usize>,
    source: &str,
    flags: &'f [Flag],
) -> Vec<(usize, usize, &'f Flag)> {
    let mut out = Vec::new();
    let (mut after, mut source_end) = (0, 0);
    for f in flags {
        // Flags over the same words (jargon that is also an acronym) are shown once.
        if f.start < range.start || f.end > range.end || f.start < source_end {
            continue;
        }
        source_end = f.end;
        let Some(word) = source.get(f.start..f.end) else {
            continue;
        };
        let near = (f.start - range.start).min(text.len());
        let from = text
            .get(near.max(after)..)
            .and_then(|t| t.find(word))
            .map(|i| i + near.max(after))
            .or_else(|| {
                text.get(after..)
                    .and_then(|t| t.find(word))
                    .map(|i| i + after)
            });
        if let Some(from) = from {
            out.push((from, from + word.len(), f));
            after = from + word.len();
        }
    }
    out
}

/// Text made safe to put in HTML, in an element or a quoted attribute.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn render(markdown: &str, ctx: &RenderContext) -> Rendered {
    let options = markdown_options() | Options::ENABLE_SMART_PUNCTUATION;
    // Sized up front (about one event for every 25 bytes of Markdown), so that the lists
    // are not copied again and again as they grow.
    let guess = markdown.len() / 25 + 16;
    let mut both: (Vec<Event>, Vec<std::ops::Range<usize>>) =
        (Vec::with_capacity(guess), Vec::with_capacity(guess));
    both.extend(Parser::new_ext(markdown, options).into_offset_iter());
    let (mut events, ranges) = both;
    let mut code = 0usize;
    let mut out: Vec<Event> = Vec::with_capacity(events.len() + 16);
    let mut rendered = Rendered::default();
    let mut raw_html = false;
    let mut ids = HeadingIds::default();
    let mut linked_terms: HashSet<usize> = HashSet::new();
    // Depth of constructs in which glossary links must not be added.
    let mut no_glossary = 0usize;
    // Links rendered as plain text: their End event is dropped too.
    let mut link_open = Vec::new();
    let mut i = 0;
    while i < events.len() {
        // Only events after this one are looked at again (a heading's text, what a
        // link or image holds), so this one is taken, not copied.
        let event = std::mem::replace(&mut events[i], Event::SoftBreak);
        let range = ranges[i].clone();
        i += 1;
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Gather the heading's text for its id.
                let mut j = i;
                let mut text = String::new();
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let unique = ids.next(id.as_deref(), &text);
                if matches!(level as u8, 2 | 3) {
                    rendered.toc.push(TocEntry {
                        level: level as u8,
                        id: unique.clone(),
                        title: text.trim().to_string(),
                    });
                }
                no_glossary += 1;
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(l)) => {
                no_glossary = no_glossary.saturating_sub(1);
                out.push(Event::End(TagEnd::Heading(l)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = match link_type {
                    LinkType::WikiLink { .. } => ctx.links.wiki(&dest_url),
                    LinkType::Email => Target::Url(format!("mailto:{dest_url}")),
                    _ => {
                        let (t, asset) = ctx.links.resolve(ctx.from_dir, &dest_url);
                        rendered.assets.extend(asset);
                        t
                    }
                };
                match target {
                    Target::Url(url) => {
                        link_open.push(true);
                        no_glossary += 1;
                        let link_type = if matches!(link_type, LinkType::WikiLink { .. }) {
                            LinkType::Inline
                        } else {
                            link_type
                        };
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: url.into(),
                            title,
                            id,
                        }));
                    }
                    _ if matches!(link_type, LinkType::WikiLink { has_pothole: false }) => {
                        // `[[Title]]` shows the title: for a page that is not published
                        // that would give it away, so neutral words stand in its place.
                        i = skip_to_end(&events, i, |e| matches!(e, Event::End(TagEnd::Link)));
                        out.push(Event::Text("another page".into()));
                    }
                    _ => link_open.push(false),
                }
            }
            Event::End(TagEnd::Link) => {
                if link_open.pop().unwrap_or(false) {
                    no_glossary = no_glossary.saturating_sub(1);
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (target, asset) = ctx.links.resolve(ctx.from_dir, &dest_url);
                rendered.assets.extend(asset);
                let Target::Url(url) = target else {
                    // An image that cannot be shown: its description stands instead.
                    let end = skip_to_end(&events, i, |e| matches!(e, Event::End(TagEnd::Image)));
                    let alt: String = events[i..end.saturating_sub(1)]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    out.push(Event::Text(alt.into()));
                    i = end;
                    continue;
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: url.into(),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Table(alignments)) => {
                // A wide table scrolls inside its own labelled region, reachable by
                // keyboard, so the page itself never scrolls sideways.
                out.push(Event::Html("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">".into()));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>".into()));
            }
            Event::Start(Tag::CodeBlock(k)) => {
                no_glossary += 1;
                code += 1;
                out.push(Event::Start(Tag::CodeBlock(k)));
            }
            Event::End(TagEnd::CodeBlock) => {
                no_glossary = no_glossary.saturating_sub(1);
                code = code.saturating_sub(1);
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                // HTML comments never reach the page; other HTML is sanitised below.
                let t = h.trim();
                if t.starts_with("<!--") && t.ends_with("-->") {
                    continue;
                }
                raw_html = true;
                out.push(Event::Html(h));
            }
            Event::TaskListMarker(done) => {
                let (mark, words) = if done {
                    ("☑", "Done: ")
                } else {
                    ("☐", "To do: ")
                };
                out.push(Event::InlineHtml(
                    format!("<span class=\"task\" aria-hidden=\"true\">{mark}</span> <span class=\"visually-hidden\">{words}</span>").into(),
                ));
            }
            Event::Text(text) => {
                rendered.word_count += count_words(&text);
                if ctx.keep_text {
                    rendered.text.push_str(&text);
                    rendered.text.push(' ');
                }
                let glossary = no_glossary == 0 && ctx.glossary.matcher.is_some();
                let flagged = flagged_in(&text, range, markdown, ctx.flags);
                if flagged.is_empty() || code > 0 {
                    if glossary {
                        link_terms(&text, ctx.glossary, &mut linked_terms, &mut out);
                    } else {
                        out.push(Event::Text(text));
                    }
                    continue;
                }
                let mut plain = |piece: &str, out: &mut Vec<Event>| {
                    let piece = CowStr::from(piece.to_string());
                    if glossary {
                        link_terms(&piece, ctx.glossary, &mut linked_terms, out);
                    } else {
                        out.push(Event::Text(piece));
                    }
                };
                // In preview: each flagged word is marked, with a link to its suggestion
                // (not inside a link, where a second link cannot go).
                let mut at = 0;
                for (from, to, flag) in flagged {
                    plain(&text[at..from], &mut out);
                    let word = escape_html(&text[from..to]);
                    let html = if link_open.is_empty() {
                        format!(
                            "<mark class=\"preview-flag\">{word}</mark><a class=\"preview-flag-link\" href=\"#note-{n}\" aria-label=\"Suggestion {n}: {message}\">{n}</a>",
                            n = flag.note,
                            message = escape_html(&flag.message),
                        )
                    } else {
                        format!("<mark class=\"preview-flag\">{word}</mark>")
                    };
                    out.push(Event::InlineHtml(html.into()));
                    at = to;
                }
                plain(&text[at..], &mut out);
            }
            other => out.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if raw_html {
        html = sanitise(&html);
    }
    rendered.html = html;
    rendered.terms = linked_terms.into_iter().collect();
    rendered.terms.sort_unstable();
    rendered
}

/// How many words [`words`](crate::checks::prose::words) finds in `text`, counted without
/// making them (a page's length needs only the number). A word starts at a letter or
/// digit and runs on through letters, digits, apostrophes and hyphens; runs of ASCII
/// letters go through a tight loop, and characters beyond ASCII are decoded as `words`
/// decodes them. A test compares the two on random text.
fn count_words(text: &str) -> usize {
    // What a character is to a word: it ends it, is part of it, or joins it inside.
    const ENDS: u8 = 0;
    const LETTER: u8 = 1;
    const JOINS: u8 = 2;
    static ASCII: [u8; 128] = {
        let mut t = [ENDS; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            if c.is_ascii_alphanumeric() {
                t[b] = LETTER;
            } else if c == b'\'' || c == b'-' {
                t[b] = JOINS;
            }
            b += 1;
        }
        t
    };
    // The character at byte `i`: what it is, and its width.
    let class = |i: usize, b: u8| match ASCII.get(usize::from(b)) {
        Some(&class) => (class, 1),
        None => {
            let c = text[i..].chars().next().unwrap_or_default();
            let class = if c.is_alphanumeric() {
                LETTER
            } else if c == '’' {
                JOINS
            } else {
                ENDS
            };
            (class, c.len_utf8())
        }
    };
    let bytes = text.as_bytes();
    let (mut count, mut i) = (0, 0);
    'words: loop {
        // Out of a word, up to the letter that starts the next one.
        loop {
            let Some(&b) = bytes.get(i) else {
                break 'words;
            };
            let (what, width) = class(i, b);
            i += width;
            if what == LETTER {
                break;
            }
        }
        count += 1;
        // In it, up to the first character that ends it.
        loop {
            while bytes
                .get(i)
                .is_some_and(|&b| ASCII.get(usize::from(b)) == Some(&LETTER))
            {
                i += 1;
            }
            let Some(&b) = bytes.get(i) else {
                break 'words;
            };
            let (what, width) = class(i, b);
            i += width;
            if what == ENDS {
                break;
            }
        }
    }
    count
}

/// Gives each heading of a page its id: the `{#id}` written in the Markdown, or the
/// heading's words as a slug, made unique on the page. Checks use the same ids, so a
/// link to `page.md#a-heading` is checked against what the page will really have.
#[derive(Default)]
pub struct HeadingIds {
    used: rustc_hash::FxHashSet<String>,
}

impl HeadingIds {
    pub fn next(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = explicit
            .map(slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                let s = slugify(text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
        let mut unique = base.clone();
        let mut n = 1;
        while is_theme_id(&unique) || !self.used.insert(unique.clone()) {
            n += 1;
            unique = format!("{base}-{n}");
        }
        unique
    }
}

/// The index just past the event that closes the construct opened before `from`.
fn skip_to_end(events: &[Event], from: usize, is_end: impl Fn(&Event) -> bool) -> usize {
    let mut depth = 0;
    let mut j = from;
    while j < events.len() {
        match &events[j] {
            e if depth == 0 && is_end(e) => return j + 1,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        j += 1;
    }
    j
}

/// Ids the default theme uses for its own landmarks.
pub fn is_theme_id(id: &str) -> bool {
    matches!(
        id,
        "main" | "after-text" | "content" | "top" | "search" | "nav"
    )
}

/// Splits a text run so the first use on the page of each glossary term links to it.
fn link_terms<'a>(
    text: &CowStr<'a>,
    glossary: &GlossaryMatcher,
    linked: &mut HashSet<usize>,
    out: &mut Vec<Event<'a>>,
) {
    let Some(matcher) = &glossary.matcher else {
        out.push(Event::Text(text.clone()));
        return;
    };
    let mut last = 0;
    for m in matcher.find_iter(text.as_ref()) {
        let term = glossary.term_of[m.pattern().as_usize()];
        if linked.contains(&term) {
            continue;
        }
        if !is_whole_word(text, m.start(), m.end()) {
            continue;
        }
        linked.insert(term);
        if m.start() > last {
            out.push(Event::Text(text[last..m.start()].to_string().into()));
        }
        let word = &text[m.start()..m.end()];
        out.push(Event::InlineHtml(
            format!(
                "<a class=\"glossary-term\" href=\"{}#{}\">",
                glossary.url, glossary.ids[term]
            )
            .into(),
        ));
        out.push(Event::Text(word.to_string().into()));
        out.push(Event::InlineHtml("</a>".into()));
        last = m.end();
    }
    if last == 0 {
        out.push(Event::Text(text.clone()));
    } else if last < text.len() {
        out.push(Event::Text(text[last..].to_string().into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Counting words gives what reading them one by one gives.
        #[test]
        fn words_are_counted_as_they_are_read(text in "[aZ09'’ .,\\-é日—\u{301}_]{0,60}") {
            proptest::prop_assert_eq!(count_words(&text), crate::checks::prose::words(&text).count());
        }
    }

    #[test]
    fn words_are_counted_as_they_are_read_in_prose() {
        for text in [
            "",
            "Don’t co-produce -- it's 'quoted' café naïve 2025's x-'y",
            "trailing- ’lead end’ a--b a- b ’’ Łódź, Zürich! 日本語 ́a",
        ] {
            assert_eq!(
                count_words(text),
                crate::checks::prose::words(text).count(),
                "{text}"
            );
        }
    }

    #[test]
    fn sanitiser_removes_scripts_and_handlers() {
        let html = sanitise(
            "<p onclick=\"x()\">Hi<script>alert(1)</script><a href=\"javascript:alert(1)\">y</a><iframe src=x></iframe></p>",
        );
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("iframe"), "{html}");
        assert!(html.contains("Hi"));
    }
}
