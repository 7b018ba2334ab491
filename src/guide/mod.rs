//! Loading: the guide on disk becomes a typed `Guide`. Past this module nothing handles raw
//! YAML: front matter is `Meta`, credits are `Credit`, dates are dates.

pub mod config;
pub mod frontmatter;
pub mod glossary;
pub mod load;
pub mod yaml;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

pub use config::Config;
pub use glossary::GlossaryTerm;
pub use load::{LoadError, load};

use crate::diagnostics::SourceText;

/// A whole guide, as loaded from disk.
#[derive(Debug)]
pub struct Guide {
    pub root: PathBuf,
    pub config: Config,
    /// `content/_index.md`: the home page's text.
    pub home: IndexPage,
    pub sections: Vec<Section>,
    pub contributions: Vec<Contribution>,
    pub glossary: Vec<GlossaryTerm>,
    /// Files in `content/` that are not Markdown (images, PDFs), copied with their page.
    pub assets: Vec<Asset>,
    /// Contributions whose front matter could not be read: reported, never published,
    /// but their text is still checked so authors get all their feedback at once.
    pub unreadable: Vec<UnreadableFile>,
    /// Every text file read, by path relative to the root, for showing lines in messages.
    pub sources: HashMap<String, Arc<SourceText>>,
}

/// The text of `_index.md` for the home page or a section.
#[derive(Debug, Clone, Default)]
pub struct IndexPage {
    pub file: String,
    pub title: String,
    pub summary: String,
    pub weight: i64,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/`, with `/`, e.g. `voices`.
    pub dir: String,
    /// Path of its page relative to the site root, e.g. `voices/`.
    pub url_path: String,
    pub index: IndexPage,
    /// The section it sits in, for nested folders.
    pub parent: Option<usize>,
}

/// One contribution: a Markdown file with valid front matter.
#[derive(Debug, Clone)]
pub struct Contribution {
    /// Path relative to the root, with `/`, e.g. `content/voices/sam.md`.
    pub file: String,
    pub source: Arc<SourceText>,
    /// Byte offset where the Markdown body starts in `source`.
    pub body_offset: usize,
    pub section: Option<usize>,
    pub slug: String,
    /// e.g. `voices/sam/`.
    pub url_path: String,
    pub meta: Meta,
    /// For `<slug>/index.md`: the bundle folder relative to `content/`.
    pub bundle_dir: Option<String>,
}

impl Contribution {
    pub fn body(&self) -> &str {
        &self.source.text()[self.body_offset..]
    }
}

#[derive(Debug, Clone)]
pub struct UnreadableFile {
    pub file: String,
    pub source: Arc<SourceText>,
    pub body_offset: usize,
}

#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, with `/`.
    pub rel: String,
    /// Absolute path on disk.
    pub path: PathBuf,
    /// The contribution whose bundle holds it: it is published only with that contribution.
    pub owner: Option<usize>,
    /// For files inside a bundle folder: the bundle folder relative to `content/`.
    pub bundle: Option<String>,
}

/// A contribution's front matter, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub summary: Option<String>,
    pub authors: Vec<Author>,
    pub consent: Option<Consent>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: Option<i64>,
    pub tags: Vec<String>,
    pub content_notes: Vec<String>,
    pub easy_read: Option<String>,
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    /// The name as the person gave it. Never published unless the credit is `FullName`,
    /// and then only through `consent::credit_shown`.
    pub name: Option<String>,
    pub credit: Credit,
    /// A key into a register kept outside the guide: never published.
    pub id: Option<String>,
    pub role: Option<String>,
    pub under_18: bool,
}

/// How an author chose to be credited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credit {
    FullName,
    FirstName,
    Initials,
    Pseudonym(String),
    Anonymous,
}

impl Credit {
    pub fn id(&self) -> &'static str {
        match self {
            Credit::FullName => "full-name",
            Credit::FirstName => "first-name",
            Credit::Initials => "initials",
            Credit::Pseudonym(_) => "pseudonym",
            Credit::Anonymous => "anonymous",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Consent {
    pub publish: bool,
    pub given: Date,
    pub scope: Vec<String>,
    pub review: Option<Date>,
    pub expires: Option<Date>,
    pub withdrawn: Option<Date>,
    pub guardian: bool,
    pub recorded_by: Option<String>,
}
