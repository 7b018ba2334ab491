//! missing-alt-text: every image needs words for people who cannot see it. Alt text that is
//! a file name, or starts "image of", does not help either.

use super::prose::is_ignored;
use super::{Page, Sink};
use crate::diagnostics::Severity;

pub fn check(page: &Page, sink: &mut Sink) {
    for image in &page.outline.images {
        if is_ignored(&image.ignored, "missing-alt-text") {
            continue;
        }
        let alt = image.alt.trim();
        let lower = alt.to_lowercase();
        let file_like = !alt.contains(' ')
            && [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]
                .iter()
                .any(|e| lower.ends_with(e));
        let problem = if alt.is_empty() {
            Some("this image has no alt text, so people using screen readers will not know what it shows".to_string())
        } else if file_like {
            Some(format!(
                "the alt text \"{alt}\" is a file name, which does not say what the image shows"
            ))
        } else if [
            "image of",
            "picture of",
            "photo of",
            "a picture of",
            "an image of",
            "a photo of",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
        {
            Some(format!(
                "the alt text \"{alt}\" starts by saying it is an image; screen readers already say that"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            sink.at(
                "missing-alt-text",
                Severity::Error,
                image.offset,
                image.len,
                message,
                Some(
                    "describe what the image shows and why it matters, in the [ ] of ![ ](file)"
                        .into(),
                ),
            );
        }
    }
}
