//! Hostile and broken input: a clear message naming the file (and line), exit status 1,
//! no panic, and the previous site left exactly as it was.

mod common;
use common::{Contribution, TestGuide};

/// Builds a good site, breaks it with `breaker`, and checks the failed build.
fn fails_cleanly(breaker: impl Fn(&TestGuide), file: &str, words: &str) {
    let g = TestGuide::new();
    g.add("content/voices/good.md", &Contribution::new("Good"));
    let first = g.build();
    assert_eq!(first.status, 0, "{}", first.stderr);
    let before = g.site();
    breaker(&g);
    let r = g.build();
    assert_eq!(
        r.status, 1,
        "expected a failed build for {file}: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(file),
        "the message does not name {file}: {}",
        r.stderr
    );
    assert!(
        r.stderr.to_lowercase().contains(&words.to_lowercase()),
        "expected {words:?} in: {}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
        "{}",
        r.stderr
    );
    assert_eq!(g.site(), before, "the previous site changed");
}

#[test]
fn empty_file() {
    fails_cleanly(
        |g| {
            g.write("content/voices/empty.md", "");
        },
        "content/voices/empty.md:1:1",
        "no front matter",
    );
}

#[test]
fn front_matter_never_closed() {
    fails_cleanly(
        |g| {
            g.write("content/voices/open.md", "---\ntitle: Open\n");
        },
        "content/voices/open.md:1:1",
        "never closed",
    );
}

#[test]
fn tabs_in_yaml() {
    fails_cleanly(
        |g| {
            g.write(
                "content/voices/tabs.md",
                "---\ntitle: T\n\tsummary: s\n---\n",
            );
        },
        "content/voices/tabs.md:3",
        "tab",
    );
}

#[test]
fn yaml_alias_bomb() {
    let mut yaml =
        String::from("---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for i in 1..9u8 {
        let (name, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
        yaml.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    yaml.push_str("---\n");
    fails_cleanly(
        move |g| {
            g.write("content/voices/bomb.md", &yaml);
        },
        "content/voices/bomb.md:2",
        "aliases",
    );
}

#[test]
fn fifty_megabyte_file() {
    fails_cleanly(
        |g| {
            g.write("content/voices/huge.md", vec![b'a'; 50 * 1024 * 1024]);
        },
        "content/voices/huge.md:1:1",
        "too big",
    );
}

#[test]
fn invalid_utf8() {
    fails_cleanly(
        |g| {
            g.write("content/voices/latin1.md", b"---\ntitle: Caf\xe9\n---\n");
        },
        "content/voices/latin1.md:2:11",
        "UTF-8",
    );
}

#[test]
fn impossible_date() {
    fails_cleanly(
        |g| {
            g.add(
                "content/voices/date.md",
                &Contribution::new("D").consent(Some("  publish: true\n  given: 2025-13-45\n")),
            );
        },
        "content/voices/date.md:8:10",
        "2025-13-45",
    );
}

#[test]
fn publish_yes_as_text() {
    fails_cleanly(
        |g| {
            g.add(
                "content/voices/yes.md",
                &Contribution::new("Y").consent(Some("  publish: \"yes\"\n  given: 2025-01-01\n")),
            );
        },
        "content/voices/yes.md:7:12",
        "true or false",
    );
}

#[test]
fn two_files_for_one_page() {
    fails_cleanly(
        |g| {
            g.add("content/voices/Good.md", &Contribution::new("Also good"));
        },
        "content/voices/",
        "would both become the page /voices/good/",
    );
    fails_cleanly(
        |g| {
            g.add(
                "content/voices/good/index.md",
                &Contribution::new("A bundle"),
            );
        },
        "content/voices/good",
        "would both become",
    );
}

#[test]
fn a_file_named_like_one_of_coguides_own_files() {
    fails_cleanly(
        |g| {
            g.write("content/feed.xml", "<feed/>");
        },
        "content/feed.xml",
        "coguide makes a file of that name itself",
    );
    // A very large guide's sitemap comes in numbered parts: those names are taken too.
    fails_cleanly(
        |g| {
            g.write("content/sitemap-2.xml", "<urlset/>");
        },
        "content/sitemap-2.xml",
        "coguide makes a file of that name itself",
    );
}

#[test]
fn control_characters_in_a_file_name() {
    fails_cleanly(
        |g| {
            g.add("content/voices/bad\u{7}name.md", &Contribution::new("Bell"));
        },
        "content/voices",
        "control characters",
    );
}

#[cfg(unix)]
#[test]
fn symlink_to_a_file_outside_the_guide() {
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "---\ntitle: Secret\n---\nroot:x:0:0\n").unwrap();
    let target = outside.path().to_path_buf();
    fails_cleanly(
        move |g| {
            std::os::unix::fs::symlink(&target, g.path("content/voices/link.md")).unwrap();
        },
        "content/voices/link.md",
        "outside the guide",
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    fails_cleanly(
        |g| {
            std::os::unix::fs::symlink("loop-b.md", g.path("content/voices/loop-a.md")).unwrap();
            std::os::unix::fs::symlink("loop-a.md", g.path("content/voices/loop-b.md")).unwrap();
        },
        "content/voices/loop-a.md",
        "loops back",
    );
}

#[test]
fn template_error_in_a_theme() {
    fails_cleanly(
        |g| {
            g.write(
                "templates/page.html",
                "{% extends \"base.html\" %}{% block main %}{{ page.title }{% endblock main %}",
            );
        },
        "templates/page.html",
        "template",
    );
    fails_cleanly(
        |g| {
            g.write("templates/page.html", "{{ no_such_variable }}");
        },
        "templates/page.html:1",
        "template",
    );
}

#[test]
fn bom_and_crlf_are_read_as_ordinary_text() {
    let g = TestGuide::new();
    let text = Contribution::new("Windows file")
        .body("Line one.\r\nLine two.\r\n")
        .text()
        .replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    g.write("content/voices/windows.md", bytes);
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(g.page("voices/windows/index.html").contains("Windows file"));
}

#[test]
fn xss_payloads_never_reach_the_output() {
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<form action=\"https://evil.example\"><input name=p></form>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<table><tr><td style=\"background:url(javascript:alert(1))\">x</td></tr></table>",
        "<body onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "[x](javascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "![x](javascript:alert(1))",
        "<details open ontoggle=alert(1)>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
    ];
    let g = TestGuide::new();
    let body = payloads.join("\n\n");
    let title = "<script>alert('title')</script>";
    g.add(
        "content/voices/xss.md",
        &Contribution::new(title)
            .summary(Some("</title><script>alert(2)</script>"))
            .body(&body),
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    // The theme's own scripts are the only ones allowed: the search script and JSON-LD.
    // The search page is the theme's own form, with no contribution text on it.
    let text: String = g
        .site()
        .into_iter()
        .filter(|(p, _)| p != "search/index.html")
        .map(|(p, b)| format!("{p}\n{}\n", String::from_utf8_lossy(&b)))
        .collect();
    let all = without_theme_scripts(&text.to_lowercase());
    for bad in [
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "javascript:",
        "vbscript:",
        "<iframe",
        "<object",
        "<form",
        "<input",
        "<style>body",
        "data:text/html",
    ] {
        assert!(!all.contains(bad), "{bad} reached the output");
    }
}

#[test]
fn output_folder_that_would_delete_the_guide_is_refused() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A"));
    for out in [".", "..", "content", "content/site"] {
        let r = g.run(&["build", "--date", common::DATE, "--out", out]);
        assert_eq!(r.status, 1, "--out {out}: {}", r.stderr);
        assert!(g.path("guide.yaml").is_file() && g.path("content/voices/a.md").is_file());
    }
}

#[test]
fn builds_are_reproducible() {
    let g = TestGuide::new();
    g.write(
        "content/glossary.yaml",
        "- term: co-production\n  meaning: Working as equals.\n",
    );
    for i in 0..5 {
        g.add(
            &format!("content/voices/p{i}.md"),
            &Contribution::new(&format!("Page {i}")).body("Co-production [[Page 1]].\n"),
        );
    }
    assert_eq!(g.build().status, 0);
    let first = g.site();
    assert_eq!(g.build().status, 0);
    assert_eq!(g.site(), first, "two builds with the same --date differ");
}

/// Removes the theme's own script elements, which are allowed.
fn without_theme_scripts(text: &str) -> String {
    let mut out = text.replace("<script type=\"application/ld+json\">", "");
    while let Some(i) = out.find("<script src=\"/assets/search.js\"") {
        let end = out[i..].find("</script>").map_or(out.len(), |e| i + e + 9);
        out.replace_range(i..end, "");
    }
    out
}

mod faults {
    use super::common::{Contribution, TestGuide};
    use proptest::prelude::*;

    /// Ways to break a file, each of which must stop the build.
    const BROKEN: &[&str] = &[
        "",
        "---\ntitle: Never closed\n",
        "---\ntitle: T\n\tsummary: tab\n---\n",
        "---\ntitle: T\nsumary: typo\nauthors:\n  - credit: anonymous\n---\n",
        "---\ntitle: T\nsummary: s\nauthors:\n  - credit: anonymous\nconsent:\n  publish: \"yes\"\n  given: 2025-01-01\n---\n",
        "---\ntitle: T\nsummary: s\nauthors:\n  - credit: anonymous\nconsent:\n  publish: true\n  given: 2025-02-30\n---\n",
        "---\ntitle: [unclosed\n---\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

        /// Broken files mixed with good and held-back ones: any broken file stops the
        /// build and leaves the last good site exactly as it was; a held-back page is
        /// never published either way.
        #[test]
        fn a_broken_file_never_yields_a_partial_or_leaky_site(kinds in proptest::collection::vec(0usize..3, 2..6), which in proptest::collection::vec(0usize..7, 6)) {
            let g = TestGuide::new();
            g.add("content/voices/stable.md", &Contribution::new("Stable page"));
            prop_assert_eq!(g.build().status, 0);
            let before = g.site();
            let mut any_broken = false;
            for (i, k) in kinds.iter().enumerate() {
                let path = format!("content/voices/p{i}.md");
                match k {
                    0 => { g.add(&path, &Contribution::new(&format!("Good{i}x"))); }
                    1 => { g.add(&path, &Contribution::new(&format!("Held{i}x")).consent(None).body(&format!("Heldtext{i}x\n"))); }
                    _ => { any_broken = true; g.write(&path, BROKEN[which[i] % BROKEN.len()]); }
                }
            }
            let r = g.build();
            if any_broken {
                prop_assert_eq!(r.status, 1, "{}", r.stderr);
                prop_assert!(!r.stderr.contains("panicked"));
                prop_assert_eq!(g.site(), before.clone(), "a failed build changed the site");
            } else {
                prop_assert_eq!(r.status, 0, "{}", r.stderr);
            }
            let all = g.site_text();
            for (i, k) in kinds.iter().enumerate() {
                if *k == 1 {
                    let (title, text) = (format!("Held{i}x"), format!("Heldtext{i}x"));
                    prop_assert!(!all.contains(&title) && !all.contains(&text), "held-back page {} was published", i);
                }
            }
        }
    }
}
