#!/bin/bash
# NEAR and ADJ beside a hyphenated word or a quoted phrase
# (lexsearch-query(7)): the phrase's words must stand together, and the
# other word within the window of the phrase.  Xapian's parser read such
# a query as plain words ("near", "5" among them) and found nothing.
# Run on a bulletin written here, whose items are built so that each
# wrong reading finds a wrong one: the words of the phrase apart but
# near the other word (items 2 and 5), the phrase too far from it (3 and
# 6).
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
cat >"$TMP/near.txt" <<'EOF'
Data Rules Bulletin - March 2024

Filing Window Opens for Cross-border Data Transfer Contracts

On March 4, the provincial office said that a cross-border data transfer made under a standard contract must be filed within ten working days. 1

Inspectors Check Samples at the Frontier

Inspectors who cross the border to transfer samples must carry a permit issued by the laboratory. 2

Cross-border Trade Fair Announced

The cross-border trade fair returns to the coastal city this autumn with stands for food, textiles and machinery, and organisers promised a simpler ticket transfer. 3

Personal Information Export Assessments Explained

A guide from the regulator says that personal information may only be sent abroad after an export assessment has been passed. 4

Service Counter Changes

The information desk for personal visits also stamps each export form on weekdays. 5

Personal Information Handbook Published

The handbook on personal information covers consent, retention, deletion, access requests, complaints, staff training, audits and vendor contracts, and its final annex on licences mentions export. 6
EOF
run "$LEXINDEX" --index "$INDEX" -q "$TMP/near.txt"
expect_status 0 "the bulletin is indexed"

# headlines QUERY: the headlines of every item matching QUERY, sorted,
# one JSON list.
headlines() {
    search_json --index "$INDEX" -n 100 -- "$1" | jq -c '[.hits[].headline] | sort'
}
filing='"Filing Window Opens for Cross-border Data Transfer Contracts"'
frontier='"Inspectors Check Samples at the Frontier"'
assessments='"Personal Information Export Assessments Explained"'
counter='"Service Counter Changes"'

# The words alone are near each other in the decoys: the phrase decides.
expect_eq "$(headlines 'cross NEAR/5 border NEAR/5 transfer')" "[$filing,$frontier]" \
    "cross, border and transfer stand within five words in items 1 and 2"
expect_eq "$(headlines 'cross-border NEAR/5 transfer')" "[$filing]" \
    "cross-border NEAR/5 transfer finds item 1 only (2 says cross the border, 3 is too far)"
expect_eq "$(headlines 'cross-border ADJ/5 transfer')" "[$filing]" \
    "cross-border ADJ/5 transfer finds it too"
expect_eq "$(headlines 'personal NEAR/10 information NEAR/10 export')" "[$assessments,$counter]" \
    "personal, information and export stand within ten words in items 4 and 5"
expect_eq "$(headlines '"personal information" NEAR/10 export')" "[$assessments]" \
    "\"personal information\" NEAR/10 export finds item 4 only (5 has the words apart, 6 too far)"
expect_eq "$(headlines '"personal information" ADJ/10 export')" "[$assessments]" \
    "and so does ADJ/10, export after the phrase"
expect_eq "$(headlines 'export ADJ/10 "personal information"')" "[]" \
    "but not export ADJ/10 \"personal information\" (no export before the phrase)"
expect_eq "$(headlines '(handbook OR "personal information") NEAR/10 export')" "[$assessments]" \
    "an OR group of a word and a phrase: one NEAR for each"

# --explain shows the plan: NEAR over all the words, FILTERed by the
# phrase, and no text left to Xapian's parser.
run "$LEXSEARCH" --index "$INDEX" --explain -- 'cross-border NEAR/5 transfer'
expect_status 0 "--explain of cross-border NEAR/5 transfer"
expect_contains "$(grep '^xapian:' <<<"$OUT")" "((cross@1 NEAR 7 border@2 NEAR 7 transfer@3) FILTER (cross@1 PHRASE 2 border@2))" \
    "the window widened by the phrase's extra word, FILTERed by the phrase"

# What no proximity search can take is refused at its column.
run "$LEXSEARCH" --index "$INDEX" -- 'transfer NEAR +export'
expect_status 2 "a signed word beside NEAR is refused"
expect_eq "$ERR" "lexsearch: query 'transfer NEAR +export': NEAR and ADJ join words, phrases and OR groups of them, not '+export' at column 15" \
    "the message names the operand and its column"
run "$LEXSEARCH" --index "$INDEX" -- '(data AND export) ADJ transfer'
expect_status 2 "an AND group beside ADJ is refused"
expect_eq "$ERR" "lexsearch: query '(data AND export) ADJ transfer': NEAR and ADJ join words, phrases and OR groups of them, not '(data AND export)' at column 1" \
    "the message names the group"
finish
