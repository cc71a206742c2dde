#!/bin/bash
# lexgen's bulletins parse into exactly the items lexgen says it wrote
# (tests/bench/run stops when they do not), and their headlines are no
# longer than real bulletins' headlines.
. "$(dirname "$0")/lib.sh"
: "${LEXGEN:?run through ctest}"

# The longest headline in the seed bulletins has 25 words, in the layout
# clones of tests/data/layouts 20; lexgen keeps to 25
# (corpus/generator/README.md, Layout).
MAX_HEADLINE_WORDS=25

# headline_words DIR: the word count of every headline of the lexgen
# bulletins under DIR (the line above a blank line and a paragraph that
# opens with its date), one a line.
headline_words() {
    find "$1" -name '*.txt' -exec awk '
        { line[NR] = $0 }
        END {
            for (i = 1; i + 2 <= NR; i++)
                if (line[i] != "" && line[i + 1] == "" &&
                    line[i + 2] ~ /^(On |Recently, )/)
                    print split(line[i], w, " ")
        }' {} +
}

# Seed 113's eighth bulletin drew a 30-word headline (a long law title
# and an agency without abbreviation: "Q&A on ... under the Measures for
# the Administration of Cybersecurity and Information Security in
# Securities and Futures Industries Published by State Council of the
# People's Republic of China"), which the text parser reads as prose, as
# it should: it then split an item in two.  With default options: 8
# bulletins, 192 items.
G="$TMP/gen"
out=$(checked 0 "$LEXGEN" --files 8 --seed 113 "$G")
written=$(sed -n 's/.*files written, \([0-9]*\) items$/\1/p' <<<"$out")
expect_nonempty "$written" "lexgen --files 8 --seed 113: says how many items it wrote"
parsed=$(checked 0 "$LEXINDEX" --dump "$G" | wc -l)
expect_eq "$parsed" "$written" "lexindex --dump: as many items as lexgen wrote"
longest=$(headline_words "$G" | sort -n | tail -1)
expect_nonempty "$longest" "the bulletins have headlines"
expect_eq "$((longest <= MAX_HEADLINE_WORDS))" 1 \
    "no headline longer than $MAX_HEADLINE_WORDS words (longest: $longest)"

finish
