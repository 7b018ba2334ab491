//! `coguide new TITLE [--section S]`: a new contribution with its front matter filled in.

use crate::cli::NewArgs;
use crate::render::slugify;

pub fn template(title: &str, today: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "---
title: \"{title}\"
summary: >
  Write two or three short sentences in everyday words.
  What is this page about, and who is it for?
authors:
  # How do you want to be credited? Choose one:
  # full-name, first-name, initials, pseudonym (then add `pseudonym: A name`), anonymous.
  # Your name is only published if you choose full-name (or the first word of it, for
  # first-name). Leave `name` out if you choose pseudonym or anonymous.
  - credit: anonymous
    role: expert by experience
consent:
  # Nothing is published until consent is recorded: set `publish: true` and the date
  # consent was given once everyone who wrote this has agreed.
  publish: false
  given: {today}
  scope: [web]
date: {today}
---
## Start here

Write your text here. Use `##` for headings, and leave a blank line between paragraphs.
"
    )
}

pub fn run(args: &NewArgs) -> u8 {
    let root = &args.root.root;
    let content = root.join("content");
    if !root.join("guide.yaml").is_file() || !content.is_dir() {
        eprintln!(
            "error: there is no guide in {}. Run this inside your guide's folder (the one with guide.yaml), or add --root FOLDER.",
            root.display()
        );
        return 1;
    }
    let slug = slugify(&args.title);
    if slug.is_empty() {
        eprintln!(
            "error: the title needs some letters or numbers, so it can become the file name."
        );
        return 1;
    }
    let dir = match &args.section {
        Some(s) => {
            let s = s.trim_matches('/');
            if s.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
                eprintln!(
                    "error: \"{s}\" is not a section name; use the name of a folder in content/."
                );
                return 1;
            }
            content.join(s)
        }
        None => {
            let mut sections: Vec<String> = std::fs::read_dir(&content)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .filter(|e| e.path().join("_index.md").is_file())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            sections.sort();
            if sections.is_empty() {
                content.clone()
            } else {
                eprintln!(
                    "error: which section should it go in? Add --section and one of: {}.",
                    sections.join(", ")
                );
                return 1;
            }
        }
    };
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        eprintln!(
            "error: {} already exists. Choose another title, or open that file to edit it.",
            path.display()
        );
        return 1;
    }
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| {
        std::fs::write(
            &path,
            template(&args.title, &super::today(None).to_string()),
        )
    }) {
        eprintln!(
            "error: coguide could not write {} ({}).",
            path.display(),
            crate::guide::load::plain_io(&e)
        );
        return 1;
    }
    println!(
        "Made {}. Open it in your editor and start writing.",
        path.display()
    );
    println!("It will not be published until its `consent` says `publish: true`.");
    0
}
