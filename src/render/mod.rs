//! Rendering: published contributions → HTML pages through the theme's templates.
//! Only `Published` contributions come in; the template contexts carry credits as shown,
//! never a name.

pub mod context;
pub mod feeds;
pub mod links;
pub mod markdown;
pub mod search;
pub mod templates;

use std::collections::BTreeSet;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::consent::{LeakGuard, Published};
use crate::diagnostics::Diagnostic;
use crate::guide::Guide;
use crate::output::Output;
use context::*;
use links::LinkIndex;
use markdown::{GlossaryMatcher, RenderContext, Rendered};
use templates::{StaticFile, Theme};

/// A web-address-safe name: lower case letters and digits (any script), with dashes.
///
/// Made for every heading, tag and file name, which are nearly all ASCII: a run of ASCII
/// bytes is read byte by byte, and only other characters are decoded and asked about.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        for b in rest[..ascii].bytes() {
            if b.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else if b != b'\'' {
                dash = true;
            }
        }
        let mut chars = rest[ascii..].chars();
        if let Some(c) = chars.next() {
            if c.is_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.extend(c.to_lowercase());
            } else if c != '’' {
                dash = true;
            }
        }
        rest = chars.as_str();
    }
    out
}

/// `2 July 2025`.
pub fn display_date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[(d.month() - 1) as usize],
        d.year()
    )
}

pub fn date_ctx(d: Option<Date>) -> Option<DateCtx> {
    d.map(|d| DateCtx {
        iso: d.to_string(),
        display: display_date(d),
    })
}

pub struct Options {
    pub today: Date,
    /// In `coguide serve`: templates get `preview: true`.
    pub preview: bool,
    /// Moved on by one for each contribution page written (a progress bar, or hidden).
    pub progress: indicatif::ProgressBar,
    /// In preview: why each held-back contribution (by index) is held back.
    pub held_back: std::collections::HashMap<usize, crate::consent::Reason>,
    /// In preview: what the checks found, by file.
    pub notes: std::collections::HashMap<String, Vec<NoteCtx>>,
}

/// What rendering produced, for the build report.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    /// Withheld names that were replaced in the output (only where a guide lowered
    /// personal-data below error).
    pub warnings: Vec<Diagnostic>,
}

/// What rendering works from, besides the guide itself: where links lead, the glossary,
/// the leak guard, the templates with the site's details, and every page's body rendered
/// once. `coguide serve` keeps it between edits, so that one changed page can be
/// rendered again without the rest.
pub struct Prepared {
    links: LinkIndex,
    glossary: GlossaryMatcher,
    guard: LeakGuard,
    leak_severity: Option<crate::diagnostics::Severity>,
    tera: tera::Tera,
    /// For each published contribution, in order: its body, and what lists show of it.
    bodies: Vec<Rendered>,
    summaries: Vec<PageSummary>,
    /// The search index, when the guide has search.
    search: Option<search::Index>,
}

/// What the search index knows of published contribution `i`.
fn search_entry<'p>(summary: &'p PageSummary, body: &'p Rendered) -> search::Entry<'p> {
    search::Entry {
        title: &summary.title,
        url: &summary.url,
        summary: &summary.summary,
        credit: &summary.credit_line,
        headings: body.toc.iter().map(|t| t.title.as_str()).collect(),
        text: &body.text,
    }
}

/// What rendering needs that depends only on the guide and on which contributions are
/// published: where links lead, and the leak guard. A build makes it while the checks
/// run, on whichever core is free, since compiling the guard's matcher for every withheld
/// name of a large guide takes a while and would otherwise hold up the start of rendering.
pub struct Ahead {
    links: LinkIndex,
    guard: LeakGuard,
}

impl Ahead {
    pub fn new(guide: &Guide, published: &[Published]) -> Self {
        let mut mask = vec![false; guide.contributions.len()];
        for p in published {
            mask[p.index] = true;
        }
        let (links, guard) = rayon::join(
            || LinkIndex::new(guide, &mask),
            || LeakGuard::new(guide, published),
        );
        Ahead { links, guard }
    }
}

impl Prepared {
    fn search_entries(&self) -> Vec<search::Entry<'_>> {
        self.summaries
            .iter()
            .zip(&self.bodies)
            .map(|(s, b)| search_entry(s, b))
            .collect()
    }

    /// Prepares what every page needs; bodies come as their pages are written.
    fn new(guide: &Guide, ahead: Ahead, theme: &Theme, options: &Options) -> Self {
        let config = &guide.config;
        let glossary =
            GlossaryMatcher::new(&guide.glossary, &format!("{}glossary/", config.base_path));
        let site = SiteCtx::new(guide, options.today);
        let mut tera = theme.tera.clone();
        tera.global_context().insert("site", &site);
        tera.global_context().insert("preview", &options.preview);
        Prepared {
            links: ahead.links,
            glossary,
            guard: ahead.guard,
            leak_severity: config.severity("personal-data", crate::diagnostics::Severity::Error),
            tera,
            bodies: Vec::new(),
            summaries: Vec::new(),
            search: None,
        }
    }

    fn body(&self, guide: &Guide, c: &crate::guide::Contribution, options: &Options) -> Rendered {
        let content_rel = c.file.strip_prefix("content/").unwrap_or(&c.file);
        let from_dir = match &c.bundle_dir {
            Some(b) => b.as_str(),
            None => content_rel.rsplit_once('/').map_or("", |(d, _)| d),
        };
        let flags = if options.preview {
            flags_of(c, options.notes.get(&c.file).map_or(&[], Vec::as_slice))
        } else {
            Vec::new()
        };
        markdown::render(
            c.body(),
            &RenderContext {
                links: &self.links,
                glossary: &self.glossary,
                from_dir,
                keep_text: guide.config.search,
                flags: &flags,
            },
        )
    }
}

/// Checks whose findings are words or phrases, highlighted where they are in preview.
const HIGHLIGHTED: &[&str] = &[
    "jargon",
    "undefined-acronym",
    "stigmatising-language",
    "personal-data",
    "vague-link-text",
    "broken-link",
];

/// Where a page's word-level findings are in its body, for the preview to highlight.
fn flags_of(c: &crate::guide::Contribution, notes: &[NoteCtx]) -> Vec<markdown::Flag> {
    let mut flags: Vec<markdown::Flag> = notes
        .iter()
        .enumerate()
        .filter(|(_, n)| HIGHLIGHTED.contains(&n.check.as_str()))
        .filter_map(|(k, n)| {
            let (mut start, mut end) = c.source.range(n.line, n.column, n.length)?;
            // A link's finding covers `[text](address)`: the text is what readers see.
            let found = &c.source.text()[start..end];
            if let Some(inner) = found.strip_prefix('[')
                && let Some(close) = inner.find("](")
            {
                start += 1;
                end = start + close;
            }
            let message = match &n.suggestion {
                Some(s) => format!("{}. Try: {s}", n.message),
                None => n.message.clone(),
            };
            Some(markdown::Flag {
                start: start.checked_sub(c.body_offset)?,
                end: end - c.body_offset,
                note: k + 1,
                message,
            })
        })
        .collect();
    flags.sort_by_key(|f| f.start);
    flags
}

/// What lists and navigation show of a page.
fn summary_of(guide: &Guide, c: &crate::guide::Contribution, body: &Rendered) -> PageSummary {
    PageSummary {
        title: c.meta.title.clone(),
        summary: c.meta.summary.clone().unwrap_or_default(),
        url: format!("{}{}", guide.config.base_path, c.url_path),
        credit_line: crate::consent::credit_line(&c.meta.authors),
        date: date_ctx(c.meta.date),
        reading_minutes: reading_minutes(body.word_count),
    }
}

/// Renders the whole site into `out`. Any problem (a template error, a withheld name
/// found in a page) is returned and nothing should be published.
pub fn render_site(
    guide: &Guide,
    published: &[Published],
    theme: &Theme,
    options: &Options,
    out: &impl Output,
    ahead: Ahead,
) -> Result<(Report, Prepared), Vec<Diagnostic>> {
    let mut prepared = Prepared::new(guide, ahead, theme, options);
    // Each page's body is rendered and its page written in one step, in parallel; only
    // what lists, the glossary and search need of the body is kept, not its HTML.
    // Search words are scored as each page is rendered, into one index per run of
    // pages, joined in page order at the end; outside the preview the page's text is
    // then let go (the preview keeps it, to update the index when the page changes).
    let r = Renderer::new(guide, published, theme, options, out, &prepared);
    let search = guide.config.search;
    let is_secret = |w: &str| r.p.guard.is_secret_word(w);
    type Page = (usize, Rendered, PageSummary, Option<Diagnostic>);
    let (mut pages, index) = (0..published.len())
        .into_par_iter()
        .fold(
            || (Vec::<Page>::new(), search::Index::default()),
            |(mut pages, mut index), i| {
                let c = published[i].contribution;
                let mut body = r.p.body(guide, c, options);
                let summary = summary_of(guide, c, &body);
                let result = r.contribution_with(i, &body, &summary);
                body.html = String::new();
                if search {
                    index.add_page(i as u32, &search_entry(&summary, &body), &is_secret);
                    if !options.preview {
                        body.text = String::new();
                    }
                }
                options.progress.inc(1);
                pages.push((i, body, summary, result.err()));
                (pages, index)
            },
        )
        .reduce(
            || (Vec::new(), search::Index::default()),
            |(mut pages, index), (later, later_index)| {
                pages.extend(later);
                (pages, index.merge(later_index))
            },
        );
    pages.sort_unstable_by_key(|p| p.0);
    let mut problems = Vec::new();
    let mut warnings = r.guard_warnings.into_inner().unwrap_or_default();
    for (_, body, summary, problem) in pages {
        prepared.bodies.push(body);
        prepared.summaries.push(summary);
        problems.extend(problem);
    }
    if search {
        prepared.search = Some(index);
    }
    let r = Renderer::new(guide, published, theme, options, out, &prepared);
    // The pages of lists, the glossary, the search index and the files depend on one
    // another in nothing: all are made side by side, so neither core waits for the
    // longest of them (the contributors page and the feed, in a large guide).
    let ((lists, glossary), (searched, (files, more))) = rayon::join(
        || rayon::join(|| r.lists(), || r.glossary()),
        || rayon::join(|| r.search(), || r.files()),
    );
    problems.extend(lists);
    problems.extend(glossary.err());
    problems.extend(searched);
    problems.extend(more);
    if problems.is_empty() {
        warnings.extend(r.guard_warnings.into_inner().unwrap_or_default());
        let report = Report {
            pages: published.len() + guide.sections.len() + 5,
            files,
            warnings,
        };
        Ok((report, prepared))
    } else {
        Err(problems)
    }
}

/// What changed in one contribution whose place, order and consent did not.
pub struct Change {
    /// The contribution's position in `published`.
    pub position: usize,
    /// Whether what lists show of it changed too (summary, credits, dates, tags).
    pub listed: bool,
    /// Whether its title changed: links by title lead elsewhere, and its neighbours'
    /// "previous" and "next" links show the new title.
    pub retitled: bool,
}

/// Renders again what one changed contribution affects, into the site already in place:
/// its own page; the glossary when the terms it uses changed; its words in the search
/// index; and when what lists show of it changed, every page that lists or counts pages
/// (home, sections, contributors, about, sitemap, feed) and its row of the search index.
/// Its title, place and consent must be as they were (links and navigation depend on
/// them); otherwise the whole site is built again.
pub fn render_change(
    guide: &Guide,
    published: &[Published],
    theme: &Theme,
    options: &Options,
    out: &crate::output::Patch,
    prepared: &mut Prepared,
    change: &Change,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let i = change.position;
    if change.retitled {
        let mut mask = vec![false; guide.contributions.len()];
        for p in published {
            mask[p.index] = true;
        }
        prepared.links = LinkIndex::new(guide, &mask);
    }
    let body = prepared.body(guide, published[i].contribution, options);
    let summary = summary_of(guide, published[i].contribution, &body);
    let terms_changed = body.terms != prepared.bodies[i].terms;
    // Words are scored from the title, summary, headings and text.
    let (old_summary, old_body) = (&prepared.summaries[i], &prepared.bodies[i]);
    let words_changed = body.text != old_body.text
        || body.toc != old_body.toc
        || summary.title != old_summary.title
        || summary.summary != old_summary.summary;
    let search_files = match &prepared.search {
        Some(_) if words_changed => {
            let old = search_entry(&prepared.summaries[i], &prepared.bodies[i]);
            let new = search_entry(&summary, &body);
            let guard = &prepared.guard;
            let mut index = prepared.search.take().unwrap_or_default();
            let files = index.replace(i as u32, &old, &new, &|w| guard.is_secret_word(w));
            prepared.search = Some(index);
            files
        }
        _ => Vec::new(),
    };
    let r = Renderer::new(guide, published, theme, options, out, prepared);
    let mut problems: Vec<Diagnostic> = r
        .contribution_with(i, &body, &summary)
        .err()
        .into_iter()
        .collect();
    drop(r);
    let mut body = body;
    body.html = String::new();
    prepared.summaries[i] = summary;
    prepared.bodies[i] = body;
    let r = Renderer::new(guide, published, theme, options, out, prepared);
    if change.retitled {
        let same_section = |j: usize| {
            published
                .get(j)
                .is_some_and(|q| q.contribution.section == published[i].contribution.section)
        };
        for j in [i.wrapping_sub(1), i + 1] {
            if same_section(j) {
                let body = r.p.body(guide, published[j].contribution, options);
                let summary = &r.p.summaries[j];
                problems.extend(r.contribution_with(j, &body, summary).err());
            }
        }
    }
    if terms_changed || change.retitled {
        problems.extend(r.glossary().err());
    }
    for (rel, text) in search_files {
        problems.extend(r.write_checked(&text, "content", &rel).err());
    }
    if change.listed || change.retitled {
        problems.extend(r.lists());
        if prepared.search.is_some() {
            let (rel, text) = search::chunk_file(&prepared.search_entries(), i / search::CHUNK);
            problems.extend(r.write_checked(&text, "content", &rel).err());
        }
    }
    if problems.is_empty() {
        Ok(r.guard_warnings.into_inner().unwrap_or_default())
    } else {
        Err(problems)
    }
}

/// One rendering of some or all of the site's files.
struct Renderer<'a, O: Output> {
    guide: &'a Guide,
    published: &'a [Published<'a>],
    theme: &'a Theme,
    options: &'a Options,
    out: &'a O,
    p: &'a Prepared,
    guard_warnings: std::sync::Mutex<Vec<Diagnostic>>,
}

impl<'a, O: Output> Renderer<'a, O> {
    fn new(
        guide: &'a Guide,
        published: &'a [Published<'a>],
        theme: &'a Theme,
        options: &'a Options,
        out: &'a O,
        p: &'a Prepared,
    ) -> Self {
        Renderer {
            guide,
            published,
            theme,
            options,
            out,
            p,
            guard_warnings: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Writes a text file after the leak guard has read it.
    fn write_checked(&self, text: &str, origin: &str, rel: &str) -> Result<(), Diagnostic> {
        let (text, warnings) = self
            .p
            .guard
            .check(text, origin, rel, self.p.leak_severity)?;
        if !warnings.is_empty()
            && let Ok(mut w) = self.guard_warnings.lock()
        {
            w.extend(warnings);
        }
        self.out
            .write(rel, text.as_bytes())
            .map_err(|e| self.out.explain(rel, &e))
    }

    fn render(
        &self,
        template: &str,
        ctx: &Context,
        rel: &str,
        origin: &str,
    ) -> Result<(), Diagnostic> {
        let html = self
            .p
            .tera
            .render(template, ctx)
            .map_err(|e| self.theme.explain(template, &e))?;
        self.write_checked(&html, origin, rel)
    }

    fn page_ctx(
        &self,
        kind: &str,
        title: &str,
        description: &str,
        url_path: &str,
        breadcrumbs: Vec<Crumb>,
    ) -> Context {
        let config = &self.guide.config;
        let mut ctx = Context::new();
        ctx.insert("kind", kind);
        ctx.insert("title", title);
        ctx.insert("description", description);
        ctx.insert("url", &format!("{}{url_path}", config.base_path));
        ctx.insert("canonical_url", &format!("{}{url_path}", config.base_url));
        ctx.insert("breadcrumbs", &breadcrumbs);
        ctx
    }

    fn home_crumb(&self) -> Crumb {
        Crumb {
            title: "Home".into(),
            url: self.guide.config.base_path.clone(),
        }
    }

    fn section_crumbs(&self, mut s: Option<usize>) -> Vec<Crumb> {
        let base = &self.guide.config.base_path;
        let mut chain = Vec::new();
        while let Some(i) = s {
            let sec = &self.guide.sections[i];
            chain.push(Crumb {
                title: sec.index.title.clone(),
                url: format!("{base}{}", sec.url_path),
            });
            s = sec.parent;
        }
        chain.push(self.home_crumb());
        chain.reverse();
        chain
    }

    /// The page of published contribution `i`, with its rendered body and what lists
    /// show of it.
    fn contribution_with(
        &self,
        i: usize,
        body: &Rendered,
        summary_shown: &PageSummary,
    ) -> Result<(), Diagnostic> {
        let (guide, published, options) = (self.guide, self.published, self.options);
        let config = &guide.config;
        let base = &config.base_path;
        let p = &published[i];
        let c = p.contribution;
        let neighbour = |j: Option<usize>| {
            j.and_then(|j| published.get(j))
                .filter(|q| q.contribution.section == c.section)
                .map(|q| Crumb {
                    title: q.contribution.meta.title.clone(),
                    url: format!("{base}{}", q.contribution.url_path),
                })
        };
        let section = match c.section {
            Some(s) => Crumb {
                title: guide.sections[s].index.title.clone(),
                url: format!("{base}{}", guide.sections[s].url_path),
            },
            None => self.home_crumb(),
        };
        let easy_read_url = c.meta.easy_read.as_deref().and_then(|e| {
            let from = c.bundle_dir.clone().unwrap_or_else(|| {
                c.file
                    .strip_prefix("content/")
                    .unwrap_or(&c.file)
                    .rsplit_once('/')
                    .map_or(String::new(), |(d, _)| d.to_string())
            });
            match self.p.links.resolve(&from, e).0 {
                links::Target::Url(u) => Some(u),
                _ => None,
            }
        });
        let credits: Vec<CreditCtx> = c.meta.authors.iter().map(CreditCtx::from).collect();
        let (date, updated) = (date_ctx(c.meta.date), date_ctx(c.meta.updated));
        let summary = c.meta.summary.as_deref().unwrap_or("");
        let canonical = format!("{}{}", config.base_url, c.url_path);
        let json_ld = context::json_ld(
            &c.meta.title,
            summary,
            &canonical,
            &credits,
            date.as_ref(),
            updated.as_ref(),
            &config.language,
        );
        let page = PageCtx {
            held_back: options.held_back.get(&p.index).map(|r| r.explain()),
            notes: options.notes.get(&c.file).cloned().unwrap_or_default(),
            json_ld,
            title: &c.meta.title,
            summary,
            url: &summary_shown.url,
            body_html: &body.html,
            credits,
            credit_line: &summary_shown.credit_line,
            date,
            updated,
            reading_minutes: summary_shown.reading_minutes,
            word_count: body.word_count,
            content_notes: &c.meta.content_notes,
            tags: &c.meta.tags,
            easy_read_url,
            toc: if body.toc.len() >= 3 { &body.toc } else { &[] },
            section,
            prev: neighbour(i.checked_sub(1)),
            next: neighbour(Some(i + 1)),
        };
        let mut ctx = self.page_ctx(
            "page",
            &c.meta.title,
            summary,
            &c.url_path,
            self.section_crumbs(c.section),
        );
        ctx.insert("page", &page);
        self.render(
            "page.html",
            &ctx,
            &format!("{}index.html", c.url_path),
            &c.file,
        )
    }

    fn section_pages(&self, s: usize) -> Vec<&'a PageSummary> {
        self.published
            .iter()
            .zip(&self.p.summaries)
            .filter(|(p, _)| p.contribution.section == Some(s))
            .map(|(_, ps)| ps)
            .collect()
    }

    fn markdown(&self, text: &str, from_dir: &str) -> Rendered {
        markdown::render(
            text,
            &RenderContext {
                links: &self.p.links,
                glossary: &self.p.glossary,
                from_dir,
                keep_text: false,
                flags: &[],
            },
        )
    }

    /// Every page that lists other pages or counts them (home, sections, contributors,
    /// about, 404) and the sitemap, feed and robots.txt: four groups made side by side.
    fn lists(&self) -> Vec<Diagnostic> {
        let ((mut problems, sections), (people, machines)) = rayon::join(
            || rayon::join(|| self.home(), || self.sections()),
            || rayon::join(|| self.people(), || self.machine_files()),
        );
        problems.extend(sections);
        problems.extend(people);
        problems.extend(machines);
        problems
    }

    /// The home page.
    fn home(&self) -> Vec<Diagnostic> {
        let guide = self.guide;
        let config = &guide.config;
        let base = &config.base_path;
        let mut problems = Vec::new();
        let top_sections: Vec<HomeSection> = guide
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent.is_none())
            .map(|(i, s)| {
                let pages = self.section_pages(i);
                HomeSection {
                    title: s.index.title.clone(),
                    summary: s.index.summary.clone(),
                    url: format!("{base}{}", s.url_path),
                    page_count: pages.len(),
                    pages: pages.into_iter().take(HOME_PAGES_PER_SECTION).collect(),
                }
            })
            .collect();
        let home_body = self.markdown(&guide.home.body, "");
        let mut ctx = self.page_ctx(
            "home",
            &config.title,
            if guide.home.summary.is_empty() {
                &config.description
            } else {
                &guide.home.summary
            },
            "",
            Vec::new(),
        );
        ctx.insert(
            "home",
            &HomeCtx {
                summary: &guide.home.summary,
                body_html: &home_body.html,
            },
        );
        ctx.insert("sections", &top_sections);
        problems.extend(
            self.render("home.html", &ctx, "index.html", &guide.home.file)
                .err(),
        );

        problems
    }

    /// Each section's page, in parallel.
    fn sections(&self) -> Vec<Diagnostic> {
        let guide = self.guide;
        let base = &guide.config.base_path;
        guide
            .sections
            .par_iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let body = self.markdown(&s.index.body, &s.dir);
                let subsections: Vec<NavSection> = guide
                    .sections
                    .iter()
                    .filter(|t| t.parent == Some(i))
                    .map(|t| NavSection {
                        title: t.index.title.clone(),
                        summary: t.index.summary.clone(),
                        url: format!("{base}{}", t.url_path),
                    })
                    .collect();
                let section = SectionCtx {
                    title: &s.index.title,
                    summary: &s.index.summary,
                    url: format!("{base}{}", s.url_path),
                    body_html: &body.html,
                    pages: self.section_pages(i),
                    subsections,
                };
                let mut crumbs = self.section_crumbs(Some(i));
                crumbs.pop();
                let mut ctx = self.page_ctx(
                    "section",
                    &s.index.title,
                    &s.index.summary,
                    &s.url_path,
                    crumbs,
                );
                ctx.insert("section", &section);
                self.render(
                    "section.html",
                    &ctx,
                    &format!("{}index.html", s.url_path),
                    &s.index.file,
                )
                .err()
            })
            .collect()
    }

    /// Contributors, about, and the page for addresses that lead nowhere.
    fn people(&self) -> Vec<Diagnostic> {
        let (guide, published) = (self.guide, self.published);
        let config = &guide.config;
        let summaries = &self.p.summaries;
        let mut problems = Vec::new();
        let contributors = ContributorsCtx::new(published, summaries);
        let mut ctx = self.page_ctx(
            "contributors",
            "Contributors",
            "Everyone who wrote this guide, credited as they chose.",
            "contributors/",
            vec![self.home_crumb()],
        );
        ctx.insert("contributors", &contributors);
        problems.extend(
            self.render(
                "contributors.html",
                &ctx,
                "contributors/index.html",
                "content",
            )
            .err(),
        );

        let about = AboutCtx::new(guide, published, &contributors, self.options.today);
        let mut ctx = self.page_ctx(
            "about",
            "How this guide was made",
            &config.description,
            "about/",
            vec![self.home_crumb()],
        );
        ctx.insert("about", &about);
        problems.extend(
            self.render("about.html", &ctx, "about/index.html", "guide.yaml")
                .err(),
        );

        let ctx = self.page_ctx(
            "404",
            "Page not found",
            "We could not find that page.",
            "404.html",
            Vec::new(),
        );
        problems.extend(
            self.render("404.html", &ctx, "404.html", "guide.yaml")
                .err(),
        );

        problems
    }

    /// Sitemap, feed and robots.txt.
    fn machine_files(&self) -> Vec<Diagnostic> {
        let (guide, published) = (self.guide, self.published);
        let base = &guide.config.base_path;
        let summaries = &self.p.summaries;
        let mut problems = Vec::new();
        // Sitemap, feed and robots.txt: the same published pages, nothing more.
        let mut listed: Vec<(String, Option<Date>)> = vec![(base.clone(), None)];
        listed.extend(
            guide
                .sections
                .iter()
                .map(|s| (format!("{base}{}", s.url_path), None)),
        );
        listed.extend(published.iter().zip(summaries).map(|(p, s)| {
            (
                s.url.clone(),
                p.contribution.meta.updated.or(p.contribution.meta.date),
            )
        }));
        listed.push((format!("{base}contributors/"), None));
        if !guide.glossary.is_empty() {
            listed.push((format!("{base}glossary/"), None));
        }
        listed.push((format!("{base}about/"), None));
        // The sitemap and the feed each list every page: made side by side.
        let (mut files, feed) = rayon::join(
            || feeds::sitemaps(&guide.config, &listed, feeds::SITEMAP_MAX_URLS),
            || feeds::atom(guide, published, summaries, self.options.today),
        );
        files.push(("feed.xml".to_string(), feed));
        files.push(("robots.txt".to_string(), feeds::robots(guide)));
        for (rel, text) in files {
            problems.extend(self.write_checked(&text, "content", &rel).err());
        }
        problems
    }

    /// The glossary, with the pages where each term is used.
    fn glossary(&self) -> Result<(), Diagnostic> {
        let guide = self.guide;
        let summaries = &self.p.summaries;
        let mut used_on: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); guide.glossary.len()];
        for (i, body) in self.p.bodies.iter().enumerate() {
            for &t in &body.terms {
                used_on[t].insert(i);
            }
        }
        let terms: Vec<TermCtx> = guide
            .glossary
            .iter()
            .enumerate()
            .map(|(t, term)| TermCtx {
                term: &term.term,
                id: &term.id,
                meaning: &term.meaning,
                also: &term.also,
                pages: used_on[t]
                    .iter()
                    .map(|&i| Crumb {
                        title: summaries[i].title.clone(),
                        url: summaries[i].url.clone(),
                    })
                    .collect(),
            })
            .collect();
        let mut ctx = self.page_ctx(
            "glossary",
            "Glossary",
            "The words this guide uses, explained.",
            "glossary/",
            vec![self.home_crumb()],
        );
        ctx.insert("glossary", &GlossaryCtx { terms });
        self.render(
            "glossary.html",
            &ctx,
            "glossary/index.html",
            "content/glossary.yaml",
        )
    }

    /// The search index and page: published pages only, and never a withheld word.
    fn search(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if !self.guide.config.search {
            return problems;
        }
        let Some(index) = &self.p.search else {
            return problems;
        };
        let failed = std::sync::Mutex::new(Vec::new());
        index.each_file(&self.p.search_entries(), &|rel, text| {
            let written = self
                .p
                .guard
                .check(&text, "content", &rel, self.p.leak_severity)
                .and_then(|(text, _)| {
                    self.out
                        .write(&rel, text.as_bytes())
                        .map_err(|e| self.out.explain(&rel, &e))
                });
            if let (Err(problem), Ok(mut failed)) = (written, failed.lock()) {
                failed.push(problem);
            }
        });
        problems.extend(failed.into_inner().unwrap_or_default());
        if self.theme.tera.contains_template("search.html") {
            let ctx = self.page_ctx(
                "search",
                "Search",
                "Search this guide.",
                "search/",
                vec![self.home_crumb()],
            );
            problems.extend(
                self.render("search.html", &ctx, "search/index.html", "guide.yaml")
                    .err(),
            );
        }
        problems
    }

    /// Files: bundle files of published pages, files pages link to, the theme's static/.
    fn files(&self) -> (usize, Vec<Diagnostic>) {
        let guide = self.guide;
        let mut problems = Vec::new();
        let mut mask = vec![false; guide.contributions.len()];
        for p in self.published {
            mask[p.index] = true;
        }
        let mut assets: BTreeSet<usize> = self
            .p
            .bodies
            .iter()
            .flat_map(|b| b.assets.iter().copied())
            .collect();
        for (i, a) in guide.assets.iter().enumerate() {
            if a.owner.is_some_and(|o| mask[o]) {
                assets.insert(i);
            }
            if a.owner.is_none() && a.bundle.is_some() {
                // A file in a bundle whose page could not be read: never published.
                assets.remove(&i);
            }
        }
        let mut files = 0;
        for i in assets {
            let a = &guide.assets[i];
            if a.owner.is_some_and(|o| !mask[o]) {
                continue;
            }
            match self.out.copy(&a.rel, &a.path) {
                Ok(()) => files += 1,
                Err(e) => problems.push(self.out.explain(&format!("content/{}", a.rel), &e)),
            }
        }
        for (name, file) in &self.theme.static_files {
            let rel = format!("assets/{name}");
            let result = match file {
                StaticFile::Disk(p) => self.out.copy(&rel, p),
                StaticFile::Embedded(bytes) => self.out.write(&rel, bytes),
            };
            match result {
                Ok(()) => files += 1,
                Err(e) => problems.push(self.out.explain(&rel, &e)),
            }
        }
        (files, problems)
    }
}

pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}
