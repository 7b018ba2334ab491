//! Front matter: splitting it from the body, and reading it into `Meta`, `IndexPage`.

use serde_yaml::Value;

use super::yaml::{Fields, KeyIndex, Reader, describe, explain_syntax_error, nearest};
use super::{Author, Consent, Credit, IndexPage, Meta};
use crate::diagnostics::{Diagnostic, Severity};

/// A file split at its front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// Byte offset of the YAML.
    pub yaml_offset: usize,
    /// Byte offset of the body.
    pub body_offset: usize,
}

/// Finds the `---` … `---` block at the very start of a file. Later `---` lines in the body
/// are Markdown rules and left alone.
pub fn split(text: &str) -> Result<Split<'_>, &'static str> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err("start");
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_line: 2,
                yaml_offset: yaml_start,
                body_offset: (end + 1).min(text.len()),
            });
        }
        pos = end + 1;
    }
    Err("end")
}

pub const CONTRIBUTION_KEYS: &[&str] = &[
    "title",
    "summary",
    "authors",
    "consent",
    "date",
    "updated",
    "weight",
    "tags",
    "content_notes",
    "easy_read",
    "draft",
];
const AUTHOR_KEYS: &[&str] = &["name", "credit", "pseudonym", "id", "role", "under_18"];
const CONSENT_KEYS: &[&str] = &[
    "publish",
    "given",
    "scope",
    "review",
    "expires",
    "withdrawn",
    "guardian",
    "recorded_by",
];
const CREDITS: &[&str] = &[
    "full-name",
    "first-name",
    "initials",
    "pseudonym",
    "anonymous",
];
const INDEX_KEYS: &[&str] = &["title", "summary", "weight"];

/// Parses a YAML string with plain-English errors at the right line.
pub fn parse_yaml(
    file: &str,
    yaml: &str,
    first_line: usize,
    check: &str,
) -> Result<Value, Diagnostic> {
    // An alias bomb expands a few lines into gigabytes: refuse aliases that repeat a lot.
    if yaml.matches('*').count() > 64 && yaml.contains('&') {
        return Err(Diagnostic::new(
            check,
            Severity::Error,
            file,
            (first_line, 1),
            "this YAML repeats itself through aliases (`&` and `*`) too many times to read safely",
        )
        .with_suggestion("write the values out instead of using `&` and `*`"));
    }
    serde_yaml::from_str::<Value>(yaml).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
        let message = explain_syntax_error(&e.to_string());
        Diagnostic::new(check, Severity::Error, file, (line, column), message).with_suggestion(
            "see the front matter example in the README, or run `coguide new` for a fresh file",
        )
    })
}

/// The problems of a file that has no front matter, or front matter that never closes.
pub fn split_problem(file: &str, which: &str) -> Diagnostic {
    match which {
        "start" => Diagnostic::new(
            "front-matter",
            Severity::Error,
            file,
            (1, 1),
            "this file has no front matter: it must start with a line `---`, then the title, authors and consent, then another `---`",
        )
        .with_suggestion("run `coguide new \"Your title\"` to make a file with the front matter filled in"),
        _ => Diagnostic::new(
            "front-matter",
            Severity::Error,
            file,
            (1, 1),
            "the front matter starts with `---` but is never closed",
        )
        .with_suggestion("add a line with just `---` after the last front matter line"),
    }
}

/// Reads a contribution's front matter. `None` when it is too broken to use; the problems
/// say why.
pub fn read_meta(
    file: &str,
    yaml: &str,
    first_line: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<Meta> {
    let value = match parse_yaml(file, yaml, first_line, "front-matter") {
        Ok(v) => v,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let value = if value.is_null() {
        Value::Mapping(Default::default())
    } else {
        value
    };
    let index = KeyIndex::build(yaml, first_line);
    let mut r = Reader::new(file, &index, (1, 1));
    let meta = read_meta_value(&mut r, &value);
    problems.append(&mut r.problems);
    meta
}

fn read_meta_value(r: &mut Reader, value: &Value) -> Option<Meta> {
    let f = r.fields("", "the front matter", value, CONTRIBUTION_KEYS)?;
    let title = r.text(&f, "title", Some("What co-production means to me"));
    let summary = r.text(&f, "summary", None);
    let authors = read_authors(r, &f);
    let consent = f.get("consent").and_then(|c| read_consent(r, &f, c));
    let date = r.date(&f, "date", false);
    let updated = r.date(&f, "updated", false);
    let weight = r.number(&f, "weight").map(|w| w as i64);
    let tags = r.text_list(&f, "tags");
    let content_notes = r.text_list(&f, "content_notes");
    let easy_read = r.text(&f, "easy_read", None);
    let draft = r.flag(&f, "draft").unwrap_or(false);
    if title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        let at = r.value_at("title");
        r.problem_with_fix(
            at,
            "the title is empty",
            "write a short title after `title:`",
        );
    }
    Some(Meta {
        title: title?.trim().to_string(),
        summary: summary.map(|s| s.trim().to_string()),
        authors: authors?,
        consent,
        date,
        updated,
        weight,
        tags,
        content_notes,
        easy_read,
        draft,
    })
}

fn read_authors(r: &mut Reader, f: &Fields) -> Option<Vec<Author>> {
    let Some(value) = f.get("authors") else {
        let at = r.key_at("");
        r.problem_with_fix(
            at,
            "the front matter needs `authors`: who wrote this, and how they want to be credited",
            "add `authors:` with a line like `  - credit: anonymous`",
        );
        return None;
    };
    let Value::Sequence(items) = value else {
        let at = r.value_at("authors");
        r.problem_with_fix(
            at,
            format!("`authors` should be a list, but it is {}", describe(value)),
            "start each author on a new line with `  - `, like `  - credit: anonymous`",
        );
        return None;
    };
    if items.is_empty() {
        let at = r.key_at("authors");
        r.problem_with_fix(
            at,
            "`authors` is empty: every contribution needs at least one author",
            "add a line like `  - credit: anonymous`",
        );
        return None;
    }
    let mut authors = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let path = format!("authors.{i}");
        match read_author(r, &path, item) {
            Some(a) => authors.push(a),
            None => ok = false,
        }
    }
    ok.then_some(authors)
}

fn read_author(r: &mut Reader, path: &str, value: &Value) -> Option<Author> {
    let f = r.fields(path, "an author", value, AUTHOR_KEYS)?;
    let before = r.problems.len();
    let name = r.text(&f, "name", None).map(|n| n.trim().to_string());
    let pseudonym = r.text(&f, "pseudonym", None).map(|n| n.trim().to_string());
    let id = r.text(&f, "id", None);
    let role = r
        .text(&f, "role", None)
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let under_18 = r.flag(&f, "under_18").unwrap_or(false);
    let credit_text = r.text(&f, "credit", None);
    let credit = match credit_text.as_deref().map(str::trim) {
        None | Some("anonymous") => Credit::Anonymous,
        Some("full-name") => Credit::FullName,
        Some("first-name") => Credit::FirstName,
        Some("initials") => Credit::Initials,
        Some("pseudonym") => match pseudonym.clone().filter(|p| !p.is_empty()) {
            Some(p) => Credit::Pseudonym(p),
            None => {
                let at = r.key_at(&f.path_of("credit"));
                r.problem_with_fix(
                    at,
                    "this author chose a pseudonym, but `pseudonym` is missing",
                    "add a line like `    pseudonym: River` under this author",
                );
                return None;
            }
        },
        Some(other) => {
            let at = r.value_at(&f.path_of("credit"));
            let near = nearest(other, CREDITS)
                .map(|n| format!("Did you mean `{n}`? "))
                .unwrap_or_default();
            r.problem_with_fix(
                at,
                format!("`credit: {other}` is not a credit choice coguide knows. {near}"),
                format!("use one of: {}", CREDITS.join(", ")),
            );
            return None;
        }
    };
    let needs_name = matches!(
        credit,
        Credit::FullName | Credit::FirstName | Credit::Initials
    );
    if needs_name && name.as_deref().is_none_or(str::is_empty) {
        let at = r.key_at(&f.path_of("credit"));
        r.problem_with_fix(
            at,
            format!(
                "this author chose `{}` credit, which needs their `name`",
                credit.id()
            ),
            "add a line like `    name: Sam Jones` under this author",
        );
        return None;
    }
    if r.problems.len() > before {
        return None;
    }
    Some(Author {
        name: name.filter(|n| !n.is_empty()),
        credit,
        id,
        role,
        under_18,
    })
}

fn read_consent(r: &mut Reader, parent: &Fields, value: &Value) -> Option<Consent> {
    let path = parent.path_of("consent");
    let f = r.fields(&path, "`consent`", value, CONSENT_KEYS)?;
    let before = r.problems.len();
    let publish = r.flag(&f, "publish");
    let given = r.date(&f, "given", true);
    let scope = if f.get("scope").is_some() {
        r.text_list(&f, "scope")
    } else {
        vec!["web".to_string()]
    };
    let review = r.date(&f, "review", false);
    let expires = r.date(&f, "expires", false);
    let withdrawn = r.date(&f, "withdrawn", false);
    let guardian = r.flag(&f, "guardian").unwrap_or(false);
    let recorded_by = r.text(&f, "recorded_by", None);
    if r.problems.len() > before {
        return None;
    }
    Some(Consent {
        publish: publish.unwrap_or(false),
        given: given?,
        scope: scope.iter().map(|s| s.trim().to_lowercase()).collect(),
        review,
        expires,
        withdrawn,
        guardian,
        recorded_by,
    })
}

/// Reads the front matter of `_index.md` (home page or section).
pub fn read_index(
    file: &str,
    text: &str,
    default_title: &str,
    problems: &mut Vec<Diagnostic>,
) -> IndexPage {
    let mut page = IndexPage {
        file: file.to_string(),
        title: default_title.to_string(),
        ..Default::default()
    };
    let split = match split(text) {
        Ok(s) => s,
        Err(_) => {
            page.body = text.to_string();
            return page;
        }
    };
    page.body = text[split.body_offset..].to_string();
    let value = match parse_yaml(file, split.yaml, split.yaml_line, "front-matter") {
        Ok(Value::Null) => return page,
        Ok(v) => v,
        Err(d) => {
            problems.push(d);
            return page;
        }
    };
    let index = KeyIndex::build(split.yaml, split.yaml_line);
    let mut r = Reader::new(file, &index, (1, 1));
    if let Some(f) = r.fields("", "this page's front matter", &value, INDEX_KEYS) {
        if let Some(t) = r.text(&f, "title", None) {
            page.title = t.trim().to_string();
        }
        page.summary = r
            .text(&f, "summary", None)
            .unwrap_or_default()
            .trim()
            .to_string();
        page.weight = r.number(&f, "weight").unwrap_or(0.0) as i64;
    }
    problems.append(&mut r.problems);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> (Option<Meta>, Vec<Diagnostic>) {
        let s = split(text).unwrap();
        let mut problems = Vec::new();
        let m = read_meta("a.md", s.yaml, s.yaml_line, &mut problems);
        (m, problems)
    }

    #[test]
    fn body_rules_are_not_front_matter() {
        let text = "---\ntitle: A\n---\nHello\n\n---\n\nMore\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(&text[s.body_offset..], "Hello\n\n---\n\nMore\n");
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        assert_eq!(split("---\ntitle: A\n"), Err("end"));
        assert_eq!(split("title: A\n"), Err("start"));
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let (m, p) = meta(
            "---\ntitle: T\nsumary: x\nauthors:\n  - credit: pseudonym\nconsent:\n  publish: \"yes\"\n  givne: 2025-01-01\n---\n",
        );
        assert!(m.is_none());
        let lines: Vec<(usize, &str)> = p.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 3 && m.contains("Did you mean `summary`")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 5 && m.contains("pseudonym")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 7 && m.contains("true or false")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 8 && m.contains("Did you mean `given`")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 6 && m.contains("needs a `given` date")),
            "{lines:?}"
        );
    }

    #[test]
    fn a_good_file_reads_into_types() {
        let (m, p) = meta(
            "---\ntitle: T\nsummary: S\nauthors:\n  - name: Sam Jones\n    credit: first-name\n    role: carer\nconsent:\n  publish: true\n  given: 2025-06-30\n---\nBody\n",
        );
        assert!(p.is_empty(), "{p:?}");
        let m = m.unwrap();
        assert_eq!(m.authors[0].credit, Credit::FirstName);
        assert_eq!(m.consent.unwrap().scope, vec!["web"]);
    }
}
