#!/bin/bash
# Long queries, on the bundled corpus and the layout clones of real
# bulletin pages: items that match all the words come first, then the
# others by how many words they match; a question of seven concepts
# still finds the items that name two of them.
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
run "$LEXINDEX" --index "$INDEX" -q "$LEX_SOURCE_DIR/corpus" "$LEX_SOURCE_DIR"/tests/data/layouts/*.txt
expect_status 0 "the corpus and the layout clones are indexed"


# counts QUERY CLAUSE...: for each hit of QUERY in rank order, how many
# of the CLAUSEs (each searched alone) match it, one number a line.
counts() {
    local query=$1 each='[]'
    shift
    for c in "$@"; do
        each=$(jq -c --argjson ids "$(hit_ids "$c")" '. + [$ids]' <<<"$each")
    done
    hit_ids "$query" | jq -r --argjson each "$each" \
        '.[] as $id | [$each[] | select(index($id) != null)] | length'
}

long='pre-installed software on phones watches and televisions collecting personal information'
clauses=(pre-installed software phones watches televisions collecting 'personal information')
n=$(counts "$long" "${clauses[@]}")
expect_eq "$([ "$(wc -l <<<"$n")" -ge 5 ] && echo many)" "many" \
    "a seven-word question finds more than the one item that has most of its words"
expect_eq "$(sort -rn <<<"$n")" "$n" "its items rank by how many of the words they match"
expect_eq "$(tail -1 <<<"$n")" "2" "down to those that match two of the seven"
run "$LEXSEARCH" --index "$INDEX" --format json -n 1000 -- "$long"
expect_status 0 "the long question is answered"
expect_contains "$(jq -r '.hits[].headline' <<<"$OUT")" "App Pre-installation" \
    "it finds the item on app pre-installation, which says phone makers and pre-installed apps"

four='police crackdown personal information crimes'
n=$(counts "$four" police crackdown 'personal information' crimes)
expect_eq "$(sort -rn <<<"$n")" "$n" "four words: all four first, then three, two, one"
expect_eq "$([ "$(grep -c '^3$' <<<"$n")" -gt 0 ] && [ "$(grep -c '^1$' <<<"$n")" -gt 0 ] && echo both)" "both" \
    "the list holds items with three of the four words and items with one"
finish
