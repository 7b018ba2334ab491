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
use crate::output::Staging;
use context::*;
use links::LinkIndex;
use markdown::{GlossaryMatcher, RenderContext, Rendered};
use templates::{StaticFile, Theme};

/// A web-address-safe name: lower case letters and digits (any script), with dashes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
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

/// Renders the whole site into `staging`. Any problem (a template error, a withheld name
/// found in a page) is returned and nothing should be published.
pub fn render_site(
    guide: &Guide,
    published: &[Published],
    theme: &Theme,
    options: &Options,
    staging: &Staging,
) -> Result<Report, Vec<Diagnostic>> {
    let config = &guide.config;
    let base = &config.base_path;
    let mut mask = vec![false; guide.contributions.len()];
    for p in published {
        mask[p.index] = true;
    }
    let links = LinkIndex::new(guide, &mask);
    let glossary_url = format!("{base}glossary/");
    let glossary = GlossaryMatcher::new(&guide.glossary, &glossary_url);
    let guard = LeakGuard::new(guide, published);
    let leak_severity = config.severity("personal-data", crate::diagnostics::Severity::Error);
    let guard_warnings = std::sync::Mutex::new(Vec::new());

    // 1. Bodies, in parallel.
    let bodies: Vec<Rendered> = published
        .par_iter()
        .map(|p| {
            let c = p.contribution;
            let content_rel = c.file.strip_prefix("content/").unwrap_or(&c.file);
            let from_dir = match &c.bundle_dir {
                Some(b) => b.as_str(),
                None => content_rel.rsplit_once('/').map_or("", |(d, _)| d),
            };
            markdown::render(
                c.body(),
                &RenderContext {
                    links: &links,
                    glossary: &glossary,
                    from_dir,
                    keep_text: config.search,
                },
            )
        })
        .collect();

    // 2. What lists and navigation show of each page.
    let summaries: Vec<PageSummary> = published
        .iter()
        .zip(&bodies)
        .map(|(p, body)| {
            let c = p.contribution;
            PageSummary {
                title: c.meta.title.clone(),
                summary: c.meta.summary.clone().unwrap_or_default(),
                url: format!("{base}{}", c.url_path),
                credit_line: crate::consent::credit_line(&c.meta.authors),
                date: date_ctx(c.meta.date),
                reading_minutes: reading_minutes(body.word_count),
            }
        })
        .collect();

    let site = SiteCtx::new(guide, options.today);
    let mut tera_site = theme.tera.clone();
    tera_site.global_context().insert("site", &site);
    tera_site
        .global_context()
        .insert("preview", &options.preview);
    let tera = &tera_site;

    let render =
        |template: &str, ctx: &Context, rel: &str, origin: &str| -> Result<(), Diagnostic> {
            let html = tera
                .render(template, ctx)
                .map_err(|e| theme.explain(template, &e))?;
            let (html, warnings) = guard.check(&html, origin, rel, leak_severity)?;
            if !warnings.is_empty()
                && let Ok(mut w) = guard_warnings.lock()
            {
                w.extend(warnings);
            }
            staging
                .write(rel, html.as_bytes())
                .map_err(|e| staging.explain(rel, &e))
        };
    let page_ctx = |kind: &str,
                    title: &str,
                    description: &str,
                    url_path: &str,
                    breadcrumbs: Vec<Crumb>|
     -> Context {
        let mut ctx = Context::new();
        ctx.insert("kind", kind);
        ctx.insert("title", title);
        ctx.insert("description", description);
        ctx.insert("url", &format!("{base}{url_path}"));
        ctx.insert("canonical_url", &format!("{}{url_path}", config.base_url));
        ctx.insert("breadcrumbs", &breadcrumbs);
        ctx
    };
    let home_crumb = Crumb {
        title: "Home".into(),
        url: base.clone(),
    };
    let section_crumbs = |mut s: Option<usize>| -> Vec<Crumb> {
        let mut chain = Vec::new();
        while let Some(i) = s {
            let sec = &guide.sections[i];
            chain.push(Crumb {
                title: sec.index.title.clone(),
                url: format!("{base}{}", sec.url_path),
            });
            s = sec.parent;
        }
        chain.push(home_crumb.clone());
        chain.reverse();
        chain
    };

    // 3. Contribution pages, in parallel.
    let mut problems: Vec<Diagnostic> = published
        .par_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let c = p.contribution;
            let body = &bodies[i];
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
                None => home_crumb.clone(),
            };
            let easy_read_url = c.meta.easy_read.as_deref().and_then(|e| {
                let from = c.bundle_dir.clone().unwrap_or_else(|| {
                    c.file
                        .strip_prefix("content/")
                        .unwrap_or(&c.file)
                        .rsplit_once('/')
                        .map_or(String::new(), |(d, _)| d.to_string())
                });
                match links.resolve(&from, e).0 {
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
                url: &summaries[i].url,
                body_html: &body.html,
                credits,
                credit_line: &summaries[i].credit_line,
                date,
                updated,
                reading_minutes: summaries[i].reading_minutes,
                word_count: body.word_count,
                content_notes: &c.meta.content_notes,
                tags: &c.meta.tags,
                easy_read_url,
                toc: if body.toc.len() >= 3 { &body.toc } else { &[] },
                section,
                prev: neighbour(i.checked_sub(1)),
                next: neighbour(Some(i + 1)),
            };
            let mut ctx = page_ctx(
                "page",
                &c.meta.title,
                c.meta.summary.as_deref().unwrap_or(""),
                &c.url_path,
                section_crumbs(c.section),
            );
            ctx.insert("page", &page);
            let result = render(
                "page.html",
                &ctx,
                &format!("{}index.html", c.url_path),
                &c.file,
            );
            options.progress.inc(1);
            result.err()
        })
        .collect();

    // 4. Home and sections.
    let section_pages = |s: usize| -> Vec<&PageSummary> {
        published
            .iter()
            .zip(&summaries)
            .filter(|(p, _)| p.contribution.section == Some(s))
            .map(|(_, ps)| ps)
            .collect()
    };
    let top_sections: Vec<HomeSection> = guide
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.parent.is_none())
        .map(|(i, s)| {
            let pages = section_pages(i);
            HomeSection {
                title: s.index.title.clone(),
                summary: s.index.summary.clone(),
                url: format!("{base}{}", s.url_path),
                page_count: pages.len(),
                pages: pages.into_iter().cloned().collect(),
            }
        })
        .collect();
    let home_body = markdown::render(
        &guide.home.body,
        &RenderContext {
            links: &links,
            glossary: &glossary,
            from_dir: "",
            keep_text: false,
        },
    );
    let mut ctx = page_ctx(
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
    problems.extend(render("home.html", &ctx, "index.html", &guide.home.file).err());

    for (i, s) in guide.sections.iter().enumerate() {
        let body = markdown::render(
            &s.index.body,
            &RenderContext {
                links: &links,
                glossary: &glossary,
                from_dir: &s.dir,
                keep_text: false,
            },
        );
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
            pages: section_pages(i),
            subsections,
        };
        let mut crumbs = section_crumbs(Some(i));
        crumbs.pop();
        let mut ctx = page_ctx(
            "section",
            &s.index.title,
            &s.index.summary,
            &s.url_path,
            crumbs,
        );
        ctx.insert("section", &section);
        problems.extend(
            render(
                "section.html",
                &ctx,
                &format!("{}index.html", s.url_path),
                &s.index.file,
            )
            .err(),
        );
    }

    // 5. Contributors, glossary, about, 404.
    let contributors = ContributorsCtx::new(published, &summaries);
    let mut ctx = page_ctx(
        "contributors",
        "Contributors",
        "Everyone who wrote this guide, credited as they chose.",
        "contributors/",
        vec![home_crumb.clone()],
    );
    ctx.insert("contributors", &contributors);
    problems.extend(
        render(
            "contributors.html",
            &ctx,
            "contributors/index.html",
            "content",
        )
        .err(),
    );

    let mut used_on: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); guide.glossary.len()];
    for (i, body) in bodies.iter().enumerate() {
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
    let mut ctx = page_ctx(
        "glossary",
        "Glossary",
        "The words this guide uses, explained.",
        "glossary/",
        vec![home_crumb.clone()],
    );
    ctx.insert("glossary", &GlossaryCtx { terms });
    problems.extend(
        render(
            "glossary.html",
            &ctx,
            "glossary/index.html",
            "content/glossary.yaml",
        )
        .err(),
    );

    let about = AboutCtx::new(guide, published, &contributors, options.today);
    let mut ctx = page_ctx(
        "about",
        "How this guide was made",
        &config.description,
        "about/",
        vec![home_crumb.clone()],
    );
    ctx.insert("about", &about);
    problems.extend(render("about.html", &ctx, "about/index.html", "guide.yaml").err());

    let ctx = page_ctx(
        "404",
        "Page not found",
        "We could not find that page.",
        "404.html",
        Vec::new(),
    );
    problems.extend(render("404.html", &ctx, "404.html", "guide.yaml").err());

    // 6. Sitemap, feed and robots.txt: the same published pages, nothing more.
    let mut listed: Vec<(String, Option<Date>)> = vec![(base.clone(), None)];
    listed.extend(
        guide
            .sections
            .iter()
            .map(|s| (format!("{base}{}", s.url_path), None)),
    );
    listed.extend(published.iter().zip(&summaries).map(|(p, s)| {
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
    let machine_files = [
        ("sitemap.xml", feeds::sitemap(guide, &listed)),
        (
            "feed.xml",
            feeds::atom(guide, published, &summaries, options.today),
        ),
        ("robots.txt", feeds::robots(guide)),
    ];
    for (rel, text) in machine_files {
        let written =
            guard
                .check(&text, "content", rel, leak_severity)
                .and_then(|(text, warnings)| {
                    if let Ok(mut w) = guard_warnings.lock() {
                        w.extend(warnings);
                    }
                    staging
                        .write(rel, text.as_bytes())
                        .map_err(|e| staging.explain(rel, &e))
                });
        problems.extend(written.err());
    }

    // 7. The search index and page: published pages only, and never a withheld word.
    if config.search {
        let entries: Vec<search::Entry> = published
            .iter()
            .zip(&summaries)
            .zip(&bodies)
            .map(|((_, s), body)| search::Entry {
                title: &s.title,
                url: &s.url,
                summary: &s.summary,
                credit: &s.credit_line,
                headings: body.toc.iter().map(|t| t.title.as_str()).collect(),
                text: &body.text,
            })
            .collect();
        let files = search::build(&entries, &|w| guard.is_secret_word(w));
        for (rel, text) in files {
            let written =
                guard
                    .check(&text, "content", &rel, leak_severity)
                    .and_then(|(text, _)| {
                        staging
                            .write(&rel, text.as_bytes())
                            .map_err(|e| staging.explain(&rel, &e))
                    });
            problems.extend(written.err());
        }
        if theme.tera.contains_template("search.html") {
            let ctx = page_ctx(
                "search",
                "Search",
                "Search this guide.",
                "search/",
                vec![home_crumb.clone()],
            );
            problems.extend(render("search.html", &ctx, "search/index.html", "guide.yaml").err());
        }
    }

    // 8. Files: bundle files of published pages, files pages link to, the theme's static/.
    let mut assets: BTreeSet<usize> = bodies
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
        match staging.copy(&a.rel, &a.path) {
            Ok(()) => files += 1,
            Err(e) => problems.push(staging.explain(&format!("content/{}", a.rel), &e)),
        }
    }
    for (name, file) in &theme.static_files {
        let rel = format!("assets/{name}");
        let result = match file {
            StaticFile::Disk(p) => staging.copy(&rel, p),
            StaticFile::Embedded(bytes) => staging.write(&rel, bytes),
        };
        match result {
            Ok(()) => files += 1,
            Err(e) => problems.push(staging.explain(&rel, &e)),
        }
    }

    if problems.is_empty() {
        Ok(Report {
            pages: published.len() + guide.sections.len() + 5,
            files,
            warnings: guard_warnings.into_inner().unwrap_or_default(),
        })
    } else {
        Err(problems)
    }
}

pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}
