//! `coguide build`: load → check → gate → render → write, writing nothing unless all is well.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;

use crate::checks::Checker;
use crate::cli::BuildArgs;
use crate::consent::{Reason, split};
use crate::diagnostics::{Diagnostic, Severity, sort};
use crate::guide::{Guide, load};
use crate::output::Staging;
use crate::render::{self, templates};

pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub today: Date,
    pub drafts: bool,
    pub base_url: Option<String>,
    pub preview: bool,
    /// Show a progress bar while pages are written.
    pub progress: bool,
}

/// A build that went through.
pub struct Built {
    pub guide: Guide,
    pub diagnostics: Vec<Diagnostic>,
    pub published: usize,
    pub held_back: Vec<(String, Reason)>,
    pub pages: usize,
    /// In preview, what `coguide serve` keeps to render a changed page again quickly.
    pub kept: Option<Kept>,
    /// Outside the preview, what rendering made that nothing needs any more, handed to
    /// the caller to let go of: freeing it piece by piece takes a tenth of a second at
    /// 10,000 contributions, which `coguide build` leaves to the system at exit.
    pub spent: Option<render::Prepared>,
}

/// What a preview build keeps for the next edit: the prepared rendering, the theme, and
/// the options it was rendered with.
pub struct Kept {
    pub checker: Checker,
    pub reach: crate::checks::Reach,
    /// Each contribution's heading ids, for checking links to them.
    pub heading_ids: Vec<Vec<String>>,
    pub prepared: render::Prepared,
    pub theme: templates::Theme,
    pub options: render::Options,
}

/// A build that stopped; the output was not touched.
pub struct Failed {
    pub guide: Option<Guide>,
    pub diagnostics: Vec<Diagnostic>,
    /// A problem that is not about one file (no guide.yaml, an unusable output folder).
    pub message: Option<String>,
}

/// Runs the whole pipeline. On success the new site has replaced `out`.
pub fn build_site(opts: &BuildOptions) -> Result<Built, Box<Failed>> {
    let fail = |guide, diagnostics, message| {
        Box::new(Failed {
            guide,
            diagnostics,
            message,
        })
    };
    // Load.
    let (mut guide, mut diagnostics) = match load(&opts.root) {
        Ok(x) => x,
        Err(e) => return Err(fail(None, Vec::new(), Some(e.to_string()))),
    };
    if let Some(url) = &opts.base_url {
        let (base_url, base_path) = crate::guide::config::normalise_base_url(url);
        guide.config.base_url = base_url;
        guide.config.base_path = base_path;
    }
    // Which contributions the consent gate lets through (the private preview shows
    // held-back pages too, each under a banner saying why; the published site never does).
    let (mut published, held) = split(&guide.contributions, opts.today, opts.drafts);
    if opts.preview {
        published = crate::consent::preview_everything(&guide.contributions);
    }
    // Check; meanwhile, make ready what rendering needs of the whole guide, which does not
    // depend on what the checks find.
    let ((checker, run), ahead) = rayon::join(
        || {
            let checker = Checker::new(&guide);
            let run = checker.run_all(&guide, opts.today, opts.drafts);
            (checker, run)
        },
        || render::Ahead::new(&guide, &published),
    );
    diagnostics.extend(run.diagnostics);
    // Only the preview checks a page again after an edit. A build has no more use for
    // what that needs, and lets go of it while it renders, not before.
    let again = (checker, run.reach, run.heading_ids);
    let again = if opts.preview {
        Some(again)
    } else {
        rayon::spawn(move || drop(again));
        None
    };
    sort(&mut diagnostics);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(fail(Some(guide), diagnostics, None));
    }
    let held_back = held
        .iter()
        .map(|h| (h.contribution.file.clone(), h.reason))
        .collect();
    // The preview shows every page's own findings too.
    let (preview_held, preview_notes) = if opts.preview {
        let held: std::collections::HashMap<usize, Reason> =
            held.iter().map(|h| (h.index, h.reason)).collect();
        let mut notes: std::collections::HashMap<String, Vec<render::context::NoteCtx>> =
            std::collections::HashMap::new();
        for d in &diagnostics {
            notes.entry(d.file.clone()).or_default().push(note(d));
        }
        (held, notes)
    } else {
        Default::default()
    };
    // Render into a fresh folder.
    let theme = match templates::load(&opts.root, &guide.config.theme) {
        Ok(t) => t,
        Err(problems) => {
            diagnostics.extend(problems);
            return Err(fail(Some(guide), diagnostics, None));
        }
    };
    let staging = match Staging::new(&opts.root, &opts.out) {
        Ok(s) => s,
        Err(e) => return Err(fail(Some(guide), diagnostics, Some(e.to_string()))),
    };
    let progress = if opts.progress && published.len() >= PROGRESS_FROM {
        let bar = indicatif::ProgressBar::new(published.len() as u64);
        if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            // Asked for outside a terminal (a CI log): a plain line every two seconds.
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            let watched = bar.clone();
            std::thread::spawn(move || {
                while !watched.is_finished() {
                    std::thread::sleep(std::time::Duration::from_secs(2));
                    if !watched.is_finished() {
                        eprintln!(
                            "Writing pages: {} of {}",
                            watched.position(),
                            watched.length().unwrap_or(0)
                        );
                    }
                }
            });
        }
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "Writing pages {bar:30} {pos}/{len} ({eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let options = render::Options {
        today: opts.today,
        preview: opts.preview,
        progress,
        held_back: preview_held,
        notes: preview_notes,
    };
    let rendered = render::render_site(&guide, &published, &theme, &options, &staging, ahead);
    options.progress.finish_and_clear();
    let (report, prepared) = match rendered {
        Ok(r) => r,
        Err(mut problems) => {
            sort(&mut problems);
            problems.dedup();
            diagnostics.extend(problems);
            return Err(fail(Some(guide), diagnostics, None));
        }
    };
    let published = published.len();
    diagnostics.extend(report.warnings);
    // Write: swap the new site in.
    if let Err(e) = staging.commit(&opts.out) {
        return Err(fail(Some(guide), diagnostics, Some(e.to_string())));
    }
    let (kept, spent) = match again {
        Some((checker, reach, heading_ids)) => {
            let kept = Kept {
                checker,
                reach,
                heading_ids,
                prepared,
                theme,
                options,
            };
            (Some(kept), None)
        }
        None => (None, Some(prepared)),
    };
    Ok(Built {
        guide,
        diagnostics,
        published,
        held_back,
        pages: report.pages,
        kept,
        spent,
    })
}

/// A finding as the preview shows it on its page.
pub fn note(d: &Diagnostic) -> render::context::NoteCtx {
    render::context::NoteCtx {
        severity: d.severity.as_str(),
        check: d.check.clone(),
        message: d.message.clone(),
        suggestion: d.suggestion.clone(),
        line: d.line,
        column: d.column,
        length: d.length,
    }
}

/// Guides smaller than this build too fast for a progress bar to help.
const PROGRESS_FROM: usize = 500;

pub fn run(args: &BuildArgs) -> u8 {
    let started = Instant::now();
    let root = &args.root.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("site"));
    let opts = BuildOptions {
        root: root.clone(),
        out: out.clone(),
        today: super::today(args.date),
        drafts: args.drafts,
        base_url: args.base_url.clone(),
        preview: false,
        // A bar only where someone is watching: a terminal, not CI, unless asked.
        progress: args.progress
            || (!args.quiet
                && std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("CI").is_none()),
    };
    match build_site(&opts) {
        Ok(built) => {
            if !args.quiet {
                print_report(&built, &out, started.elapsed().as_secs_f64());
            }
            super::leave_to_exit(built);
            0
        }
        Err(failed) => {
            report_failure(&failed, root);
            1
        }
    }
}

/// How many errors are printed in full; the rest are counted by check.
const SHOWN_ERRORS: usize = 30;

pub fn report_failure(failed: &Failed, root: &Path) {
    let errors: Vec<Diagnostic> = failed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let shown = &errors[..errors.len().min(SHOWN_ERRORS)];
    super::print_human(failed.guide.as_ref(), root, shown, false);
    if errors.len() > shown.len() {
        let mut rest: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &errors[shown.len()..] {
            *rest.entry(d.check.as_str()).or_default() += 1;
        }
        let list = rest
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        eprintln!(
            "... and {} more errors ({list}). Run `coguide check` to see them all.",
            errors.len() - shown.len()
        );
    }
    if let Some(m) = &failed.message {
        eprintln!("error: {m}");
    }
    let what = match errors.len() {
        0 => String::new(),
        1 => "1 error stopped the build. ".to_string(),
        n => format!("{n} errors stopped the build. "),
    };
    eprintln!("{what}Nothing was published: the site folder is as it was before.");
}

fn print_report(built: &Built, out: &Path, seconds: f64) {
    let warnings: Vec<&Diagnostic> = built
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let mut by_check: BTreeMap<&str, usize> = BTreeMap::new();
    for w in &warnings {
        *by_check.entry(w.check.as_str()).or_default() += 1;
    }
    let contributions = if built.published == 1 {
        "contribution"
    } else {
        "contributions"
    };
    eprintln!(
        "Built {} in {seconds:.2}s: {} {contributions} published, {} pages in all.",
        out.display(),
        built.published,
        built.pages
    );
    if built.held_back.is_empty() {
        eprintln!("Nothing was held back.");
    } else {
        eprintln!("Held back (not published anywhere on the site):");
        for (file, reason) in &built.held_back {
            eprintln!("  {file}: {} ({})", reason.id(), reason.explain());
        }
    }
    if !warnings.is_empty() {
        let list = by_check
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let n = warnings.len();
        eprintln!(
            "{n} warning{} ({list}). Run `coguide check` to see them.",
            if n == 1 { "" } else { "s" }
        );
    }
}
