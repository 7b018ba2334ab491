//! What coguide tells authors: the `Diagnostic` type, positions in source files, and the
//! three printers (`human`, `json`, `github`). Every message here is read by people who may
//! never have seen a compiler, so it is plain English with a suggested fix.

use std::fmt::Write as _;
use std::io::IsTerminal;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;

/// How serious a finding is. `Error` fails a build; `Warning` never does (unless
/// `--deny-warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding in one file, pointing at a line and column (1-based, counted in characters
/// of the source file, front matter included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// How many characters to underline (at least 1). Not part of SPEC's JSON.
    #[serde(skip)]
    pub length: usize,
    pub check: String,
    pub severity: Severity,
    pub message: String,
    pub suggestion: Option<String>,
    /// True when `suggestion` is a word to use instead of the one flagged.
    #[serde(skip)]
    pub replacement: bool,
    /// Further replacements beyond `suggestion`, shown in human output.
    #[serde(skip)]
    pub alternatives: Vec<String>,
}

impl Diagnostic {
    pub fn new(
        check: &str,
        severity: Severity,
        file: &str,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            length: 1,
            check: check.to_string(),
            severity,
            message: message.into(),
            suggestion: None,
            replacement: false,
            alternatives: Vec::new(),
        }
    }

    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    pub fn with_length(mut self, length: usize) -> Self {
        self.length = length.max(1);
        self
    }
}

/// A source file's text with an index of where each line starts, so byte offsets can be
/// turned into the 1-based line and character column that authors see.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: String,
    /// Where each line starts. Files are read only up to 10 MB, so a 32-bit offset
    /// holds any of them, in half the memory.
    line_starts: Vec<u32>,
}

impl SourceText {
    pub fn new(text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        SourceText { text, line_starts }
    }

    fn line_start(&self, index: usize) -> Option<usize> {
        self.line_starts.get(index).map(|&s| s as usize)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self
            .line_starts
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1);
        let start = self.line_start(line).unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> &str {
        let Some(start) = self.line_start(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_start(line).unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of `length` characters from 1-based (line, column), the inverse of
    /// [`SourceText::position`]; `None` when that is not inside the text.
    pub fn range(&self, line: usize, column: usize, length: usize) -> Option<(usize, usize)> {
        let start = self.line_start(line.checked_sub(1)?)?;
        let rest = self.text.get(start..)?;
        let mut bounds = rest
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(rest.len()));
        let from = bounds.nth(column.checked_sub(1)?)?;
        let to = bounds.nth(length.checked_sub(1)?)?;
        Some((start + from, start + to))
    }
}

/// Orders diagnostics the way a reader expects: by file, then position.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    // A stable sort on both cores: a large guide has tens of thousands of findings.
    diagnostics.par_sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.check, &a.message)
            .cmp(&(&b.file, b.line, b.column, &b.check, &b.message))
    });
}

/// Each diagnostic as the JSON of `check --format json`, already laid out as it stands in
/// the report's `diagnostics` list, made on both cores: at 10,000 contributions a guide can
/// have tens of thousands of findings, and writing them one by one held up the end of
/// `check`.
pub fn json_items(diagnostics: &[Diagnostic]) -> Vec<Box<RawValue>> {
    diagnostics
        .par_iter()
        .map(|d| {
            // Inside the report, a diagnostic's fields are two levels deeper than alone.
            let text = serde_json::to_string_pretty(d).unwrap_or_default();
            RawValue::from_string(text.replace('\n', "\n    ")).unwrap_or_default()
        })
        .collect()
}

#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
}

pub fn summarise(diagnostics: &[Diagnostic]) -> Summary {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Summary {
        errors,
        warnings: diagnostics.len() - errors,
    }
}

/// Whether to colour human output: only on a terminal, and never when NO_COLOR is set.
pub fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, severity: Severity, text: &str) -> String {
        match severity {
            Severity::Error => self.wrap("1;31", text),
            Severity::Warning => self.wrap("1;33", text),
        }
    }
    fn blue(&self, text: &str) -> String {
        self.wrap("1;34", text)
    }
    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
}

/// rustc-style output in plain words:
///
/// ```text
/// warning[jargon]: "facilitate" is jargon
///   --> content/stories/sam.md:12:5
///    |
/// 12 | We facilitate a group.
///    |    ^^^^^^^^^^
///    = help: try "help"
/// ```
///
/// `lookup` gives the text of a file's line, so the line can be shown.
pub fn format_human(
    diagnostic: &Diagnostic,
    lookup: &dyn Fn(&str, usize) -> Option<String>,
    colour: bool,
) -> String {
    let p = Paint { on: colour };
    let d = diagnostic;
    let mut out = String::new();
    let head = format!("{}[{}]", d.severity.as_str(), d.check);
    let _ = writeln!(
        out,
        "{}{} {}",
        p.severity(d.severity, &head),
        p.bold(":"),
        p.bold(&d.message)
    );
    let gutter = d.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        p.blue("-->"),
        d.file,
        d.line,
        d.column
    );
    if let Some(text) = lookup(&d.file, d.line) {
        let shown: String = text.replace('\t', " ");
        let width = shown.chars().count();
        let _ = writeln!(out, "{pad} {}", p.blue("|"));
        let _ = writeln!(
            out,
            "{} {} {}",
            p.blue(&d.line.to_string()),
            p.blue("|"),
            shown
        );
        if d.column <= width + 1 {
            let len = d.length.min(width + 1 - d.column).max(1);
            let marks = "^".repeat(len);
            let _ = writeln!(
                out,
                "{pad} {} {}{}",
                p.blue("|"),
                " ".repeat(d.column - 1),
                p.severity(d.severity, &marks)
            );
        }
    }
    if let Some(s) = &d.suggestion {
        let help = if d.replacement {
            std::iter::once(s)
                .chain(&d.alternatives)
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        } else {
            s.clone()
        };
        let help = if d.replacement {
            format!("try {help}")
        } else {
            help
        };
        let _ = writeln!(out, "{pad} {} help: {help}", p.blue("="));
    }
    out
}

/// The closing line of human output.
pub fn summary_line(summary: Summary, colour: bool) -> String {
    let p = Paint { on: colour };
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if summary.errors == 0 && summary.warnings == 0 {
        return p.bold("No problems found. Well done!");
    }
    let mut line = format!(
        "{} and {}.",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning")
    );
    if summary.errors > 0 {
        line.push_str(" Errors stop the guide being published: fix them first.");
    } else {
        line.push_str(" Warnings are suggestions: the guide can still be published.");
    }
    p.bold(&line)
}

/// GitHub Actions workflow commands, one per line.
pub fn format_github(d: &Diagnostic) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut message = d.message.clone();
    if let Some(s) = &d.suggestion {
        message.push_str(&format!(" (try: {s})"));
    }
    format!(
        "::{} file={},line={},col={},title={}::{}",
        d.severity.as_str(),
        escape_prop(&d.file),
        d.line,
        d.column,
        escape_prop(&d.check),
        escape_data(&message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_the_inverse_of_position() {
        let s = SourceText::new("first line\nsecönd wörd here\n".to_string());
        let (a, b) = s.range(2, 8, 4).unwrap();
        assert_eq!(&s.text()[a..b], "wörd");
        assert_eq!(s.position(a), (2, 8));
        assert_eq!(s.range(9, 1, 1), None);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let s = SourceText::new("ab\nZoë said hi\n".to_string());
        let offset = s.text().find("said").unwrap();
        assert_eq!(s.position(offset), (2, 5));
        assert_eq!(s.position(0), (1, 1));
        assert_eq!(s.line(2), "Zoë said hi");
    }

    #[test]
    fn human_output_underlines_the_word() {
        let d = Diagnostic::new(
            "jargon",
            Severity::Warning,
            "a.md",
            (1, 4),
            "\"facilitate\" is jargon",
        )
        .with_length(10);
        let mut d = d.with_suggestion("help");
        d.replacement = true;
        let text = format_human(&d, &|_, _| Some("We facilitate it.".into()), false);
        assert!(text.contains("warning[jargon]: \"facilitate\" is jargon"));
        assert!(text.contains("--> a.md:1:4"));
        assert!(text.contains("|    ^^^^^^^^^^\n"), "{text}");
        assert!(text.contains("= help: try \"help\""));
    }

    #[test]
    fn github_output_escapes_properties() {
        let d = Diagnostic::new("jargon", Severity::Error, "a,b.md", (2, 3), "50% done");
        assert_eq!(
            format_github(&d),
            "::error file=a%2Cb.md,line=2,col=3,title=jargon::50%25 done"
        );
    }
}
