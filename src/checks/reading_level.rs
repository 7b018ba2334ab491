//! reading-level: the Flesch–Kincaid grade of the text and, separately, of the summary,
//! against `reading_level` in guide.yaml. Headings and list items count as sentences of
//! their own; a full stop after "e.g." or "Dr." does not end a sentence.

use super::prose::{Place, Sentence, analyse, is_ignored};
use super::syllables;
use super::{Page, Sink};
use crate::diagnostics::Severity;

/// Below this many words a grade says little, so none is reported.
pub const MIN_BODY_WORDS: usize = 100;
pub const MIN_SUMMARY_WORDS: usize = 12;

/// Counts for a grade.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Counts {
    /// Adds a block of text, already split into words and sentences.
    pub fn add(&mut self, text: &str, words: &[(usize, usize)], sentences: &[Sentence]) {
        self.syllables += syllables::count_words(text, words);
        self.words += words.len();
        // Like textstat, fragments of one or two words do not count as sentences.
        self.sentences += sentences.iter().filter(|s| s.word_count > 2).count();
    }

    /// The Flesch–Kincaid grade, or `None` for no words.
    pub fn grade(&self) -> Option<f64> {
        if self.words == 0 {
            return None;
        }
        let sentences = self.sentences.max(1) as f64;
        let words = self.words as f64;
        Some(0.39 * words / sentences + 11.8 * self.syllables as f64 / words - 15.59)
    }
}

/// The grade of a plain text given as blocks (paragraphs).
pub fn grade(blocks: &[&str]) -> Option<f64> {
    let mut c = Counts::default();
    for b in blocks {
        let (words, sentences) = analyse(b);
        c.add(b, &words, &sentences);
    }
    c.grade()
}

pub fn check(page: &Page, max_body: f64, max_summary: f64, sink: &mut Sink) {
    let mut body = Counts::default();
    let mut summary = Counts::default();
    let mut body_at = None;
    let mut summary_at = None;
    for block in &page.blocks {
        if is_ignored(block.ignored, "reading-level") {
            continue;
        }
        match block.place {
            Place::Title => {}
            Place::Summary => {
                summary.add(&block.text, &block.words, &block.sentences);
                summary_at.get_or_insert(block.source_offset(0));
            }
            _ => {
                body.add(&block.text, &block.words, &block.sentences);
                body_at.get_or_insert(block.source_offset(0));
            }
        }
    }
    let fix = "use shorter sentences and everyday words: the long sentences and jargon flagged here are the place to start";
    if let (Some(at), Some(g)) = (body_at, body.grade())
        && body.words >= MIN_BODY_WORDS
        && g > max_body
    {
        sink.at(
            "reading-level",
            Severity::Warning,
            at,
            1,
            format!("the text reads at about grade {g:.1} (Flesch–Kincaid); this guide aims for grade {max_body} or below, so more people can read it"),
            Some(fix.into()),
        );
    }
    if let (Some(at), Some(g)) = (summary_at, summary.grade())
        && summary.words >= MIN_SUMMARY_WORDS
        && g > max_summary
    {
        sink.at(
            "reading-level",
            Severity::Warning,
            at,
            1,
            format!("the summary reads at about grade {g:.1} (Flesch–Kincaid); summaries should be grade {max_summary} or below"),
            Some(fix.into()),
        );
    }
}
