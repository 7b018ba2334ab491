//! One whole contribution goes through load -> check -> gate -> render -> write without a
//! panic, and nothing is written outside the output folder.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn guide_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("coguide-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("content/voices")).expect("a temporary folder");
        std::fs::write(dir.join("guide.yaml"), "title: Fuzz\n").expect("guide.yaml");
        std::fs::write(dir.join("content/glossary.yaml"), "- term: co-production\n  meaning: Working as equals.\n").expect("glossary");
        std::fs::write(dir.join("content/voices/other.md"), "---\ntitle: Other\nsummary: s\nauthors:\n  - name: Ada Quill\n    credit: initials\nconsent:\n  publish: true\n  given: 2025-01-01\n---\nText.\n").expect("other page");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = guide_dir();
    std::fs::write(dir.join("content/voices/fuzzed.md"), data).expect("the fuzzed file is written");
    let opts = coguide::commands::build::BuildOptions {
        root: dir.clone(),
        out: dir.join("site"),
        today: jiff::civil::date(2026, 1, 15),
        drafts: false,
        base_url: None,
        preview: false,
        progress: false,
    };
    if coguide::commands::build::build_site(&opts).is_ok() {
        // The other author chose initials: "Ada Quill" may appear nowhere in the site.
        for entry in walkdir::WalkDir::new(dir.join("site"))
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                let bytes = std::fs::read(entry.path()).expect("a written file can be read");
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    !text.contains("Quill"),
                    "a withheld name reached {}",
                    entry.path().display()
                );
            }
        }
    }
});
