//! The default theme in a real browser: every page of the demo guide and every kind of
//! page of a generated 200-contribution guide, in headless Chromium, with axe-core,
//! keyboard, reflow and structure checks, and the Nu HTML Checker (tests/a11y/check.mjs).
//!
//! Needs Chromium, Node.js with npm, and Java. Chromium and Java are installed with
//! apt-get and the npm packages with `npm ci` when they are missing, so a clean machine
//! runs this too.
//! Set CHROMIUM to use another Chromium. Takes about 40 seconds on two cores.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::DATE;

const SECTIONS: [&str; 4] = ["voices", "carers", "practice", "services"];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a setup command, failing the test with its output if it fails.
fn setup(what: &str, cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not start {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The Chromium to drive: $CHROMIUM, or Debian's package, installed if missing.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    let path = PathBuf::from("/usr/bin/chromium");
    if !path.exists() {
        apt_install("chromium");
    }
    assert!(path.exists(), "Chromium is still missing after apt-get");
    path
}

/// Java, for the Nu HTML Checker: Debian's headless runtime, installed if missing.
fn java() {
    let works = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        apt_install("default-jre-headless");
    }
}

/// Installs one of Debian's packages.
fn apt_install(package: &str) {
    setup(
        "apt-get update",
        Command::new("apt-get").arg("update").arg("-qq"),
    );
    setup(
        &format!("apt-get install {package}"),
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", package])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    );
}

/// tests/a11y/node_modules from the lock file, installed once.
fn npm_packages() -> PathBuf {
    let dir = manifest_dir().join("tests/a11y");
    let installed = ["playwright-core", "axe-core", "vnu-jar"].iter().all(|p| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .exists()
    });
    if !installed {
        setup(
            "npm ci",
            Command::new("npm")
                .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
                .current_dir(&dir),
        );
    }
    dir
}

fn build(root: &Path, out: &Path) {
    setup(
        "coguide build",
        Command::new(env!("CARGO_BIN_EXE_coguide"))
            .args(["build", "--quiet", "--date", DATE, "--root"])
            .arg(root)
            .arg("--out")
            .arg(out)
            .env("NO_COLOR", "1"),
    );
}

/// Credit kinds in turn, so the large guide has many of each.
fn author(i: usize) -> String {
    let names = [
        "Ada Okafor",
        "Ben Price",
        "Chloe Nguyen",
        "Dev Sharma",
        "Erin Walsh",
    ];
    let roles = [
        "expert by experience",
        "carer",
        "mental health nurse",
        "peer support worker",
        "psychologist",
    ];
    let name = names[i % names.len()];
    let role = roles[(i / 5) % roles.len()];
    match i % 5 {
        0 => format!("  - name: {name}\n    credit: full-name\n    role: {role}\n"),
        1 => format!("  - name: {name}\n    credit: first-name\n    role: {role}\n"),
        2 => format!("  - name: {name}\n    credit: initials\n    role: {role}\n"),
        3 => format!("  - credit: pseudonym\n    pseudonym: Wren {i}\n    role: {role}\n"),
        _ => format!("  - credit: anonymous\n    role: {role}\n"),
    }
}

fn body(i: usize) -> String {
    let mut b = String::new();
    let next = (i + 1) % 200;
    let paragraphs = if i.is_multiple_of(10) { 6 } else { 2 };
    for h in 0..paragraphs {
        writeln!(
            b,
            "## Part {h} of this story\n\nWe met every two weeks in a room at the library. \
             Everyone was paid for their time, and everyone had a say in what we did next. \
             It took a while to trust each other, but we got there.\n\n\
             - We agreed the rules together.\n- We took breaks when anyone asked.\n\n\
             > Nothing about us without us.\n\n\
             You can read [the next story](../{}/story-{next}.md) or the [[story-{next}]] page, which is also \
             about [peer support](../glossary.yaml).\n",
            SECTIONS[next % SECTIONS.len()]
        )
        .unwrap();
    }
    if i.is_multiple_of(7) {
        b.push_str(
            "\n| Meeting | What we did |\n| --- | --- |\n| First | Met and agreed rules |\n\
             | Second | Chose the questions |\n",
        );
    }
    b
}

/// A 200-contribution guide with every credit choice, content notes, held-back pages,
/// a glossary and long pages. Returns the pages of each kind to visit.
fn write_large_guide(root: &Path) -> Vec<String> {
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "guide.yaml",
        "title: A large guide\ndescription: Two hundred stories, for testing.\n\
         base_url: https://example.org/\nlanguage: en-GB\nsearch: true\n\
         about: We wrote this together over a year of meetings.\n\
         support:\n  - name: Samaritans\n    contact: Call 116 123, free, any time\n    \
         url: https://www.samaritans.org/\n",
    );
    write(
        "content/_index.md",
        "---\ntitle: A large guide\nsummary: Two hundred stories about working together.\n---\n\
         Welcome. Start with any section below.\n",
    );
    write(
        "content/glossary.yaml",
        "- term: peer support\n  meaning: Help from someone who has been through something similar.\n\
         - term: carer\n  meaning: Someone who looks after a family member or friend, unpaid.\n",
    );
    for (s, name) in SECTIONS.iter().enumerate() {
        write(
            &format!("content/{name}/_index.md"),
            &format!(
                "---\ntitle: Stories from {name}\nsummary: Stories about {name}.\nweight: {s}\n---\n\
                 These stories were written by people in the group.\n"
            ),
        );
    }
    for i in 0..200 {
        let section = SECTIONS[i % SECTIONS.len()];
        let consent = if i % 17 == 16 {
            "consent:\n  publish: false\n  given: 2025-06-30\n".to_string()
        } else {
            "consent:\n  publish: true\n  given: 2025-06-30\n".to_string()
        };
        let notes = if i.is_multiple_of(6) {
            "content_notes: [suicide]\n"
        } else {
            ""
        };
        write(
            &format!("content/{section}/story-{i}.md"),
            &format!(
                "---\ntitle: \"Story {i}: how we started\"\nsummary: We met, we listened, and we \
                 changed one thing at a time.\nauthors:\n{}{consent}date: 2025-07-{:02}\n\
                 weight: {i}\n{notes}tags: [meetings, story {}]\n---\n{}",
                author(i),
                1 + i % 28,
                i % 3,
                body(i)
            ),
        );
    }
    vec![
        "/".into(),
        "/voices/".into(),
        "/carers/".into(),
        // One contribution for each credit choice; 0 also has a content note and a
        // table, 10 is long enough for an "On this page" list.
        "/voices/story-0/".into(),
        "/carers/story-1/".into(),
        "/practice/story-2/".into(),
        "/services/story-3/".into(),
        "/voices/story-4/".into(),
        "/practice/story-10/".into(),
        "/carers/story-21/".into(),
        "/contributors/".into(),
        "/glossary/".into(),
        "/search/".into(),
        "/about/".into(),
        "/404.html".into(),
    ]
}

#[test]
fn every_page_passes_the_browser_checks() {
    let chromium = chromium();
    java();
    let harness = npm_packages();
    let tmp = tempfile::tempdir().unwrap();

    let demo = tmp.path().join("demo");
    build(&manifest_dir(), &demo);
    let large_root = tmp.path().join("large");
    let large_pages = write_large_guide(&large_root);
    let large = tmp.path().join("large-site");
    build(&large_root, &large);
    for page in &large_pages {
        let file = if page.ends_with('/') {
            format!("{page}index.html")
        } else {
            page.clone()
        };
        assert!(
            large.join(&file[1..]).is_file(),
            "the large guide has no {page}"
        );
    }

    // The pages visited really are of the kinds they stand for.
    let read = |rel: &str| std::fs::read_to_string(large.join(rel)).unwrap();
    assert!(read("voices/story-0/index.html").contains("class=\"box content-note\""));
    assert!(read("practice/story-10/index.html").contains("On this page"));
    assert!(read("carers/story-21/index.html").contains("<table"));

    let job = serde_json::json!({
        "chromium": chromium,
        "sites": [
            { "name": "demo", "dir": demo, "pages": "all" },
            { "name": "large", "dir": large, "pages": large_pages },
            // The harness itself must catch faults: this page has one of each.
            { "name": "bad", "dir": harness.join("fixtures/bad"), "pages": ["/"] },
        ]
    });
    let job_file = tmp.path().join("job.json");
    std::fs::write(&job_file, job.to_string()).unwrap();
    let out = Command::new("node")
        .arg(harness.join("check.mjs"))
        .arg(&job_file)
        .output()
        .expect("node runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(2),
        "the browser test could not run:\n{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no report from the browser test ({e}):\n{stderr}"));

    let pages = report["pages"].as_array().unwrap();
    let failures = |site: &str| -> Vec<String> {
        pages
            .iter()
            .filter(|p| p["site"] == site)
            .flat_map(|p| {
                let page = p["page"].as_str().unwrap().to_string();
                p["failures"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |f| format!("{page}: {}", f.as_str().unwrap()))
            })
            .collect()
    };
    let html: Vec<&str> = report["html"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();

    // The harness is not blind: the bad fixture fails every kind of check.
    let bad = failures("bad").join("\n");
    for expected in [
        "not a skip link",
        "2 h1 headings",
        "0 main landmarks",
        "no lang",
        "axe image-alt",
        "axe color-contrast (light)",
        "axe color-contrast (dark)",
        "scrolls sideways at 320px",
    ] {
        assert!(
            bad.contains(expected),
            "the harness missed \"{expected}\" in:\n{bad}"
        );
    }
    assert!(
        html.iter()
            .any(|m| m.contains("fixtures/bad") && m.contains("Stray end tag")),
        "the HTML checker missed the bad fixture's errors: {html:?}"
    );

    let demo_pages = pages.iter().filter(|p| p["site"] == "demo").count();
    assert!(
        demo_pages >= 20,
        "only {demo_pages} demo pages were visited"
    );
    let ours: Vec<String> = failures("demo")
        .into_iter()
        .chain(failures("large"))
        .chain(
            html.iter()
                .filter(|m| !m.contains("fixtures/bad"))
                .map(|m| m.to_string()),
        )
        .collect();
    assert!(
        ours.is_empty(),
        "{} problems in the browser:\n{}",
        ours.len(),
        ours.join("\n")
    );
}
