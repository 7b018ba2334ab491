//! `coguide serve`: a real server on a free port, a real edit, a real reload event.

mod common;
use common::{Contribution, TestGuide};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(g: &TestGuide) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_coguide"))
        .args(["serve", "--port", &port.to_string(), "--date", common::DATE])
        .current_dir(g.root())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(g.path("serve.log")).unwrap())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// (status, body) of a GET with the path sent exactly as given.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// How many times the server's log says `what`.
fn logged(g: &TestGuide, what: &str) -> usize {
    let log = std::fs::read_to_string(g.path("serve.log")).unwrap_or_default();
    log.matches(what).count()
}

fn wait_for(port: u16, path: &str, want: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(port, path);
        if body.contains(want) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never showed {want:?}; last: {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn edits_rebuild_the_page_and_send_a_reload_event() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("First title"));
    let server = start(&g);
    let page = wait_for(server.port, "/voices/a/", "First title");
    assert!(page.contains("/__coguide/live.js"), "no live reload script");

    // Listen for the reload event, then edit.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        events,
        "GET /__coguide/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.contains("200"), "{line}");
    std::thread::sleep(Duration::from_millis(200));
    g.add("content/voices/a.md", &Contribution::new("Second title"));
    let mut got = String::new();
    while !got.contains("data: reload") {
        line.clear();
        reader.read_line(&mut line).expect("a reload event");
        got.push_str(&line);
    }
    wait_for(server.port, "/voices/a/", "Second title");
    // The list on the section page follows too.
    wait_for(server.port, "/voices/", "Second title");
}

#[test]
fn a_changed_page_is_updated_with_everything_that_shows_it() {
    let g = TestGuide::new();
    g.write(
        "content/glossary.yaml",
        "- term: peer support\n  meaning: Help from someone who has been there.\n",
    );
    for (file, title) in [("a", "Alpha page"), ("b", "Beta page"), ("c", "Gamma page")] {
        g.add(
            &format!("content/voices/{file}.md"),
            &Contribution::new(title).extra(&format!("weight: {}\n", file.as_bytes()[0])),
        );
    }
    let server = start(&g);
    wait_for(server.port, "/voices/b/", "Beta page");

    // The text only: the page, its suggestions, the glossary and search follow.
    g.add(
        "content/voices/b.md",
        &Contribution::new("Beta page")
            .extra("weight: 98\n")
            .body("We facilitate peer support on Tuesdays with zebrafish.\n"),
    );
    let page = wait_for(server.port, "/voices/b/", "zebrafish");
    assert!(
        page.contains("facilitate") && page.contains("preview-try"),
        "no suggestion shown"
    );
    // Neighbours keep their places and titles.
    assert!(page.contains("Alpha page") && page.contains("Gamma page"));
    wait_for(server.port, "/glossary/", "/voices/b/");
    wait_for(server.port, "/search/t/ze.json", "zebrafish");
    // ... and only this page was rendered again, not the whole guide.
    assert!(logged(&g, "Updated content/voices/b.md in") >= 1);

    // The summary: the lists that show it follow.
    g.add(
        "content/voices/b.md",
        &Contribution::new("Beta page")
            .extra("weight: 98\n")
            .summary(Some("Walruses and what they taught us."))
            .body("We facilitate peer support on Tuesdays with zebrafish.\n"),
    );
    wait_for(server.port, "/voices/", "Walruses and what they taught us.");
    wait_for(server.port, "/", "Walruses and what they taught us.");
    wait_for(
        server.port,
        "/feed.xml",
        "Walruses and what they taught us.",
    );
    wait_for(server.port, "/search/p/0.json", "Walruses");
    // Summary words are searchable too.
    wait_for(server.port, "/search/t/wa.json", "walruses");
    assert!(logged(&g, "Updated content/voices/b.md in") >= 2);

    // The title: every page that shows it follows, the neighbours' links included.
    g.add(
        "content/voices/b.md",
        &Contribution::new("Renamed page")
            .extra("weight: 98\n")
            .body("Text.\n"),
    );
    wait_for(server.port, "/voices/a/", "Renamed page");
    wait_for(server.port, "/voices/c/", "Renamed page");
    wait_for(server.port, "/voices/", "Renamed page");
    wait_for(server.port, "/search/p/0.json", "Renamed page");
    assert!(logged(&g, "Updated content/voices/b.md in") >= 3);

    // A new order is new navigation everywhere: the whole guide is built again.
    g.add(
        "content/voices/b.md",
        &Contribution::new("Renamed page")
            .extra("weight: 200\n")
            .body("Text.\n"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while logged(&g, "Rebuilt in") < 2 {
        assert!(
            Instant::now() < deadline,
            "no full rebuild after a new order"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_new_title_is_followed_by_links_to_it_by_title() {
    let g = TestGuide::new();
    g.add(
        "content/voices/a.md",
        &Contribution::new("Alpha page").body("See [[Beta page]].\n"),
    );
    g.add("content/voices/b.md", &Contribution::new("Beta page"));
    let server = start(&g);
    wait_for(server.port, "/voices/a/", "href=\"/voices/b/\"");
    // The link by the old title now leads nowhere: the page that has it says so.
    g.add("content/voices/b.md", &Contribution::new("Renamed page"));
    let error = wait_for(server.port, "/voices/a/", "Something needs fixing");
    assert!(error.contains("content/voices/a.md:10"), "{error}");
    g.add(
        "content/voices/a.md",
        &Contribution::new("Alpha page").body("See [[Renamed page]].\n"),
    );
    wait_for(server.port, "/voices/a/", "href=\"/voices/b/\"");
}

#[test]
fn a_broken_file_shows_what_to_fix_and_the_fix_brings_the_page_back() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("Good page"));
    let server = start(&g);
    wait_for(server.port, "/voices/a/", "Good page");
    g.write(
        "content/voices/a.md",
        "---\ntitle: Broken\nsumary: typo\nauthors:\n  - credit: anonymous\n---\n",
    );
    let error = wait_for(server.port, "/voices/a/", "Something needs fixing");
    assert!(
        error.contains("content/voices/a.md:3:1") && error.contains("Did you mean `summary`"),
        "{error}"
    );
    g.add("content/voices/a.md", &Contribution::new("Fixed page"));
    wait_for(server.port, "/voices/a/", "Fixed page");
}

#[test]
fn only_files_of_the_site_are_served() {
    let g = TestGuide::new();
    g.add("content/voices/a.md", &Contribution::new("A"));
    let server = start(&g);
    wait_for(server.port, "/voices/a/", "A");
    for path in [
        "/../guide.yaml",
        "/%2e%2e/guide.yaml",
        "/..%2fguide.yaml",
        "//etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/voices/a/..%5c..%5cguide.yaml",
    ] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 404, "{path} gave {status}");
        assert!(
            !body.contains("root:") && !body.contains("base_url"),
            "{path} leaked a file"
        );
    }
    let (status, _) = get(server.port, "/nowhere/");
    assert_eq!(status, 404);
}

#[test]
fn the_preview_shows_each_pages_suggestions_and_held_back_pages_with_a_banner() {
    let g = TestGuide::new();
    g.add(
        "content/voices/a.md",
        &Contribution::new("Plain page")
            .body("We facilitate a group. Read [click here](held.md) and `facilitate` in code.\n"),
    );
    g.add(
        "content/voices/held.md",
        &Contribution::new("Not yet agreed").consent(None),
    );
    let server = start(&g);
    let page = wait_for(server.port, "/voices/a/", "Suggestions for this page");
    assert!(
        page.contains("line 10:") && page.contains("is jargon") && page.contains("Try: help"),
        "{page}"
    );
    // The flagged words are marked in the text, each with a link to its suggestion that
    // says what it is; inside a link the mark stands alone; code is left as it is.
    assert!(
        page.contains(r##"<mark class="preview-flag">facilitate</mark><a class="preview-flag-link" href="#note-1" aria-label="Suggestion 1: &quot;facilitate&quot; is jargon. Try: help">1</a>"##),
        "{page}"
    );
    assert!(page.contains(r#"<li id="note-1">"#), "{page}");
    assert!(
        page.contains(r#"<mark class="preview-flag">click here</mark></a>"#),
        "{page}"
    );
    assert!(page.contains("<code>facilitate</code>"), "{page}");
    let held = wait_for(
        server.port,
        "/voices/held/",
        "This page will not be published",
    );
    assert!(held.contains("there is no `consent` section"), "{held}");
    // The published site has neither.
    assert_eq!(g.build().status, 0);
    assert!(!g.path("site/voices/held").exists());
    let published = g.page("voices/a/index.html");
    assert!(
        !published.contains("Suggestions for this page") && !published.contains("preview-flag")
    );
}
