//! `guide.yaml`: the site settings.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::frontmatter::parse_yaml;
use super::yaml::{KeyIndex, Reader, describe, nearest};
use crate::checks::CHECK_IDS;
use crate::diagnostics::{Diagnostic, Severity};

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url`: starts and ends with `/`.
    pub base_path: String,
    pub language: String,
    pub theme: String,
    pub search: bool,
    /// How many of the newest contributions the Atom feed lists (`None`: every one).
    pub feed_entries: Option<usize>,
    pub support: Vec<Support>,
    /// Severity set per check id in `checks:`.
    pub checks: BTreeMap<String, Level>,
    pub reading_level: ReadingLevel,
    pub jargon: JargonConfig,
    /// Optional text for the "How this guide was made" page.
    pub about: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Support {
    pub name: String,
    pub contact: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReadingLevel {
    pub max_grade: f64,
    pub summary_max_grade: f64,
}

#[derive(Debug, Clone, Default)]
pub struct JargonConfig {
    /// (term, suggestion) pairs added to the built-in list.
    pub extra: Vec<(String, String)>,
    /// Terms never flagged.
    pub allow: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "A co-produced guide".into(),
            description: String::new(),
            base_url: "/".into(),
            base_path: "/".into(),
            language: "en-GB".into(),
            theme: "default".into(),
            search: true,
            feed_entries: Some(DEFAULT_FEED_ENTRIES),
            support: Vec::new(),
            checks: BTreeMap::new(),
            reading_level: ReadingLevel {
                max_grade: 9.0,
                summary_max_grade: 8.0,
            },
            jargon: JargonConfig::default(),
            about: None,
        }
    }
}

/// How many entries the feed has unless guide.yaml says otherwise: enough for anyone
/// who reads it now and then, without every reader's app fetching the whole guide each
/// time it looks (a guide of 100,000 contributions made a feed of 58 MB).
pub const DEFAULT_FEED_ENTRIES: usize = 50;

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "search",
    "feed_entries",
    "support",
    "checks",
    "reading_level",
    "jargon",
    "about",
];

impl Config {
    /// Reads guide.yaml text. Problems are `front-matter` errors pointing into guide.yaml.
    pub fn read(file: &str, text: &str, problems: &mut Vec<Diagnostic>) -> Config {
        let mut config = Config::default();
        let value = match parse_yaml(file, text, 1, "front-matter") {
            Ok(Value::Null) => return config,
            Ok(v) => v,
            Err(d) => {
                problems.push(d);
                return config;
            }
        };
        let index = KeyIndex::build(text, 1);
        let mut r = Reader::new(file, &index, (1, 1));
        let Some(f) = r.fields("", "guide.yaml", &value, KEYS) else {
            problems.append(&mut r.problems);
            return config;
        };
        if let Some(t) = r.text(&f, "title", Some("Co-production, together")) {
            config.title = t.trim().to_string();
        }
        config.description = r
            .text(&f, "description", None)
            .unwrap_or_default()
            .trim()
            .to_string();
        if let Some(url) = r.text(&f, "base_url", None) {
            let (base_url, base_path) = normalise_base_url(url.trim());
            config.base_url = base_url;
            config.base_path = base_path;
        }
        if let Some(l) = r.text(&f, "language", None) {
            config.language = l.trim().to_string();
        }
        if let Some(t) = r.text(&f, "theme", None) {
            config.theme = t.trim().to_string();
        }
        if let Some(s) = r.flag(&f, "search") {
            config.search = s;
        }
        match f.get("feed_entries") {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {
                config.feed_entries = n.as_u64().and_then(|n| usize::try_from(n).ok());
            }
            Some(Value::String(s)) if s.trim() == "all" => config.feed_entries = None,
            Some(other) => {
                let at = r.value_at("feed_entries");
                r.problem_with_fix(
                    at,
                    format!(
                        "`feed_entries` says how many of the newest contributions the feed \
                         lists, but it is {}",
                        describe(other)
                    ),
                    format!("write a whole number, like `feed_entries: {DEFAULT_FEED_ENTRIES}`, or `feed_entries: all`"),
                );
            }
        }
        config.about = r.text(&f, "about", None);
        if let Some(Value::Sequence(items)) = f.get("support") {
            for (i, item) in items.iter().enumerate() {
                let path = format!("support.{i}");
                if let Some(sf) = r.fields(
                    &path,
                    "a support contact",
                    item,
                    &["name", "contact", "url"],
                ) {
                    let name = r.text(&sf, "name", Some("Samaritans"));
                    let contact = r.text(&sf, "contact", Some("Call 116 123, free, any time"));
                    let url = r.text(&sf, "url", None);
                    if let (Some(name), Some(contact)) = (name, contact) {
                        config.support.push(Support { name, contact, url });
                    }
                }
            }
        } else if let Some(other) = f.get("support") {
            let at = r.value_at("support");
            r.problem(
                at,
                format!(
                    "`support` should be a list of contacts, but it is {}",
                    describe(other)
                ),
            );
        }
        if let Some(v) = f.get("checks")
            && let Some(cf) = r.fields("checks", "`checks`", v, CHECK_IDS)
        {
            for (key, level) in cf.map {
                let (Some(id), Some(_)) = (
                    key.as_str(),
                    CHECK_IDS.iter().find(|c| Some(**c) == key.as_str()),
                ) else {
                    continue;
                };
                let path = cf.path_of(id);
                let parsed = match level {
                    Value::String(s) if s == "off" => Some(Level::Off),
                    Value::Bool(false) => Some(Level::Off),
                    Value::String(s) if s == "warning" => Some(Level::Warning),
                    Value::String(s) if s == "error" => Some(Level::Error),
                    _ => None,
                };
                match parsed {
                    Some(l) => {
                        config.checks.insert(id.to_string(), l);
                    }
                    None => {
                        let at = r.value_at(&path);
                        r.problem_with_fix(
                            at,
                            format!("`{id}` in `checks` must be off, warning or error"),
                            format!("write `{id}: warning`"),
                        );
                    }
                }
            }
        }
        if let Some(v) = f.get("reading_level")
            && let Some(rf) = r.fields(
                "reading_level",
                "`reading_level`",
                v,
                &["max_grade", "summary_max_grade"],
            )
        {
            if let Some(g) = r.number(&rf, "max_grade") {
                config.reading_level.max_grade = g;
            }
            if let Some(g) = r.number(&rf, "summary_max_grade") {
                config.reading_level.summary_max_grade = g;
            }
        }
        if let Some(v) = f.get("jargon")
            && let Some(jf) = r.fields("jargon", "`jargon`", v, &["extra", "allow"])
        {
            config.jargon.allow = r
                .text_list(&jf, "allow")
                .iter()
                .map(|s| s.to_lowercase())
                .collect();
            if let Some(Value::Sequence(items)) = jf.get("extra") {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("jargon.extra.{i}");
                    if let Some(ef) =
                        r.fields(&path, "a jargon entry", item, &["term", "suggestion"])
                        && let (Some(term), Some(s)) = (
                            r.text(&ef, "term", Some("stakeholder")),
                            r.text(&ef, "suggestion", Some("people involved")),
                        )
                    {
                        config.jargon.extra.push((term.to_lowercase(), s));
                    }
                }
            }
        }
        problems.append(&mut r.problems);
        config
    }

    /// The severity of a check after guide.yaml `checks:`; `None` when it is off.
    pub fn severity(&self, check: &str, default: Severity) -> Option<Severity> {
        match self.checks.get(check) {
            Some(level) => level.severity(),
            None => Some(default),
        }
    }
}

/// `https://example.org/guide` → (`https://example.org/guide/`, `/guide/`).
pub fn normalise_base_url(url: &str) -> (String, String) {
    let mut base_url = url.to_string();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let path = match base_url.find("://") {
        Some(i) => {
            let after = &base_url[i + 3..];
            after
                .find('/')
                .map_or("/".to_string(), |p| after[p..].to_string())
        }
        None if base_url.starts_with('/') => base_url.clone(),
        None => format!("/{base_url}"),
    };
    (base_url, path)
}

/// A suggestion for a mistyped check id, for messages elsewhere.
pub fn nearest_check(id: &str) -> Option<String> {
    nearest(id, CHECK_IDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gives_a_path() {
        assert_eq!(normalise_base_url("https://example.org").1, "/");
        assert_eq!(normalise_base_url("https://example.org/guide").1, "/guide/");
        assert_eq!(normalise_base_url("/sub/").1, "/sub/");
    }

    #[test]
    fn checks_levels_are_read() {
        let mut p = Vec::new();
        let c = Config::read(
            "guide.yaml",
            "title: T\nchecks:\n  jargon: off\n  long-sentence: error\n  jargn: warning\n",
            &mut p,
        );
        assert_eq!(c.checks.get("jargon"), Some(&Level::Off));
        assert_eq!(
            c.severity("long-sentence", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("Did you mean `jargon`"));
        assert_eq!(p[0].line, 5);
    }
}
