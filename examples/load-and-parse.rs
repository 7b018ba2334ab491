//! The floor for `coguide check`: load a guide and parse every contribution's Markdown,
//! doing nothing else. BENCHMARKS.md compares `check` with this.
//!
//!     cargo run --release --example load-and-parse -- GUIDE_DIR

use rayon::prelude::*;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let (guide, problems) = coguide::guide::load(std::path::Path::new(&root)).expect("a guide");
    let events: usize = guide
        .contributions
        .par_iter()
        .map(|c| {
            pulldown_cmark::Parser::new_ext(c.body(), coguide::checks::prose::markdown_options())
                .into_offset_iter()
                .count()
        })
        .sum();
    println!(
        "{} contributions, {events} Markdown events, {} problems",
        guide.contributions.len(),
        problems.len()
    );
}

/// The same allocator as coguide itself, so the floor is no slower than it need be.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
