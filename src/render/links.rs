//! Where a link in a contribution goes: another page of the guide (by relative path or by
//! wiki-link), a file beside it, or the web. A link to a held-back contribution goes
//! nowhere: it is rendered as plain text, so the page cannot be found or guessed.

use std::collections::HashMap;

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
        let mut by_path = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, c) in guide.contributions.iter().enumerate() {
            let rel = c
                .file
                .strip_prefix("content/")
                .unwrap_or(&c.file)
                .to_string();
            if let Some(dir) = rel.strip_suffix("/index.md") {
                by_path.insert(dir.to_string(), i);
                by_path.insert(format!("{dir}/"), i);
            }
            by_path.insert(rel.clone(), i);
            let stem = rel.rsplit('/').find(|p| *p != "index.md").unwrap_or(&rel);
            let stem = stem.trim_end_matches(".md").trim_end_matches(".markdown");
            by_name.entry(c.meta.title.to_lowercase()).or_insert(i);
            by_name.entry(stem.to_lowercase()).or_insert(i);
            by_name.entry(c.slug.clone()).or_insert(i);
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

    /// The contribution a link points at, if any (for checks).
    pub fn contribution(&self, from_dir: &str, dest: &str, wiki: bool) -> Option<usize> {
        let (path, _) = split_anchor(dest);
        if wiki {
            let name = path.trim().trim_end_matches(".md").to_lowercase();
            return self.by_name.get(&name).copied();
        }
        let joined = join_relative(from_dir, path)?;
        self.by_path.get(&joined).copied()
    }

    /// Resolves a wiki-link target: `Page title`, `file-name`, with an optional `#anchor`.
    pub fn wiki(&self, target: &str) -> Target {
        let (name, anchor) = split_anchor(target);
        let key = name.trim().trim_end_matches(".md").to_lowercase();
        // Obsidian writes the heading's words after `#`: they become the heading's id.
        let anchor = match anchor.strip_prefix('#') {
            Some(a) if !a.is_empty() => format!("#{}", super::slugify(a)),
            _ => String::new(),
        };
        match self.by_name.get(&key) {
            Some(&i) => self.page(i, &anchor),
            None => Target::Missing,
        }
    }

    /// Resolves a Markdown link or image destination written in a file in `from_dir`
    /// (content-relative folder, `` for the content root).
    /// Returns the target, and the asset index when it is a file of the guide.
    pub fn resolve(&self, from_dir: &str, dest: &str) -> (Target, Option<usize>) {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') {
            return (Target::Url(dest.to_string()), None);
        }
        if let Some(scheme) = scheme(dest) {
            return match scheme.as_str() {
                "http" | "https" | "mailto" | "tel" => (Target::Url(dest.to_string()), None),
                _ => (Target::Unsafe, None),
            };
        }
        if dest.starts_with("//") {
            return (Target::Url(dest.to_string()), None);
        }
        let (path, anchor) = split_anchor(dest);
        let decoded = percent_decode(path);
        let Some(joined) = join_relative(from_dir, &decoded) else {
            return (Target::Missing, None);
        };
        if let Some(&i) = self.by_path.get(&joined) {
            return (self.page(i, anchor), None);
        }
        if joined == "glossary.yaml" {
            // The glossary file becomes the glossary page.
            return (
                Target::Url(format!("{}glossary/{anchor}", self.base_path)),
                None,
            );
        }
        if let Some(&a) = self.assets.get(&joined) {
            return (
                Target::Url(format!("{}{}", self.base_path, encode_path(&joined))),
                Some(a),
            );
        }
        if dest.starts_with('/') {
            // An address on the same site, written from its root.
            return (
                Target::Url(format!(
                    "{}{}",
                    self.base_path,
                    dest.trim_start_matches('/')
                )),
                None,
            );
        }
        (Target::Missing, None)
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
pub fn join_relative(from_dir: &str, path: &str) -> Option<String> {
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

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
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
    String::from_utf8_lossy(&out).into_owned()
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
}
