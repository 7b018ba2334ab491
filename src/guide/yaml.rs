//! Turning YAML into typed values while collecting *every* problem, each at its line.
//!
//! serde's `deny_unknown_fields` stops at the first problem and cannot say where a missing
//! key should go. Authors need all their mistakes at once, each pointing at a line, with a
//! "did you mean". So YAML is parsed to a `serde_yaml::Value`, and a `Fields` reader walks
//! it against the schema written in code (the known keys of each mapping), using a small
//! index of where each key sits in the text.

use rustc_hash::FxHashMap as HashMap;

use jiff::civil::Date;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Severity};

/// Where each key of a block-style YAML document sits: the path (`authors.0.credit`) to
/// the 1-based line and character column of the key and of its value.
#[derive(Debug, Default)]
pub struct KeyIndex {
    keys: HashMap<String, KeyPos>,
}

#[derive(Debug, Clone, Copy)]
pub struct KeyPos {
    pub line: usize,
    pub key_column: usize,
    pub value_column: usize,
}

impl KeyIndex {
    /// Builds the index from YAML text whose first line is line `first_line` of the file.
    ///
    /// It is built for every page (the front matter is read, then checked), so the path
    /// of the innermost key is kept as one string that grows and shrinks with the
    /// nesting, lines and colons are found with memchr, and only the index's own keys
    /// are allocated.
    pub fn build(yaml: &str, first_line: usize) -> Self {
        let mut keys = HashMap::with_capacity_and_hasher(yaml.len() / 16, Default::default());
        // The path of the innermost entry (`authors.0.credit`), and for each entry:
        // (indent, length of the path before it, is_sequence_item).
        let mut path = String::new();
        let mut stack: Vec<(usize, usize, bool)> = Vec::new();
        // How many items each sequence (by the path of its parent) has had so far: a
        // list, as a page has one or two sequences.
        let mut counters: Vec<(String, usize)> = Vec::new();
        let pop_while = |stack: &mut Vec<(usize, usize, bool)>,
                         path: &mut String,
                         done: &dyn Fn(&(usize, usize, bool)) -> bool| {
            while let Some(top) = stack.last().filter(|top| done(top)) {
                path.truncate(top.1);
                stack.pop();
            }
        };
        let push = |stack: &mut Vec<(usize, usize, bool)>,
                    path: &mut String,
                    indent: usize,
                    segment: &str,
                    item: bool| {
            stack.push((indent, path.len(), item));
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(segment);
        };
        for (n, raw) in lines(yaml).enumerate() {
            let line = first_line + n;
            let indent = raw.bytes().take_while(|&b| b == b' ').count();
            let mut rest = &raw[indent..];
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let mut column = indent;
            if rest == "-" || rest.starts_with("- ") {
                pop_while(&mut stack, &mut path, &|&(i, _, item)| {
                    i > indent || (i == indent && item)
                });
                let number = match counters.iter_mut().find(|(p, _)| *p == path) {
                    Some((_, counter)) => {
                        *counter += 1;
                        *counter - 1
                    }
                    None => {
                        counters.push((path.clone(), 1));
                        0
                    }
                };
                push(&mut stack, &mut path, indent, &number.to_string(), true);
                // The item itself is found at its dash, for problems with the whole item.
                keys.entry(path.clone()).or_insert(KeyPos {
                    line,
                    key_column: indent + 1,
                    value_column: indent + 1,
                });
                let after = rest[1..].trim_start_matches(' ');
                column += rest.len() - after.len();
                rest = after;
                if rest.is_empty() {
                    continue;
                }
            } else {
                pop_while(&mut stack, &mut path, &|&(i, _, _)| i >= indent);
            }
            let Some((key, value_offset)) = split_key(rest) else {
                continue;
            };
            push(&mut stack, &mut path, column, key, false);
            counters.retain(|(p, _)| *p != path);
            let before_value = &rest[..value_offset];
            let value_column = column
                + if before_value.is_ascii() {
                    before_value.len()
                } else {
                    before_value.chars().count()
                };
            keys.entry(path.clone()).or_insert(KeyPos {
                line,
                key_column: column + 1,
                value_column: value_column + 1,
            });
        }
        KeyIndex { keys }
    }

    pub fn get(&self, path: &str) -> Option<KeyPos> {
        self.keys.get(path).copied()
    }
}

/// The lines of a text, as `str::lines` gives them (split at `\n` or `\r\n`, no empty
/// line after a final line ending), found with one memchr search over the whole text.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(Some)
        .chain([None])
        .filter_map(move |newline| {
            let line = match newline {
                Some(end) => {
                    let line = &text[start..end];
                    start = end + 1;
                    line.strip_suffix('\r').unwrap_or(line)
                }
                None if start < text.len() => {
                    let line = &text[start..];
                    start = text.len();
                    line
                }
                None => return None,
            };
            Some(line)
        })
}

/// `key: value` → ("key", byte offset of the value or of the end).
fn split_key(rest: &str) -> Option<(&str, usize)> {
    let colon = memchr::memchr(b':', rest.as_bytes())?;
    let key = rest[..colon].trim().trim_matches(['"', '\'']);
    let fits = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ';
    let fit = if key.is_ascii() {
        key.bytes().all(|b| fits(char::from(b)))
    } else {
        key.chars().all(fits)
    };
    if key.is_empty() || !fit {
        return None;
    }
    let after = &rest[colon + 1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let trimmed = after.trim_start();
    Some((key, colon + 1 + (after.len() - trimmed.len())))
}

/// Reads one YAML mapping against a list of known keys, reporting problems as it goes.
/// Problems are `front-matter` errors by default; the check id can be changed for other
/// files (guide.yaml, glossary.yaml use the same id).
pub struct Reader<'a> {
    pub file: &'a str,
    pub index: &'a KeyIndex,
    /// Where to point when nothing better is known (the start of the YAML).
    pub fallback: (usize, usize),
    pub problems: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str, index: &'a KeyIndex, fallback: (usize, usize)) -> Self {
        Reader {
            file,
            index,
            fallback,
            problems: Vec::new(),
        }
    }

    /// Position of a key, or of its nearest known parent.
    pub fn key_at(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(k) = self.index.get(p) {
                return (k.line, k.key_column);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return self.fallback,
            }
        }
    }

    /// Position of a key's value (or the key itself when the value is on later lines).
    pub fn value_at(&self, path: &str) -> (usize, usize) {
        match self.index.get(path) {
            Some(k) => (k.line, k.value_column),
            None => self.key_at(path),
        }
    }

    pub fn problem(&mut self, at: (usize, usize), message: impl Into<String>) {
        self.problems.push(Diagnostic::new(
            "front-matter",
            Severity::Error,
            self.file,
            at,
            message,
        ));
    }

    pub fn problem_with_fix(
        &mut self,
        at: (usize, usize),
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.problems.push(
            Diagnostic::new("front-matter", Severity::Error, self.file, at, message)
                .with_suggestion(fix),
        );
    }

    /// Opens a mapping at `path` (empty for the top level): reports keys that are not in
    /// `known`, with the nearest known key suggested. Returns the fields for reading.
    pub fn fields<'m>(
        &mut self,
        path: &str,
        what: &str,
        value: &'m Value,
        known: &'static [&'static str],
    ) -> Option<Fields<'m>> {
        let Value::Mapping(map) = value else {
            let at = self.value_at(path);
            self.problem(
                at,
                format!(
                    "{what} should be a list of `key: value` lines, but it is {}",
                    describe(value)
                ),
            );
            return None;
        };
        for key in map.keys() {
            let Some(name) = key.as_str() else {
                let at = self.key_at(path);
                self.problem(
                    at,
                    format!("{what} has a key that is not a word: {}", describe(key)),
                );
                continue;
            };
            if known.contains(&name) {
                continue;
            }
            let at = self.key_at(&join(path, name));
            match nearest(name, known) {
                Some(near) => self.problem_with_fix(
                    at,
                    format!(
                        "`{name}` is not a key coguide knows in {what}. Did you mean `{near}`?"
                    ),
                    format!("change `{name}` to `{near}`"),
                ),
                None => self.problem_with_fix(
                    at,
                    format!("`{name}` is not a key coguide knows in {what}"),
                    format!("remove it, or use one of: {}", known.join(", ")),
                ),
            }
        }
        Some(Fields {
            path: path.to_string(),
            map,
        })
    }

    pub fn text(&mut self, fields: &Fields, key: &str, required: Option<&str>) -> Option<String> {
        let path = join(&fields.path, key);
        match fields.map.get(key) {
            None | Some(Value::Null) => {
                if let Some(example) = required {
                    let at = self.key_at(&fields.path);
                    let owner = owner(&fields.path);
                    self.problem_with_fix(
                        at,
                        format!("{owner} needs `{key}`"),
                        format!("add a line like `{key}: {example}`"),
                    );
                }
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(other) => {
                let at = self.value_at(&path);
                self.problem(
                    at,
                    format!("`{key}` should be text, but it is {}", describe(other)),
                );
                None
            }
        }
    }

    pub fn flag(&mut self, fields: &Fields, key: &str) -> Option<bool> {
        let path = join(&fields.path, key);
        match fields.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                let at = self.value_at(&path);
                let shown = match other {
                    Value::String(s) => format!("\"{s}\""),
                    v => describe(v),
                };
                self.problem_with_fix(
                    at,
                    format!("`{key}` must be true or false, but it is {shown}"),
                    format!("write `{key}: true` or `{key}: false`, without quotes"),
                );
                None
            }
        }
    }

    pub fn number(&mut self, fields: &Fields, key: &str) -> Option<f64> {
        let path = join(&fields.path, key);
        match fields.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                let at = self.value_at(&path);
                self.problem_with_fix(
                    at,
                    format!("`{key}` should be a number, but it is {}", describe(other)),
                    format!("write a number, like `{key}: 10`"),
                );
                None
            }
        }
    }

    pub fn date(&mut self, fields: &Fields, key: &str, required: bool) -> Option<Date> {
        let path = join(&fields.path, key);
        let example = "2025-06-30";
        match fields.map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    let at = self.key_at(&fields.path);
                    let owner = owner(&fields.path);
                    self.problem_with_fix(
                        at,
                        format!("{owner} needs a `{key}` date"),
                        format!("add a line like `{key}: {example}`"),
                    );
                }
                None
            }
            Some(value) => {
                let text = match value {
                    Value::String(s) => s.clone(),
                    other => yaml_scalar(other),
                };
                match parse_date(&text) {
                    Ok(d) => Some(d),
                    Err(why) => {
                        let at = self.value_at(&path);
                        self.problem_with_fix(
                            at,
                            format!("`{key}` is not a date coguide can read: \"{text}\" {why}"),
                            format!("write the date as year-month-day, like `{key}: {example}`"),
                        );
                        None
                    }
                }
            }
        }
    }

    /// A list of text; a single text value is accepted as a list of one.
    pub fn text_list(&mut self, fields: &Fields, key: &str) -> Vec<String> {
        let path = join(&fields.path, key);
        match fields.map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        other => {
                            let at = self.value_at(&path);
                            self.problem(
                                at,
                                format!(
                                    "`{key}` should be a list of words, but one item is {}",
                                    describe(other)
                                ),
                            );
                        }
                    }
                }
                out
            }
            Some(other) => {
                let at = self.value_at(&path);
                self.problem_with_fix(
                    at,
                    format!("`{key}` should be a list, but it is {}", describe(other)),
                    format!("write it like `{key}: [first, second]`"),
                );
                Vec::new()
            }
        }
    }
}

/// A mapping being read, with its path for positions.
pub struct Fields<'m> {
    pub path: String,
    pub map: &'m Mapping,
}

impl<'m> Fields<'m> {
    pub fn get(&self, key: &str) -> Option<&'m Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }
    pub fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn owner(path: &str) -> String {
    if path.is_empty() {
        return "The front matter".to_string();
    }
    let mut parts = path.split('.').collect::<Vec<_>>();
    if let Some(last) = parts.last()
        && let Ok(n) = last.parse::<usize>()
    {
        parts.pop();
        return match parts.last() {
            Some(list) => format!("Item {} of `{list}`", n + 1),
            None => format!("Item {} of this file", n + 1),
        };
    }
    format!("`{}`", parts.last().copied().unwrap_or(path))
}

/// Plain words for what a YAML value is.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty".into(),
        Value::Bool(b) => format!("{b} (a yes/no value)"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text \"{s}\""),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a group of `key: value` lines".into(),
        Value::Tagged(_) => "a tagged value".into(),
    }
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => describe(other),
    }
}

/// The closest known key, when it is close enough to be a likely typo.
pub fn nearest(word: &str, known: &[&str]) -> Option<String> {
    let lower = word.to_lowercase().replace(['-', ' '], "_");
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k.to_string())
}

/// Reads `YYYY-MM-DD`, checking the date is on the calendar.
pub fn parse_date(text: &str) -> Result<Date, &'static str> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || parts[1].len() != 2
        || parts[2].len() != 2
        || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err("(dates are written YYYY-MM-DD)");
    }
    let y: i16 = parts[0].parse().map_err(|_| "(the year is not a number)")?;
    let m: i8 = parts[1]
        .parse()
        .map_err(|_| "(the month is not a number)")?;
    let d: i8 = parts[2].parse().map_err(|_| "(the day is not a number)")?;
    if !(1..=12).contains(&m) {
        return Err("(there is no such month)");
    }
    Date::new(y, m, d).map_err(|_| "(there is no such day in that month)")
}

/// Plain words for a YAML syntax error from serde_yaml, without parser jargon.
pub fn explain_syntax_error(message: &str) -> String {
    let m = message.to_lowercase();
    if m.contains("tab") {
        "the front matter uses a tab to indent; YAML only allows spaces".into()
    } else if m.contains("mapping values are not allowed") {
        "a line has a second `:` that YAML cannot read; put the text after the first `:` in quotes"
            .into()
    } else if m.contains("did not find expected key") || m.contains("block end") {
        "the indentation is uneven; line each key up with the others at the same level".into()
    } else if m.contains("found character that cannot start any token") {
        "a line starts with a character YAML cannot read (such as `@` or a backtick); put the text in quotes".into()
    } else if m.contains("found unexpected end of stream") || m.contains("unexpected end") {
        "the text ends in the middle of a value; check for a missing closing quote or bracket"
            .into()
    } else if m.contains("duplicate") || m.contains("duplicated") {
        "a key appears twice; keep only one of them".into()
    } else if m.contains("recursion limit") || m.contains("repetition limit") || m.contains("alias")
    {
        "the front matter repeats itself through aliases (`&` and `*`) too much to read".into()
    } else if m.contains("did not find expected") || m.contains("while parsing a flow") {
        "a list or group in `[ ]` or `{ }` is not closed; check the brackets".into()
    } else if m.contains("quoted scalar") {
        "a quote is opened but never closed; add the closing quote".into()
    } else {
        "the front matter is not valid YAML here; check the quotes, colons and indentation".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_finds_nested_and_sequence_keys() {
        let yaml = "title: Hi\nauthors:\n  - name: Sam\n    credit: first-name\n  - credit: anonymous\nconsent:\n  given: 2025-01-01\n";
        let idx = KeyIndex::build(yaml, 2);
        assert_eq!(idx.get("title").unwrap().line, 2);
        let c = idx.get("authors.0.credit").unwrap();
        assert_eq!((c.line, c.key_column, c.value_column), (5, 5, 13));
        assert_eq!(idx.get("authors.1.credit").unwrap().line, 6);
        assert_eq!(idx.get("consent.given").unwrap().line, 8);
    }

    /// The index as it was first written (a path made afresh for every key), to hold
    /// the faster one to.
    fn simple_index(yaml: &str, first_line: usize) -> Vec<(String, usize, usize, usize)> {
        fn path_of(stack: &[(usize, String, bool)]) -> String {
            let mut path = String::new();
            for (_, seg, _) in stack {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(seg);
            }
            path
        }
        let mut keys: HashMap<String, KeyPos> = HashMap::default();
        let mut stack: Vec<(usize, String, bool)> = Vec::new();
        let mut counters: HashMap<String, usize> = HashMap::default();
        for (n, raw) in yaml.lines().enumerate() {
            let line = first_line + n;
            let indent = raw.chars().take_while(|c| *c == ' ').count();
            let mut rest = &raw[indent..];
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let mut column = indent;
            if rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|(i, _, item)| *i > indent || (*i == indent && *item))
                {
                    stack.pop();
                }
                let counter = counters.entry(path_of(&stack)).or_insert(0);
                stack.push((indent, counter.to_string(), true));
                *counter += 1;
                keys.entry(path_of(&stack)).or_insert(KeyPos {
                    line,
                    key_column: indent + 1,
                    value_column: indent + 1,
                });
                let after = rest[1..].trim_start_matches(' ');
                column += rest.len() - after.len();
                rest = after;
                if rest.is_empty() {
                    continue;
                }
            } else {
                while stack.last().is_some_and(|(i, _, _)| *i >= indent) {
                    stack.pop();
                }
            }
            let Some((key, value_offset)) = split_key(rest) else {
                continue;
            };
            stack.push((column, key.to_string(), false));
            let path = path_of(&stack);
            counters.remove(&path);
            let value_column = column + rest[..value_offset].chars().count();
            keys.entry(path).or_insert(KeyPos {
                line,
                key_column: column + 1,
                value_column: value_column + 1,
            });
        }
        sorted(&keys)
    }

    fn sorted(keys: &HashMap<String, KeyPos>) -> Vec<(String, usize, usize, usize)> {
        let mut v: Vec<_> = keys
            .iter()
            .map(|(k, p)| (k.clone(), p.line, p.key_column, p.value_column))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn index_is_the_simple_index() {
        let mut texts: Vec<String> = [
            "",
            "\n",
            "title: Hi",
            "title: Hi\r\nsummary: \"Two\"\r\n",
            "a: 1\r",
            "authors:\n  - name: Sam\n    credit: first-name\n  -\n    name: Jo\n  - - nested\n    - again\n",
            "authors:\n- name: A\n- name: B\nauthors:\n- name: C\n",
            "list:\n  - a\n  - b\nlist:\n  - c\n",
            "- top\n- items\n-\n  key: v\n",
            "a:\n  b:\n    c: 1\n  d: 2\n# comment\n\ne: \"x: y\"\n'q k': 3\nnöm: 4\nkey:no\nbad key!: 5\n",
            "café: olé\n  ünï:   vålue\n- ä: b\n",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // The demo guide's own YAML, and the front matter of its pages.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in ["guide.yaml", "content/glossary.yaml"] {
            texts.extend(std::fs::read_to_string(root.join(file)).ok());
        }
        let mut dirs = vec![root.join("content")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() > 15);
        for text in &texts {
            assert_eq!(
                sorted(&KeyIndex::build(text, 2).keys),
                simple_index(text, 2),
                "{text}"
            );
        }
    }

    #[test]
    fn index_handles_unindented_sequences() {
        let yaml = "authors:\n- name: A\n  role: x\n- name: B\nconsent:\n  publish: true\n";
        let idx = KeyIndex::build(yaml, 1);
        assert_eq!(idx.get("authors.1.name").unwrap().line, 4);
        assert_eq!(idx.get("authors.0.role").unwrap().line, 3);
        assert_eq!(idx.get("consent.publish").unwrap().line, 6);
    }

    #[test]
    fn dates_must_be_on_the_calendar() {
        assert!(parse_date("2025-06-30").is_ok());
        assert!(parse_date("2025-13-45").is_err());
        assert!(parse_date("2025-02-30").is_err());
        assert!(parse_date("30/06/2025").is_err());
    }

    #[test]
    fn typos_get_the_nearest_key() {
        let known = &["publish", "given", "scope", "withdrawn"];
        assert_eq!(nearest("withdrawm", known).as_deref(), Some("withdrawn"));
        assert_eq!(nearest("gvien", known).as_deref(), Some("given"));
        assert_eq!(nearest("colour", known), None);
    }
}
