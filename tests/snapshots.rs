//! Snapshots, reviewed like code: what an author reads in the terminal, and the HTML a
//! contribution's text becomes. `INSTA_UPDATE=always cargo test --test snapshots` to
//! accept a change, then read the diff.

mod common;
use common::{Contribution, TestGuide};

#[test]
fn human_messages_read_as_plain_english() {
    let g = TestGuide::new();
    g.write(
        "content/voices/draft.md",
        "---\ntitle: My story\nsumary: A typo in a key.\nauthors:\n  - credit: pseudonym\nconsent:\n  publish: \"yes\"\n  given: 2025-13-01\n---\n## What helped\n\nWe facilitate a group in order to help.\n",
    );
    g.add(
        "content/voices/other.md",
        &Contribution::new("Other").body("He suffers from anxiety. See [[Nowhere]].\n"),
    );
    let r = g.run(&["check", "--date", common::DATE]);
    assert_eq!(r.status, 1);
    insta::assert_snapshot!(r.stderr);
}

#[test]
fn a_contribution_renders_to_this_html() {
    let g = TestGuide::new();
    g.write(
        "content/glossary.yaml",
        "- term: peer support\n  meaning: Help from someone who has been there.\n",
    );
    let body = "## Finding peer support\n\nPeer support helped. So did *walking*, \"fresh air\" -- and tea.\n\n| When | What |\n|---|---|\n| Monday | A walk |\n\n- [x] Booked\n- [ ] Went\n\nA note.[^1]\n\n[^1]: It rained.\n\n<span onclick=\"x()\">Kept text</span>\n";
    g.add(
        "content/voices/a.md",
        &Contribution::new("A page").body(body),
    );
    assert_eq!(g.build().status, 0);
    let page = g.page("voices/a/index.html");
    let start = page
        .find("<div class=\"prose\">")
        .expect("the text is in a prose block");
    let end = start
        + page[start..]
            .find("id=\"after-text\"")
            .expect("a place after the text");
    insta::assert_snapshot!(&page[start..end]);
}
