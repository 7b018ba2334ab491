//! An editor's test of the checks: contributions written, and marked up by hand as a
//! careful editor would, before coguide was run on them (tests/fixtures/editors-guide*,
//! each with its expected.yaml). coguide must find every mark, at its line and column,
//! and nothing else of those checks: it stays quiet on the plain pages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The checks the editor marked up; the others (reading level, long sentences …) are
/// not part of this comparison.
const MARKED: &[&str] = &[
    "jargon",
    "undefined-acronym",
    "stigmatising-language",
    "personal-data",
    "missing-summary",
    "broken-link",
];

#[derive(serde::Deserialize)]
struct Mark {
    check: String,
    line: Option<usize>,
    text: Option<String>,
    /// Why coguide, on review, does not make this mark on purpose (a word that is
    /// jargon in one sense and plain in another, say). Such marks stay in the file, as
    /// the editor wrote them, and are left out of the comparison.
    known_miss: Option<String>,
}

/// A finding: file, check, and where (none for a finding about the whole page, such as
/// a missing summary). coguide's message is kept beside each, to read a failure by.
type Finding = (String, String, Option<(usize, usize)>);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Where the editor's mark is: its line, and the column (in characters) of its text there.
fn place(guide: &Path, file: &str, mark: &Mark) -> Option<(usize, usize)> {
    if mark.check == "missing-summary" {
        return None;
    }
    let line = mark
        .line
        .expect("a line for every mark but missing-summary");
    let text = mark.text.as_deref().expect("the words marked");
    let source = std::fs::read_to_string(guide.join(file)).expect("the marked file");
    let row = source
        .lines()
        .nth(line - 1)
        .unwrap_or_else(|| panic!("{file} has a line {line}"));
    let at = row
        .find(text)
        .unwrap_or_else(|| panic!("{file}:{line} has {text:?}: {row:?}"));
    Some((line, row[..at].chars().count() + 1))
}

/// Every set in tests/fixtures whose folder starts "editors-guide": a new set is picked
/// up as it is added.
#[test]
fn the_checks_find_what_editors_marked_and_nothing_else() {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(fixture(""))
        .expect("tests/fixtures")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("editors-guide"))
        .map(|e| e.path())
        .collect();
    sets.sort();
    assert!(!sets.is_empty(), "no editors' sets in tests/fixtures");
    let failures: Vec<String> = sets
        .iter()
        .filter_map(|set| finds_what_the_editor_marked(set).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Compares coguide's findings with one set's marks, saying what differs.
fn finds_what_the_editor_marked(guide: &Path) -> Result<(), String> {
    let expected_yaml =
        std::fs::read_to_string(guide.join("expected.yaml")).expect("expected.yaml");
    let marks: std::collections::BTreeMap<String, Vec<Mark>> =
        serde_yaml::from_str(&expected_yaml).expect("expected.yaml as the editor wrote it");
    // Every contribution is marked up, even if only to say there is nothing to mark.
    let on_disk: BTreeSet<String> = walkdir::WalkDir::new(guide.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(guide)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p.ends_with(".md") && !p.ends_with("_index.md"))
        .collect();
    let marked_files: BTreeSet<String> = marks.keys().cloned().collect();
    assert_eq!(on_disk, marked_files, "every contribution has its marks");

    let expected: BTreeSet<Finding> = marks
        .iter()
        .flat_map(|(file, ms)| {
            ms.iter()
                .filter(|m| m.known_miss.is_none())
                .map(move |m| (file.clone(), m.check.clone(), place(guide, file, m)))
        })
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_coguide"))
        .args([
            "check",
            "--format",
            "json",
            "--date",
            "2026-12-01",
            "--root",
        ])
        .arg(guide)
        .output()
        .expect("coguide runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let mut messages = std::collections::BTreeMap::new();
    let found: BTreeSet<Finding> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| MARKED.contains(&d["check"].as_str().unwrap_or("")))
        .map(|d| {
            let (file, check) = (d["file"].as_str().unwrap(), d["check"].as_str().unwrap());
            let at = (check != "missing-summary").then(|| {
                (
                    d["line"].as_u64().unwrap() as usize,
                    d["column"].as_u64().unwrap() as usize,
                )
            });
            let f = (file.to_string(), check.to_string(), at);
            messages.insert(f.clone(), d["message"].as_str().unwrap_or("").to_string());
            f
        })
        .collect();
    let show = |f: &Finding| {
        let at = f.2.map_or(String::new(), |(l, c)| format!(":{l}:{c}"));
        let said = messages.get(f).map_or(String::new(), |m| format!(" ({m})"));
        format!("  {}{at} {}{said}", f.0, f.1)
    };
    let missed: Vec<String> = expected.difference(&found).map(show).collect();
    let extra: Vec<String> = found.difference(&expected).map(show).collect();
    if missed.is_empty() && extra.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{}: marked by the editor, not found by coguide:\n{}\nfound by coguide, not marked by the editor:\n{}",
        guide.display(),
        missed.join("\n"),
        extra.join("\n")
    ))
}
