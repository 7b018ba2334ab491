//! Where a link in a contribution goes: another page of the guide (by relative path or by
//! wiki-link), a file beside it, or the web. A link to a held-back contribution goes
//! nowhere: it is rendered as plain text, so the page cannot be found or guessed.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use crate::guide::Guide;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A published page or a file, with its address (already including the base path).
    Url(String),
    /// A page of the guide that is held back: no link, and no title given away.
    HeldBack,
    /// Nothing in the guide has this name or path.
    Missing,
    /// An address with a scheme coguide never links to (`javascript:`, `data:` …).
    Unsafe,
}

/// What kind of thing a link leads to, without its address: all the checks need, so they
/// do not make an address for every link only to throw it away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leads {
    /// A published page of the guide (its index in `guide.contributions`).
    Page(usize),
    /// Somewhere else a link may go: a file of the guide, the glossary, this page, the web.
    Elsewhere,
    HeldBack,
    Missing,
    Unsafe,
}

/// Where a destination was found, before an address is made of it; what
/// [`LinkIndex::resolve`] and [`LinkIndex::leads`] share, so they cannot disagree.
enum Found<'d> {
    /// Linked as written (trimmed): an anchor on this page, a web address, `//host/…`.
    AsWritten(&'d str),
    Unsafe,
    Missing,
    /// A contribution, and the `#anchor` written after its path (or ``).
    Page(usize, &'d str),
    /// The glossary file, and the anchor after it.
    Glossary(&'d str),
    /// A file of the guide: its index, and its content-relative path.
    Asset(usize, String),
    /// An address on the same site, written from its root.
    FromRoot(&'d str),
}

/// Lookup tables built once per build.
pub struct LinkIndex {
    base_path: String,
    /// Content-relative path of each contribution (`voices/sam.md`) → its index.
    by_path: HashMap<String, usize>,
    /// Lower-case title, file stem and slug → contribution index.
    by_name: HashMap<String, usize>,
    /// Content-relative path of each asset → its index in `guide.assets`.
    assets: HashMap<String, usize>,
    /// Which contributions are published.
    published: Vec<bool>,
    urls: Vec<String>,
}

impl LinkIndex {
    pub fn new(guide: &Guide, published: &[bool]) -> Self {
        // Made on one thread before the pages are checked or rendered, so it is sized up
        // front, and a name already taken is not made into a key again.
        let n = guide.contributions.len();
        let mut by_path = HashMap::with_capacity_and_hasher(n + n / 4, Default::default());
        let mut by_name = HashMap::with_capacity_and_hasher(3 * n, Default::default());
        let mut name = |key: Cow<str>, i: usize| {
            if !by_name.contains_key(key.as_ref()) {
                by_name.insert(key.into_owned(), i);
            }
        };
        for (i, c) in guide.contributions.iter().enumerate() {
            let rel = c.file.strip_prefix("content/").unwrap_or(&c.file);
            if let Some(dir) = rel.strip_suffix("/index.md") {
                by_path.insert(dir.to_string(), i);
                by_path.insert(format!("{dir}/"), i);
            }
            by_path.insert(rel.to_string(), i);
            let stem = rel.rsplit('/').find(|p| *p != "index.md").unwrap_or(rel);
            let stem = stem.trim_end_matches(".md").trim_end_matches(".markdown");
            name(lower(&c.meta.title), i);
            name(lower(stem), i);
            name(Cow::Borrowed(&c.slug), i);
        }
        let assets = guide
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.rel.clone(), i))
            .collect();
        LinkIndex {
            base_path: guide.config.base_path.clone(),
            by_path,
            by_name,
            assets,
            published: published.to_vec(),
            urls: guide
                .contributions
                .iter()
                .map(|c| format!("{}{}", guide.config.base_path, c.url_path))
                .collect(),
        }
    }

    fn page(&self, i: usize, anchor: &str) -> Target {
        if self.published[i] {
            Target::Url(format!("{}{anchor}", self.urls[i]))
        } else {
            Target::HeldBack
        }
    }

    fn page_leads(&self, i: usize) -> Leads {
        if self.published[i] {
            Leads::Page(i)
        } else {
            Leads::HeldBack
        }
    }

    /// The contribution a link points at, if any (for checks).
    pub fn contribution(&self, from_dir: &str, dest: &str, wiki: bool) -> Option<usize> {
        let (path, _) = split_anchor(dest);
        if wiki {
            return self.named(path);
        }
        let joined = join_relative(from_dir, path)?;
        self.by_path.get(&joined).copied()
    }

    /// The contribution a wiki-link's name (no anchor) is the title, file stem or slug of.
    fn named(&self, name: &str) -> Option<usize> {
        let key = lower(name.trim().trim_end_matches(".md"));
        self.by_name.get(key.as_ref()).copied()
    }

    /// Resolves a wiki-link target: `Page title`, `file-name`, with an optional `#anchor`.
    pub fn wiki(&self, target: &str) -> Target {
        let (name, anchor) = split_anchor(target);
        // Obsidian writes the heading's words after `#`: they become the heading's id.
        let anchor = match anchor.strip_prefix('#') {
            Some(a) if !a.is_empty() => format!("#{}", super::slugify(a)),
            _ => String::new(),
        };
        match self.named(name) {
            Some(i) => self.page(i, &anchor),
            None => Target::Missing,
        }
    }

    /// What kind of thing a wiki-link leads to, as [`LinkIndex::wiki`] would resolve it.
    pub fn wiki_leads(&self, target: &str) -> Leads {
        match self.named(split_anchor(target).0) {
            Some(i) => self.page_leads(i),
            None => Leads::Missing,
        }
    }

    /// Resolves a Markdown link or image destination written in a file in `from_dir`
    /// (content-relative folder, `` for the content root).
    /// Returns the target, and the asset index when it is a file of the guide.
    pub fn resolve(&self, from_dir: &str, dest: &str) -> (Target, Option<usize>) {
        match self.find(from_dir, dest) {
            Found::AsWritten(dest) => (Target::Url(dest.to_string()), None),
            Found::Unsafe => (Target::Unsafe, None),
            Found::Missing => (Target::Missing, None),
            Found::Page(i, anchor) => (self.page(i, anchor), None),
            // The glossary file becomes the glossary page.
            Found::Glossary(anchor) => (
                Target::Url(format!("{}glossary/{anchor}", self.base_path)),
                None,
            ),
            Found::Asset(a, joined) => (
                Target::Url(format!("{}{}", self.base_path, encode_path(&joined))),
                Some(a),
            ),
            Found::FromRoot(dest) => (
                Target::Url(format!(
                    "{}{}",
                    self.base_path,
                    dest.trim_start_matches('/')
                )),
                None,
            ),
        }
    }

    /// What kind of thing a Markdown link or image destination leads to, as
    /// [`LinkIndex::resolve`] would resolve it.
    pub fn leads(&self, from_dir: &str, dest: &str) -> Leads {
        match self.find(from_dir, dest) {
            Found::Page(i, _) => self.page_leads(i),
            Found::Unsafe => Leads::Unsafe,
            Found::Missing => Leads::Missing,
            Found::AsWritten(_) | Found::Glossary(_) | Found::Asset(..) | Found::FromRoot(_) => {
                Leads::Elsewhere
            }
        }
    }

    fn find<'d>(&self, from_dir: &str, dest: &'d str) -> Found<'d> {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') {
            return Found::AsWritten(dest);
        }
        if let Some(scheme) = scheme(dest) {
            return match scheme.as_str() {
                "http" | "https" | "mailto" | "tel" => Found::AsWritten(dest),
                _ => Found::Unsafe,
            };
        }
        if dest.starts_with("//") {
            return Found::AsWritten(dest);
        }
        let (path, anchor) = split_anchor(dest);
        let decoded = percent_decode(path);
        let Some(joined) = join_relative(from_dir, &decoded) else {
            return Found::Missing;
        };
        if let Some(&i) = self.by_path.get(&joined) {
            return Found::Page(i, anchor);
        }
        if joined == "glossary.yaml" {
            return Found::Glossary(anchor);
        }
        if let Some(&a) = self.assets.get(&joined) {
            return Found::Asset(a, joined);
        }
        if dest.starts_with('/') {
            return Found::FromRoot(dest);
        }
        Found::Missing
    }
}

/// `s` in lower case, borrowed when it already is (most file names and slugs).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

fn split_anchor(dest: &str) -> (&str, &str) {
    match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    }
}

/// `javascript:alert(1)` → `javascript`. Browsers ignore whitespace and control characters
/// inside a scheme, so those are removed before looking.
fn scheme(dest: &str) -> Option<String> {
    // Most links are paths inside the guide, with no colon at all.
    if !dest.contains(':') {
        return None;
    }
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let colon = cleaned.find(':')?;
    let s = &cleaned[..colon];
    if s.is_empty() || cleaned[..colon].contains(['/', '?', '#']) {
        return None;
    }
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        .then(|| s.to_ascii_lowercase())
}

/// Joins a relative path to a content folder, refusing to climb out of `content/`.
/// Made straight into one string: every link of every page comes through here.
pub fn join_relative(from_dir: &str, path: &str) -> Option<String> {
    let mut joined = String::with_capacity(from_dir.len() + path.len() + 1);
    fn push(joined: &mut String, seg: &str) {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str(seg);
    }
    if !path.starts_with('/') {
        for seg in from_dir.split('/').filter(|p| !p.is_empty()) {
            push(&mut joined, seg);
        }
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if joined.is_empty() {
                    return None;
                }
                joined.truncate(joined.rfind('/').unwrap_or(0));
            }
            s => push(&mut joined, s),
        }
    }
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Decodes `%20` and the like; most paths have none, and are borrowed as they are.
fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Percent-encodes the characters of a path that cannot stand in a URL as they are.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || "/-_.~".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside_content() {
        assert_eq!(
            join_relative("stories", "../voices/sam.md").as_deref(),
            Some("voices/sam.md")
        );
        assert_eq!(join_relative("stories", "../../evil.md"), None);
        assert_eq!(join_relative("", "a/./b.md").as_deref(), Some("a/b.md"));
        assert_eq!(join_relative("a/b", "/c/").as_deref(), Some("c/"));
        assert_eq!(join_relative("a", "..").as_deref(), Some(""));
    }

    /// Joining as a list of folder names, one pushed or popped at a time.
    fn join_by_parts(from_dir: &str, path: &str) -> Option<String> {
        let mut parts: Vec<&str> = if path.starts_with('/') {
            Vec::new()
        } else {
            from_dir.split('/').filter(|p| !p.is_empty()).collect()
        };
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        let mut joined = parts.join("/");
        if path.ends_with('/') && !joined.is_empty() {
            joined.push('/');
        }
        Some(joined)
    }

    proptest::proptest! {
        #[test]
        fn paths_join_as_folder_names_would(
            from_dir in "(/?(a|bc|\\.\\.|\\.\\.\\.|x y)){0,4}/?",
            path in "(/?(a|bc|\\.|\\.\\.|\\.\\.\\.|d\\.md)){0,6}/?",
        ) {
            proptest::prop_assert_eq!(join_relative(&from_dir, &path), join_by_parts(&from_dir, &path));
        }
    }

    #[test]
    fn unsafe_schemes_are_found_even_when_disguised() {
        assert_eq!(scheme("javascript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(
            scheme("java\tscript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme(" JavaScript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("voices/sam.md"), None);
        assert_eq!(scheme("a/b:c"), None);
    }

    /// `slugify` as it was, one character at a time: what the ASCII fast path must match.
    fn slugify_by_char(text: &str) -> String {
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

    // Here because wiki-links' anchors are heading ids made by `slugify`.
    proptest::proptest! {
        #[test]
        fn slugs_are_made_as_one_character_at_a_time(text in "[A-Za-z0-9 '’_.#İÉéßΣ日本\u{301}-]{0,24}") {
            proptest::prop_assert_eq!(crate::render::slugify(&text), slugify_by_char(&text));
        }

        #[test]
        fn slugs_of_any_text_are_made_as_one_character_at_a_time(text in "\\PC{0,24}") {
            proptest::prop_assert_eq!(crate::render::slugify(&text), slugify_by_char(&text));
        }
    }

    #[test]
    fn wiki_links_and_paths_lead_where_they_resolve() {
        // A guide of no pages: every kind a path can have apart from a page.
        let index = LinkIndex {
            base_path: "/".into(),
            by_path: HashMap::default(),
            by_name: HashMap::default(),
            assets: [("a/b c.png".to_string(), 0)].into_iter().collect(),
            published: Vec::new(),
            urls: Vec::new(),
        };
        for dest in [
            "",
            "#x",
            "https://a.b",
            "javascript:x",
            "//h/x",
            "../../x",
            "glossary.yaml#t",
            "b%20c.png",
            "/feed.xml",
            "nothing.md",
        ] {
            let leads = match index.resolve("a", dest).0 {
                Target::Url(_) => Leads::Elsewhere,
                Target::HeldBack => Leads::HeldBack,
                Target::Missing => Leads::Missing,
                Target::Unsafe => Leads::Unsafe,
            };
            assert_eq!(index.leads("a", dest), leads, "{dest}");
        }
        assert_eq!(index.wiki_leads("Nothing#x"), Leads::Missing);
    }
}
