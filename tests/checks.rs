//! Every check: true positives at known line:column, and near misses that must stay quiet
//! (the word in code, in a URL, an allowed term, an acronym spelled out the other way).

mod common;
use common::{Contribution, TestGuide};

/// The body starts on line 10 of a file made by `Contribution`.
const BODY: usize = 10;

/// (check, line, column) of every finding for one contribution with this body.
fn findings(c: Contribution) -> Vec<(String, usize, usize)> {
    let g = TestGuide::new();
    g.write("content/glossary.yaml", "- term: CAMHS\n  meaning: Child and Adolescent Mental Health Services.\n- term: signposting\n  meaning: Telling someone where to find help.\n- term: liaison nurse\n  meaning: A nurse in A&E who helps people in a mental health crisis.\n- term: NHS Talking Therapies\n  meaning: Free talking therapy in England.\n");
    g.add("content/voices/a.md", &c);
    g.add(
        "content/voices/other.md",
        &Contribution::new("Other page").body("## What helped\n\nText.\n"),
    );
    let r = g.run(&["check", "--date", common::DATE, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}\n{}", r.stdout, r.stderr));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "content/voices/a.md")
        .map(|d| {
            (
                d["check"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

fn of(check: &str, found: &[(String, usize, usize)]) -> Vec<(usize, usize)> {
    found
        .iter()
        .filter(|(c, _, _)| c == check)
        .map(|(_, l, c)| (*l, *c))
        .collect()
}

fn body(text: &str) -> Vec<(String, usize, usize)> {
    findings(Contribution::new("A page").body(text))
}

#[test]
fn jargon_finds_inflections_and_skips_code_urls_and_glossary_terms() {
    let f = body(
        "We are facilitating a group.\n\nThe `facilitate` code, <https://example.org/facilitate> and signposting are fine.\n",
    );
    assert_eq!(of("jargon", &f), vec![(BODY, 8)]);
}

#[test]
fn jargon_inside_a_glossary_term_is_left_alone() {
    // "liaison" is jargon; "liaison nurse" is a term the glossary explains.
    let f = body("The Liaison Nurse was kind. We liaison with schools.\n");
    assert_eq!(of("jargon", &f), vec![(BODY, 32)]);
}

#[test]
fn jargon_in_the_name_an_acronym_stands_for_is_left_alone() {
    // An organisation's name, spelled out for its acronym, cannot be put another way;
    // the same words on their own still can.
    let f = body(
        "Our integrated care board (ICB) met. The ICB (integrated care board) agreed.\n\nWe want integrated care.\n",
    );
    assert_eq!(of("jargon", &f), vec![(BODY + 2, 9)]);
}

#[test]
fn jargon_someone_else_said_in_quotation_marks_is_left_alone() {
    let f = body("He said he would \"liaise with partner agencies\". We liaise weekly.\n");
    assert_eq!(of("jargon", &f), vec![(BODY, 53)]);
}

#[test]
fn words_with_a_plain_sense_are_jargon_only_in_the_other() {
    // Services are delivered, and so are babies and parcels; "key partners", but a key.
    let f = body(
        "We deliver care at home.\n\nThe midwife delivered the baby at six. My parcel was delivered late.\n\nOur key partners agreed. I lost the key to my flat.\n",
    );
    assert_eq!(of("jargon", &f), vec![(BODY, 4), (BODY + 4, 5)], "{f:?}");
}

#[test]
fn an_acronym_joined_to_a_word_is_an_acronym() {
    let f = body("I am a BACP-accredited counsellor. The CQC's report came after COVID-19.\n");
    assert_eq!(of("undefined-acronym", &f), vec![(BODY, 8), (BODY, 40)]);
}

#[test]
fn an_acronym_inside_a_glossary_term_is_explained() {
    let f = body("Ask about NHS Talking Therapies. The NHS runs it.\n");
    assert_eq!(of("undefined-acronym", &f), vec![(BODY, 38)]);
}

#[test]
fn acronyms_may_share_their_brackets() {
    let f = body("We follow the UK General Data Protection Regulation (UK GDPR). Then a DPIA.\n");
    assert_eq!(of("undefined-acronym", &f), vec![(BODY, 71)]);
}

#[test]
fn jargon_that_is_part_of_a_name_is_left_alone() {
    // "integrated care" is jargon; an integrated care board is an NHS body.
    let f = body("Our integrated care board met. We want integrated care.\n");
    assert_eq!(of("jargon", &f), vec![(BODY, 40)]);
}

#[test]
fn an_acronym_can_take_letters_from_inside_a_word() {
    let f = body("I had postnatal depression (PND). Then PND again, and EMDR.\n");
    assert_eq!(of("undefined-acronym", &f), vec![(BODY, 55)]);
}

#[test]
fn an_authors_name_in_capitals_is_not_an_acronym() {
    let f = findings(
        Contribution::new("A page")
            .authors("  - name: Zoë Ní Bhriain\n    credit: full-name\n")
            .body("I wrote BHRIAIN on my bag. Then PALS came.\n"),
    );
    // Only PALS, at its column (the longer authors list moves the body down a line).
    let found = of("undefined-acronym", &f);
    assert_eq!(found.iter().map(|at| at.1).collect::<Vec<_>>(), vec![33]);
}

#[test]
fn jargon_can_be_silenced_for_one_paragraph() {
    let f = body("<!-- coguide-ignore jargon -->\nWe facilitate.\n\nWe facilitate.\n");
    assert_eq!(of("jargon", &f), vec![(BODY + 3, 4)]);
}

#[test]
fn undefined_acronyms_are_found_once_and_spelled_out_ones_are_not() {
    let f = body(
        "Experience-based co-design (EBCD) works. EBCD again.\n\nSSRIs (selective serotonin reuptake inhibitors) helped. The GP listened. CAMHS and the UK are fine. Then PALS came.\n",
    );
    assert_eq!(
        of("undefined-acronym", &f),
        vec![(BODY + 2, 61), (BODY + 2, 106)]
    );
}

#[test]
fn an_acronym_spelled_out_as_a_list_is_spelled_out() {
    let f = body(
        "A group for lesbian, gay, bisexual, trans and queer (LGBTQ+) people. Then, the PALS team.\n",
    );
    assert_eq!(of("undefined-acronym", &f), vec![(BODY, 80)]);
}

#[test]
fn an_acronym_named_in_words_is_spelled_out() {
    let f = body(
        "I have attention deficit hyperactivity disorder, which everyone calls ADHD. EBCD, which stands for experience-based co-design, helped. Then PALS.\n",
    );
    assert_eq!(of("undefined-acronym", &f), vec![(BODY, 141)]);
}

#[test]
fn long_sentences_are_found_at_their_start() {
    let long = "This sentence goes on and on with one more word and then another word and yet another word until it is far too long to follow.";
    let f = body(&format!("Short one. {long}\n"));
    assert_eq!(of("long-sentence", &f), vec![(BODY, 12)]);
    assert!(
        of(
            "long-sentence",
            &body("Dr. Patel and Mr. Jones met us, e.g. on Monday. It was good.\n")
        )
        .is_empty()
    );
}

#[test]
fn a_diagnosis_as_a_comparison_is_flagged() {
    let f = body("Our figures were as schizophrenic as the weather.\n");
    assert_eq!(of("stigmatising-language", &f), vec![(BODY, 21)]);
}

#[test]
fn old_labels_and_functioning_labels_are_flagged() {
    let f = body(
        "Hospitals for the mentally handicapped closed. Even high-functioning adults struggle. I was told I am high-functioning.\n",
    );
    assert_eq!(
        of("stigmatising-language", &f),
        vec![(BODY, 19), (BODY, 53)]
    );
}

#[test]
fn attention_seeking_is_flagged_when_said_of_someone() {
    let f = body("People said she was just attention seeking.\n");
    assert_eq!(of("stigmatising-language", &f), vec![(BODY, 26)]);
}

#[test]
fn stigmatising_language_is_flagged_but_own_experience_is_not() {
    let f = body(
        "My OCD was hard. I live with bipolar disorder. Her uncle committed suicide.\n\nHe suffers from anxiety. I suffer from anxiety too.\n",
    );
    assert_eq!(
        of("stigmatising-language", &f),
        vec![(BODY, 58), (BODY + 2, 4)]
    );
}

#[test]
fn content_note_signs_start_a_word() {
    // The word lists are matched from the start of a word: a longer word that only
    // ends in a sign is not taken for it.
    let text = "Years ago I wrote about parasuicide and antisuicidal drugs.\n";
    assert!(of("content-note", &body(text)).is_empty());
    let text = "Suicidal thoughts came back in the spring.\n";
    assert_eq!(of("content-note", &body(text)), vec![(BODY, 1)]);
}

#[test]
fn content_notes_are_needed_for_suicide_and_self_harm() {
    let text = "Some years ago I thought about suicide.\n";
    assert_eq!(of("content-note", &body(text)), vec![(BODY, 32)]);
    let with_note = findings(
        Contribution::new("A page")
            .extra("content_notes: [suicide]\n")
            .body(text),
    );
    assert!(of("content-note", &with_note).is_empty());
}

#[test]
fn personal_data_finds_emails_phones_and_withheld_names() {
    // Two lines of authors: the body starts one line later.
    let c = Contribution::new("A page")
        .authors("  - name: Rowan Blackwood\n    credit: first-name\n")
        .body("Write to rowan@example.org or call 07700 900123.\n\nRowan is my name; Blackwood is not shown.\n\n## Blackwood's side\n");
    let f = findings(c);
    assert_eq!(
        of("personal-data", &f),
        vec![
            (BODY + 1, 10),
            (BODY + 1, 36),
            (BODY + 3, 19),
            (BODY + 5, 4)
        ]
    );
}

#[test]
fn international_phone_numbers_in_any_grouping_are_found() {
    let f = body(
        "Ring +91 98450 12345 or +33 6 12 34 56 78. Not 2025, nor 10,000 people, nor +1 more.\n",
    );
    assert_eq!(of("personal-data", &f), vec![(BODY, 6), (BODY, 25)]);
}

#[test]
fn withheld_names_are_found_in_any_case_and_script() {
    // Initials withhold every word: "Zoë" (not ASCII) and "Ng" (short), in any letter case,
    // with a possessive; words of the same length or first letter are left alone.
    let c = Contribution::new("A page")
        .authors("  - name: Zoë Ng\n    credit: initials\n")
        .body("ZOË came too. Zoe and Zoo did not.\n\nNG's notes, and ng, but not Ni or Nga.\n");
    let f = findings(c);
    assert_eq!(
        of("personal-data", &f),
        vec![(BODY + 1, 1), (BODY + 3, 1), (BODY + 3, 17)]
    );
}

#[test]
fn images_need_alt_text_that_describes_them() {
    let f = body(
        "![](a.png)\n\n![photo.jpg](b.png)\n\n![Image of a cat](c.png)\n\n![Two people talking over tea](d.png)\n",
    );
    assert_eq!(
        of("missing-alt-text", &f),
        vec![(BODY, 1), (BODY + 2, 1), (BODY + 4, 1)]
    );
}

#[test]
fn vague_link_text_is_flagged() {
    let f = body(
        "Read [click here](https://example.org/) or [read more](https://example.org/). See [the NHS page on talking therapies](https://example.org/).\n",
    );
    assert_eq!(of("vague-link-text", &f), vec![(BODY, 6), (BODY, 44)]);
}

#[test]
fn headings_must_not_skip_levels() {
    let f = body("# Big\n\n## Fine\n\n#### Skipped\n");
    assert_eq!(of("heading-structure", &f), vec![(BODY, 1), (BODY + 4, 1)]);
}

#[test]
fn broken_links_images_and_anchors() {
    let f = body(
        "[ok](other.md), [[Other page#What helped]], [gone](nowhere.md), [[No such page]], ![A picture](missing.png), [bad anchor](other.md#nothing)\n",
    );
    let broken = of("broken-link", &f);
    assert_eq!(
        broken,
        vec![(BODY, 45), (BODY, 65), (BODY, 83), (BODY, 110)]
    );
}

#[test]
fn summaries_must_exist_and_be_short() {
    let f = findings(Contribution::new("A page").summary(None));
    assert_eq!(of("missing-summary", &f), vec![(2, 1)]);
    let long = "word ".repeat(61);
    let f = findings(Contribution::new("A page").summary(Some(long.trim())));
    assert_eq!(of("summary-too-long", &f), vec![(3, 11)]);
}

#[test]
fn reading_level_flags_hard_text() {
    let hard = "Evaluating the organisational implications of participatory methodologies necessitates comprehensive longitudinal investigation. ".repeat(12);
    let f = body(&hard);
    assert_eq!(of("reading-level", &f), vec![(BODY, 1)]);
    let easy = "We met on a Tuesday. We made tea. We talked about what helped us. ".repeat(10);
    assert!(of("reading-level", &body(&easy)).is_empty());
}

#[test]
fn consent_reviews_due_soon_are_reported() {
    let c = Contribution::new("A page").consent(Some(
        "  publish: true\n  given: 2025-01-01\n  review: 2026-02-01\n",
    ));
    assert_eq!(of("consent-review-due", &findings(c)), vec![(9, 3)]);
    let later = Contribution::new("A page").consent(Some(
        "  publish: true\n  given: 2025-01-01\n  review: 2026-06-01\n",
    ));
    assert!(of("consent-review-due", &findings(later)).is_empty());
}
