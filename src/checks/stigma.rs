//! stigmatising-language: wording that mental-health media guidance (Samaritans, Mind,
//! Time to Change) advises against, each with the words to use instead.
//!
//! It reads context, because general inclusive-language linters are useless here: they
//! flag "bipolar disorder", "I felt depressed" or "suicide prevention". This check never
//! flags a diagnosis or a feeling named plainly, nor a person describing their own life
//! ("I suffer from anxiety" is theirs to say), nor words inside quotation marks (a story
//! may report what someone else said). It flags slurs, trivialising metaphors ("so OCD
//! about it"), "committed suicide", and labels that reduce a person to a diagnosis.

use std::sync::LazyLock;

use super::lexicon::{Hit, List};
use super::prose::{Place, in_quotes, is_ignored, is_whole_word};
use super::{Page, Sink};
use crate::diagnostics::Severity;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Always flagged (outside quotation marks).
    Always,
    /// Not flagged when the writer is speaking of themselves ("I", "we" just before).
    NotFirstPerson,
    /// A diagnosis used to describe someone or something, after "is", "was" …: the word
    /// itself is flagged, not the one before it. Not when the writer speaks of
    /// themselves ("I was bipolar long before anyone named it"), nor when a condition's
    /// name goes on after it ("is bipolar disorder").
    Describes,
    /// A diagnosis (or "mental") as slang or a metaphor, after "totally", "so", "a bit"
    /// …: the word itself is flagged, whoever it is said of ("I felt totally
    /// psychotic" makes light of psychosis too), but not when a condition's name goes on
    /// after it ("so bipolar disorder").
    Slang,
    /// A label for a person: as [`Rule::NotFirstPerson`], and not when the word after
    /// it shows it is said of a thing or is part of a name ("alcoholic drinks",
    /// "Alcoholics Anonymous").
    Label,
}

/// (words, what is wrong with them, better words, rule).
const ENTRIES: &[(&[&str], &str, &[&str], Rule)] = &[
    (
        &[
            "committed suicide",
            "commit suicide",
            "commits suicide",
            "committing suicide",
        ],
        "\"commit\" suggests a crime, which suicide is not",
        &["died by suicide", "took their own life"],
        Rule::Always,
    ),
    (
        &["successful suicide", "successful suicide attempt"],
        "a death is not a success",
        &["died by suicide"],
        Rule::Always,
    ),
    (
        &[
            "failed suicide",
            "failed suicide attempt",
            "unsuccessful suicide",
            "unsuccessful suicide attempt",
        ],
        "surviving is not a failure",
        &["attempted suicide", "survived a suicide attempt"],
        Rule::Always,
    ),
    (
        &[
            "attention seeking",
            "attention-seeking",
            "attention seeker",
            "attention seekers",
        ],
        "it blames someone for their distress, and stops people asking for help",
        &["struggling", "in distress", "asking for help"],
        Rule::NotFirstPerson,
    ),
    (
        &[
            "mentally handicapped",
            "mental handicap",
            "mentally retarded",
            "mental retardation",
        ],
        "an old label that many people with a learning disability find hurtful",
        &["people with a learning disability", "a learning disability"],
        Rule::Always,
    ),
    (
        &[
            "high-functioning",
            "high functioning",
            "low-functioning",
            "low functioning",
        ],
        "a functioning label hides what support someone needs, or denies them it",
        &["say what support the person needs", "autistic"],
        Rule::NotFirstPerson,
    ),
    (
        &["suicide epidemic"],
        "it sensationalises suicide",
        &["rise in suicides"],
        Rule::Always,
    ),
    (
        &[
            "suffers from",
            "suffer from",
            "suffered from",
            "suffering from",
        ],
        "it describes people as victims",
        &["lives with", "has", "experiences"],
        Rule::NotFirstPerson,
    ),
    (
        &["sufferer", "sufferers"],
        "it describes people as victims",
        &["person living with", "people who have"],
        Rule::NotFirstPerson,
    ),
    (
        &[
            "victim of depression",
            "victim of anxiety",
            "victim of mental illness",
            "victims of mental illness",
            "victim of schizophrenia",
            "victims of schizophrenia",
            "victim of psychosis",
            "victim of bipolar",
            "victim of bipolar disorder",
            "victim of ocd",
            "victim of ptsd",
            "victim of an eating disorder",
            "victim of anorexia",
            "victim of addiction",
        ],
        "it describes people as victims",
        &[
            "person living with depression",
            "person living with anxiety",
            "people with mental illness",
        ],
        Rule::NotFirstPerson,
    ),
    (
        &["afflicted with", "afflicted by", "stricken with"],
        "it describes people as victims",
        &["lives with", "has"],
        Rule::NotFirstPerson,
    ),
    (
        &["a schizophrenic", "the schizophrenic", "schizophrenics"],
        "it reduces a person to a diagnosis",
        &["a person with schizophrenia", "people with schizophrenia"],
        Rule::NotFirstPerson,
    ),
    (
        &["a psychotic", "psychotics"],
        "it reduces a person to a diagnosis",
        &["a person who experiences psychosis"],
        Rule::NotFirstPerson,
    ),
    (
        &["a depressive", "depressives"],
        "it reduces a person to a diagnosis",
        &["a person with depression", "people with depression"],
        Rule::NotFirstPerson,
    ),
    (
        &["an anorexic", "anorexics", "a bulimic", "bulimics"],
        "it reduces a person to a diagnosis",
        &["a person with anorexia", "a person with bulimia"],
        Rule::NotFirstPerson,
    ),
    (
        &["a manic depressive", "manic depressives"],
        "it reduces a person to a diagnosis, with an old term",
        &["a person with bipolar disorder"],
        Rule::NotFirstPerson,
    ),
    (
        &[
            "the mentally ill",
            "mentally ill people",
            "the mentally disturbed",
        ],
        "it talks about people as a group defined by illness",
        &[
            "people with mental health problems",
            "people with mental illness",
        ],
        Rule::Always,
    ),
    (
        &[
            "mental patient",
            "mental patients",
            "psychiatric patient",
            "psychiatric patients",
        ],
        "it defines people by a hospital stay",
        &["person using mental health services", "someone in hospital"],
        Rule::Always,
    ),
    (
        &[
            "mental institution",
            "mental institutions",
            "mental asylum",
            "lunatic asylum",
            "loony bin",
            "nuthouse",
            "nut house",
            "madhouse",
            "mad house",
            "funny farm",
            "psycho ward",
            "psych ward",
        ],
        "it is a stigmatising name for a hospital",
        &[
            "mental health hospital",
            "psychiatric hospital",
            "hospital ward",
        ],
        Rule::Always,
    ),
    (
        &[
            "psycho",
            "psychos",
            "schizo",
            "schizos",
            "nutter",
            "nutters",
            "nutcase",
            "nutcases",
            "nut job",
            "nutjob",
            "loony",
            "loonies",
            "looney",
            "lunatic",
            "lunatics",
            "maniac",
            "maniacs",
            "madman",
            "madmen",
            "madwoman",
            "basket case",
            "mental case",
            "headcase",
            "head case",
            "weirdo",
            "deranged",
            "unhinged",
        ],
        "it is a slur against people with mental health problems",
        &["a person in distress", "(say what you mean)"],
        Rule::Always,
    ),
    (
        &[
            "junkie",
            "junkies",
            "junky",
            "druggie",
            "druggies",
            "druggy",
            "crackhead",
            "crackheads",
            "smackhead",
            "smackheads",
            "alkie",
            "alkies",
            "alky",
        ],
        "it is a slur against people who use drugs or alcohol",
        &[
            "a person who uses drugs",
            "has a drug problem",
            "has an alcohol problem",
        ],
        Rule::NotFirstPerson,
    ),
    (
        &[
            "addict",
            "addicts",
            "alcoholic",
            "alcoholics",
            "drug abuser",
            "drug abusers",
            "substance abuser",
            "substance abusers",
            "alcohol abuser",
            "alcohol abusers",
        ],
        "it reduces a person to their drug or alcohol use",
        &[
            "a person who uses drugs",
            "a person with an alcohol problem",
            "a person in recovery",
        ],
        Rule::Label,
    ),
    (
        &["crazy", "insane", "bonkers", "barmy"],
        "using it as a throwaway word makes light of mental illness",
        &["surprising", "wild", "ridiculous", "unbelievable"],
        Rule::Always,
    ),
    (
        &[
            "so ocd",
            "a bit ocd",
            "bit ocd",
            "totally ocd",
            "super ocd",
            "really ocd",
            "little bit ocd",
            "ocd about",
            "bipolar weather",
            "schizophrenic weather",
        ],
        "it uses a diagnosis as a metaphor, which trivialises it",
        &["very particular", "changeable", "careful"],
        Rule::Always,
    ),
    (
        &[
            "is schizophrenic",
            "was schizophrenic",
            "are schizophrenic",
            "were schizophrenic",
            "being schizophrenic",
            "been schizophrenic",
            "felt schizophrenic",
            "feels schizophrenic",
            "seemed schizophrenic",
            "seems schizophrenic",
            "sounds schizophrenic",
            "looked schizophrenic",
            "looks schizophrenic",
            "became schizophrenic",
            "as schizophrenic",
        ],
        "it uses a diagnosis as a description: of a thing, it makes light of the illness; of a person, it reduces them to it",
        &["has schizophrenia", "unpredictable", "changeable"],
        Rule::Describes,
    ),
    (
        &[
            "is bipolar",
            "was bipolar",
            "are bipolar",
            "were bipolar",
            "being bipolar",
            "been bipolar",
            "felt bipolar",
            "feels bipolar",
            "seemed bipolar",
            "seems bipolar",
            "sounds bipolar",
            "looked bipolar",
            "looks bipolar",
            "as bipolar",
        ],
        "it uses a diagnosis as a description: of a thing, it makes light of the illness; of a person, it reduces them to it",
        &["has bipolar disorder", "up and down", "changeable"],
        Rule::Describes,
    ),
    (
        &[
            "completely schizophrenic",
            "totally schizophrenic",
            "very schizophrenic",
            "quite schizophrenic",
            "really schizophrenic",
            "completely bipolar",
            "totally bipolar",
            "very bipolar",
            "quite bipolar",
            "really bipolar",
            "so bipolar",
            "a bit bipolar",
            "so schizophrenic",
            "a bit schizophrenic",
            "so anorexic",
            "a bit autistic",
            "so autistic",
            "a bit psycho",
        ],
        "it uses a diagnosis as a metaphor, which makes light of it",
        &[
            "changeable",
            "up and down",
            "on edge",
            "(say what you mean)",
        ],
        Rule::Slang,
    ),
    (
        // Symptoms people live through: "I was completely psychotic when I was
        // admitted" is someone's own experience, so these pass when said of oneself.
        &[
            "totally psychotic",
            "completely psychotic",
            "so psychotic",
            "a bit psychotic",
            "really psychotic",
            "slightly psychotic",
            "so paranoid",
            "a bit paranoid",
            "totally paranoid",
        ],
        "it uses a diagnosis as a metaphor, which makes light of it",
        &["on edge", "worried", "(say what you mean)"],
        Rule::Describes,
    ),
    (
        // Only with the words that make it slang: "the hardest part was mental" is the
        // ordinary sense.
        &[
            "just mental",
            "totally mental",
            "completely mental",
            "absolutely mental",
            "a bit mental",
            "so mental",
            "really mental",
            "proper mental",
            "going mental",
            "gone mental",
            "went mental",
            "go mental",
        ],
        "using \"mental\" as an insult makes light of mental illness",
        &["distressed", "angry", "(say what you mean)"],
        Rule::Slang,
    ),
    (
        &["normal people", "normal person"],
        "it implies people with mental health problems are not normal",
        &["people without a mental health problem"],
        Rule::Always,
    ),
    (
        &[
            "non-compliant",
            "noncompliant",
            "non-compliance",
            "noncompliance",
        ],
        "it blames the person, not the care",
        &[
            "chose not to take",
            "stopped taking",
            "did not agree with the treatment",
        ],
        Rule::Always,
    ),
];

/// Phrases that contain a flagged word but are fine: a condition named plainly, a
/// movement that reclaims a word, the word "mental" in its ordinary sense.
const NEVER: &[&str] = &[
    "mental health",
    "mental illness",
    "mental illnesses",
    "mental health problem",
    "mental wellbeing",
    "mental capacity",
    "mental state",
    "mental note",
    "mental health act",
    "mental health services",
    "mental health nurse",
    "mental distress",
    "mental load",
    "mental image",
    "mental arithmetic",
    "mad pride",
    "mad studies",
    "madness",
    "crazy horse",
    "insane asylum act",
];

/// Every phrase of every entry, for the shared matcher, and for each: its index into
/// ENTRIES, or None for NEVER phrases.
static RULES: LazyLock<(Vec<&'static str>, Vec<Option<usize>>)> = LazyLock::new(|| {
    let mut patterns: Vec<&str> = Vec::new();
    let mut entry = Vec::new();
    for (i, (words, ..)) in ENTRIES.iter().enumerate() {
        for w in *words {
            patterns.push(w);
            entry.push(Some(i));
        }
    }
    for n in NEVER {
        patterns.push(n);
        entry.push(None);
    }
    (patterns, entry)
});

/// Every phrase this check looks for (and those it must never flag), for the shared
/// matcher.
pub fn patterns() -> &'static [&'static str] {
    &RULES.0
}

const FIRST_PERSON: &[&str] = &[
    "i",
    "i've",
    "i'm",
    "i'd",
    "i’ve",
    "i’m",
    "we",
    "we've",
    "we’ve",
    "me",
    "myself",
    "who",
    "still",
    "also",
    "have",
    "has",
    "had",
    "often",
    "sometimes",
    "used",
    "to",
    "long",
    "for",
    "years",
    "a",
    "an",
    "was",
    "am",
    "been",
    "felt",
    "feel",
    "feeling",
    "got",
    "became",
    "heroin",
    "crack",
    "drug",
    "recovering",
    "former",
];

/// Words that, just after a diagnosis or "mental", make it part of a name: "bipolar
/// disorder", "schizophrenic episode", "mental health".
const NAMES_GO_ON: &[&str] = &[
    "disorder",
    "disorders",
    "affective",
    "depression",
    "episode",
    "episodes",
    "illness",
    "illnesses",
    "type",
    "spectrum",
    "symptoms",
    "medication",
    "i",
    "ii",
    "1",
    "2",
    "health",
    "wellbeing",
    "capacity",
    "state",
    "note",
    "load",
    "image",
    "arithmetic",
    "distress",
    "act",
    "services",
    "nurse",
    "hospital",
    "problem",
    "problems",
];

/// Words that, just after a label for a person, show it is said of a thing or is part
/// of a name: "alcoholic drinks", "Alcoholics Anonymous".
const NOT_A_PERSON: &[&str] = &[
    "anonymous",
    "drink",
    "drinks",
    "beverage",
    "beverages",
    "liver",
    "hepatitis",
    "content",
];

/// Whether the word after a match goes on to name a condition (see [`NAMES_GO_ON`]).
fn name_goes_on(after: &str) -> bool {
    NAMES_GO_ON.contains(&next_word(after).as_str())
}

/// The word at the start of `after` (past spaces), in lower case.
fn next_word(after: &str) -> String {
    after
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Whether the two or three words before `at` have "I" or "we" as the subject.
fn first_person_before(text: &str, at: usize) -> bool {
    let before: Vec<&str> = text[..at].split_whitespace().rev().take(4).collect();
    for w in &before {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .to_lowercase();
        if matches!(
            w.as_str(),
            "i" | "i've" | "i'm" | "i’ve" | "i’m" | "i'd" | "we" | "we've" | "we’ve" | "myself"
        ) {
            return true;
        }
        if !FIRST_PERSON.contains(&w.as_str()) {
            return false;
        }
    }
    false
}

/// The stigmatising phrases among a text's matches: (start, end, index into ENTRIES).
fn keep(text: &str, hits: &[Hit]) -> Vec<(usize, usize, usize)> {
    hits.iter()
        .filter_map(|hit| {
            let i = RULES.1[hit.id]?;
            let (start, end) = (hit.start, hit.end);
            if !is_whole_word(text, start, end) {
                return None;
            }
            let rule = ENTRIES[i].3;
            let personal = matches!(rule, Rule::NotFirstPerson | Rule::Describes | Rule::Label)
                && first_person_before(text, start);
            if in_quotes(text, start) || personal {
                return None;
            }
            if rule == Rule::Label && NOT_A_PERSON.contains(&next_word(&text[end..]).as_str()) {
                return None;
            }
            if matches!(rule, Rule::Describes | Rule::Slang) {
                if name_goes_on(&text[end..]) {
                    return None;
                }
                // The word that describes is flagged, not the "is" or "so" before it.
                let last = text[start..end].rfind(' ').map_or(start, |k| start + k + 1);
                return Some((last, end, i));
            }
            Some((start, end, i))
        })
        .collect()
}

pub fn check(page: &Page, sink: &mut Sink) {
    for (block, hits) in page.blocks.iter().zip(&page.hits) {
        if is_ignored(block.ignored, "stigmatising-language") || block.place == Place::LinkText {
            continue;
        }
        for (start, end, i) in keep(&block.text, hits.of(List::Stigma)) {
            let (_, why, better, _) = ENTRIES[i];
            let found = &block.text[start..end];
            sink.replace(
                "stigmatising-language",
                Severity::Warning,
                block.source_offset(start),
                found.chars().count(),
                format!("\"{found}\" can be hurtful: {why}"),
                &better.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::Lexicon;
    use super::*;

    static ALONE: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(&[(List::Stigma, patterns())]));

    fn flagged(text: &str) -> Vec<&str> {
        let (words, _) = super::super::prose::analyse(text);
        keep(text, ALONE.scan(text, &words, [true; 3]).of(List::Stigma))
            .into_iter()
            .map(|(a, b, _)| &text[a..b])
            .collect()
    }

    #[test]
    fn flags_what_guidance_advises_against() {
        assert_eq!(
            flagged("Her brother committed suicide."),
            vec!["committed suicide"]
        );
        assert_eq!(flagged("He suffers from depression."), vec!["suffers from"]);
        assert_eq!(flagged("She is a schizophrenic."), vec!["a schizophrenic"]);
        assert_eq!(
            flagged("They're all psychos and nutters."),
            vec!["psychos", "nutters"]
        );
        assert_eq!(flagged("I'm so OCD about my desk."), vec!["so OCD"]);
        assert_eq!(flagged("That meeting was crazy."), vec!["crazy"]);
        assert_eq!(
            flagged("Our funding has been completely bipolar this year."),
            vec!["bipolar"]
        );
        assert_eq!(
            flagged("The weather was schizophrenic: sun, then hail."),
            vec!["schizophrenic"]
        );
        assert_eq!(
            flagged("Some of the callers were just mental."),
            vec!["mental"]
        );
        assert_eq!(flagged("My uncle is bipolar."), vec!["bipolar"]);
        assert_eq!(
            flagged("He went totally psychotic at the referee."),
            vec!["psychotic"]
        );
        assert_eq!(flagged("I went mental at him."), vec!["mental"]);
        assert_eq!(
            flagged("The rules felt schizophrenic."),
            vec!["schizophrenic"]
        );
        assert_eq!(
            flagged("My daughter has been a junkie for years."),
            vec!["junkie"]
        );
        assert_eq!(
            flagged("When you find out your son is a heroin addict, it hurts."),
            vec!["addict"]
        );
        assert_eq!(
            flagged("Many alcoholics are frightened of coming onto a ward."),
            vec!["alcoholics"]
        );
    }

    #[test]
    fn stays_quiet_on_plain_and_personal_words() {
        for ok in [
            "I live with bipolar disorder.",
            "I felt depressed for a long time.",
            "My OCD was at its worst in winter.",
            "Suicide prevention matters to all of us.",
            "Mental health matters.",
            "I have suffered from anxiety for years.",
            "We suffer from the same thing.",
            "They called me \"a psycho\" at school.",
            "She said “you're crazy” and walked off.",
            "Mad Pride is a movement.",
            "He was diagnosed with schizophrenia.",
            "The psychologist listened.",
            "The diagnosis was bipolar disorder.",
            "What is mental health, and what is mental illness?",
            "I was bipolar long before anyone named it.",
            "What they saw were schizophrenic episodes, not violence.",
            "The question was mental capacity, not diagnosis.",
            "The hardest part was mental, not physical.",
            "I was a junkie for ten years, and I am not one now.",
            "I was completely psychotic when I was admitted.",
            "I'm an alcoholic, and I have not had a drink for a year.",
            "I am an addict in recovery.",
            "I was a heroin addict for eleven years.",
            "I went to Alcoholics Anonymous on a Tuesday.",
            "We served alcoholic drinks at the party.",
            "He was addicted to gambling.",
            "I was so paranoid I thought the neighbours were listening.",
        ] {
            assert!(
                flagged(ok).is_empty(),
                "{ok} was flagged: {:?}",
                flagged(ok)
            );
        }
    }
}
