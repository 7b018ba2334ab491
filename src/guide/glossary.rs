//! `content/glossary.yaml`: the words a guide explains.

use serde::Serialize;
use serde_yaml::Value;

use super::frontmatter::parse_yaml;
use super::yaml::{KeyIndex, Reader, describe};
use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryTerm {
    pub term: String,
    pub meaning: String,
    pub also: Vec<String>,
    /// The anchor on the glossary page.
    pub id: String,
}

impl GlossaryTerm {
    /// The term and every other spelling.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.also.iter().map(String::as_str))
    }
}

/// Every spelling of more than one word, in lower case: the names inside which a word
/// the checks would otherwise ask about ("liaison" in "liaison nurse", "NHS" in "NHS
/// Talking Therapies") is part of something the guide explains.
pub fn phrases(terms: &[GlossaryTerm]) -> Vec<String> {
    terms
        .iter()
        .flat_map(|t| t.spellings().map(str::to_lowercase))
        .filter(|s| s.contains([' ', '-']))
        .collect()
}

pub fn read(file: &str, text: &str, problems: &mut Vec<Diagnostic>) -> Vec<GlossaryTerm> {
    let value = match parse_yaml(file, text, 1, "front-matter") {
        Ok(Value::Null) => return Vec::new(),
        Ok(v) => v,
        Err(d) => {
            problems.push(d);
            return Vec::new();
        }
    };
    let index = KeyIndex::build(text, 1);
    let mut r = Reader::new(file, &index, (1, 1));
    let Value::Sequence(items) = &value else {
        r.problem_with_fix(
            (1, 1),
            format!(
                "the glossary should be a list of terms, but it is {}",
                describe(&value)
            ),
            "start each term with `- term: ` and give it a `meaning:`",
        );
        problems.append(&mut r.problems);
        return Vec::new();
    };
    let mut terms: Vec<GlossaryTerm> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = i.to_string();
        let Some(f) = r.fields(&path, "a glossary term", item, &["term", "meaning", "also"]) else {
            continue;
        };
        let term = r.text(&f, "term", Some("co-production"));
        let meaning = r.text(&f, "meaning", Some("People working together as equals."));
        let also = r.text_list(&f, "also");
        if let (Some(term), Some(meaning)) = (term, meaning) {
            let term = term.trim().to_string();
            let mut id = crate::render::slugify(&term);
            // Glossary anchors never take an id the theme uses for its own parts.
            if id.is_empty() || crate::render::markdown::is_theme_id(&id) {
                id = format!(
                    "term-{}",
                    if id.is_empty() {
                        (i + 1).to_string()
                    } else {
                        id
                    }
                );
            }
            if terms.iter().any(|t| t.id == id) {
                let at = r.key_at(&f.path_of("term"));
                r.problem_with_fix(
                    at,
                    format!("\"{term}\" is in the glossary twice"),
                    "keep one entry and add other spellings to its `also:` list",
                );
                continue;
            }
            terms.push(GlossaryTerm {
                term,
                meaning: meaning.trim().to_string(),
                also: also.into_iter().map(|a| a.trim().to_string()).collect(),
                id,
            });
        }
    }
    problems.append(&mut r.problems);
    terms.sort_by_key(|t| t.term.to_lowercase());
    terms
}
