//! `coguide check`: SPEC's JSON, plain messages with positions, exit codes.

mod common;
use common::{Contribution, TestGuide};

#[test]
fn json_matches_the_spec() {
    let g = TestGuide::new();
    g.add(
        "content/voices/sam.md",
        &Contribution::new("Sam").body("We facilitate a group.\n"),
    );
    g.add(
        "content/voices/old.md",
        &Contribution::new("Old").consent(Some(
            "  publish: true\n  given: 2025-01-01\n  withdrawn: 2025-06-01\n",
        )),
    );
    let r = g.run(&["check", "--date", common::DATE, "--format", "json"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    assert_eq!(v["version"], 1);
    let d = v["diagnostics"].as_array().unwrap();
    let jargon = d
        .iter()
        .find(|d| d["check"] == "jargon")
        .expect("jargon found");
    assert_eq!(jargon["file"], "content/voices/sam.md");
    // Line 10: nine lines of front matter, then the body.
    assert_eq!(jargon["line"], 10);
    assert_eq!(jargon["column"], 4);
    assert_eq!(jargon["severity"], "warning");
    assert_eq!(jargon["message"], "\"facilitate\" is jargon");
    assert_eq!(jargon["suggestion"], "help");
    for key in [
        "file",
        "line",
        "column",
        "check",
        "severity",
        "message",
        "suggestion",
    ] {
        assert!(jargon.get(key).is_some(), "{key}");
    }
    assert_eq!(v["held_back"][0]["file"], "content/voices/old.md");
    assert_eq!(v["held_back"][0]["reason"], "consent-withdrawn");
    assert_eq!(v["pages"]["published"], 1);
    assert_eq!(v["pages"]["held_back"], 1);
    assert_eq!(v["summary"]["errors"], 0);
    assert!(v["summary"]["warnings"].as_u64().unwrap() >= 2);
}

#[test]
fn front_matter_problems_are_all_reported_in_plain_words() {
    let g = TestGuide::new();
    g.write(
        "content/voices/typo.md",
        "---\ntitle: T\nsumary: x\nauthors:\n  - credit: pseudonym\nconsent:\n  publish: \"yes\"\n  given: 2025-13-45\n---\nText\n",
    );
    let r = g.run(&["check", "--date", common::DATE]);
    assert_eq!(r.status, 1);
    let e = &r.stderr;
    assert!(
        e.contains("content/voices/typo.md:3:1") && e.contains("Did you mean `summary`"),
        "{e}"
    );
    assert!(
        e.contains("content/voices/typo.md:5:") && e.contains("pseudonym"),
        "{e}"
    );
    assert!(
        e.contains("content/voices/typo.md:7:") && e.contains("true or false"),
        "{e}"
    );
    assert!(
        e.contains("content/voices/typo.md:8:") && e.contains("2025-13-45"),
        "{e}"
    );
    for jargon in ["invalid type", "expected", "struct", "unwrap", "panicked"] {
        assert!(!e.contains(jargon), "Rust jargon in: {e}");
    }
}

#[test]
fn missing_summary_is_an_error_and_fails_the_build() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A").summary(None));
    let r = g.run(&["check", "--date", common::DATE, "--format", "json"]);
    assert_eq!(r.status, 1);
    assert!(r.stdout.contains("\"missing-summary\""));
    assert_eq!(g.build().status, 1);
}

#[test]
fn github_format_and_deny_warnings() {
    let g = TestGuide::new();
    g.add(
        "content/voices/a.md",
        &Contribution::new("A").body("In order to help.\n"),
    );
    let r = g.run(&["check", "--date", common::DATE, "--format", "github"]);
    assert_eq!(r.status, 0);
    assert!(
        r.stdout
            .contains("::warning file=content/voices/a.md,line=10,col=1,title=jargon::"),
        "{}",
        r.stdout
    );
    let r = g.run(&["check", "--date", common::DATE, "--deny-warnings"]);
    assert_eq!(r.status, 1);
}

#[test]
fn checks_can_be_turned_off_in_guide_yaml() {
    let g = TestGuide::new();
    g.write("guide.yaml", "title: T\nchecks:\n  jargon: off\n");
    g.add(
        "content/voices/a.md",
        &Contribution::new("A").body("We facilitate.\n"),
    );
    let r = g.run(&["check", "--date", common::DATE, "--format", "json"]);
    assert!(!r.stdout.contains("\"jargon\""), "{}", r.stdout);

    // Every check that reads words and sentences off: the others still find what they
    // find, where they find it.
    g.write(
        "guide.yaml",
        "title: T\nchecks:\n  undefined-acronym: off\n  long-sentence: off\n  personal-data: off\n  reading-level: off\n  stigmatising-language: off\n",
    );
    g.add(
        "content/voices/a.md",
        &Contribution::new("A").body("We facilitate the CMHT group. He is a nutter.\n"),
    );
    let r = g.run(&["check", "--date", common::DATE, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    let found: Vec<(String, u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            (
                s("check"),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, vec![("jargon".to_string(), 10, 4)], "{}", r.stdout);
}

#[test]
fn bad_usage_exits_2() {
    let g = TestGuide::new();
    assert_eq!(g.run(&["build", "--date", "tomorrow"]).status, 2);
    assert_eq!(g.run(&["frobnicate"]).status, 2);
}

#[test]
fn no_guide_yaml_is_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_coguide"))
        .args(["build"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("There is no guide.yaml"));
}

#[test]
fn broken_wiki_links_are_errors_and_links_to_held_back_pages_are_warnings() {
    let g = TestGuide::new();
    g.add(
        "content/voices/a.md",
        &Contribution::new("A").body("See [[Nowhere at all]] and [[Held]].\n"),
    );
    g.add(
        "content/voices/held.md",
        &Contribution::new("Held").consent(None),
    );
    let r = g.run(&["check", "--date", common::DATE, "--format", "json"]);
    assert_eq!(r.status, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let broken: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["check"] == "broken-link")
        .collect();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert_eq!(
        (
            broken[0]["line"].as_u64(),
            broken[0]["column"].as_u64(),
            broken[0]["severity"].as_str()
        ),
        (Some(10), Some(5), Some("error"))
    );
    assert_eq!(broken[1]["severity"], "warning");
}

#[test]
fn a_glossary_term_without_a_meaning_is_found_at_its_own_line() {
    let g = TestGuide::new();
    g.write(
        "content/glossary.yaml",
        "- term: carer\n  meaning: Someone who looks after a person, unpaid.\n- term: recovery\n",
    );
    let r = g.run(&["check", "--format", "json"]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    let d = &v["diagnostics"][0];
    assert_eq!(d["file"], "content/glossary.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(d["message"], "Item 2 of this file needs `meaning`");
}
