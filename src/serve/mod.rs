//! `coguide serve`: builds the guide into a private folder (never the published `site/`),
//! serves it on this computer, and rebuilds when a file changes.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::cli::ServeArgs;
use crate::commands::build::{BuildOptions, Kept, build_site};
use crate::diagnostics::{Severity, format_human};
use crate::render::markdown::escape_html as escape;

/// What the server shows: the last good site, and the problems of the last build if it failed.
struct State {
    site: PathBuf,
    problems: Option<String>,
}

/// Shared by the watcher and every connection. `generation` counts finished rebuilds;
/// open pages wait on `changed` to hear of the next one and reload.
struct Shared {
    state: RwLock<State>,
    generation: Mutex<u64>,
    changed: Condvar,
}

/// The script added to every page in preview: reload when the guide is rebuilt.
const LIVE_JS: &str =
    "new EventSource('/__coguide/events').onmessage = function () { location.reload(); };\n";
const LIVE_TAG: &str = "<script src=\"/__coguide/live.js\" defer></script>";

pub fn run(args: &ServeArgs) -> u8 {
    let root = args.root.root.clone();
    if !root.join("guide.yaml").is_file() {
        eprintln!(
            "error: there is no guide.yaml in {}. Run this inside your guide's folder, or add --root FOLDER.",
            root.display()
        );
        return 1;
    }
    let server = match listen(&args.bind, args.port) {
        Ok(s) => s,
        Err(e) => {
            let busy = e.to_string().to_lowercase().contains("in use");
            if busy {
                eprintln!(
                    "error: port {} is already in use by another program. Try `coguide serve --port {}`.",
                    args.port,
                    args.port.saturating_add(1)
                );
            } else {
                eprintln!(
                    "error: coguide could not listen on {}:{} ({e}).",
                    args.bind, args.port
                );
            }
            return 1;
        }
    };
    let private = std::env::temp_dir().join(format!("coguide-preview-{}", std::process::id()));
    let site = private.join("site");
    let address = format!("http://{}:{}/", args.bind, args.port);
    let opts = BuildOptions {
        root: root.clone(),
        out: site.clone(),
        today: crate::commands::today(args.date),
        drafts: true,
        base_url: Some(address.clone()),
        preview: true,
        progress: false,
    };
    let state = Arc::new(Shared {
        state: RwLock::new(State {
            site: site.clone(),
            problems: None,
        }),
        generation: Mutex::new(0),
        changed: Condvar::new(),
    });
    let live = rebuild(&opts, &state);
    println!("Previewing {} at {address}", root.display());
    println!("Edit and save any file: the preview rebuilds. Press Ctrl+C to stop.");
    if args.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&address)
        .spawn();
    }

    // Watch and rebuild, after changes settle for a moment.
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(
        move |res: notify::Result<notify::Event>| {
            if let Ok(event) = res {
                let _ = tx.send(event);
            }
        },
    ) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "warning: coguide cannot watch for changes here ({e}); restart it to see changes."
            );
            None
        }
    };
    if let Some(w) = watcher.as_mut() {
        // Watched by their full paths, so that a changed file can be found in the guide.
        let full = root.canonicalize().unwrap_or_else(|_| root.clone());
        for p in ["content", "themes", "templates", "guide.yaml"] {
            let path = full.join(p);
            if path.exists() {
                let _ = w.watch(&path, RecursiveMode::Recursive);
            }
        }
    }
    {
        let state = state.clone();
        std::thread::spawn(move || {
            let mut live = live;
            while let Ok(first) = rx.recv() {
                // Wait for the changes to settle, noting which files they touched.
                let mut paths = BTreeSet::new();
                let mut note = |e: notify::Event| {
                    if is_relevant(&e) {
                        paths.extend(e.paths);
                    }
                };
                note(first);
                while let Ok(e) = rx.recv_timeout(Duration::from_millis(DEBOUNCE_MS)) {
                    note(e);
                }
                if paths.is_empty() {
                    continue;
                }
                let started = std::time::Instant::now();
                match live.as_mut().and_then(|l| update(&opts, l, &paths)) {
                    Some(files) if files.is_empty() => {}
                    Some(files) => {
                        eprintln!(
                            "Updated {} in {:.0} ms.",
                            files.join(", "),
                            started.elapsed().as_secs_f64() * 1000.0
                        );
                        announce(&state, None);
                    }
                    None => live = rebuild(&opts, &state),
                }
            }
        });
    }

    for request in server.incoming_requests() {
        let shared = state.clone();
        std::thread::spawn(move || respond(request, &shared));
    }
    0
}

/// Listens on the address, with Nagle's algorithm off for every connection (they inherit
/// it): a page goes out at once, not 40 ms later when its headers and body are written
/// separately.
fn listen(
    bind: &str,
    port: u16,
) -> Result<tiny_http::Server, Box<dyn std::error::Error + Send + Sync + 'static>> {
    let listener = std::net::TcpListener::bind((bind, port))?;
    let _ = rustix::net::sockopt::set_tcp_nodelay(&listener, true);
    tiny_http::Server::from_listener(listener, None)
}

fn is_relevant(e: &notify::Event) -> bool {
    !matches!(e.kind, notify::EventKind::Access(_))
        && e.paths.iter().any(|p| {
            !p.file_name().is_some_and(|n| {
                n.to_string_lossy().starts_with('.') || n.to_string_lossy().ends_with('~')
            })
        })
}

/// How long changes must be quiet before the preview is updated: editors often write a
/// file in several steps.
const DEBOUNCE_MS: u64 = 15;

/// The last good preview build, kept so that a changed page can be updated on its own.
struct Live {
    guide: crate::guide::Guide,
    kept: Kept,
}

/// Builds the whole preview again. Returns what the next quick update needs, or `None`
/// when the build failed (the server then shows what went wrong, over the last good pages).
fn rebuild(opts: &BuildOptions, shared: &Shared) -> Option<Live> {
    let started = std::time::Instant::now();
    let (problems, live) = match build_site(opts) {
        Ok(built) => {
            eprintln!(
                "Rebuilt in {:.0} ms: {} published, {} held back.",
                started.elapsed().as_secs_f64() * 1000.0,
                built.published,
                built.held_back.len()
            );
            let live = built.kept.map(|kept| Live {
                guide: built.guide,
                kept,
            });
            (None, live)
        }
        Err(failed) => {
            let lookup = |file: &str, line: usize| -> Option<String> {
                if let Some(src) = failed.guide.as_ref().and_then(|g| g.sources.get(file)) {
                    return Some(src.line(line).to_string());
                }
                crate::commands::read_line_inside(&opts.root, file, line)
            };
            let mut text = String::new();
            for d in failed
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
            {
                text.push_str(&format_human(d, &lookup, false));
                text.push('\n');
            }
            if let Some(m) = &failed.message {
                text.push_str(m);
            }
            eprintln!("The preview could not be rebuilt:\n{text}");
            (Some(text), None)
        }
    };
    announce(shared, problems);
    live
}

/// Records the outcome of a rebuild and tells every open page to reload.
fn announce(shared: &Shared, problems: Option<String>) {
    if let Ok(mut s) = shared.state.write() {
        s.problems = problems;
    }
    if let Ok(mut g) = shared.generation.lock() {
        *g += 1;
        shared.changed.notify_all();
    }
}

/// Updates the preview for changed contributions only: their pages; the lists that show
/// them when their summary, credits, dates, tags or title changed; and when a title
/// changed, the pages beside it and the pages that link to it by title. That is only
/// possible when each file is still a readable contribution without errors, and its
/// order, consent and heading ids are as they were (navigation and links to its headings
/// depend on those). Returns the files updated, or `None` when the whole guide must be
/// built again.
fn update(opts: &BuildOptions, live: &mut Live, paths: &BTreeSet<PathBuf>) -> Option<Vec<String>> {
    let root = opts.root.canonicalize().ok()?;
    let mut changed = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(&root).ok()?.to_str()?.replace('\\', "/");
        match live.guide.contributions.iter().position(|c| c.file == rel) {
            Some(i) => changed.push(i),
            // A file that came and went (an editor's temporary file) changes nothing.
            None if !path.exists() => {}
            None => return None,
        }
    }
    changed.sort_unstable();
    changed.dedup();
    let mut files = Vec::new();
    for i in changed {
        let (c, problems) = crate::guide::load::reread(&opts.root, &live.guide, i)?;
        let old = &live.guide.contributions[i];
        let decision =
            |c: &crate::guide::Contribution| crate::consent::gate(&c.meta, opts.today, opts.drafts);
        if c.meta.weight != old.meta.weight || decision(old) != decision(&c) {
            return None;
        }
        let listed = listing(old) != listing(&c);
        let retitled = old.meta.title != c.meta.title;
        let titles = [old.meta.title.to_lowercase(), c.meta.title.to_lowercase()];
        let file = c.file.clone();
        live.guide.sources.insert(file.clone(), c.source.clone());
        live.guide.contributions[i] = c;
        let kept = &mut live.kept;
        let mut also = Vec::new();
        if retitled {
            // Links by title now lead elsewhere: the pages with such links are checked
            // and rendered again too.
            kept.reach = crate::checks::Reach::new(&live.guide, opts.today, opts.drafts);
            also = links_by_title(&live.guide, i, &titles);
        }
        let old_ids = kept.heading_ids[i].clone();
        let mut first = Some(problems);
        for j in std::iter::once(i).chain(also.iter().copied()) {
            let mut found = first.take().unwrap_or_default();
            found.extend(kept.checker.run_one(
                &live.guide,
                j,
                opts.today,
                opts.drafts,
                &kept.reach,
                &mut kept.heading_ids,
            ));
            if found.iter().any(|d| d.severity == Severity::Error) {
                return None;
            }
            crate::diagnostics::sort(&mut found);
            let notes = found.iter().map(crate::commands::build::note).collect();
            let file = live.guide.contributions[j].file.clone();
            kept.options.notes.insert(file, notes);
        }
        if kept.heading_ids[i] != old_ids {
            return None;
        }
        let published = crate::consent::preview_everything(&live.guide.contributions);
        let changes =
            std::iter::once((i, listed, retitled)).chain(also.iter().map(|&j| (j, false, false)));
        for (j, listed, retitled) in changes {
            let position = published.iter().position(|p| p.index == j)?;
            crate::render::render_change(
                &live.guide,
                &published,
                &kept.theme,
                &kept.options,
                &crate::output::Patch::new(&opts.out),
                &mut kept.prepared,
                &crate::render::Change {
                    position,
                    listed,
                    retitled,
                },
            )
            .ok()?;
        }
        files.push(file);
    }
    Some(files)
}

/// The contributions other than `i` with a wiki-link (`[[...]]`) that may name one of
/// `titles` (in lower case).
fn links_by_title(guide: &crate::guide::Guide, i: usize, titles: &[String]) -> Vec<usize> {
    guide
        .contributions
        .iter()
        .enumerate()
        .filter(|(j, c)| {
            *j != i && c.body().contains("[[") && {
                let body = c.body().to_lowercase();
                titles.iter().any(|t| body.contains(t.as_str()))
            }
        })
        .map(|(j, _)| j)
        .collect()
}

/// What lists of pages show of a contribution, besides its title.
fn listing(c: &crate::guide::Contribution) -> impl PartialEq + '_ {
    let m = &c.meta;
    (&m.summary, &m.authors, m.date, m.updated, &m.tags)
}

/// Answers `/__coguide/events` on the raw connection: a server-sent event each time the
/// guide is rebuilt, and a comment every 15 seconds so a closed tab is noticed (the write
/// fails and the thread ends). Each event is flushed as it happens.
fn stream_events(request: tiny_http::Request, shared: &Shared) {
    let mut seen = shared.generation.lock().map(|g| *g).unwrap_or(0);
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let Ok(guard) = shared.generation.lock() else {
            return;
        };
        let Ok((g, _)) = shared
            .changed
            .wait_timeout_while(guard, Duration::from_secs(15), |g| *g == seen)
        else {
            return;
        };
        let message: &[u8] = if *g != seen {
            b"data: reload\n\n"
        } else {
            b": still here\n\n"
        };
        seen = *g;
        drop(g);
        if out.write_all(message).and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

fn error_page(problems: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Something needs fixing</title>\
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:70ch;margin:2rem auto;padding:0 1rem}}pre{{white-space:pre-wrap;background:#f3f2f1;padding:1rem;overflow-wrap:anywhere}}</style></head>\
<body><main><h1>Something needs fixing</h1><p>The preview could not be updated. The problems are below, with the file and line and what to do. Fix them and save: this page updates when you reload it.</p><pre>{}</pre></main></body></html>",
        escape(problems)
    )
}

/// Maps a request path to a file of the site, or `None` for anything that could leave it.
pub fn resolve(site: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut full = site.join(rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    let canonical = full.canonicalize().ok()?;
    let site = site.canonicalize().ok()?;
    (canonical.starts_with(&site) && canonical.is_file()).then_some(canonical)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn header(k: &str, v: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header")
}

/// Adds the live-reload script to a page.
fn with_live_reload(mut html: Vec<u8>) -> Vec<u8> {
    let tag = LIVE_TAG.as_bytes();
    match html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
    {
        Some(i) => {
            html.splice(i..i, tag.iter().copied());
        }
        None => html.extend_from_slice(tag),
    }
    html
}

fn respond(request: tiny_http::Request, shared: &Arc<Shared>) {
    let url = request.url().to_string();
    if url == "/__coguide/live.js" {
        let _ = request.respond(
            tiny_http::Response::from_string(LIVE_JS)
                .with_header(header("Content-Type", "text/javascript; charset=utf-8")),
        );
        return;
    }
    if url == "/__coguide/events" {
        stream_events(request, shared);
        return;
    }
    let (site, problems) = match shared.state.read() {
        Ok(s) => (s.site.clone(), s.problems.clone()),
        Err(_) => return,
    };
    if let Some(p) = problems.filter(|_| url.ends_with('/') || url.ends_with(".html")) {
        let page = with_live_reload(error_page(&p).into_bytes());
        let _ = request.respond(
            tiny_http::Response::from_data(page)
                .with_status_code(500)
                .with_header(header("Content-Type", "text/html; charset=utf-8")),
        );
        return;
    }
    match resolve(&site, &url) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let kind = content_type(&file);
                let bytes = if kind.starts_with("text/html") {
                    with_live_reload(bytes)
                } else {
                    bytes
                };
                let _ = request.respond(
                    tiny_http::Response::from_data(bytes)
                        .with_header(header("Content-Type", kind))
                        .with_header(header("Cache-Control", "no-store")),
                );
            }
            Err(_) => not_found(request, &site),
        },
        None => not_found(request, &site),
    }
}

fn not_found(request: tiny_http::Request, site: &Path) {
    let body = std::fs::read(site.join("404.html")).unwrap_or_else(|_| b"Not found".to_vec());
    let h = tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"text/html; charset=utf-8"[..])
        .expect("valid header");
    let _ = request.respond(
        tiny_http::Response::from_data(body)
            .with_status_code(404)
            .with_header(h),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        std::fs::create_dir_all(site.join("a")).unwrap();
        std::fs::write(site.join("a/index.html"), "x").unwrap();
        std::fs::write(t.path().join("secret"), "s").unwrap();
        assert!(resolve(&site, "/a/").is_some());
        assert!(resolve(&site, "/../secret").is_none());
        assert!(resolve(&site, "/%2e%2e/secret").is_none());
        assert!(resolve(&site, "/a/%2e%2e%2f..%2fsecret").is_none());
        assert!(resolve(&site, "//etc/passwd").is_none());
    }
}
