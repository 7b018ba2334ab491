//! Files for machines: the Atom feed follows RFC 4287, the sitemap follows the
//! sitemaps.org protocol, and both list every published page and nothing held back.

mod common;
use common::{Contribution, TestGuide};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn guide() -> TestGuide {
    let g = TestGuide::new();
    g.add(
        "content/voices/older.md",
        &Contribution::new("Older & wiser <really>").extra("date: 2025-01-10\n"),
    );
    g.add(
        "content/voices/newer.md",
        &Contribution::new("Newer")
            .authors("  - name: Sam Jones\n    credit: first-name\n")
            .extra("date: 2025-03-01\nupdated: 2025-04-01\n"),
    );
    g.add(
        "content/voices/held.md",
        &Contribution::new("Held back page").consent(None),
    );
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    g
}

fn is_rfc3339(s: &str) -> bool {
    s.len() == 20
        && s.ends_with('Z')
        && s.as_bytes()[10] == b'T'
        && s[..10].parse::<jiff::civil::Date>().is_ok()
}

fn children<'a>(n: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    n.children()
        .filter(|c| {
            c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(ns)
        })
        .collect()
}

fn one<'a>(n: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> roxmltree::Node<'a, 'a> {
    let found = children(n, ns, name);
    assert_eq!(
        found.len(),
        1,
        "<{}> needs exactly one <{name}>",
        n.tag_name().name()
    );
    found[0]
}

#[test]
fn the_feed_is_valid_atom_newest_first() {
    let g = guide();
    let text = g.page("feed.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(
        (feed.tag_name().name(), feed.tag_name().namespace()),
        ("feed", Some(ATOM))
    );
    // RFC 4287 4.1.1: one id, title and updated; an author on the feed or every entry.
    assert!(
        one(feed, ATOM, "id")
            .text()
            .unwrap()
            .starts_with("https://")
    );
    assert!(!one(feed, ATOM, "title").text().unwrap().is_empty());
    assert!(is_rfc3339(one(feed, ATOM, "updated").text().unwrap()));
    assert!(!children(feed, ATOM, "author").is_empty());
    let links = children(feed, ATOM, "link");
    assert!(links.iter().any(|l| l.attribute("rel") == Some("self")
        && l.attribute("href") == Some("https://example.org/feed.xml")));
    let entries = children(feed, ATOM, "entry");
    assert_eq!(entries.len(), 2, "one entry per published contribution");
    let mut last = String::from("9999");
    for e in &entries {
        // 4.1.2: one id, title and updated; an alternate link.
        let id = one(*e, ATOM, "id").text().unwrap();
        assert!(id.starts_with("https://example.org/voices/"));
        assert!(!one(*e, ATOM, "title").text().unwrap().is_empty());
        let updated = one(*e, ATOM, "updated").text().unwrap().to_string();
        assert!(is_rfc3339(&updated));
        assert!(updated <= last, "entries are newest first");
        last = updated;
        assert!(children(*e, ATOM, "link").iter().any(|l| l.attribute("rel") == Some("alternate") && l.attribute("href") == Some(id)));
        assert!(!one(*e, ATOM, "summary").text().unwrap_or("").is_empty());
    }
    assert_eq!(one(entries[0], ATOM, "title").text(), Some("Newer"));
    assert_eq!(
        one(one(entries[0], ATOM, "author"), ATOM, "name").text(),
        Some("Sam")
    );
    assert_eq!(
        one(entries[1], ATOM, "title").text(),
        Some("Older & wiser <really>")
    );
    assert!(!text.contains("Held back page") && !text.contains("Jones"));
}

/// The titles of the feed's entries, in order.
fn feed_titles(g: &TestGuide) -> Vec<String> {
    let text = g.page("feed.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    children(doc.root_element(), ATOM, "entry")
        .iter()
        .map(|e| one(*e, ATOM, "title").text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_feed_lists_the_newest_contributions_guide_yaml_asks_for() {
    let g = TestGuide::new();
    for (name, date) in [
        ("March", "2025-03-01"),
        ("January", "2025-01-01"),
        ("May", "2025-05-01"),
    ] {
        g.add(
            &format!("content/voices/{}.md", name.to_lowercase()),
            &Contribution::new(name).extra(&format!("date: {date}\n")),
        );
    }
    let yaml = "title: Test guide\nbase_url: https://example.org/\n";
    g.write("guide.yaml", format!("{yaml}feed_entries: 2\n"));
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(feed_titles(&g), ["May", "March"]);
    // Every page is still in the sitemap.
    assert!(g.page("sitemap.xml").contains("/voices/january/"));

    g.write("guide.yaml", format!("{yaml}feed_entries: all\n"));
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(feed_titles(&g), ["May", "March", "January"]);

    // Unless guide.yaml says, the feed has the newest 50.
    for i in 0..52 {
        g.add(
            &format!("content/voices/more-{i}.md"),
            &Contribution::new(&format!("More {i}")),
        );
    }
    g.write("guide.yaml", yaml);
    let r = g.build();
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(feed_titles(&g).len(), 50);
}

#[test]
fn a_feed_size_that_is_not_a_whole_number_is_explained() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A"));
    g.write("guide.yaml", "title: Test guide\nfeed_entries: lots\n");
    let before = g.site();
    let r = g.build();
    assert_ne!(r.status, 0);
    assert!(
        r.stderr.contains("guide.yaml:2:15") && r.stderr.contains("feed_entries: 50"),
        "{}",
        r.stderr
    );
    assert_eq!(g.site(), before, "nothing is written");
}

#[test]
fn the_sitemap_follows_the_protocol_and_lists_every_published_page() {
    let g = guide();
    let text = g.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let set = doc.root_element();
    assert_eq!(
        (set.tag_name().name(), set.tag_name().namespace()),
        ("urlset", Some(SITEMAP))
    );
    let mut locs = Vec::new();
    for url in children(set, SITEMAP, "url") {
        for c in url.children().filter(|c| c.is_element()) {
            assert!(
                ["loc", "lastmod", "changefreq", "priority"].contains(&c.tag_name().name()),
                "unknown <{}>",
                c.tag_name().name()
            );
        }
        let loc = one(url, SITEMAP, "loc").text().unwrap().to_string();
        assert!(
            loc.starts_with("https://example.org/") && loc.len() < 2048,
            "{loc}"
        );
        if let Some(m) = children(url, SITEMAP, "lastmod").first() {
            assert!(m.text().unwrap().parse::<jiff::civil::Date>().is_ok());
        }
        locs.push(loc);
    }
    for page in [
        "",
        "voices/",
        "voices/older/",
        "voices/newer/",
        "contributors/",
        "about/",
    ] {
        assert!(
            locs.contains(&format!("https://example.org/{page}")),
            "{page} missing from the sitemap"
        );
    }
    assert!(!locs.iter().any(|l| l.contains("held")));
    assert!(
        g.page("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}
