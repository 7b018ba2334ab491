//! `coguide init DIR`: a new guide with the default theme and one example contribution.

use std::path::Path;

use crate::render::templates::DEFAULT_THEME;

const GUIDE_YAML: &str = "title: Our co-produced guide
description: A guide written together by people who use services, carers and staff.
base_url: https://example.org/
language: en-GB
theme: default
search: true
support:
  - name: Samaritans
    contact: Call 116 123, free, any time
    url: https://www.samaritans.org/
reading_level:
  max_grade: 9
  summary_max_grade: 8
jargon:
  allow: [co-production]
";

const HOME: &str = "---
title: Our co-produced guide
summary: Written together by people who use services, carers and staff.
---
Welcome. Everyone who wrote this guide chose how they are credited.
";

const SECTION: &str = "---
title: Stories
summary: People share what helped them.
weight: 1
---
";

const GLOSSARY: &str = "# Words this guide explains. A term here is linked to its meaning on every page, and the
# checks leave it alone: service names and short forms readers meet go here (NHS, GP).
- term: co-production
  meaning: People who use services and people who run them working as equals.
  also: [coproduction, co-produced]
- term: NHS
  meaning: The National Health Service, which gives health care to everyone who lives in the UK, free when you need it.
- term: GP
  meaning: A general practitioner, the family doctor at your local surgery.
  also: [GPs]
";

fn example(today: &str) -> String {
    format!(
        "---
title: Why I joined the group
summary: >
  I joined because I wanted my experience to help others.
  This is what happened next.
authors:
  - credit: anonymous
    role: expert by experience
consent:
  publish: true
  given: {today}
  scope: [web]
date: {today}
---
## How it started

I saw a poster in the waiting room. It asked for people to help write a guide.

## What I learned

My story matters. Your story matters too.
"
    )
}

pub fn run(dir: &Path) -> u8 {
    if dir.join("guide.yaml").exists() {
        eprintln!(
            "error: {} already has a guide.yaml. coguide will not overwrite a guide; choose a new folder.",
            dir.display()
        );
        return 1;
    }
    let today = super::today(None).to_string();
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("guide.yaml".into(), GUIDE_YAML.into()),
        ("content/_index.md".into(), HOME.into()),
        ("content/glossary.yaml".into(), GLOSSARY.into()),
        ("content/stories/_index.md".into(), SECTION.into()),
        (
            "content/stories/why-i-joined.md".into(),
            example(&today).into_bytes(),
        ),
        (".gitignore".into(), b"/site\n".to_vec()),
    ];
    for (path, bytes) in DEFAULT_THEME {
        files.push((format!("themes/default/{path}"), bytes.to_vec()));
    }
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            eprintln!(
                "error: coguide could not make the folder {} ({}).",
                parent.display(),
                crate::guide::load::plain_io(&e)
            );
            return 1;
        }
        if let Err(e) = std::fs::write(&path, bytes) {
            eprintln!(
                "error: coguide could not write {} ({}).",
                path.display(),
                crate::guide::load::plain_io(&e)
            );
            return 1;
        }
    }
    println!("Made a new guide in {}.", dir.display());
    println!(
        "Next: `cd {}` then `coguide serve` to see it, or `coguide new \"My story\" --section stories` to write.",
        dir.display()
    );
    0
}
