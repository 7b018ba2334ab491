//! The consent gate, end to end: held-back contributions and withheld names appear in no
//! byte of the output.

mod common;
use common::{Contribution, TestGuide};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Case {
    consent: u8,
    credit: u8,
    first: String,
    last: String,
    draft: bool,
    under_18: bool,
    guardian: bool,
}

fn consent_yaml(kind: u8, guardian: bool) -> Option<String> {
    let g = if guardian { "  guardian: true\n" } else { "" };
    let base = "  publish: true\n  given: 2025-06-30\n";
    match kind {
        0 => None,
        1 => Some(format!("{base}  withdrawn: 2025-12-01\n{g}")),
        2 => Some(format!("{base}  expires: 2026-01-01\n{g}")),
        3 => Some(format!("  publish: false\n  given: 2025-06-30\n{g}")),
        4 => Some(format!("  publish: true\n  given: 2026-02-01\n{g}")),
        5 => Some(format!("{base}  scope: [print]\n{g}")),
        _ => Some(format!(
            "{base}  scope: [web, print]\n  expires: 2027-01-01\n{g}"
        )),
    }
}

fn published(c: &Case) -> bool {
    c.consent >= 6 && !c.draft && (!c.under_18 || c.guardian)
}

fn case() -> impl Strategy<Value = Case> {
    (
        0u8..9,
        0u8..5,
        "[A-Z][a-z]{3,7}q",
        "[A-Z][a-z]{3,7}z",
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(consent, credit, first, last, draft, under_18, guardian)| Case {
                consent,
                credit,
                first,
                last,
                draft,
                under_18,
                guardian,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn held_back_text_and_withheld_names_never_reach_the_output(cases in proptest::collection::vec(case(), 1..6)) {
        let g = TestGuide::new();
        for (i, c) in cases.iter().enumerate() {
            let credit = ["full-name", "first-name", "initials", "pseudonym", "anonymous"][c.credit as usize];
            let authors = format!(
                "  - name: {} {}\n    credit: {credit}\n    pseudonym: Pen{i}name\n    id: reg-{i}-{}\n    under_18: {}\n",
                c.first, c.last, c.last.to_lowercase(), c.under_18
            );
            let extra = if c.draft { "draft: true\n" } else { "" };
            let body = format!("Secretmarker{i}x is the text of page {i}.\n");
            g.add(&format!("content/voices/page-{i}.md"), &Contribution::new(&format!("Title{i}x")).authors(&authors).consent(consent_yaml(c.consent, c.guardian).as_deref()).extra(extra).body(&body));
        }
        let r = g.build();
        prop_assert_eq!(r.status, 0, "{}", r.stderr);
        let all = g.site_text();
        // The search index stores words in lower case: look for leaks that way too.
        let lower = all.to_lowercase();
        let (sitemap, feed) = (g.page("sitemap.xml"), g.page("feed.xml"));
        let search = std::fs::read_to_string(g.path("site/search/p/0.json")).unwrap_or_default();
        for (i, c) in cases.iter().enumerate() {
            let marker = format!("Secretmarker{i}x");
            let title = format!("Title{i}x");
            if published(c) {
                prop_assert!(all.contains(&marker), "published page {} missing", i);
                let page = g.page(&format!("voices/page-{i}/index.html"));
                prop_assert!(page.contains(&title));
                // And in every list a machine reads: sitemap, feed, search index.
                prop_assert!(sitemap.contains(&format!("/voices/page-{i}/")), "page {} not in the sitemap", i);
                prop_assert!(feed.contains(&title), "page {} not in the feed", i);
                prop_assert!(search.contains(&title), "page {} not in the search index", i);
            } else {
                prop_assert!(!lower.contains(&marker.to_lowercase()), "held-back text of page {} leaked", i);
                prop_assert!(!all.contains(&title), "held-back title of page {} leaked", i);
                prop_assert!(!all.contains(&format!("page-{i}")), "held-back page {} has a file or link", i);
            }
            prop_assert!(!all.contains(&format!("reg-{i}-")), "an id leaked");
            let withheld: Vec<&str> = match c.credit {
                0 => vec![],
                1 => vec![&c.last],
                _ => vec![&c.first, &c.last],
            };
            for w in withheld {
                prop_assert!(!lower.contains(&w.to_lowercase()), "withheld name {} leaked", w);
            }
        }
    }
}

#[test]
fn held_back_reasons_are_listed_by_build() {
    let g = TestGuide::new();
    g.add(
        "content/voices/none.md",
        &Contribution::new("No consent").consent(None),
    );
    g.add(
        "content/voices/gone.md",
        &Contribution::new("Gone").consent(Some(
            "  publish: true\n  given: 2025-01-01\n  withdrawn: 2025-06-01\n",
        )),
    );
    g.add("content/voices/ok.md", &Contribution::new("Fine"));
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/voices/none.md: consent-missing"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("content/voices/gone.md: consent-withdrawn"),
        "{}",
        r.stderr
    );
}

/// a.md's author goes by a pseudonym; b.md, by someone else, names her.
fn one_page_names_the_author_of_another(g: &TestGuide) {
    b_writes_of_the_author_of_a(g, "I met Ada Quillfeather at the group.\n");
}

/// a.md's author goes by a pseudonym; b.md, by someone else, says `body`.
fn b_writes_of_the_author_of_a(g: &TestGuide, body: &str) {
    g.add(
        "content/voices/a.md",
        &Contribution::new("A")
            .authors("  - name: Ada Quillfeather\n    credit: pseudonym\n    pseudonym: Wren\n"),
    );
    g.add("content/voices/b.md", &Contribution::new("B").body(body));
}

#[test]
fn a_name_in_another_page_stops_the_build() {
    let g = TestGuide::new();
    one_page_names_the_author_of_another(&g);
    let before = g.site();
    let r = g.build();
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("Quillfeather") && r.stderr.contains("content/voices/b.md"),
        "{}",
        r.stderr
    );
    assert_eq!(g.site(), before);
}

#[test]
fn the_register_lists_every_contribution_as_csv() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A, with a comma"));
    g.add("content/voices/b.md", &Contribution::new("B").consent(None));
    let r = g.run(&["consent", "--date", common::DATE, "--format", "csv"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(lines[0].starts_with("file,title,credit,status,reason,given,review,expires"));
    assert!(r.stdout.contains("\"A, with a comma\""));
    assert!(r.stdout.contains("held back,consent-missing"));
}

#[test]
fn with_personal_data_lowered_a_name_is_redacted_not_published() {
    let g = TestGuide::new();
    g.write(
        "guide.yaml",
        "title: T\nchecks:\n  personal-data: warning\n",
    );
    one_page_names_the_author_of_another(&g);
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    let all = g.site_text();
    assert!(!all.contains("Quillfeather"));
    assert!(
        g.page("voices/b/index.html")
            .contains("I met [name withheld] at the group.")
    );
    assert!(r.stderr.contains("personal-data"), "{}", r.stderr);
}

#[test]
fn with_every_check_off_the_gate_and_the_guard_still_hold() {
    let g = TestGuide::new();
    let off: String = coguide::checks::CHECK_IDS
        .iter()
        .map(|id| format!("  {id}: off\n"))
        .collect();
    g.write("guide.yaml", format!("title: T\nchecks:\n{off}"));
    one_page_names_the_author_of_another(&g);
    g.add(
        "content/voices/unsure.md",
        &Contribution::new("Not yet agreed")
            .consent(None)
            .body("Heldbackmarker text.\n"),
    );
    let check = g.run(&["check", "--date", common::DATE, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).expect("one JSON object");
    assert_eq!(v["diagnostics"], serde_json::json!([]), "{}", check.stdout);
    assert_eq!(v["held_back"][0]["file"], "content/voices/unsure.md");
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    let all = g.site_text();
    assert!(!all.contains("Quillfeather"));
    assert!(!all.contains("Heldbackmarker") && !all.contains("Not yet agreed"));
    assert!(
        g.page("voices/b/index.html")
            .contains("I met [name withheld] at the group.")
    );
}

#[test]
fn a_name_glued_to_a_word_before_it_does_not_hide_the_rest_of_the_name() {
    let g = TestGuide::new();
    g.write(
        "guide.yaml",
        "title: T\nchecks:\n  personal-data: warning\n",
    );
    // "XAda Quillfeather" is not the name, but "Quillfeather" on its own still is.
    b_writes_of_the_author_of_a(
        &g,
        "The XAda Quillfeather prize, and Ada Quillfeatherish.\n",
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    let page = g.page("voices/b/index.html");
    assert!(!g.site_text().contains("Quillfeather "), "{page}");
    assert!(
        page.contains("The XAda [name withheld] prize, and [name withheld] Quillfeatherish."),
        "{page}"
    );
}

#[test]
fn the_register_lists_what_is_due_and_writes_a_report_outside_the_site() {
    let g = TestGuide::new();
    g.add(
        "content/voices/soon.md",
        &Contribution::new("Soon").consent(Some(
            "  publish: true\n  given: 2025-01-01\n  review: 2026-02-01\n",
        )),
    );
    g.add(
        "content/voices/later.md",
        &Contribution::new("Later").consent(Some(
            "  publish: true\n  given: 2025-01-01\n  expires: 2027-01-01\n",
        )),
    );
    g.add(
        "content/voices/secret.md",
        &Contribution::new("Secret")
            .authors("  - name: Ada Quillfeather\n    credit: anonymous\n    id: c-9\n"),
    );
    let r = g.run(&[
        "consent",
        "--date",
        common::DATE,
        "--due",
        "30",
        "--format",
        "json",
    ]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let files: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, vec!["content/voices/soon.md"]);
    let r = g.run(&[
        "consent",
        "--date",
        common::DATE,
        "--report",
        "register.html",
    ]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(g.path("register.html")).unwrap();
    assert!(html.contains("<table>") && html.contains("Soon") && html.contains("Later"));
    assert!(!html.contains("Quillfeather") && !html.contains("c-9"));
    let r = g.run(&[
        "consent",
        "--date",
        common::DATE,
        "--report",
        "site/register.html",
    ]);
    assert_eq!(r.status, 1);
}
