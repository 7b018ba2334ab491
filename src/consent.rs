//! The consent gate and the credit rules. Nothing else decides what is published or how a
//! person is named.

use jiff::civil::Date;
use serde::Serialize;

use crate::guide::{Author, Contribution, Credit, Meta};

/// Why a contribution is held back. The order of the variants is the order of precedence
/// in SPEC: the first that applies is the reason given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    ConsentMissing,
    ConsentWithdrawn,
    ConsentExpired,
    ConsentNotGiven,
    ConsentScope,
    GuardianConsent,
    Draft,
}

impl Reason {
    /// The check id (and the reason shown in `held_back`).
    pub fn id(self) -> &'static str {
        match self {
            Reason::ConsentMissing => "consent-missing",
            Reason::ConsentWithdrawn => "consent-withdrawn",
            Reason::ConsentExpired => "consent-expired",
            Reason::ConsentNotGiven => "consent-not-given",
            Reason::ConsentScope => "consent-scope",
            Reason::GuardianConsent => "guardian-consent",
            Reason::Draft => "draft",
        }
    }

    /// Plain words for an author or comms team.
    pub fn explain(self) -> &'static str {
        match self {
            Reason::ConsentMissing => {
                "there is no `consent` section, so it is held back until consent is recorded"
            }
            Reason::ConsentWithdrawn => "consent was withdrawn, so it will not be published again",
            Reason::ConsentExpired => {
                "consent has expired, so it is held back until consent is renewed"
            }
            Reason::ConsentNotGiven => {
                "consent to publish is not given yet (`publish` is not true, or the `given` date is in the future)"
            }
            Reason::ConsentScope => {
                "consent does not cover the web (`scope` does not include `web`)"
            }
            Reason::GuardianConsent => {
                "an author is under 18 and a parent or guardian has not agreed (`guardian: true`)"
            }
            Reason::Draft => "it is marked as a draft",
        }
    }

    /// What to do about it.
    pub fn fix(self) -> &'static str {
        match self {
            Reason::ConsentMissing => {
                "when the authors agree, add a `consent:` section with `publish: true` and the date consent was `given`"
            }
            Reason::ConsentWithdrawn => {
                "nothing to do: the page stays unpublished; remove the file when you no longer need it"
            }
            Reason::ConsentExpired => {
                "ask the authors again; if they agree, update `expires` (or remove it) and record the new `given` date"
            }
            Reason::ConsentNotGiven => {
                "set `publish: true` once the authors agree, with the date in `given`"
            }
            Reason::ConsentScope => {
                "if the authors agree to the web, add `web` to `scope`, like `scope: [web, print]`"
            }
            Reason::GuardianConsent => {
                "record a parent's or guardian's agreement with `guardian: true` in `consent`"
            }
            Reason::Draft => {
                "remove `draft: true` when it is ready, or build with `--drafts` to preview it"
            }
        }
    }
}

/// What the gate decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Publish,
    HoldBack(Reason),
}

/// The consent gate: one pure function from front matter and the build date to a decision.
pub fn gate(meta: &Meta, today: Date, include_drafts: bool) -> Decision {
    use Reason::*;
    let Some(c) = &meta.consent else {
        return Decision::HoldBack(ConsentMissing);
    };
    let reason = if c.withdrawn.is_some() {
        Some(ConsentWithdrawn)
    } else if c.expires.is_some_and(|e| e <= today) {
        Some(ConsentExpired)
    } else if !c.publish || c.given > today {
        Some(ConsentNotGiven)
    } else if !c.scope.iter().any(|s| s == "web") {
        Some(ConsentScope)
    } else if meta.authors.iter().any(|a| a.under_18) && !c.guardian {
        Some(GuardianConsent)
    } else if meta.draft && !include_drafts {
        Some(Draft)
    } else {
        None
    };
    reason.map_or(Decision::Publish, Decision::HoldBack)
}

/// A contribution that passed the gate. Only `split` makes one, so a held-back
/// contribution cannot reach a template by mistake.
#[derive(Debug, Clone, Copy)]
pub struct Published<'g> {
    pub index: usize,
    pub contribution: &'g Contribution,
}

#[derive(Debug, Clone, Copy)]
pub struct HeldBack<'g> {
    pub index: usize,
    pub contribution: &'g Contribution,
    pub reason: Reason,
}

/// Runs the gate over every contribution.
pub fn split(
    contributions: &[Contribution],
    today: Date,
    include_drafts: bool,
) -> (Vec<Published<'_>>, Vec<HeldBack<'_>>) {
    let mut published = Vec::new();
    let mut held = Vec::new();
    for (index, contribution) in contributions.iter().enumerate() {
        match gate(&contribution.meta, today, include_drafts) {
            Decision::Publish => published.push(Published {
                index,
                contribution,
            }),
            Decision::HoldBack(reason) => held.push(HeldBack {
                index,
                contribution,
                reason,
            }),
        }
    }
    (published, held)
}

/// Only for `coguide serve`'s private preview: every contribution, so authors can read
/// a held-back page as it will look (with a banner saying why it is held back). The
/// preview is never written to the published site.
pub fn preview_everything(contributions: &[Contribution]) -> Vec<Published<'_>> {
    contributions
        .iter()
        .enumerate()
        .map(|(index, contribution)| Published {
            index,
            contribution,
        })
        .collect()
}

/// The credit as shown to readers. This is the only place a name is turned into public text.
pub fn credit_shown(author: &Author) -> String {
    let name = author.name.as_deref().unwrap_or("").trim();
    let words = || name.split_whitespace();
    let shown = match &author.credit {
        Credit::FullName => words().collect::<Vec<_>>().join(" "),
        Credit::FirstName => words().next().unwrap_or("").to_string(),
        Credit::Initials => words()
            .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
            .map(|c| format!("{}.", c.to_uppercase()))
            .collect::<Vec<_>>()
            .join(""),
        Credit::Pseudonym(p) => p.trim().to_string(),
        Credit::Anonymous => String::new(),
    };
    if shown.is_empty() {
        "Anonymous".to_string()
    } else {
        shown
    }
}

/// `Sam (expert by experience) and Anonymous (carer)`.
pub fn credit_line(authors: &[Author]) -> String {
    let parts: Vec<String> = authors
        .iter()
        .map(|a| match &a.role {
            Some(role) => format!("{} ({role})", credit_shown(a)),
            None => credit_shown(a),
        })
        .collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// The words of an author's name that must not appear anywhere in the output: all of it
/// for pseudonym and anonymous, all but the first word for first-name, all of it for
/// initials, nothing for full-name.
pub fn withheld_words(author: &Author) -> Vec<String> {
    let Some(name) = author.name.as_deref() else {
        return Vec::new();
    };
    let words = name.split_whitespace().map(str::to_string);
    match author.credit {
        Credit::FullName => Vec::new(),
        Credit::FirstName => words.skip(1).collect(),
        Credit::Initials | Credit::Pseudonym(_) | Credit::Anonymous => words.collect(),
    }
}

/// The last line of defence: every page is scanned, before it is written, for the withheld
/// parts of every author's name and for every register id. Checks report a name in its
/// author's own text; this catches the rest (a name in another author's page, a title, a
/// file name) so that a withheld name can never reach the output, whatever the settings.
pub struct LeakGuard {
    /// Every word of every secret, in lower case, for indexes that store words that way.
    secret_words: rustc_hash::FxHashSet<String>,
    matcher: Option<SecretScan>,
    /// For each pattern: which file's author it belongs to, and their credit.
    owners: Vec<(String, &'static str)>,
}

impl LeakGuard {
    pub fn new(guide: &crate::guide::Guide, published: &[Published]) -> Self {
        // Words that some published credit shows are not secrets of anyone.
        // What published credits show — whole, and word by word — is public: another
        // person with the same name chose to be credited by it.
        let shown: std::collections::HashSet<String> = published
            .iter()
            .flat_map(|p| p.contribution.meta.authors.iter())
            .flat_map(|a| {
                let credit = credit_shown(a);
                let mut parts: Vec<String> =
                    credit.split_whitespace().map(str::to_string).collect();
                parts.push(credit);
                parts
            })
            .collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut secret_words = rustc_hash::FxHashSet::default();
        let mut owners = Vec::new();
        for c in &guide.contributions {
            for a in &c.meta.authors {
                let mut secrets: Vec<(String, &'static str)> = withheld_words(a)
                    .into_iter()
                    .filter(|w| w.chars().count() >= 2 && !shown.contains(w))
                    .map(|w| (w, a.credit.id()))
                    .collect();
                if a.credit != Credit::FullName
                    && let Some(name) = &a.name
                    && name.split_whitespace().count() > 1
                {
                    secrets.push((
                        name.split_whitespace().collect::<Vec<_>>().join(" "),
                        a.credit.id(),
                    ));
                }
                if let Some(id) =
                    a.id.as_deref()
                        .map(str::trim)
                        .filter(|id| id.chars().count() >= 2)
                {
                    secrets.push((id.to_string(), "id"));
                }
                for (secret, kind) in secrets {
                    if !shown.contains(&secret) && seen.insert(secret.clone()) {
                        secret_words.extend(
                            secret
                                .split_whitespace()
                                .map(crate::render::search::normalise),
                        );
                        patterns.push(secret);
                        owners.push((c.file.clone(), kind));
                    }
                }
            }
        }
        let matcher = SecretScan::new(&patterns);
        LeakGuard {
            secret_words,
            matcher,
            owners,
        }
    }

    /// Whether a lower-case word is part of a withheld name or an id.
    pub fn is_secret_word(&self, word: &str) -> bool {
        self.secret_words.contains(word)
    }

    /// Scans a page about to be written from `origin`. With `severity` Error (the
    /// default for personal-data) a secret stops the build. If a guide has lowered
    /// personal-data to a warning (or off), the secret is replaced by "[name withheld]"
    /// and the build goes on: either way, no byte of it is published.
    pub fn check<'t>(
        &self,
        text: &'t str,
        origin: &str,
        output: &str,
        severity: Option<crate::diagnostics::Severity>,
    ) -> Result<
        (
            std::borrow::Cow<'t, str>,
            Vec<crate::diagnostics::Diagnostic>,
        ),
        crate::diagnostics::Diagnostic,
    > {
        use crate::diagnostics::{Diagnostic, Severity};
        let Some(m) = &self.matcher else {
            return Ok((text.into(), Vec::new()));
        };
        let mut redacted = String::new();
        let mut last = 0;
        let mut warnings = Vec::new();
        for found in m.find_words(text) {
            let (owner, credit) = &self.owners[found.pattern().as_usize()];
            let what = if *credit == "id" {
                format!("the register id of an author of {owner}, which is never published")
            } else {
                format!("part of the name of an author of {owner}, who chose `{credit}` credit")
            };
            let secret = &text[found.start()..found.end()];
            if severity == Some(Severity::Error) {
                return Err(Diagnostic::new(
                    "personal-data",
                    Severity::Error,
                    origin,
                    (1, 1),
                    format!("the page {output} would show \"{secret}\", {what}; nothing was published"),
                )
                .with_suggestion("remove the name from this page (or its title or file name), or ask the author whether they want a different credit"));
            }
            if let Some(sev) = severity {
                warnings.push(
                    Diagnostic::new("personal-data", sev, origin, (1, 1), format!("the page {output} showed \"{secret}\", {what}; it was published as \"[name withheld]\""))
                        .with_suggestion("remove the name from this page, or ask the author whether they want a different credit"),
                );
            }
            redacted.push_str(&text[last..found.start()]);
            redacted.push_str("[name withheld]");
            last = found.end();
        }
        if last == 0 {
            return Ok((text.into(), warnings));
        }
        redacted.push_str(&text[last..]);
        Ok((redacted.into(), warnings))
    }
}

/// Finds every secret in a page that stands as words of its own (no letter or digit
/// just before or after it), without walking an automaton over every byte: a page is
/// read many bytes at a time for bytes that can start a secret, then for the first two
/// bytes of a secret, and only there is the automaton asked, anchored, for the longest
/// secret. Every byte is still read; the tests compare it with a plain search of every
/// place for every secret.
struct SecretScan {
    /// The longest secret that starts at a given place.
    anchored: aho_corasick::AhoCorasick,
    /// Ranges of bytes, from `lo[k]` to `lo[k] + width[k]`, that together hold the first
    /// byte of every secret (and maybe a few more), so that a block of text is tested
    /// against them in a few vector instructions.
    lo: [u8; RANGES],
    width: [u8; RANGES],
    /// Bit `256 * first + second` is set when some secret starts with those two bytes.
    pairs: Box<[u64; 1024]>,
    /// Every place is tried (only if a secret were shorter than two bytes).
    every: bool,
}

/// How many ranges of first bytes a block is tested against.
const RANGES: usize = 3;

/// Bytes tested at once for one that can start a secret.
const BLOCK: usize = 64;

impl SecretScan {
    /// `None` when there is nothing to look for.
    fn new(patterns: &[String]) -> Option<SecretScan> {
        if patterns.is_empty() {
            return None;
        }
        let anchored = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(patterns)
            .ok()?;
        let mut pairs = Box::new([0u64; 1024]);
        let mut first = [false; 256];
        // Every secret is at least two bytes long (a word of one letter is never a
        // secret, see `LeakGuard::new`), which the pairs rely on; were one shorter, every
        // place would be tried.
        let every = patterns.iter().any(|p| p.len() < 2);
        for p in patterns
            .iter()
            .map(String::as_bytes)
            .filter(|p| p.len() >= 2)
        {
            first[usize::from(p[0])] = true;
            let bit = usize::from(p[0]) << 8 | usize::from(p[1]);
            pairs[bit >> 6] |= 1 << (bit & 63);
        }
        // Runs of first bytes, the closest joined until few enough are left.
        let mut runs: Vec<(u8, u8)> = Vec::new();
        for b in 0..=255u8 {
            if !first[usize::from(b)] {
                continue;
            }
            match runs.last_mut() {
                Some((_, hi)) if *hi + 1 == b => *hi = b,
                _ => runs.push((b, b)),
            }
        }
        while runs.len() > RANGES {
            let k = (0..runs.len() - 1)
                .min_by_key(|&k| runs[k + 1].0 - runs[k].1)
                .unwrap_or(0);
            runs[k].1 = runs[k + 1].1;
            runs.remove(k + 1);
        }
        let (first_lo, first_hi) = runs.first().copied().unwrap_or((0, 255));
        // Unused ranges repeat the first.
        let (mut lo, mut width) = ([first_lo; RANGES], [first_hi - first_lo; RANGES]);
        for (k, &(l, h)) in runs.iter().enumerate() {
            (lo[k], width[k]) = (l, h - l);
        }
        Some(SecretScan {
            anchored,
            lo,
            width,
            pairs,
            every,
        })
    }

    /// Which bytes of a block can start a secret: bit `j` for `block[j]`. Written so that
    /// the compiler tests the whole block with vector instructions: a byte per lane,
    /// then eight lanes at a time gathered into bits by one multiplication.
    #[inline]
    fn starts(&self, block: &[u8; BLOCK]) -> u64 {
        let (lo, width) = (&self.lo, &self.width);
        let mut hits = [0u8; BLOCK];
        for (hit, &b) in hits.iter_mut().zip(block) {
            *hit = (0..RANGES).fold(0, |h, k| h | u8::from(b.wrapping_sub(lo[k]) <= width[k]));
        }
        let mut mask = 0u64;
        for (k, eight) in hits.chunks_exact(8).enumerate() {
            let mut lanes = [0u8; 8];
            lanes.copy_from_slice(eight);
            // Lane i (0 or 1) lands on bit 56 + i, and no two products overlap.
            let bits = u64::from_le_bytes(lanes).wrapping_mul(0x0102_0408_1020_4080) >> 56;
            mask |= bits << (8 * k);
        }
        mask
    }

    #[inline]
    fn is_pair(&self, first: u8, second: u8) -> bool {
        let bit = usize::from(first) << 8 | usize::from(second);
        self.pairs[bit >> 6] >> (bit & 63) & 1 != 0
    }

    /// The first place at or after `at` where a secret's first two bytes are.
    fn candidate(&self, bytes: &[u8], mut at: usize) -> Option<usize> {
        if self.every {
            return (at < bytes.len()).then_some(at);
        }
        // Whole blocks while the byte after the block is there too (the second byte of
        // a pair that starts at the block's last byte).
        while at + BLOCK < bytes.len() {
            let Some(block) = bytes[at..].first_chunk::<BLOCK>() else {
                break;
            };
            let mut mask = self.starts(block);
            while mask != 0 {
                let j = at + mask.trailing_zeros() as usize;
                if self.is_pair(bytes[j], bytes[j + 1]) {
                    return Some(j);
                }
                mask &= mask - 1;
            }
            at += BLOCK;
        }
        (at..bytes.len().saturating_sub(1)).find(|&j| self.is_pair(bytes[j], bytes[j + 1]))
    }

    /// The secrets in `text` that stand as words of their own, from the first: at each
    /// place, the longest secret there with no letter or digit on either side, then on
    /// from its end. A secret inside a longer word ("XSam") is passed over without hiding
    /// one that starts later ("Jones" in "XSam Jones"), and where the longest secret at a
    /// place runs into a word ("Sam Jonesy"), a shorter one there still counts ("Sam").
    fn find_words<'t>(&'t self, text: &'t str) -> impl Iterator<Item = aho_corasick::Match> + 't {
        let bytes = text.as_bytes();
        let mut at = 0;
        let in_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        std::iter::from_fn(move || {
            while let Some(start) = self.candidate(bytes, at) {
                at = start + 1;
                if !text.is_char_boundary(start) || in_word(text[..start].chars().next_back()) {
                    continue;
                }
                let mut end = bytes.len();
                while end > start {
                    let input = aho_corasick::Input::new(bytes)
                        .range(start..end)
                        .anchored(aho_corasick::Anchored::Yes);
                    let Some(found) = self.anchored.find(input) else {
                        break;
                    };
                    if !in_word(text[found.end()..].chars().next()) {
                        at = found.end().max(start + 1);
                        return Some(found);
                    }
                    // The longest secret here runs into a word: a shorter one, if any.
                    end = found.end() - 1;
                }
            }
            at = bytes.len();
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::Consent;
    use proptest::prelude::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn author(name: Option<&str>, credit: Credit) -> Author {
        Author {
            name: name.map(str::to_string),
            credit,
            id: None,
            role: None,
            under_18: false,
        }
    }

    fn meta(consent: Option<Consent>) -> Meta {
        Meta {
            title: "T".into(),
            summary: Some("S".into()),
            authors: vec![author(None, Credit::Anonymous)],
            consent,
            date: None,
            updated: None,
            weight: None,
            tags: vec![],
            content_notes: vec![],
            easy_read: None,
            draft: false,
        }
    }

    fn consent() -> Consent {
        Consent {
            publish: true,
            given: date("2025-06-30"),
            scope: vec!["web".into()],
            review: None,
            expires: None,
            withdrawn: None,
            guardian: false,
            recorded_by: None,
        }
    }

    #[test]
    fn credits_are_shown_as_chosen() {
        let name = Some("Sam Alex Jones");
        assert_eq!(
            credit_shown(&author(name, Credit::FullName)),
            "Sam Alex Jones"
        );
        assert_eq!(credit_shown(&author(name, Credit::FirstName)), "Sam");
        assert_eq!(credit_shown(&author(name, Credit::Initials)), "S.A.J.");
        assert_eq!(
            credit_shown(&author(name, Credit::Pseudonym("River".into()))),
            "River"
        );
        assert_eq!(credit_shown(&author(name, Credit::Anonymous)), "Anonymous");
    }

    #[test]
    fn credit_line_joins_roles() {
        let mut a = author(Some("Sam Jones"), Credit::FirstName);
        a.role = Some("carer".into());
        let b = author(None, Credit::Anonymous);
        assert_eq!(credit_line(&[a, b]), "Sam (carer) and Anonymous");
    }

    #[test]
    fn first_reason_that_applies_wins() {
        let today = date("2026-01-01");
        assert_eq!(
            gate(&meta(None), today, false),
            Decision::HoldBack(Reason::ConsentMissing)
        );
        let mut c = consent();
        c.withdrawn = Some(date("2025-12-01"));
        c.expires = Some(date("2025-12-01"));
        assert_eq!(
            gate(&meta(Some(c)), today, false),
            Decision::HoldBack(Reason::ConsentWithdrawn)
        );
        let mut c = consent();
        c.expires = Some(today);
        assert_eq!(
            gate(&meta(Some(c)), today, false),
            Decision::HoldBack(Reason::ConsentExpired)
        );
        let mut c = consent();
        c.given = date("2026-01-02");
        assert_eq!(
            gate(&meta(Some(c)), today, false),
            Decision::HoldBack(Reason::ConsentNotGiven)
        );
        let mut c = consent();
        c.scope = vec!["print".into()];
        assert_eq!(
            gate(&meta(Some(c)), today, false),
            Decision::HoldBack(Reason::ConsentScope)
        );
        let mut m = meta(Some(consent()));
        m.authors[0].under_18 = true;
        assert_eq!(
            gate(&m, today, false),
            Decision::HoldBack(Reason::GuardianConsent)
        );
        let mut m = meta(Some(consent()));
        m.draft = true;
        assert_eq!(gate(&m, today, false), Decision::HoldBack(Reason::Draft));
        assert_eq!(gate(&m, today, true), Decision::Publish);
        assert_eq!(
            gate(&meta(Some(consent())), today, false),
            Decision::Publish
        );
    }

    /// Each match as (start, end, pattern).
    type Found = Vec<(usize, usize, usize)>;

    /// What the guard must find, the slow way: at every place with no letter or digit
    /// before it, every secret is tried, and the longest with no letter or digit after it
    /// is taken; then on from its end.
    fn every_place(patterns: &[String], text: &str) -> Found {
        let in_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let mut found = Vec::new();
        let mut s = 0;
        while s < text.len() {
            if !text.is_char_boundary(s) || in_word(text[..s].chars().next_back()) {
                s += 1;
                continue;
            }
            let best = patterns
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    text[s..].starts_with(p.as_str())
                        && !in_word(text[s + p.len()..].chars().next())
                })
                .max_by_key(|(i, p)| (p.len(), std::cmp::Reverse(*i)));
            match best {
                Some((i, p)) => {
                    found.push((s, s + p.len(), i));
                    s += p.len();
                }
                None => s += 1,
            }
        }
        found
    }

    fn both_find(patterns: &[String], text: &str) -> (Found, Found) {
        let triple = |m: aho_corasick::Match| (m.start(), m.end(), m.pattern().as_usize());
        let fast = SecretScan::new(patterns).unwrap();
        (
            fast.find_words(text).map(triple).collect(),
            every_place(patterns, text),
        )
    }

    #[test]
    fn a_secret_inside_a_word_hides_no_other() {
        let patterns: Vec<String> = ["Sam", "Sam Jones", "Jones"].map(String::from).to_vec();
        let (fast, slow) = both_find(&patterns, "XSam Jones and Sam Jonesy");
        assert_eq!(slow, vec![(5, 10, 2), (15, 18, 0)]);
        assert_eq!(fast, slow);
    }

    #[test]
    fn scan_finds_what_a_search_of_every_place_finds() {
        let patterns: Vec<String> = ["Sam", "Sam Jones", "Jones", "Øyvind", "am J", "ab", "zz"]
            .map(String::from)
            .to_vec();
        // Long enough to go through whole blocks, with secrets across block edges.
        let mut text = String::new();
        for i in 0..200 {
            text.push_str(&"x".repeat(i % 67));
            // Most secrets stand alone; every third runs on from the word before.
            if i % 3 != 0 {
                text.push(' ');
            }
            text.push_str(
                [
                    "Sam Jones",
                    "XSam Jonesy",
                    "Øyvind",
                    "Sa",
                    "zzz",
                    "abab",
                    "Ø",
                ][i % 7],
            );
            if i % 5 != 0 {
                text.push(' ');
            }
        }
        let (fast, slow) = both_find(&patterns, &text);
        assert!(slow.len() > 40, "{}", slow.len());
        assert_eq!(fast, slow);
        // A page that ends in the middle of a pair, or is shorter than one.
        for text in ["", "S", "a", "xxS", "zz", "Ø"] {
            let (fast, slow) = both_find(&patterns, text);
            assert_eq!(fast, slow, "{text}");
        }
        // First bytes in many ranges: the ranges are joined, never narrowed.
        let scattered: Vec<String> = ["Ab", "cd", "0x", "~~", "é!", "\\t", "Mm", "qq"]
            .map(String::from)
            .to_vec();
        let text = "Ab cd 0x ~~ é! \\t Mm qq ".repeat(20);
        let (fast, slow) = both_find(&scattered, &text);
        assert_eq!(slow.len(), 160);
        assert_eq!(fast, slow);
        // A secret of one byte (never made, but never missed either).
        let one: Vec<String> = ["\t", "ab"].map(String::from).to_vec();
        let (fast, slow) = both_find(&one, " \t ab \t");
        assert_eq!(slow.len(), 3);
        assert_eq!(fast, slow);
    }

    proptest! {
        /// On any text, the fast scan finds the same secrets, at the same places, as a
        /// search of every place for every secret.
        #[test]
        fn scan_agrees_with_a_search_of_every_place(
            patterns in proptest::collection::btree_set("[aAbB Øé1]{2,6}", 1..12),
            text in "[aAbB Øé1x.<>]{0,300}",
        ) {
            // The guard's secrets are all different.
            let patterns: Vec<String> = patterns.into_iter().collect();
            let (fast, slow) = both_find(&patterns, &text);
            prop_assert_eq!(fast, slow);
        }

        /// Whatever the credit, the withheld words never appear in what is shown.
        #[test]
        fn withheld_words_never_shown(first in "[A-Z][a-z]{2,8}", last in "[A-Z][a-z]{2,8}", pick in 0usize..5) {
            prop_assume!(first != last && !first.contains(&last) && !last.contains(&first));
            let credit = match pick { 0 => Credit::FullName, 1 => Credit::FirstName, 2 => Credit::Initials, 3 => Credit::Pseudonym("River".into()), _ => Credit::Anonymous };
            let a = author(Some(&format!("{first} {last}")), credit);
            let shown = credit_shown(&a);
            for w in withheld_words(&a) {
                prop_assert!(!shown.contains(&w), "{shown} shows {w}");
            }
        }

        /// Publication needs every condition; removing any one holds the page back.
        #[test]
        fn published_only_when_every_condition_holds(publish: bool, given_offset in -5i32..5, expires_offset in proptest::option::of(-5i32..5),
            withdrawn: bool, web: bool, under_18: bool, guardian: bool, draft: bool) {
            let today = date("2026-01-10");
            let mut c = consent();
            c.publish = publish;
            c.given = today.checked_add(jiff::Span::new().days(given_offset)).unwrap();
            c.expires = expires_offset.map(|o| today.checked_add(jiff::Span::new().days(o)).unwrap());
            c.withdrawn = withdrawn.then_some(today);
            c.scope = if web { vec!["web".into(), "print".into()] } else { vec!["print".into()] };
            c.guardian = guardian;
            let mut m = meta(Some(c));
            m.authors[0].under_18 = under_18;
            m.draft = draft;
            let ok = publish && given_offset <= 0 && expires_offset.is_none_or(|o| o > 0) && !withdrawn && web && (!under_18 || guardian) && !draft;
            prop_assert_eq!(gate(&m, today, false) == Decision::Publish, ok);
        }
    }
}
