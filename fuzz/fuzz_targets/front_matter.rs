//! Front matter splitting and reading never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = coguide::guide::frontmatter::split(text) {
        let mut problems = Vec::new();
        let _ = coguide::guide::frontmatter::read_meta(
            "content/a.md",
            split.yaml,
            split.yaml_line,
            &mut problems,
        );
        for p in &problems {
            assert!(p.line >= 1 && p.column >= 1);
        }
    }
    let mut problems = Vec::new();
    let _ =
        coguide::guide::frontmatter::read_index("content/_index.md", text, "Title", &mut problems);
});
