//! broken-link: links and images that point at nothing in the guide, wiki-links included.
//! A link to a held-back contribution is reported as a warning (it is shown as plain text,
//! and consent being withdrawn must not stop the rest of the guide being published).

use super::{Page, Sink};
use crate::diagnostics::Severity;
use crate::render::links::{LinkIndex, Target};

pub fn check(page: &Page, links: &LinkIndex, from_dir: &str, sink: &mut Sink) {
    for link in &page.outline.links {
        if super::prose::is_ignored(&link.ignored, "broken-link") {
            continue;
        }
        let target = if link.wiki {
            links.wiki(&link.dest)
        } else {
            links.resolve(from_dir, &link.dest).0
        };
        let shown = if link.wiki {
            format!("[[{}]]", link.dest)
        } else {
            link.dest.clone()
        };
        match target {
            Target::Url(_) => {}
            Target::HeldBack => sink.at(
                "broken-link",
                Severity::Warning,
                link.offset,
                link.len,
                format!("{shown} links to a page that is held back, so it is shown as plain text"),
                Some("remove the link, or link to a page that is published".into()),
            ),
            Target::Missing => {
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
                    format!("{shown} does not lead to any page or file in the guide"),
                    Some(fix.into()),
                );
            }
            Target::Unsafe => sink.at(
                "broken-link",
                Severity::Error,
                link.offset,
                link.len,
                format!("{shown} is not a web address coguide will link to"),
                Some("use an address starting with https://".into()),
            ),
        }
    }
    for image in &page.outline.images {
        if super::prose::is_ignored(&image.ignored, "broken-link") {
            continue;
        }
        if !matches!(links.resolve(from_dir, &image.dest).0, Target::Url(_)) {
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
}
