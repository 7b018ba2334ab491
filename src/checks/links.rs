//! broken-link: links and images that point at nothing in the guide, wiki-links included.
//! A link to a held-back contribution is reported as a warning (it is shown as plain text,
//! and consent being withdrawn must not stop the rest of the guide being published).

use super::{Page, Sink};
use crate::diagnostics::Severity;
use crate::render::links::{Leads, LinkIndex};

/// A link to an `#anchor`, checked once every page's headings are known.
pub struct AnchorRef {
    pub offset: usize,
    pub len: usize,
    /// The contribution it leads to, or `None` for this page.
    pub target: Option<usize>,
    pub anchor: String,
    pub shown: String,
}

/// Checks links and images; returns the links to anchors for [`check_anchors`].
pub fn check(page: &Page, links: &LinkIndex, from_dir: &str, sink: &mut Sink) -> Vec<AnchorRef> {
    let mut anchors = Vec::new();
    for link in &page.outline.links {
        if super::prose::is_ignored(&link.ignored, "broken-link") {
            continue;
        }
        // Only what kind of thing the link leads to: its address is not needed here.
        let target = if link.wiki {
            links.wiki_leads(&link.dest)
        } else {
            links.leads(from_dir, &link.dest)
        };
        // How the link is named in a finding, made only when there is one.
        let shown = || {
            if link.wiki {
                format!("[[{}]]", link.dest)
            } else {
                link.dest.clone()
            }
        };
        match target {
            Leads::Page(_) | Leads::Elsewhere => {
                if let Some((_, anchor)) = link.dest.split_once('#')
                    && !anchor.is_empty()
                {
                    let same_page = link.dest.starts_with('#');
                    let target = if same_page {
                        None
                    } else {
                        links.contribution(from_dir, &link.dest, link.wiki)
                    };
                    if same_page || target.is_some() {
                        anchors.push(AnchorRef {
                            offset: link.offset,
                            len: link.len,
                            target,
                            anchor: anchor.to_string(),
                            shown: shown(),
                        });
                    }
                }
            }
            Leads::HeldBack => sink.at(
                "broken-link",
                Severity::Warning,
                link.offset,
                link.len,
                format!(
                    "{} links to a page that is held back, so it is shown as plain text",
                    shown()
                ),
                Some("remove the link, or link to a page that is published".into()),
            ),
            Leads::Missing => {
                let fix = if link.wiki {
                    "use the exact title of a page, or its file name without .md, like [[what-helped]]"
                } else {
                    "check the path: it is relative to this file, like ../voices/what-helped.md"
                };
                sink.at(
                    "broken-link",
                    Severity::Error,
                    link.offset,
                    link.len,
                    format!("{} does not lead to any page or file in the guide", shown()),
                    Some(fix.into()),
                );
            }
            Leads::Unsafe => sink.at(
                "broken-link",
                Severity::Warning,
                link.offset,
                link.len,
                format!("{} is not a web address coguide will link to", shown()),
                Some("use an address starting with https://".into()),
            ),
        }
    }
    for image in &page.outline.images {
        if super::prose::is_ignored(&image.ignored, "broken-link") {
            continue;
        }
        let target = links.leads(from_dir, &image.dest);
        if target == Leads::Unsafe {
            sink.at(
                "broken-link",
                Severity::Warning,
                image.offset,
                image.len,
                format!("the image address {} is not one coguide will show, so its description is shown instead", image.dest),
                Some("put the image file beside this page and use its file name".into()),
            );
        } else if !matches!(target, Leads::Page(_) | Leads::Elsewhere) {
            sink.at(
                "broken-link",
                Severity::Error,
                image.offset,
                image.len,
                format!("the image {} is not in the guide", image.dest),
                Some("put the image file beside this page (in its own folder, as index.md) and check the spelling of its name".into()),
            );
        }
    }
    anchors
}

/// Links to `#anchors` that no heading on the target page has.
pub fn check_anchors(
    guide: &crate::guide::Guide,
    results: &[super::Checked],
) -> Vec<crate::diagnostics::Diagnostic> {
    results
        .iter()
        .enumerate()
        .flat_map(|(i, r)| anchors_of(guide, i, &r.anchors, &|j| &results[j].heading_ids))
        .collect()
}

/// The links to `#anchors` of contribution `i` that lead to no heading; `ids_of` gives
/// the heading ids of any contribution.
pub fn anchors_of<'r>(
    guide: &crate::guide::Guide,
    i: usize,
    anchors: &[AnchorRef],
    ids_of: &dyn Fn(usize) -> &'r [String],
) -> Vec<crate::diagnostics::Diagnostic> {
    let c = &guide.contributions[i];
    let mut sink = Sink::new(&guide.config, &c.file, &c.source);
    {
        for a in anchors {
            let ids = ids_of(a.target.unwrap_or(i));
            // Footnotes have ids of their own, made by the Markdown renderer.
            let slug = crate::render::slugify(&a.anchor);
            if ids.iter().any(|id| *id == a.anchor || *id == slug)
                || a.anchor.chars().all(|ch| ch.is_ascii_digit())
            {
                continue;
            }
            let near = crate::guide::yaml::nearest(
                &a.anchor,
                &ids.iter().map(String::as_str).collect::<Vec<_>>(),
            );
            let fix = match near {
                Some(n) => format!("did you mean #{n}?"),
                None if ids.is_empty() => {
                    "that page has no headings to link to; link to the page itself".to_string()
                }
                None => format!(
                    "use one of: {}",
                    ids.iter()
                        .map(|i| format!("#{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            sink.at(
                "broken-link",
                Severity::Warning,
                a.offset,
                a.len,
                format!(
                    "{} leads to a page, but it has no heading \"#{}\"",
                    a.shown, a.anchor
                ),
                Some(fix),
            );
        }
    }
    sink.found
}
