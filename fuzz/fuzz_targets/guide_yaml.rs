//! guide.yaml and glossary.yaml never make coguide panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut problems = Vec::new();
    let _ = coguide::guide::Config::read("guide.yaml", text, &mut problems);
    let _ = coguide::guide::glossary::read("content/glossary.yaml", text, &mut problems);
});
