//! The I/O floor for `coguide build`: read every Markdown file of a guide and write its
//! bytes as `OUT/<section>/<name>/index.html`, in parallel, doing nothing else.
//! BENCHMARKS.md compares a build with every check and search off against this.
//!
//!     cargo run --release --example io-floor -- GUIDE_DIR OUT_DIR

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "floor-out".into()));
    let content = root.join("content");
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let written: usize = files
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("a readable file");
            let rel = p.strip_prefix(&content).expect("inside content");
            let dir = out.join(rel.with_extension(""));
            std::fs::create_dir_all(&dir).expect("a folder for the page");
            std::fs::write(dir.join("index.html"), &bytes).expect("the page is written");
            bytes.len()
        })
        .sum();
    println!("{} files, {written} bytes", files.len());
}

/// The same allocator as coguide itself, so the floor is no slower than it need be.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
