//! consent-missing, consent-withdrawn, consent-expired, consent-not-given, consent-scope,
//! guardian-consent (why a contribution is held back) and consent-review-due.

use jiff::civil::Date;

use super::{Page, Sink};
use crate::consent::Decision;
use crate::diagnostics::Severity;

/// How many days ahead a review date starts to be reported.
pub const REVIEW_WINDOW_DAYS: i32 = 30;

pub fn check(page: &Page, today: Date, sink: &mut Sink) {
    if let Some(Decision::HoldBack(reason)) = page.decision {
        let at = if page.keys.get("consent").is_some() {
            page.key_at("consent")
        } else {
            (1, 1)
        };
        let check = reason.id();
        // `draft` is not a check id of its own: drafts are reported only in the build list.
        if check != "draft" {
            sink.at_line(
                check,
                Severity::Warning,
                at,
                format!("this page will not be published: {}", reason.explain()),
                Some(reason.fix().to_string()),
            );
        }
    }
    let Some(consent) = page.meta.and_then(|m| m.consent.as_ref()) else {
        return;
    };
    if consent.withdrawn.is_some() {
        return;
    }
    if let Some(review) = consent.review {
        let days = (review - today).get_days();
        let soon = today
            .checked_add(jiff::Span::new().days(REVIEW_WINDOW_DAYS))
            .is_ok_and(|limit| review <= limit);
        if soon {
            let when = if review < today {
                format!("was due on {review}")
            } else if days == 0 {
                "is due today".to_string()
            } else {
                format!("is due on {review}")
            };
            sink.at_line(
                "consent-review-due",
                Severity::Warning,
                page.key_at("consent.review"),
                format!("the consent review {when}: check the authors are still happy for this to be published"),
                Some("when they agree, set `review` to the next date to ask again".to_string()),
            );
        }
    }
}
