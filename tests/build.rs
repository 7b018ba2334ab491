//! Building a guide end to end: pages, credits, links, failures that leave the site alone.

mod common;
use common::{Contribution, TestGuide};

#[test]
fn a_guide_builds_into_pretty_urls() {
    let g = TestGuide::new();
    g.add(
        "content/voices/sam.md",
        &Contribution::new("What helped me").body("## First\n\nIt helped.\n"),
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    for page in [
        "index.html",
        "voices/index.html",
        "voices/sam/index.html",
        "contributors/index.html",
        "about/index.html",
        "404.html",
    ] {
        assert!(g.path("site").join(page).is_file(), "{page} missing");
    }
    let page = g.page("voices/sam/index.html");
    assert!(page.contains("What helped me"));
    assert!(page.contains("A short summary in plain words."));
    assert!(page.contains("id=\"first\""));
    assert!(g.page("voices/index.html").contains("/voices/sam/"));
}

#[test]
fn each_credit_choice_is_shown_as_chosen() {
    let g = TestGuide::new();
    let cases = [
        (
            "full",
            "  - name: Sam Alex Jones\n    credit: full-name\n    role: carer\n",
            "Sam Alex Jones (carer)",
            &[][..],
        ),
        (
            "first",
            "  - name: Priya Kaur Sandhu\n    credit: first-name\n",
            "Priya",
            &["Kaur", "Sandhu"][..],
        ),
        (
            "initials",
            "  - name: Tomasz Nowak\n    credit: initials\n",
            "T.N.",
            &["Tomasz", "Nowak"][..],
        ),
        (
            "pseudonym",
            "  - name: Olu Adeyemi\n    credit: pseudonym\n    pseudonym: River\n",
            "River",
            &["Olu", "Adeyemi"][..],
        ),
        (
            "anonymous",
            "  - name: Grace Obi\n    credit: anonymous\n    role: peer support worker\n    id: c-0142\n",
            "Anonymous (peer support worker)",
            &["Grace", "Obi", "c-0142"][..],
        ),
    ];
    for (slug, authors, _, _) in &cases {
        g.add(
            &format!("content/voices/{slug}.md"),
            &Contribution::new(&format!("Page {slug}")).authors(authors),
        );
    }
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    let all = g.site_text();
    for (slug, _, shown, hidden) in &cases {
        let page = g.page(&format!("voices/{slug}/index.html"));
        assert!(page.contains(shown), "{slug}: {shown} not on the page");
        for h in *hidden {
            assert!(!all.contains(h), "{h} leaked");
        }
    }
    let contributors = g.page("contributors/index.html");
    assert!(contributors.contains("Sam Alex Jones") && contributors.contains("River"));
}

#[test]
fn broken_yaml_fails_and_leaves_the_site_as_it_was() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A"));
    assert_eq!(g.build().status, 0);
    let before = g.site();
    g.write(
        "content/voices/b.md",
        "---\ntitle: B\nsummary: [unclosed\nauthors:\n  - credit: anonymous\n---\nText\n",
    );
    let r = g.build();
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("content/voices/b.md:"), "{}", r.stderr);
    assert!(r.stderr.contains("Nothing was published"), "{}", r.stderr);
    assert_eq!(g.site(), before, "the previous site changed");
    let leftovers: Vec<_> = std::fs::read_dir(g.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".new-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn withdrawing_consent_removes_every_trace() {
    let g = TestGuide::new();
    g.add(
        "content/voices/keep.md",
        &Contribution::new("Kept page").body("See [[Leaving soon]] and [the other](leaving.md).\n"),
    );
    g.add(
        "content/voices/leaving.md",
        &Contribution::new("Leaving soon").body("Zanzibarquux text.\n"),
    );
    assert_eq!(g.build().status, 0);
    assert!(g.site_text().contains("Zanzibarquux"));
    g.add(
        "content/voices/leaving.md",
        &Contribution::new("Leaving soon")
            .body("Zanzibarquux text.\n")
            .consent(Some(
                "  publish: true\n  given: 2025-06-30\n  withdrawn: 2026-01-01\n",
            )),
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stderr.contains("consent-withdrawn"), "{}", r.stderr);
    let all = g.site_text();
    assert!(!all.contains("Zanzibarquux"));
    assert!(
        !all.contains("Leaving soon"),
        "the title of a withdrawn page is still in the site"
    );
    assert!(
        !all.contains("leaving"),
        "a link or file for the withdrawn page remains"
    );
}

#[test]
fn messy_markdown_builds() {
    let g = TestGuide::new();
    g.add(
        "content/voices/target-page.md",
        &Contribution::new("The target page"),
    );
    let body = "Intro\u{a0}with a non-breaking space.\n\n---\n\nA rule above. See [[The target page]], [[target-page|this page]].\n\n- [x] done\n- [ ] not yet\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nA note.[^1]\n\n[^1]: The footnote.\n";
    g.add(
        "content/voices/messy.md",
        &Contribution::new("Messy").body(body),
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    let page = g.page("voices/messy/index.html");
    assert!(
        page.contains("href=\"/voices/target-page/\""),
        "wiki-link not resolved"
    );
    assert!(page.contains("<hr"), "stray rule lost");
    assert!(page.contains("<table"));
    assert!(
        !page.contains("<input"),
        "form elements must not reach the page"
    );
}

#[test]
fn raw_html_is_sanitised() {
    let g = TestGuide::new();
    let body = "<script>alert('x')</script>\n\n<p onclick=\"steal()\">Hi</p>\n\n[link](javascript:alert(1))\n\n<iframe src=\"https://evil.example\"></iframe>\n";
    g.add(
        "content/voices/xss.md",
        &Contribution::new("Hostile <b>title</b>").body(body),
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    let all = g.site_text();
    for bad in [
        "<script>alert",
        "onclick",
        "javascript:",
        "<iframe",
        "<b>title</b>",
    ] {
        assert!(!all.contains(bad), "{bad} reached the output");
    }
}

#[test]
fn sub_path_base_url_prefixes_links() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A"));
    let r = g.run(&[
        "build",
        "--date",
        common::DATE,
        "--base-url",
        "https://example.org/guide/",
    ]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let home = g.page("index.html");
    assert!(
        home.contains("href=\"/guide/voices/a/\""),
        "links are not under the sub-path"
    );
    assert!(
        !home.contains("href=\"/voices/"),
        "a link ignores the sub-path"
    );
}

#[test]
fn bundle_images_are_copied_only_with_their_page() {
    let g = TestGuide::new();
    g.add(
        "content/voices/shown/index.md",
        &Contribution::new("Shown").body("![Two chairs](chairs.svg)\n"),
    );
    g.write(
        "content/voices/shown/chairs.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    g.add(
        "content/voices/hidden/index.md",
        &Contribution::new("Hidden").consent(None),
    );
    g.write(
        "content/voices/hidden/secret.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(g.path("site/voices/shown/chairs.svg").is_file());
    assert!(
        g.page("voices/shown/index.html")
            .contains("src=\"/voices/shown/chairs.svg\"")
    );
    assert!(!g.path("site/voices/hidden").exists());
}

#[test]
fn refuses_to_replace_the_guide_folder() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A"));
    let r = g.run(&["build", "--date", common::DATE, "--out", "."]);
    assert_eq!(r.status, 1);
    assert!(g.path("guide.yaml").is_file());
    assert!(r.stderr.contains("will not use that one"), "{}", r.stderr);
}

#[test]
fn init_new_and_build_work_together() {
    let t = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_coguide");
    let run = |args: &[&str], dir: &std::path::Path| {
        std::process::Command::new(bin)
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap()
    };
    assert!(run(&["init", "myguide"], t.path()).status.success());
    let root = t.path().join("myguide");
    let o = run(&["new", "My first story", "--section", "stories"], &root);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(root.join("content/stories/my-first-story.md").is_file());
    let o = run(&["build"], &root);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The new contribution has no consent to publish yet: held back.
    assert!(String::from_utf8_lossy(&o.stderr).contains("consent-not-given"));
    assert!(!root.join("site/stories/my-first-story").exists());
    assert!(root.join("site/stories/why-i-joined/index.html").is_file());
    // The starter glossary explains the service names most guides use.
    let glossary = std::fs::read_to_string(root.join("site/glossary/index.html")).unwrap();
    assert!(glossary.contains("National Health Service"));
    let story = root.join("content/stories/my-first-story.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, format!("{text}\nMy GP and the NHS helped me.\n")).unwrap();
    let o = run(&["check", "--format", "json"], &root);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("undefined-acronym"));
}

/// Regression (found by the contribution fuzz target): a successful build cleaned up
/// by forgetting its staging folder's handle; now nothing is left over, and nothing leaks.
#[test]
fn rebuilding_leaves_nothing_beside_the_site() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A"));
    for _ in 0..2 {
        assert_eq!(g.build().status, 0);
    }
    let extra: Vec<String> = std::fs::read_dir(g.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(extra.is_empty(), "left over: {extra:?}");
}
