#!/bin/bash
# Roles reach agencies: a query word that names a role or sector
# (police, courts, market regulator, 公安 ...) also finds the items of
# the agencies that corpus/agencies.tsv gives that role, ORed with the
# words themselves; role:NAME filters by role.  Run on the bundled
# corpus and the layout clones of real bulletin pages.
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
run "$LEXINDEX" --index "$INDEX" -q "$LEX_SOURCE_DIR/corpus" "$LEX_SOURCE_DIR"/tests/data/layouts/*.txt
expect_status 0 "the corpus and the layout clones are indexed"

# ids QUERY: the sorted ids of every item that matches.
ids() {
    hit_ids "$1" | jq -c sort
}
# covers A B: true when every id of the list B is in the list A.
covers() {
    jq -n --argjson a "$1" --argjson b "$2" '($b - $a) == []'
}
# count LIST: how many ids.
count() {
    jq length <<<"$1"
}

police=$(ids 'police AND data')
words=$(ids 'body:police AND data')
mps=$(ids 'agency:MPS AND data')
expect_eq "$([ "$(count "$words")" -gt 0 ] && [ "$(count "$mps")" -gt 0 ] && echo yes)" "yes" \
    "the corpus has items saying police and items of MPS about data"
expect_eq "$(covers "$police" "$mps")" "true" "police data finds the items of the Ministry of Public Security"
expect_eq "$(covers "$police" "$words")" "true" "and still every item that says police"
expect_eq "$(jq -n --argjson a "$police" --argjson w "$words" '($a - $w) | length > 0')" "true" \
    "so it finds items that never say police"
expect_eq "$(covers "$(ids '公安 AND data')" "$mps")" "true" "and so does 公安"

market=$(ids 'market regulator AND fines')
expect_eq "$(covers "$market" "$(ids 'agency:SAMR AND fines')")" "true" \
    "market regulator fines finds the fines of SAMR"
expect_eq "$(covers "$market" "$(ids 'agency:SHANGHAI_AMR AND fines')")" "true" \
    "and those of a local administration for market regulation"
expect_eq "$(ids 'market regulators AND fines')" "$market" "the plural names the same role"
# "market regulator" shares its stems with "Market Regulation" in the
# agency's name; "market supervision" shares nothing with it.
samr=$(ids 'agency:SAMR AND fines')
expect_eq "$(covers "$(ids 'market supervision AND fines')" "$samr")" "true" \
    "market supervision fines finds them too"
expect_eq "$(covers "$(ids 'body:market body:supervision AND fines')" "$samr")" "false" \
    "though the SAMR items do not all say market supervision"

# role:NAME is a filter: the role's agencies only, with their branches.
role=$(search_json --index "$INDEX" -n 1000 'role:police' | jq -c '[.hits[].agencies | map(select(. == "MPS" or . == "BEIJING_PSB" or . == "SHANGHAI_PSB")) | length > 0] | unique')
expect_eq "$role" "[true]" "role:police: every item names MPS or a public security bureau"
expect_eq "$(ids 'role:police data')" "$(ids 'agency:MPS data')" "role:police data is agency:MPS data (the bureaus are its branches)"
expect_eq "$(ids 'role:courts')" "$(ids 'agency:SPC OR agency:BEIJING_INTERNET_COURT OR agency:HANGZHOU_INTERNET_COURT OR agency:GUANGZHOU_INTERNET_COURT OR agency:BEIJING_HIGH_COURT OR agency:SHANGHAI_HIGH_COURT OR agency:BEIJING_IP_COURT OR agency:SHANGHAI_IP_COURT OR agency:GUANGZHOU_IP_COURT OR agency:SHUNYI_COURT OR agency:HAIDIAN_COURT')" \
    "role:courts is every court of the gazetteer"
run "$LEXSEARCH" --index "$INDEX" -- 'role:lawyers data'
expect_status 2 "an unknown role is refused"
expect_eq "$ERR" "lexsearch: query 'role:lawyers data': unknown role 'lawyers' (see the roles of agencies.tsv in lexsearch-corpus(5))" \
    "and the message says where roles are listed"

# A role word is ORed with the words, never put in their place.
run "$LEXSEARCH" --index "$INDEX" --explain 'market regulator fines'
expect_status 0 "--explain shows the role"
expect_contains "$(grep '^rewritten:' <<<"$OUT")" "OR role:market)" "market regulator becomes (market regulator OR role:market)"
finish
