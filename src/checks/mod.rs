//! Checks: each check id in SPEC has its own file. `run` reads every contribution once into
//! prose spans and an outline, then hands them to each check.

pub mod acronyms;
pub mod alt_text;
pub mod consent;
pub mod content_note;
pub mod headings;
pub mod jargon;
pub mod lexicon;
pub mod link_text;
pub mod links;
pub mod long_sentence;
pub mod personal_data;
pub mod prose;
pub mod reading_level;
pub mod stigma;
pub mod summary;
pub mod syllables;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::consent::{Decision, gate};
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::guide::frontmatter::split;
use crate::guide::yaml::KeyIndex;
use crate::guide::{Config, Guide, Meta};
use crate::render::links::LinkIndex;
use prose::{Outline, Span, front_matter_spans, is_ignored, read_body};

/// Every check id, as in SPEC.
pub const CHECK_IDS: &[&str] = &[
    "front-matter",
    "consent-missing",
    "consent-withdrawn",
    "consent-expired",
    "consent-not-given",
    "guardian-consent",
    "consent-scope",
    "consent-review-due",
    "missing-summary",
    "summary-too-long",
    "jargon",
    "undefined-acronym",
    "reading-level",
    "long-sentence",
    "stigmatising-language",
    "content-note",
    "personal-data",
    "missing-alt-text",
    "vague-link-text",
    "heading-structure",
    "broken-link",
];

/// What a check sees of one contribution.
pub struct Page<'a> {
    pub file: &'a str,
    pub source: &'a SourceText,
    /// Front matter, when it could be read.
    pub meta: Option<&'a Meta>,
    /// Title, summary and body prose, in file order.
    pub spans: Vec<Span<'a>>,
    pub outline: Outline,
    /// The spans joined into blocks, analysed into words and sentences once.
    pub blocks: Vec<prose::Block<'a>>,
    /// For each block, the matches of the word lists (jargon, stigmatising language,
    /// content-note signs) its checks read, found in one pass.
    pub hits: Vec<lexicon::Hits>,
    pub decision: Option<Decision>,
    /// Where each front matter key is.
    pub keys: KeyIndex,
}

impl Page<'_> {
    /// The line and column of a front matter key, or of the start of the file.
    pub fn key_at(&self, path: &str) -> (usize, usize) {
        self.keys
            .get(path)
            .map_or((1, 1), |k| (k.line, k.key_column))
    }
}

/// Collects findings, applying guide.yaml's severity for each check.
pub struct Sink<'a> {
    config: &'a Config,
    file: &'a str,
    source: &'a SourceText,
    pub found: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(config: &'a Config, file: &'a str, source: &'a SourceText) -> Self {
        Sink {
            config,
            file,
            source,
            found: Vec::new(),
        }
    }

    /// Reports a finding at a byte offset of the source, underlining `len` characters.
    pub fn at(
        &mut self,
        check: &str,
        default: Severity,
        offset: usize,
        len: usize,
        message: String,
        suggestion: Option<String>,
    ) {
        if let Some(mut d) = self.make(check, default, offset, len, message) {
            d.suggestion = suggestion;
            self.found.push(d);
        }
    }

    /// A finding at a byte offset, with the severity guide.yaml gives the check (`None`
    /// when it is off).
    fn make(
        &self,
        check: &str,
        default: Severity,
        offset: usize,
        len: usize,
        message: String,
    ) -> Option<Diagnostic> {
        let severity = self.config.severity(check, default)?;
        Some(
            Diagnostic::new(
                check,
                severity,
                self.file,
                self.source.position(offset),
                message,
            )
            .with_length(len),
        )
    }

    /// Reports words that have a plainer replacement: the first is the suggestion, the
    /// others are offered too in human output.
    pub fn replace(
        &mut self,
        check: &str,
        default: Severity,
        offset: usize,
        len: usize,
        message: String,
        replacements: &[String],
    ) {
        let Some(mut d) = self.make(check, default, offset, len, message) else {
            return;
        };
        d.suggestion = replacements.first().cloned();
        d.alternatives = replacements.iter().skip(1).cloned().collect();
        d.replacement = true;
        self.found.push(d);
    }

    /// Reports a finding at a line and column.
    pub fn at_line(
        &mut self,
        check: &str,
        default: Severity,
        at: (usize, usize),
        message: String,
        suggestion: Option<String>,
    ) {
        let Some(severity) = self.config.severity(check, default) else {
            return;
        };
        let mut d = Diagnostic::new(check, severity, self.file, at, message);
        d.suggestion = suggestion;
        self.found.push(d);
    }
}

/// Shared, prepared state for the checks (word lists compiled once).
pub struct Checker {
    jargon: jargon::Jargon,
    lexicon: lexicon::Lexicon,
    glossary_terms: std::collections::HashSet<String>,
    /// The glossary's spellings of more than one word, for jargon and acronyms alike.
    glossary_phrases: Vec<String>,
}

/// One file to check: its text, and its front matter when that could be read.
struct FileToCheck<'a> {
    file: &'a str,
    source: &'a SourceText,
    body_offset: usize,
    meta: Option<&'a Meta>,
    decision: Option<Decision>,
    /// Its folder inside content/, for relative links.
    from_dir: String,
}

/// What checking one file found, and what it needs checked against other files.
pub struct Checked {
    pub found: Vec<Diagnostic>,
    /// The ids the file's headings will have, for links to `#anchors`.
    pub heading_ids: Vec<String>,
    pub anchors: Vec<links::AnchorRef>,
}

/// Where links can lead, and which contributions the consent gate lets through: what
/// every file's checks share. [`Checker::run_one`] reuses it while neither changes.
pub struct Reach {
    links: LinkIndex,
    published: Vec<bool>,
}

impl Reach {
    pub fn new(guide: &Guide, today: Date, include_drafts: bool) -> Self {
        let published: Vec<bool> = guide
            .contributions
            .iter()
            .map(|c| gate(&c.meta, today, include_drafts) == Decision::Publish)
            .collect();
        Reach {
            links: LinkIndex::new(guide, &published),
            published,
        }
    }
}

struct Shared<'g> {
    links: &'g LinkIndex,
    published: &'g [bool],
    guide: &'g Guide,
}

impl<'g> Shared<'g> {
    fn new(guide: &'g Guide, reach: &'g Reach) -> Self {
        Shared {
            links: &reach.links,
            published: &reach.published,
            guide,
        }
    }
}

/// What [`Checker::run_all`] found.
pub struct Run {
    pub diagnostics: Vec<Diagnostic>,
    pub reach: Reach,
    /// For each contribution, the ids its headings will have.
    pub heading_ids: Vec<Vec<String>>,
}

impl Checker {
    pub fn new(guide: &Guide) -> Self {
        let jargon = jargon::Jargon::new(&guide.config, &guide.glossary);
        // Only the lists of checks that are on are compiled: the automaton takes a while
        // to make, and a guide that turns these checks off should not wait for it.
        let on = |id: &str| guide.config.severity(id, Severity::Warning).is_some();
        let jargon_patterns = jargon.patterns();
        let lists: Vec<(lexicon::List, &[&str])> = [
            (lexicon::List::Jargon, &jargon_patterns[..], "jargon"),
            (
                lexicon::List::Stigma,
                stigma::patterns(),
                "stigmatising-language",
            ),
            (
                lexicon::List::ContentNote,
                content_note::patterns(),
                "content-note",
            ),
        ]
        .into_iter()
        .filter(|(_, _, id)| on(id))
        .map(|(list, words, _)| (list, words))
        .collect();
        let lexicon = lexicon::Lexicon::new(&lists);
        Checker {
            jargon,
            lexicon,
            glossary_terms: acronyms::known_terms(&guide.glossary),
            glossary_phrases: crate::guide::glossary::phrases(&guide.glossary),
        }
    }

    /// Runs every check over every contribution (published or not: authors of held-back
    /// pages get their feedback too). The word lists are compiled while the guide's
    /// links are indexed.
    pub fn run(guide: &Guide, today: Date, include_drafts: bool) -> Vec<Diagnostic> {
        let (checker, reach) = rayon::join(
            || Checker::new(guide),
            || Reach::new(guide, today, include_drafts),
        );
        checker
            .run_reaching(guide, reach, today, include_drafts)
            .diagnostics
    }

    /// [`Checker::run`], keeping each contribution's heading ids for [`Checker::run_one`].
    pub fn run_all(&self, guide: &Guide, today: Date, include_drafts: bool) -> Run {
        let reach = Reach::new(guide, today, include_drafts);
        self.run_reaching(guide, reach, today, include_drafts)
    }

    fn run_reaching(&self, guide: &Guide, reach: Reach, today: Date, include_drafts: bool) -> Run {
        let shared = Shared::new(guide, &reach);
        let results: Vec<Checked> = (0..guide.contributions.len())
            .into_par_iter()
            .map(|i| self.check_contribution(&shared, i, today, include_drafts))
            .collect();
        let mut out = links::check_anchors(guide, &results);
        let mut heading_ids = Vec::with_capacity(results.len());
        for r in results {
            out.extend(r.found);
            heading_ids.push(r.heading_ids);
        }
        out.par_extend(guide.unreadable.par_iter().flat_map_iter(|u| {
            let input = FileToCheck {
                file: &u.file,
                source: &u.source,
                body_offset: u.body_offset,
                meta: None,
                decision: None,
                from_dir: folder_of(&u.file),
            };
            self.check_file(&shared, input, today).found
        }));
        Run {
            diagnostics: out,
            reach,
            heading_ids,
        }
    }

    /// Checks contribution `i` again after it changed, against the others as they were
    /// (`reach` and `heading_ids` from [`Checker::run_all`]; the ids are updated here for
    /// `i`). Its title and consent must be as they were, or `reach` would be out of date.
    pub fn run_one(
        &self,
        guide: &Guide,
        i: usize,
        today: Date,
        include_drafts: bool,
        reach: &Reach,
        heading_ids: &mut [Vec<String>],
    ) -> Vec<Diagnostic> {
        let shared = Shared::new(guide, reach);
        let checked = self.check_contribution(&shared, i, today, include_drafts);
        heading_ids[i] = checked.heading_ids;
        let ids: &[Vec<String>] = heading_ids;
        let mut out = links::anchors_of(guide, i, &checked.anchors, &|j| &ids[j]);
        out.extend(checked.found);
        out
    }

    fn check_contribution(&self, shared: &Shared, i: usize, today: Date, drafts: bool) -> Checked {
        let c = &shared.guide.contributions[i];
        let decision = if shared.published[i] {
            Decision::Publish
        } else {
            gate(&c.meta, today, drafts)
        };
        let from_dir = c.bundle_dir.clone().unwrap_or_else(|| folder_of(&c.file));
        let input = FileToCheck {
            file: &c.file,
            source: &c.source,
            body_offset: c.body_offset,
            meta: Some(&c.meta),
            decision: Some(decision),
            from_dir,
        };
        self.check_file(shared, input, today)
    }

    fn check_file(&self, shared: &Shared, input: FileToCheck, today: Date) -> Checked {
        let FileToCheck {
            file,
            source,
            body_offset,
            meta,
            decision,
            from_dir,
        } = input;
        let from_dir = from_dir.as_str();
        let config = &shared.guide.config;
        let text = source.text();
        // A check that guide.yaml turns off is not run at all: the body is read only for
        // checks that read it, and the words and sentences of each paragraph are worked
        // out only when a check reads them.
        let on = |id: &str| config.severity(id, Severity::Warning).is_some();
        // A guide that turns every check off has nothing checked at all.
        if !CHECK_IDS.iter().any(|id| on(id)) {
            return Checked {
                found: Vec::new(),
                heading_ids: Vec::new(),
                anchors: Vec::new(),
            };
        }
        let mut store = Vec::new();
        let (body_spans, outline) = if READ_WORDS.iter().chain(READ_OUTLINE).any(|id| on(id)) {
            read_body(text, body_offset, &mut store)
        } else {
            Default::default()
        };
        let (mut spans, keys) = match split(text) {
            Ok(s) => {
                let keys = KeyIndex::build(s.yaml, s.yaml_line);
                let spans = front_matter_spans(text, s.yaml_line, s.yaml, s.yaml_offset, &keys);
                (spans, keys)
            }
            Err(_) => (Vec::new(), KeyIndex::default()),
        };
        spans.extend(body_spans);
        let blocks = if READ_WORDS.iter().any(|id| on(id)) {
            prose::blocks(&spans)
        } else {
            Vec::new()
        };
        let lists = [
            on("jargon"),
            on("stigmatising-language"),
            on("content-note") && meta.is_some_and(content_note::needs_scan),
        ];
        let hits = blocks
            .iter()
            .map(|b| self.lexicon.scan(&b.text, &b.words, lists))
            .collect();
        let page = Page {
            blocks,
            hits,
            file,
            source,
            meta,
            spans,
            outline,
            decision,
            keys,
        };
        let mut sink = Sink::new(config, file, source);
        consent::check(&page, today, &mut sink);
        if on("missing-summary") || on("summary-too-long") {
            summary::check(&page, &mut sink);
        }
        if on("jargon") {
            self.jargon.check(&page, &self.glossary_phrases, &mut sink);
        }
        if on("personal-data") {
            personal_data::check(&page, &mut sink);
        }
        let anchors = if on("broken-link") {
            links::check(&page, shared.links, from_dir, &mut sink)
        } else {
            Vec::new()
        };
        if on("long-sentence") {
            long_sentence::check(&page, &mut sink);
        }
        if on("missing-alt-text") {
            alt_text::check(&page, &mut sink);
        }
        if on("vague-link-text") {
            link_text::check(&page, &mut sink);
        }
        if on("heading-structure") {
            headings::check(&page, &mut sink);
        }
        if on("content-note") {
            content_note::check(&page, &mut sink);
        }
        if on("undefined-acronym") {
            acronyms::check(
                &page,
                &self.glossary_terms,
                &self.glossary_phrases,
                &mut sink,
            );
        }
        if on("stigmatising-language") {
            stigma::check(&page, &mut sink);
        }
        if on("reading-level") {
            let levels = &config.reading_level;
            reading_level::check(&page, levels.max_grade, levels.summary_max_grade, &mut sink);
        }
        Checked {
            found: sink.found,
            heading_ids: page.outline.headings.into_iter().map(|h| h.id).collect(),
            anchors,
        }
    }
}

/// The checks that read the words and sentences of a contribution's paragraphs.
const READ_WORDS: &[&str] = &[
    "jargon",
    "content-note",
    "undefined-acronym",
    "long-sentence",
    "personal-data",
    "reading-level",
    "stigmatising-language",
];

/// The checks that read a contribution's images, links and headings. The others read
/// only its front matter, and the body is not read at all when they alone are on.
const READ_OUTLINE: &[&str] = &[
    "missing-alt-text",
    "vague-link-text",
    "heading-structure",
    "broken-link",
];

/// The content-relative folder of a file (`content/voices/a.md` → `voices`).
fn folder_of(file: &str) -> String {
    let rel = file.strip_prefix("content/").unwrap_or(file);
    rel.rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string())
}

/// Whether a span may be checked by `check`.
pub fn applies(span: &Span, check: &str) -> bool {
    !is_ignored(span.ignored, check)
}
