//! `TestGuide`: a real guide in a temporary folder, built with the real `coguide` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const DATE: &str = "2026-01-15";

pub struct TestGuide {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            status: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Front matter for one contribution.
pub struct Contribution {
    pub title: String,
    pub summary: Option<String>,
    pub authors: String,
    pub consent: Option<String>,
    pub extra: String,
    pub body: String,
}

impl Contribution {
    pub fn new(title: &str) -> Self {
        Contribution {
            title: title.to_string(),
            summary: Some("A short summary in plain words.".into()),
            authors: "  - credit: anonymous\n".into(),
            consent: Some("  publish: true\n  given: 2025-06-30\n".into()),
            extra: String::new(),
            body: "Some text.\n".into(),
        }
    }
    pub fn summary(mut self, s: Option<&str>) -> Self {
        self.summary = s.map(str::to_string);
        self
    }
    pub fn authors(mut self, yaml: &str) -> Self {
        self.authors = yaml.to_string();
        self
    }
    pub fn consent(mut self, yaml: Option<&str>) -> Self {
        self.consent = yaml.map(str::to_string);
        self
    }
    pub fn extra(mut self, yaml: &str) -> Self {
        self.extra = yaml.to_string();
        self
    }
    pub fn body(mut self, body: &str) -> Self {
        self.body = body.to_string();
        self
    }
    pub fn text(&self) -> String {
        let mut s = format!("---\ntitle: \"{}\"\n", self.title);
        if let Some(sum) = &self.summary {
            s.push_str(&format!("summary: \"{sum}\"\n"));
        }
        s.push_str("authors:\n");
        s.push_str(&self.authors);
        if let Some(c) = &self.consent {
            s.push_str("consent:\n");
            s.push_str(c);
        }
        s.push_str(&self.extra);
        s.push_str("---\n");
        s.push_str(&self.body);
        s
    }
}

impl TestGuide {
    /// A guide with guide.yaml, a home page and one section, `voices`.
    pub fn new() -> Self {
        let g = TestGuide {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        g.write("guide.yaml", "title: Test guide\ndescription: A guide for tests.\nbase_url: https://example.org/\nlanguage: en-GB\n");
        g.write(
            "content/_index.md",
            "---\ntitle: Test guide\nsummary: Home.\n---\nWelcome.\n",
        );
        g.write(
            "content/voices/_index.md",
            "---\ntitle: Voices\nsummary: Stories.\nweight: 1\n---\n",
        );
        g
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn add(&self, rel: &str, c: &Contribution) -> &Self {
        self.write(rel, c.text())
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_coguide"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("coguide runs");
        Run::from(out)
    }

    /// `coguide build --date DATE`.
    pub fn build(&self) -> Run {
        self.run(&["build", "--date", DATE])
    }

    /// Every file under site/ with its bytes, sorted by path.
    pub fn site(&self) -> Vec<(String, Vec<u8>)> {
        let site = self.path("site");
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&site)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(&site)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    /// Every file name and every byte of the site as one text, to search for leaks.
    pub fn site_text(&self) -> String {
        self.site()
            .into_iter()
            .map(|(p, b)| format!("{p}\n{}\n", String::from_utf8_lossy(&b)))
            .collect()
    }

    pub fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("site").join(rel))
            .unwrap_or_else(|_| panic!("site/{rel} exists"))
    }
}
