#!/bin/bash
# The query language and result views of lexsearch-query(7) and
# lexsearch(1), on the sample corpus plus a bulletin written here for the
# cases the corpus does not cover.  Expected values are derived from the
# items themselves (every item listed once, then grouped with jq) or, for
# the crafted bulletin, known by construction.
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
C="$TMP/corpus"
mkdir -p "$C"
cp "$LEX_SOURCE_DIR"/corpus/*.txt "$C/"
cat >"$C/2022-05-crafted.txt" <<'BULLETIN'
Crafted Bulletin - May 2022

Alpha Rules Published

On May 3, 2022, the regulator said alpha and beta belong together in one sentence. Nothing else was said about it. 1

Alpha Guidance Issued

On May 9, 2022, the regulator explained alpha at length. A separate sentence then mentioned beta. 2

Beta Alone in the Headline

On May 20, 2022, the regulator explained alpha once more without naming the other word. 3

Outbound Data Transfer Filing Opened

On May 25, 2022, a zeppelin operator filed its outbound data transfer papers. 4

Payment Firms Warned on Crossborder Records

On May 27, 2022, payment firms were warned that crossborder records of card holders need a filing. 5

1. https://www.cac.gov.cn/crafted/1.htm
2. https://sub.example.org/crafted/2.htm
BULLETIN
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "index the corpus and the crafted bulletin"

# all: every item once, as JSON hits.
ALL=$(search_json --index "$INDEX" -n 10000 --sort oldest 'date:1900..' | jq -c '.hits')
total_items=$(jq length <<<"$ALL")
expect_eq "$total_items" "43" "43 items in all (38 in corpus/, 5 crafted)"

# ids QUERY [OPTIONS]: the sorted ids a query returns.
ids() {
    local q=$1
    shift
    search_json --index "$INDEX" -n 10000 "$@" -- "$q" | jq -c '[.hits[].id] | sort'
}
# expected JQ_FILTER: the sorted ids of the items the filter selects.
expected() { jq -c "[.[] | select($1) | .id] | sort" <<<"$ALL"; }
# first_id JSON_ARRAY: its first id, or nothing (never "null").
first_id() { jq -r '.[0] // empty' <<<"$1"; }

# Filters.
expect_eq "$(ids 'section:"Courts Litigation"')" "$(expected '.section == "Courts Litigation"')" "section: exact name"
expect_eq "$(ids 'section:enforcement')" "$(expected '.section | startswith("Enforcement")')" "section: a prefix matches both Enforcement sections"
# filters of two fields must both match; - clauses alone match every
# item without them (Xapian's parser read them as the words themselves)
expect_eq "$(ids 'section:enforcement date:2023')" "$(expected '((.section // "") | startswith("Enforcement")) and ((.date // "") | startswith("2023"))')" "filters of two fields: both match"
expect_eq "$(ids '-section:enforcement -section:"Courts Litigation"')" "$(expected '(((.section // "") | startswith("Enforcement")) or .section == "Courts Litigation") | not')" "- filters alone: every item outside those sections"
expect_eq "$(ids 'bulletin:2023-09-china-data-bulletin')" "$(expected '.file | endswith("/2023-09-china-data-bulletin.txt")')" "bulletin: file name"
expect_eq "$(ids 'bulletin:2023')" "$(expected '.file | test("/2023-[^/]*$")')" "bulletin: prefix"
expect_eq "$(ids 'site:cac.gov.cn')" "$(expected 'any(.urls[]; test("^https?://([^/]*\\.)?cac\\.gov\\.cn/"))')" "site: the domain and its subdomains"
expect_eq "$(ids 'site:example.org')" "$(expected 'any(.urls[]; test("example\\.org"))')" "site: a parent domain"
expect_eq "$(ids 'date:2023-06')" "$(expected '.date != null and (.date | startswith("2023-06"))')" "date: a month"
expect_eq "$(ids 'date:2023-09..')" "$(expected '.date != null and .date >= "2023-09"')" "date: open end"
expect_eq "$(ids 'date:..2023-06')" "$(expected '.date != null and .date[0:7] <= "2023-06"')" "date: open start, whole month included"
# a month-only (approximate) date counts as day 00 of its month
expect_eq "$(ids 'date:2023-06-05..2023-09-30')" "$(expected '.date != null and .date >= "2023-06-05" and .date <= "2023-09-30"')" "date: day range"
expect_eq "$(ids 'date:2022')" "$(expected '.date != null and (.date | startswith("2022"))')" "date: a year"
expect_eq "$(ids 'personal date:2023-06..')" "$(ids personal --since 2023-06)" "--since equals date:A.."
expect_eq "$(ids 'personal date:..2023-09')" "$(ids personal --until 2023-09)" "--until equals date:..B"
expect_eq "$(ids 'personal section:courts')" "$(ids personal --section courts)" "--section equals section:"

# Connectors: same sentence, same paragraph.
expect_eq "$(ids 'alpha /s beta' --exact)" "$(expected '.headline == "Alpha Rules Published"')" "/s: both words in one sentence"
expect_eq "$(ids 'alpha /p beta' --exact)" "$(expected '.headline == "Alpha Rules Published" or .headline == "Alpha Guidance Issued"')" "/p: both words in one paragraph"
expect_eq "$(ids 'alpha AND beta' --exact)" "$(expected '.headline | test("^Alpha|^Beta")')" "AND: anywhere in the item"
expect_eq "$(ids 'alpha XOR beta' --exact)" "[]" "XOR: every alpha item mentions beta too"

# Errors point at the column and exit 2.
check_error() {
    run "$LEXSEARCH" --index "$INDEX" -- "$1"
    expect_status 2 "refused: $1"
    expect_eq "$ERR" "lexsearch: query '$1': $2" "message for: $1"
}
check_error 'transfer regulator:cac' "unknown field 'regulator:' (fields: title, body, section, bulletin, site, date, agency, law, role) at column 10"
check_error 'data "export' "unclosed quote at column 6"
check_error '(data OR export' "unclosed '(' at column 1"
check_error 'data)' "unmatched ')' at column 5"
check_error 'data date:2023-13' "bad date 'date:2023-13' (use YYYY, YYYY-MM or YYYY-MM-DD, and A..B, A.. or ..B for ranges) at column 6"
check_error 'https://www.cac.gov.cn/x' "a URL is not a query; search its domain with site:DOMAIN at column 1"
check_error 'OR transfer /s filing' "'OR' needs a word or group before it at column 1"
check_error 'OR/中#X w /s v' "'OR' needs a word or group before it at column 1"
check_error '(AND.fine cac)' "'AND' needs a word or group before it at column 2"
check_error 'data AND' "'AND' needs a word or group after it at column 6"
check_error 'data (NEAR/3 export)' "'NEAR/3' needs a word or group before it at column 7"
check_error 'regulat* NEAR/3 data' "NEAR and ADJ join words, not a wildcard ('regulat*') at column 1"
check_error 'data ADJ/2 protect*' "NEAR and ADJ join words, not a wildcard ('protect*') at column 12"
check_error '"data export" /s filing' "/s joins two single words (no phrases, hyphens, fields or brackets) at column 15"
# A query that is not UTF-8 is refused at its first bad byte (the bytes
# before OR/ made Xapian 1.4.22's parser leak).
run "$LEXSEARCH" --index "$INDEX" -- "$(printf 'data \340\227OR/x')"
expect_status 2 "invalid UTF-8 in a query is refused"
expect_contains "$ERR" "invalid UTF-8 (the query must be UTF-8) at column 6" "invalid UTF-8: column of the first bad byte"
run "$LEXSEARCH" --index "$INDEX" --since 2023-6 data
expect_status 2 "--since needs a date"
run "$LEXSEARCH" --index "$INDEX" --sort sideways data
expect_status 2 "--sort needs relevance, newest or oldest"

# Thesaurus: synonyms widen the match, literal matches rank first.
zeppelin=$(first_id "$(expected '.headline == "Outbound Data Transfer Filing Opened"')")
expect_nonempty "$zeppelin" "the crafted outbound data transfer item is indexed"
run "$LEXSEARCH" --index "$INDEX" --format json -n 100 'cross-border transfer'
expect_status 0 "cross-border transfer finds items"
expect_contains "$(jq -c '[.hits[].id] | sort' <<<"$OUT")" "\"$zeppelin\"" "cross-border transfer finds an item that says only 'outbound data transfer'"
top=$(jq -r '.hits[0].id // empty' <<<"$OUT")
expect_nonempty "$top" "cross-border transfer has a first hit"
expect_contains "$(ids '"cross-border transfer"' --exact)" "\"$top\"" "a literal match ranks first"
contract=$(first_id "$(expected '.headline | test("^Standard Contract Measures")')")
expect_nonempty "$contract" "the standard contract item is indexed"
expect_contains "$(ids scc)" "\"$contract\"" "scc finds items that say 'standard contract'"
expect_not_contains "$(ids scc --exact)" "\"$contract\"" "--exact turns synonyms off"
run "$LEXSEARCH" --index "$INDEX" --explain 'cross-border transfer'
expect_status 0 "--explain"
expect_contains "$OUT" '"outbound data transfer"' "--explain shows the synonyms"
expect_contains "$(sed -n '/^expanded:/,/^rewritten:/p' <<<"$OUT")" "synonyms #0 @1" "--explain shows the expanded tree: the thesaurus group"
run "$LEXSEARCH" --index "$INDEX" --explain --exact 'cross-border transfer'
expect_status 0 "--explain --exact"
expect_contains "$OUT" "synonyms:  off (--exact)" "--explain shows --exact"
run "$LEXSEARCH" --index "$INDEX" --explain 'cross-border transfer'
expect_status 0 "--explain with a thesaurus group"
expect_contains "$(grep '^translations:' <<<"$OUT")" "#0 English typed, in Chinese: 数据出境" "--explain shows the thesaurus translations used"
run "$LEXSEARCH" --index "$INDEX" --explain --since 2022-05 'alpha beta'
expect_status 0 "--explain with a filter"
plan=$(grep '^plan:' <<<"$OUT")
expect_contains "$plan" '(FILTER (FIXED 1000) (AND "alpha" "beta"))' "--explain's plan shows the recall-first tier of items with every word"
expect_contains "$plan" '(AND "alpha" (FIXED 100)) (AND "beta" (FIXED 100))' "--explain's plan shows each word's count in its own part"
expect_contains "$plan" '(SCALE_WEIGHT 0 (VALUE_GE 0 20220500 *))' "--explain's plan shows the filter searched"
expect_contains "$(grep '^xapian:' <<<"$OUT")" "FixedWeightPostingSource(wt=1000)" "--explain's Xapian query is the plan's"
run env LEXSEARCH_DATADIR="$TMP/nowhere" "$LEXSEARCH" --index "$INDEX" --count zeppelin
expect_status 0 "without the thesaurus, search goes on"
expect_contains "$ERR" "warning: $TMP/nowhere/thesaurus.tsv: not found" "and says why"
mkdir -p "$TMP/data" && printf '# test\ndata export\tData Leak\n' >"$TMP/data/thesaurus.tsv"
run env LEXSEARCH_DATADIR="$TMP/data" "$LEXSEARCH" --index "$INDEX" --count zeppelin
expect_status 0 "with a bad thesaurus line, search goes on"
expect_contains "$ERR" "$TMP/data/thesaurus.tsv:2: 'Data Leak' is not 1-4 lower-case words" "a bad thesaurus line is named"
# The gazetteer is parsed only when the query may name an agency or law;
# a bad line is named then (with a no-hit word, the files are not parsed).
mkdir -p "$TMP/badgaz" && cp "$LEX_SOURCE_DIR"/corpus/laws.tsv "$LEX_SOURCE_DIR"/corpus/thesaurus.tsv "$TMP/badgaz/"
printf '# test\nMPS\tnationwide\t-\tMPS\tMinistry of Public Security\t-\t-\n' >"$TMP/badgaz/agencies.tsv"
run env LEXSEARCH_DATADIR="$TMP/badgaz" "$LEXSEARCH" --index "$INDEX" --count 'MPS data'
expect_status 0 "with a bad gazetteer line, search goes on"
expect_contains "$ERR" "lexsearch: warning: $TMP/badgaz/agencies.tsv:2: bad level 'nationwide'" "a query naming an agency names the bad gazetteer line"
expect_contains "$ERR" "; agency and law names are searched as words" "and says what follows"
run env LEXSEARCH_DATADIR="$TMP/badgaz" "$LEXSEARCH" --index "$INDEX" --explain 'police data'
expect_status 0 "--explain with a bad gazetteer line"
expect_contains "$ERR" "$TMP/badgaz/agencies.tsv:2: bad level" "a role word (--explain) names it too"
run env LEXSEARCH_DATADIR="$TMP/badgaz" "$LEXSEARCH" --index "$INDEX" --count zeppelin
expect_status 0 "a word in no gazetteer file"
expect_not_contains "$ERR" "agencies.tsv" "does not parse the gazetteer"
run env LEXSEARCH_DATADIR="$TMP/badgaz" "$LEXSEARCH" --index "$INDEX" --count security
expect_status 0 "a word that is only part of names"
expect_not_contains "$ERR" "agencies.tsv" "nor for a word that is only part of names (Ministry of Public Security)"
# A long question is looked up word run by word run: after a few runs
# the files are parsed (cheaper than searching their text for each), but
# the bad line is still named only when some words may be a name.
LONG='what did the new national rules say about firms which hold personal data on users and must keep it inside the country or ask for a review before they send any of it abroad so each firm shows who holds'
run env LEXSEARCH_DATADIR="$TMP/badgaz" "$LEXSEARCH" --index "$INDEX" --count "$LONG"
expect_status 0 "a long question naming no agency or law"
expect_not_contains "$ERR" "agencies.tsv" "does not name the bad line"
run env LEXSEARCH_DATADIR="$TMP/badgaz" "$LEXSEARCH" --index "$INDEX" --count "$LONG MPS"
expect_status 0 "the same question naming an agency at its end"
expect_contains "$ERR" "$TMP/badgaz/agencies.tsv:2: bad level" "names the bad line"

# Spelling: corrected results with a notice, from the index's own words.
run "$LEXSEARCH" --index "$INDEX" --format json recogniton
expect_status 0 "a misspelling still finds items"
expect_eq "$(jq -r '[.correction, .correction_used] | @tsv' <<<"$OUT")" "$(printf 'recognition\ttrue')" "the correction is reported"
expect_eq "$(jq -c '[.hits[].id] | sort' <<<"$OUT")" "$(ids recognition)" "the hits are those of the correction"
run "$LEXSEARCH" --index "$INDEX" --color=never cybersecurty
expect_status 0 "a misspelling, text output"
expect_contains "$OUT" "Showing results for 'cybersecurity'; --exact searches as typed (no items match 'cybersecurty')." "text output says so"
run "$LEXSEARCH" --index "$INDEX" --format json transfers
expect_status 0 "an inflection of a known word"
expect_eq "$(jq -r .correction <<<"$OUT")" "null" "no suggestion for a known word's inflection"
run "$LEXSEARCH" --index "$INDEX" --exact recogniton
expect_status 1 "--exact: no spelling fallback"

# Sorting, paging, counting.
run "$LEXSEARCH" --index "$INDEX" --format json -n 100 --sort newest personal
expect_status 0 "--sort newest"
dates=$(jq -c '[.hits[].date | select(. != null) | .[0:7]]' <<<"$OUT")
expect_eq "$(jq 'unique | length > 3' <<<"$dates")" "true" "--sort newest: more than three months to order"
expect_eq "$dates" "$(jq -c 'sort | reverse' <<<"$dates")" "--sort newest"
run "$LEXSEARCH" --index "$INDEX" --format json -n 100 --sort oldest personal
expect_status 0 "--sort oldest"
dates=$(jq -c '[.hits[].date | select(. != null) | .[0:7]]' <<<"$OUT")
expect_eq "$(jq 'unique | length > 3' <<<"$dates")" "true" "--sort oldest: more than three months to order"
expect_eq "$dates" "$(jq -c 'sort' <<<"$dates")" "--sort oldest"
all=$(search_json --index "$INDEX" -n 100 personal | jq -c '[.hits[].id]')
expect_eq "$(jq 'length > 5' <<<"$all")" "true" "personal finds more than five items"
page=$(search_json --index "$INDEX" -n 3 --offset 2 personal | jq -c '[.hits[].id]')
expect_eq "$page" "$(jq -c '.[2:5]' <<<"$all")" "--offset 2 -n 3 is hits 3 to 5"
expect_eq "$(checked 0 "$LEXSEARCH" --index "$INDEX" --count personal)" "$(jq length <<<"$all")" "--count is the number of matches"

# Facets: exact counts, consistent with the filters.
run "$LEXSEARCH" --index "$INDEX" --format json -n 1 --facets personal
expect_status 0 "--facets"
expect_eq "$(jq '[.facets.section[].count] | add' <<<"$OUT")" "$(jq .total <<<"$OUT")" "section facets add up to the total"
courts=$(jq '.facets.section[] | select(.value == "Courts Litigation") | .count' <<<"$OUT")
expect_nonempty "$courts" "a Courts Litigation facet"
expect_eq "$courts" "$(checked 0 "$LEXSEARCH" --index "$INDEX" --count 'personal section:"Courts Litigation"')" "a section facet equals its filter's count"
june=$(jq '.facets.month[] | select(.value == "2023-06") | .count' <<<"$OUT")
expect_nonempty "$june" "a 2023-06 facet"
expect_eq "$june" "$(checked 0 "$LEXSEARCH" --index "$INDEX" --count 'personal date:2023-06')" "a month facet equals its date filter's count"
run "$LEXSEARCH" --index "$INDEX" --color=never -n 1 --facets personal
expect_status 0 "--facets, text output"
expect_contains "$OUT" "Facets of all" "text output shows the facets"

# Similar items, NDJSON.
id=$(jq -r '.[] | select(.headline | startswith("Standard Contract Measures")) | .id' <<<"$ALL")
expect_nonempty "$id" "the standard contract item, for --like"
run "$LEXSEARCH" --index "$INDEX" --format json -n 5 --like "$id"
expect_status 0 "--like finds similar items"
expect_not_contains "$(jq -c '[.hits[].id]' <<<"$OUT")" "\"$id\"" "the item itself is not among them"
expect_contains "$(jq -r '[.hits[].headline] | join("|")' <<<"$OUT")" "ross-border" "similar items are about cross-border data"
run "$LEXSEARCH" --index "$INDEX" --like "no-such-id"
expect_status 2 "--like with an unknown id"
run "$LEXSEARCH" --index "$INDEX" --format ndjson -n 4 personal
expect_status 0 "NDJSON output"
expect_eq "$(wc -l <<<"$OUT")" "4" "NDJSON: one line per hit"
expect_eq "$(jq -s -c '[.[].schema] | unique' <<<"$OUT")" "[2]" "NDJSON: every line is a versioned hit"
# Tokenisation: cross-border, crossborder and "cross border" are one word.
hyphen=$(ids cross-border --exact)
expect_eq "$(jq 'length > 1' <<<"$hyphen")" "true" "cross-border finds items"
crossborder=$(first_id "$(expected '.headline | test("Crossborder")')")
expect_nonempty "$crossborder" "the item written crossborder is indexed"
expect_eq "$(ids crossborder --exact)" "$hyphen" "crossborder finds what cross-border finds"
expect_eq "$(ids '"cross border"' --exact)" "$hyphen" '"cross border" finds what cross-border finds'
expect_contains "$hyphen" "\"$crossborder\"" "an item written crossborder is found by cross-border"
# Synonym groups tagged at index time: a group is one term, and finds
# exactly the items its phrases written out find (an index made without
# the thesaurus has no tags, and its queries write the groups out).
run "$LEXSEARCH" --index "$INDEX" --explain 'cross-border transfer'
expect_status 0 "--explain on the tagged index"
expect_contains "$OUT" "searched as one term the indexer tagged" "--explain: the index is tagged with the thesaurus"
mkdir -p "$TMP/nothes"
cp "$LEX_SOURCE_DIR"/corpus/agencies.tsv "$LEX_SOURCE_DIR"/corpus/laws.tsv "$LEX_SOURCE_DIR"/corpus/bulletin.rng "$TMP/nothes/"
# groups_written_out INDEX HOW: --explain on INDEX, indexed untagged
# (HOW), writes the thesaurus groups out.
groups_written_out() {
    run "$LEXSEARCH" --index "$1" --explain 'cross-border transfer'
    expect_status 0 "--explain on the index made $2"
    expect_contains "$OUT" "written out as above" "--explain: the index made $2 writes groups out"
}
run env LEXSEARCH_DATADIR="$TMP/nothes" "$LEXINDEX" --index "$TMP/untagged" "$C"
expect_status 0 "lexindex without the thesaurus"
expect_contains "$ERR" "items are not tagged with synonym groups" "lexindex without the thesaurus says items are not tagged"
groups_written_out "$TMP/untagged" "without the thesaurus"
# a thesaurus phrase the tagger cannot read ('-', which Xapian's parser
# refused): a warning, the items indexed untagged, the groups written out
mkdir -p "$TMP/oddthes" && cp "$TMP/nothes"/* "$LEX_SOURCE_DIR"/corpus/thesaurus.tsv "$TMP/oddthes/"
printf -- '-\tx-\n' >>"$TMP/oddthes/thesaurus.tsv"
run env LEXSEARCH_DATADIR="$TMP/oddthes" "$LEXINDEX" --index "$TMP/odd" "$C"
expect_status 0 "lexindex with a thesaurus phrase it cannot tag"
expect_contains "$ERR" "lexindex: warning: thesaurus group 96: the phrase '-' cannot be tagged; items are not tagged with synonym groups" "lexindex names the phrase it cannot tag"
groups_written_out "$TMP/odd" "with a thesaurus phrase it cannot tag"
for q in 'cross-border transfer' 'personal information' scc 'facial recognition' 'app rectification' '数据出境' 'CAC security assessment'; do
    tagged=$(ids "$q")
    written=$(search_json --index "$TMP/untagged" -n 10000 -- "$q" | jq -c '[.hits[].id] | sort')
    if [ "$tagged" != "[]" ] && [ "$tagged" = "$written" ]; then
        ok "the tag finds what the phrases find: $q"
    else
        not_ok "the tag finds what the phrases find: $q" "tagged:  $tagged
written: $written"
    fi
done
snips() {
    search_json --index "$1" -n 100 -- "$2" |
        jq -c '[.hits[] | [.id, .snippet, .highlights, .headline_highlights]] | sort'
}
expect_eq "$(snips "$INDEX" 'cross-border transfer')" "$(snips "$TMP/untagged" 'cross-border transfer')" "snippets and highlights are those of the written-out phrases"
# an update made with another thesaurus leaves the tags mixed: queries go
# back to the written-out phrases, and find the same
cp -r "$INDEX" "$TMP/mixed"
printf 'Mixed Bulletin - June 2022\n\nOutbound Transfer Noted\n\nOn June 1, 2022, the regulator noted an outbound data transfer by a zeppelin maker. 1\n\n1. https://example.org/mixed\n' >"$C/2022-06-mixed.txt"
mkdir -p "$TMP/other"
cp "$TMP/nothes"/* "$TMP/other/" && cp "$LEX_SOURCE_DIR"/corpus/thesaurus.tsv "$TMP/other/" && printf 'zeppelin maker\tairship builder\n' >>"$TMP/other/thesaurus.tsv"
run env LEXSEARCH_DATADIR="$TMP/other" "$LEXINDEX" --index "$TMP/mixed" "$C"
expect_status 0 "an update with another thesaurus"
run "$LEXSEARCH" --index "$TMP/mixed" --explain 'cross-border transfer'
expect_status 0 "--explain on the mixed index"
expect_contains "$OUT" "written out as above" "after it, groups are written out again"
expect_contains "$(search_json --index "$TMP/mixed" -n 100 'cross-border transfer' | jq -r '[.hits[].headline] | join("|")')" "Outbound Transfer Noted" "and the new item is found through its group"
rm "$C/2022-06-mixed.txt"
finish
