//! Walking a guide folder and reading every file into a `Guide`.
//!
//! Every problem in every file is collected; nothing is skipped silently. Files whose names
//! start with `.` (such as `.DS_Store`) and editor backups ending in `~` are the only files
//! passed over.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::frontmatter::{read_index, read_meta, split, split_problem};
use super::{Asset, Config, Contribution, Guide, IndexPage, Section, UnreadableFile, glossary};
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::render::slugify;

/// Largest Markdown or YAML file coguide reads.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Top-level names that coguide's own pages use.
pub const RESERVED: &[&str] = &[
    "assets",
    "contributors",
    "glossary",
    "about",
    "search",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
];

/// Whether a file at the top of content/ would land on one of coguide's own files: one
/// of [`RESERVED`] that is a file, or a part a very large guide's sitemap is split into
/// (`sitemap-1.xml`, ...).
fn is_own_file(rel: &str) -> bool {
    (RESERVED.contains(&rel) && rel.contains('.'))
        || rel
            .strip_prefix("sitemap-")
            .and_then(|n| n.strip_suffix(".xml"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Problems that stop loading altogether.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "There is no guide.yaml in {0}. Is this the right folder? To start a new guide, run `coguide init {0}`."
    )]
    NoGuideYaml(String),
    #[error("There is no content folder in {0}. Contributions go in {0}/content/.")]
    NoContent(String),
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn error(
    file: &str,
    at: (usize, usize),
    message: impl Into<String>,
    fix: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new("front-matter", Severity::Error, file, at, message).with_suggestion(fix)
}

/// Reads a text file, with plain messages for files that are too big or not UTF-8.
pub fn read_text(path: &Path, rel: &str) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| {
        error(
            rel,
            (1, 1),
            format!("coguide could not read this file ({})", plain_io(&e)),
            "check the file exists and can be read",
        )
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(error(
            rel,
            (1, 1),
            format!(
                "this file is {:.1} MB, too big for one page (the limit is 10 MB)",
                meta.len() as f64 / 1_048_576.0
            ),
            "split it into smaller contributions, and keep large media out of Markdown",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        error(
            rel,
            (1, 1),
            format!("coguide could not read this file ({})", plain_io(&e)),
            "check the file can be read",
        )
    })?;
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let col_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[col_start..]).chars().count() + 1;
            return Err(error(
                rel,
                (line, column),
                "this file has characters that are not UTF-8 text (it may have been saved in an older encoding)",
                "open it in your editor and save it as UTF-8",
            ));
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(text)
}

/// An I/O error in plain words.
pub fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "it was not found".into(),
        PermissionDenied => "permission was denied".into(),
        _ => {
            if e.raw_os_error() == Some(40) {
                "it is a link that loops back on itself".into()
            } else {
                "the system said: ".to_string() + &e.to_string().to_lowercase()
            }
        }
    }
}

#[derive(Debug)]
enum Kind {
    Home,
    Glossary,
    SectionIndex(String),
    Contribution {
        dir: String,
        slug_source: String,
        bundle: Option<String>,
    },
    Asset {
        bundle: Option<String>,
    },
}

/// A contribution read but not yet parsed: (file, text, folder, slug source, bundle).
type Pending = (String, Arc<SourceText>, String, String, Option<String>);

/// What a walk of part of content/ found, in the order it found it.
enum Walked {
    /// A file to read: its path and its path inside the guide.
    File(PathBuf, String),
    /// A folder that may be walked into (a walk as deep as it goes has walked it).
    Folder(PathBuf),
}

/// Walks `start` (not included) down to `depth` levels, in name order, noting every file
/// and folder, and a problem for each thing it cannot or will not read.
fn walk(
    root: &Path,
    canonical_root: &Path,
    start: &Path,
    depth: usize,
) -> (Vec<Walked>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut walker = walkdir::WalkDir::new(start)
        .follow_links(false)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| "content".into());
                let why = e
                    .io_error()
                    .map(plain_io)
                    .unwrap_or_else(|| "it loops back on itself".into());
                problems.push(error(
                    &rel,
                    (1, 1),
                    format!("coguide could not read this ({why})"),
                    "fix or remove it",
                ));
                continue;
            }
        };
        let path = entry.path();
        if path == start {
            continue;
        }
        let name = entry.file_name();
        let rel = rel_path(root, path);
        let Some(name_str) = name.to_str() else {
            problems.push(error(
                &rel,
                (1, 1),
                "this file's name has characters that are not text",
                "rename it using letters, numbers and dashes",
            ));
            continue;
        };
        if name_str.starts_with('.') || name_str.ends_with('~') {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if name_str.chars().any(char::is_control) {
            let shown: String = name_str
                .chars()
                .map(|c| if c.is_control() { '?' } else { c })
                .collect();
            problems.push(error(
                &rel_path(root, path.parent().unwrap_or(path)).replace('\u{0}', "?"),
                (1, 1),
                format!("the file \"{shown}\" has invisible control characters in its name"),
                "rename it using letters, numbers and dashes",
            ));
            continue;
        }
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Err(e) => {
                    problems.push(error(
                        &rel,
                        (1, 1),
                        format!("this is a link coguide cannot follow ({})", plain_io(&e)),
                        "replace the link with the real file",
                    ));
                    continue;
                }
                Ok(target) if !target.starts_with(canonical_root) => {
                    problems.push(error(&rel, (1, 1), "this is a link to a file outside the guide folder, which coguide will not publish", "copy the file into the guide instead of linking to it"));
                    continue;
                }
                Ok(target) if target.is_dir() => {
                    problems.push(error(
                        &rel,
                        (1, 1),
                        "this is a link to a folder; coguide does not follow folder links",
                        "move or copy the folder here instead",
                    ));
                    continue;
                }
                Ok(_) => {}
            }
        } else if entry.file_type().is_dir() {
            found.push(Walked::Folder(path.to_path_buf()));
            continue;
        }
        found.push(Walked::File(path.to_path_buf(), rel));
    }

    (found, problems)
}

/// Loads a guide from its root folder.
pub fn load(root: &Path) -> Result<(Guide, Vec<Diagnostic>), LoadError> {
    let root_shown = root.display().to_string();
    let guide_yaml = root.join("guide.yaml");
    if !guide_yaml.is_file() {
        return Err(LoadError::NoGuideYaml(root_shown));
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(LoadError::NoContent(root_shown));
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut problems = Vec::new();
    let mut sources: HashMap<String, Arc<SourceText>> = HashMap::new();

    let config = match read_text(&guide_yaml, "guide.yaml") {
        Ok(text) => {
            let c = Config::read("guide.yaml", &text, &mut problems);
            sources.insert("guide.yaml".into(), Arc::new(SourceText::new(text)));
            c
        }
        Err(d) => {
            problems.push(d);
            Config::default()
        }
    };

    // 1. Walk content/, noting every file and problem: its top level first, then the
    // folders there side by side (a large guide has thousands of files), joined in order.
    let (top, mut walk_problems) = walk(root, &canonical_root, &content, 1);
    problems.append(&mut walk_problems);
    let parts: Vec<(Vec<Walked>, Vec<Diagnostic>)> = top
        .into_par_iter()
        .map(|w| match w {
            Walked::Folder(dir) => walk(root, &canonical_root, &dir, usize::MAX),
            file => (vec![file], Vec::new()),
        })
        .collect();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for (walked, mut walk_problems) in parts {
        problems.append(&mut walk_problems);
        files.extend(walked.into_iter().filter_map(|w| match w {
            Walked::File(path, rel) => Some((path, rel)),
            Walked::Folder(_) => None,
        }));
    }
    // 2. Which folders are sections (with _index.md) and which are bundles (with index.md).
    let content_rel = |rel: &str| rel.strip_prefix("content/").unwrap_or(rel).to_string();
    let parent_of = |p: &str| {
        p.rsplit_once('/')
            .map_or(String::new(), |(a, _)| a.to_string())
    };
    let mut section_dirs = BTreeSet::new();
    let mut bundle_dirs = BTreeSet::new();
    for (_, rel) in &files {
        let c = content_rel(rel);
        let (dir, name) = c.rsplit_once('/').map_or(("", c.as_str()), |(d, n)| (d, n));
        if name == "_index.md" && !dir.is_empty() {
            section_dirs.insert(dir.to_string());
        } else if name == "index.md" && !dir.is_empty() {
            bundle_dirs.insert(dir.to_string());
        }
    }
    let in_bundle = |c: &str| -> Option<String> {
        let mut d = parent_of(c);
        while !d.is_empty() {
            if bundle_dirs.contains(&d) {
                return Some(d);
            }
            d = parent_of(&d);
        }
        None
    };
    let mut kinds = Vec::new();
    for (path, rel) in files {
        let c = content_rel(&rel);
        let is_md = c.ends_with(".md") || c.ends_with(".markdown");
        let kind = if c == "_index.md" {
            Kind::Home
        } else if c == "glossary.yaml" {
            Kind::Glossary
        } else if let Some(dir) = c.strip_suffix("/_index.md") {
            Kind::SectionIndex(dir.to_string())
        } else if is_md {
            let bundle = in_bundle(&c);
            if let Some(dir) = c
                .strip_suffix("/index.md")
                .filter(|d| bundle_dirs.contains(*d))
            {
                Kind::Contribution {
                    dir: parent_of(dir),
                    slug_source: dir.rsplit('/').next().unwrap_or(dir).to_string(),
                    bundle: Some(dir.to_string()),
                }
            } else if let Some(b) = bundle {
                problems.push(error(&rel, (1, 1), format!("this Markdown file is inside the page folder content/{b}, so it is not a page of its own"), format!("move it out of content/{b}/, or merge it into content/{b}/index.md")));
                continue;
            } else {
                let stem = c.rsplit('/').next().unwrap_or(&c);
                let stem = stem.trim_end_matches(".md").trim_end_matches(".markdown");
                Kind::Contribution {
                    dir: parent_of(&c),
                    slug_source: stem.to_string(),
                    bundle: None,
                }
            }
        } else {
            Kind::Asset {
                bundle: in_bundle(&c),
            }
        };
        kinds.push((path, rel, c, kind));
    }

    // 3. Read and parse text files in parallel.
    struct Read {
        rel: String,
        text: Option<Arc<SourceText>>,
        problems: Vec<Diagnostic>,
    }
    let reads: Vec<Read> = kinds
        .par_iter()
        .map(|(path, rel, _, kind)| {
            if matches!(kind, Kind::Asset { .. }) {
                return Read {
                    rel: rel.clone(),
                    text: None,
                    problems: Vec::new(),
                };
            }
            match read_text(path, rel) {
                Ok(t) => Read {
                    rel: rel.clone(),
                    text: Some(Arc::new(SourceText::new(t))),
                    problems: Vec::new(),
                },
                Err(d) => Read {
                    rel: rel.clone(),
                    text: None,
                    problems: vec![d],
                },
            }
        })
        .collect();

    let mut home = IndexPage {
        file: "content/_index.md".into(),
        title: config.title.clone(),
        ..Default::default()
    };
    let mut glossary_terms = Vec::new();
    let mut section_pages: BTreeMap<String, IndexPage> = BTreeMap::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut assets = Vec::new();
    for ((path, rel, c, kind), read) in kinds.into_iter().zip(reads) {
        problems.extend(read.problems);
        debug_assert_eq!(rel, read.rel);
        match kind {
            Kind::Asset { bundle } => {
                if is_own_file(&c) {
                    problems.push(error(
                        &rel,
                        (1, 1),
                        format!("a file cannot be called \"{c}\" here: coguide makes a file of that name itself"),
                        "rename the file, or move it into a folder",
                    ));
                }
                assets.push(Asset {
                    rel: c,
                    path,
                    owner: None,
                    bundle,
                })
            }
            _ => {
                let Some(text) = read.text else { continue };
                sources.insert(rel.clone(), text.clone());
                match kind {
                    Kind::Home => {
                        home = read_index(&rel, text.text(), &config.title, &mut problems)
                    }
                    Kind::Glossary => {
                        glossary_terms = glossary::read(&rel, text.text(), &mut problems)
                    }
                    Kind::SectionIndex(dir) => {
                        let default_title = title_from_folder(&dir);
                        let page = read_index(&rel, text.text(), &default_title, &mut problems);
                        section_pages.insert(dir, page);
                    }
                    Kind::Contribution {
                        dir,
                        slug_source,
                        bundle,
                    } => pending.push((rel, text, dir, slug_source, bundle)),
                    Kind::Asset { .. } => {}
                }
            }
        }
    }

    // 4. Sections: every folder holding contributions is one; folders without _index.md
    // get a title from their name and a warning.
    let mut all_dirs: BTreeSet<String> = section_pages.keys().cloned().collect();
    for (_, _, dir, _, _) in &pending {
        let mut d = dir.clone();
        while !d.is_empty() {
            all_dirs.insert(d.clone());
            d = parent_of(&d);
        }
    }
    let mut sections: Vec<Section> = Vec::new();
    let mut section_index: HashMap<String, usize> = HashMap::new();
    for dir in &all_dirs {
        let index = match section_pages.remove(dir) {
            Some(p) => p,
            None => {
                let file = format!("content/{dir}/_index.md");
                problems.push(Diagnostic::new("front-matter", Severity::Warning, &format!("content/{dir}"), (1, 1),
                    format!("the folder content/{dir} has no _index.md, so its section is called \"{}\"", title_from_folder(dir)))
                    .with_suggestion(format!("add {file} with a `title` and a `summary` for this section")));
                IndexPage {
                    file,
                    title: title_from_folder(dir),
                    ..Default::default()
                }
            }
        };
        let url_path = dir.split('/').map(slugify).collect::<Vec<_>>().join("/") + "/";
        let parent = section_index.get(&parent_of(dir)).copied();
        section_index.insert(dir.clone(), sections.len());
        sections.push(Section {
            dir: dir.clone(),
            url_path,
            index,
            parent,
        });
    }
    for s in &sections {
        let top = s.url_path.split('/').next().unwrap_or("");
        if RESERVED.contains(&top) {
            problems.push(error(&s.index.file, (1, 1), format!("a section folder cannot be called \"{top}\": coguide uses that name for its own pages"), "rename the folder"));
        }
    }

    // 5. Contributions, in parallel: parse front matter.
    let parsed: Vec<(
        Option<Contribution>,
        Option<UnreadableFile>,
        Vec<Diagnostic>,
    )> = pending
        .into_par_iter()
        .map(|(rel, source, dir, slug_source, bundle)| {
            let mut p = Vec::new();
            let sp = match split(source.text()) {
                Ok(s) => s,
                Err(which) => {
                    p.push(split_problem(&rel, which));
                    let body_offset = if which == "end" {
                        source.text().len()
                    } else {
                        0
                    };
                    return (
                        None,
                        Some(UnreadableFile {
                            file: rel,
                            source,
                            body_offset,
                        }),
                        p,
                    );
                }
            };
            let body_offset = sp.body_offset;
            let meta = read_meta(&rel, sp.yaml, sp.yaml_line, &mut p);
            let slug = slugify(&slug_source);
            if slug.is_empty() {
                p.push(error(
                    &rel,
                    (1, 1),
                    "this file's name has no letters or numbers, so it cannot become a web address",
                    "rename it, for example to my-story.md",
                ));
            }
            match meta {
                Some(meta) if !slug.is_empty() => {
                    let section = if dir.is_empty() {
                        None
                    } else {
                        section_index.get(&dir).copied()
                    };
                    let url_path = match section {
                        Some(s) => format!("{}{slug}/", sections[s].url_path),
                        None => format!("{slug}/"),
                    };
                    let c = Contribution {
                        file: rel,
                        source,
                        body_offset,
                        section,
                        slug,
                        url_path,
                        meta,
                        bundle_dir: bundle,
                    };
                    (Some(c), None, p)
                }
                _ => (
                    None,
                    Some(UnreadableFile {
                        file: rel,
                        source,
                        body_offset,
                    }),
                    p,
                ),
            }
        })
        .collect();
    let mut contributions = Vec::new();
    let mut unreadable = Vec::new();
    for (c, u, p) in parsed {
        problems.extend(p);
        contributions.extend(c);
        unreadable.extend(u);
    }

    // 6. Two files must not become the same page.
    let mut urls: HashMap<String, String> = HashMap::new();
    for s in &sections {
        urls.insert(s.url_path.clone(), s.index.file.clone());
    }
    for c in &contributions {
        let top = c.url_path.split('/').next().unwrap_or("");
        if c.section.is_none() && RESERVED.contains(&top) {
            problems.push(error(
                &c.file,
                (1, 1),
                format!(
                    "a page cannot be called \"{top}\": coguide uses that name for its own pages"
                ),
                "rename the file",
            ));
        }
        if let Some(other) = urls.insert(c.url_path.clone(), c.file.clone()) {
            problems.push(error(
                &c.file,
                (1, 1),
                format!(
                    "this file and {other} would both become the page /{}",
                    c.url_path
                ),
                "rename one of them so each has its own name",
            ));
        }
    }

    // 7. Bundle files belong to their contribution.
    let bundle_owner: HashMap<&str, usize> = contributions
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.bundle_dir.as_deref().map(|b| (b, i)))
        .collect();
    for a in &mut assets {
        a.owner = a
            .bundle
            .as_deref()
            .and_then(|b| bundle_owner.get(b).copied());
    }

    let mut guide = Guide {
        root: root.to_path_buf(),
        config,
        home,
        sections,
        contributions,
        glossary: glossary_terms,
        assets,
        unreadable,
        sources,
    };
    order(&mut guide);
    Ok((guide, problems))
}

/// Sections by weight then title; contributions by section, weight, date, title.
fn order(guide: &mut Guide) {
    let section_key = |s: &Section| (s.index.weight, s.index.title.to_lowercase());
    let mut idx: Vec<usize> = (0..guide.sections.len()).collect();
    idx.sort_by_key(|&i| section_key(&guide.sections[i]));
    let remap: HashMap<usize, usize> = idx
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new))
        .collect();
    let mut sections: Vec<Section> = idx.iter().map(|&i| guide.sections[i].clone()).collect();
    for s in &mut sections {
        s.parent = s.parent.map(|p| remap[&p]);
    }
    guide.sections = sections;
    for c in &mut guide.contributions {
        c.section = c.section.map(|s| remap[&s]);
    }
    // Each contribution's key is made once, not at every comparison (a title in lower
    // case is a new string), and the contributions are moved into their places, not copied.
    let mut order: Vec<usize> = (0..guide.contributions.len()).collect();
    order.sort_by_cached_key(|&i| {
        let c = &guide.contributions[i];
        (
            c.section,
            c.meta.weight.unwrap_or(i64::MAX),
            c.meta.date,
            c.meta.title.to_lowercase(),
            c.file.as_str(),
        )
    });
    let remap: HashMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new))
        .collect();
    let mut places: Vec<Option<Contribution>> = std::mem::take(&mut guide.contributions)
        .into_iter()
        .map(Some)
        .collect();
    guide.contributions = order.iter().filter_map(|&i| places[i].take()).collect();
    for a in &mut guide.assets {
        a.owner = a.owner.map(|o| remap[&o]);
    }
}

fn title_from_folder(dir: &str) -> String {
    let last = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut chars = last.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// Reads contribution `i` of `guide` again after its file changed, keeping its place
/// (file, section, web address), with any problems its front matter has. `None` when it
/// can no longer be read as a contribution: loading the whole guide again says why.
pub fn reread(root: &Path, guide: &Guide, i: usize) -> Option<(Contribution, Vec<Diagnostic>)> {
    let old = &guide.contributions[i];
    let path = root.join(&old.file);
    if !std::fs::symlink_metadata(&path).ok()?.file_type().is_file() {
        return None;
    }
    let source = Arc::new(SourceText::new(read_text(&path, &old.file).ok()?));
    let mut problems = Vec::new();
    let (body_offset, meta) = {
        let sp = split(source.text()).ok()?;
        let meta = read_meta(&old.file, sp.yaml, sp.yaml_line, &mut problems)?;
        (sp.body_offset, meta)
    };
    let contribution = Contribution {
        file: old.file.clone(),
        source,
        body_offset,
        section: old.section,
        slug: old.slug.clone(),
        url_path: old.url_path.clone(),
        meta,
        bundle_dir: old.bundle_dir.clone(),
    };
    Some((contribution, problems))
}
