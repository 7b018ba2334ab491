//! Reads `word<TAB>syllables` lines (from tools/syllables/dump-cmudict.py) and prints the
//! ones where coguide's spelling rule gives a different count: the data file
//! src/checks/data/syllables.tsv.

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: make-syllables CMU_COUNTS.tsv");
    let text = std::fs::read_to_string(&path).expect("the counts file can be read");
    let notice = std::fs::read_to_string("tools/syllables/NOTICE").unwrap_or_default();
    for line in notice.lines() {
        println!("# {line}");
    }
    let (mut kept, mut total) = (0, 0);
    for line in text.lines() {
        let Some((word, n)) = line.split_once('\t') else {
            continue;
        };
        let Ok(n) = n.trim().parse::<usize>() else {
            continue;
        };
        total += 1;
        if coguide::checks::syllables::by_rule(word) != n {
            println!("{word}\t{n}");
            kept += 1;
        }
    }
    eprintln!("{kept} of {total} words differ from the rule");
}
