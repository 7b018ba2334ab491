//! What templates receive (documented in docs/templates.md). These types hold credits as
//! shown; no field can carry an author's name or id.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use super::{date_ctx, markdown::TocEntry};
use crate::consent::{Published, credit_shown};
use crate::guide::config::Support;
use crate::guide::{Author, Credit, Guide};

#[derive(Debug, Clone, Serialize)]
pub struct DateCtx {
    pub iso: String,
    pub display: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavSection {
    pub title: String,
    pub summary: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub base_path: String,
    pub assets: String,
    pub search: bool,
    pub support: Vec<Support>,
    pub sections: Vec<NavSection>,
    pub contributors_url: String,
    pub feed_url: String,
    pub search_url: Option<String>,
    pub glossary_url: Option<String>,
    pub about_url: String,
    pub home_url: String,
    pub generator: String,
}

impl SiteCtx {
    pub fn new(guide: &Guide, _today: Date) -> Self {
        let c = &guide.config;
        let base = &c.base_path;
        SiteCtx {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.clone(),
            base_path: base.clone(),
            assets: format!("{base}assets/"),
            search: c.search,
            support: c.support.clone(),
            sections: guide
                .sections
                .iter()
                .filter(|s| s.parent.is_none())
                .map(|s| NavSection {
                    title: s.index.title.clone(),
                    summary: s.index.summary.clone(),
                    url: format!("{base}{}", s.url_path),
                })
                .collect(),
            contributors_url: format!("{base}contributors/"),
            feed_url: format!("{base}feed.xml"),
            search_url: c.search.then(|| format!("{base}search/")),
            glossary_url: (!guide.glossary.is_empty()).then(|| format!("{base}glossary/")),
            about_url: format!("{base}about/"),
            home_url: base.clone(),
            generator: format!("coguide {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// A page as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary {
    pub title: String,
    pub summary: String,
    pub url: String,
    pub credit_line: String,
    pub date: Option<DateCtx>,
    pub reading_minutes: usize,
}

/// How many of each section's pages the home page lists; the section's own page lists
/// them all.
pub const HOME_PAGES_PER_SECTION: usize = 6;

#[derive(Debug, Serialize)]
pub struct HomeSection<'a> {
    pub title: String,
    pub summary: String,
    pub url: String,
    /// The section's first [`HOME_PAGES_PER_SECTION`] pages.
    pub pages: Vec<&'a PageSummary>,
    /// How many pages the section has in all.
    pub page_count: usize,
}

#[derive(Debug, Serialize)]
pub struct HomeCtx<'a> {
    pub summary: &'a str,
    pub body_html: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SectionCtx<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub body_html: &'a str,
    pub pages: Vec<&'a PageSummary>,
    pub subsections: Vec<NavSection>,
}

#[derive(Debug, Serialize)]
pub struct CreditCtx {
    pub shown: String,
    pub role: Option<String>,
    pub credit: &'static str,
}

impl From<&Author> for CreditCtx {
    fn from(a: &Author) -> Self {
        CreditCtx {
            shown: credit_shown(a),
            role: a.role.clone(),
            credit: a.credit.id(),
        }
    }
}

/// A finding of the checks, shown on the page in preview.
#[derive(Debug, Clone, Serialize)]
pub struct NoteCtx {
    pub severity: &'static str,
    pub check: String,
    pub message: String,
    pub suggestion: Option<String>,
    pub line: usize,
    pub column: usize,
    /// How many characters from `column` the finding covers.
    pub length: usize,
}

#[derive(Debug, Serialize)]
pub struct PageCtx<'a> {
    /// In preview only: why this page will not be published, or null.
    pub held_back: Option<&'static str>,
    /// In preview only: what the checks found in this page's file.
    pub notes: Vec<NoteCtx>,
    /// **HTML**: a JSON-LD `Article` for a `<script type="application/ld+json">`, made
    /// safe for that place (no `<`, `>` or `&` in it).
    pub json_ld: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub url: &'a str,
    pub body_html: &'a str,
    pub credits: Vec<CreditCtx>,
    pub credit_line: &'a str,
    pub date: Option<DateCtx>,
    pub updated: Option<DateCtx>,
    pub reading_minutes: usize,
    pub word_count: usize,
    pub content_notes: &'a [String],
    pub tags: &'a [String],
    pub easy_read_url: Option<String>,
    pub toc: &'a [TocEntry],
    pub section: Crumb,
    pub prev: Option<Crumb>,
    pub next: Option<Crumb>,
}

#[derive(Debug, Serialize)]
pub struct Person {
    pub shown: String,
    pub pages: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub struct RoleGroup {
    pub role: String,
    pub people: Vec<Person>,
    pub anonymous_count: usize,
}

/// While grouping: (role as shown, people by key, keys of anonymous people).
type Group = (String, BTreeMap<String, Person>, BTreeSet<String>);

#[derive(Debug, Serialize)]
pub struct ContributorsCtx {
    pub groups: Vec<RoleGroup>,
    pub total: usize,
    pub anonymous_count: usize,
}

impl ContributorsCtx {
    /// Groups people by role. A person is recognised by their register `id` when they have
    /// one (never shown), otherwise by their credit as shown; anonymous authors without an
    /// id are counted once per contribution.
    pub fn new(published: &[Published], summaries: &[super::context::PageSummary]) -> Self {
        // role key → (role shown, person key → (shown, pages)), anonymous keys
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        let mut everyone = BTreeSet::new();
        let mut anonymous = BTreeSet::new();
        for (i, p) in published.iter().enumerate() {
            for (n, a) in p.contribution.meta.authors.iter().enumerate() {
                let role = a.role.clone().unwrap_or_else(|| "Contributors".to_string());
                let role_key = role.to_lowercase();
                let shown = credit_shown(a);
                let person_key = match (&a.id, &a.credit) {
                    (Some(id), _) => format!("id:{id}"),
                    (None, Credit::Anonymous) => format!("anon:{i}:{n}"),
                    (None, _) => format!("shown:{shown}"),
                };
                everyone.insert(person_key.clone());
                let group = groups
                    .entry(role_key)
                    .or_insert_with(|| (capitalise(&role), BTreeMap::new(), BTreeSet::new()));
                if a.credit == Credit::Anonymous {
                    anonymous.insert(person_key.clone());
                    group.2.insert(person_key);
                    continue;
                }
                let page = Crumb {
                    title: summaries[i].title.clone(),
                    url: summaries[i].url.clone(),
                };
                let person = group.1.entry(person_key).or_insert_with(|| Person {
                    shown,
                    pages: Vec::new(),
                });
                if !person.pages.iter().any(|c| c.url == page.url) {
                    person.pages.push(page);
                }
            }
        }
        let groups = groups
            .into_values()
            .map(|(role, people, anon)| {
                let mut people: Vec<Person> = people.into_values().collect();
                people.sort_by_key(|p| p.shown.to_lowercase());
                RoleGroup {
                    role,
                    people,
                    anonymous_count: anon.len(),
                }
            })
            .collect();
        ContributorsCtx {
            groups,
            total: everyone.len(),
            anonymous_count: anonymous.len(),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[derive(Debug, Serialize)]
pub struct TermCtx<'a> {
    pub term: &'a str,
    pub id: &'a str,
    pub meaning: &'a str,
    pub also: &'a [String],
    pub pages: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub struct GlossaryCtx<'a> {
    pub terms: Vec<TermCtx<'a>>,
}

#[derive(Debug, Serialize)]
pub struct AboutCtx {
    pub description: String,
    pub text: Option<String>,
    pub published: usize,
    pub sections: usize,
    pub contributors: usize,
    pub roles: Vec<String>,
    pub built: DateCtx,
}

impl AboutCtx {
    pub fn new(
        guide: &Guide,
        published: &[Published],
        contributors: &ContributorsCtx,
        today: Date,
    ) -> Self {
        AboutCtx {
            description: guide.config.description.clone(),
            text: guide.config.about.clone(),
            published: published.len(),
            sections: guide.sections.len(),
            contributors: contributors.total,
            roles: contributors
                .groups
                .iter()
                .map(|g| g.role.clone())
                .filter(|r| r != "Contributors")
                .collect(),
            built: date_ctx(Some(today)).expect("a date was given"),
        }
    }
}

/// A schema.org `Article` for a contribution, with the credits as shown, as JSON that is
/// safe inside a `<script>` element.
pub fn json_ld(
    title: &str,
    summary: &str,
    canonical: &str,
    credits: &[CreditCtx],
    date: Option<&DateCtx>,
    updated: Option<&DateCtx>,
    language: &str,
) -> String {
    let mut article = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title,
        "description": summary,
        "url": canonical,
        "inLanguage": language,
        "author": credits.iter().map(|c| serde_json::json!({"@type": "Person", "name": c.shown})).collect::<Vec<_>>(),
    });
    if let Some(d) = date {
        article["datePublished"] = d.iso.clone().into();
    }
    if let Some(d) = updated.or(date) {
        article["dateModified"] = d.iso.clone().into();
    }
    script_safe_json(&article)
}

/// JSON with `<`, `>` and `&` written as escapes, so it cannot close a script element
/// and no file of the site holds markup from a contribution, whatever reads it.
pub fn script_safe_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
