//! Our Flesch–Kincaid grades agree with textstat's (recorded in the fixture) within 1.0.

use coguide::checks::reading_level::grade;

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    textstat: f64,
}

#[test]
fn grades_agree_with_textstat_within_one() {
    let cases: Vec<Case> = serde_yaml::from_str(include_str!("fixtures/readability.yaml"))
        .expect("the fixture is valid");
    assert!(cases.len() >= 8);
    let mut worst: f64 = 0.0;
    for c in &cases {
        let ours = grade(&[&c.text]).expect("a grade");
        let diff = (ours - c.textstat).abs();
        worst = worst.max(diff);
        assert!(
            diff <= 1.0,
            "ours {ours:.2}, textstat {:.2}: {}",
            c.textstat,
            c.text
        );
    }
    eprintln!("largest difference from textstat: {worst:.2} grades");
}
