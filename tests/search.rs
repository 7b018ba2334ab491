//! The search index: every published page is findable; nothing held back is.

mod common;
use common::{Contribution, TestGuide};

fn shard(g: &TestGuide, word: &str) -> serde_json::Value {
    let key: String = word.chars().take(2).collect();
    match std::fs::read_to_string(g.path("site/search/t").join(format!("{key}.json"))) {
        Ok(t) => serde_json::from_str(&t).unwrap(),
        Err(_) => serde_json::json!({}),
    }
}

#[test]
fn published_words_are_found_and_held_back_ones_are_not() {
    let g = TestGuide::new();
    g.add(
        "content/voices/open.md",
        &Contribution::new("Gardening together").body("We planted marigolds.\n"),
    );
    g.add(
        "content/voices/closed.md",
        &Contribution::new("Kept back")
            .consent(None)
            .body("We planted xylophones.\n"),
    );
    g.add(
        "content/voices/named.md",
        &Contribution::new("Named")
            .authors("  - name: Ada Quillfeather\n    credit: first-name\n")
            .body("Hello.\n"),
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(g.page("search/index.html").contains("<form"));
    let meta: serde_json::Value = serde_json::from_str(&g.page("search/meta.json")).unwrap();
    assert_eq!(meta["pages"], 2);
    assert!(shard(&g, "marigolds").get("marigolds").is_some());
    // Title words weigh more than text words.
    assert!(shard(&g, "gardening")["gardening"][1].as_u64().unwrap() >= 10);
    assert!(shard(&g, "xylophones").get("xylophones").is_none());
    let all = g.site_text().to_lowercase();
    assert!(!all.contains("xylophones") && !all.contains("kept back"));
    assert!(!all.contains("quillfeather"));
    let pages = g.page("search/p/0.json");
    assert!(pages.contains("Gardening together") && pages.contains("\"Ada\""));
}

#[test]
fn search_off_writes_no_index() {
    let g = TestGuide::new();
    g.write("guide.yaml", "title: T\nsearch: false\n");
    g.add("content/voices/a.md", &Contribution::new("A"));
    assert_eq!(g.build().status, 0);
    assert!(!g.path("site/search").exists());
    assert!(!g.page("index.html").contains("/search/"));
}
