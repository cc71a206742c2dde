#!/bin/bash
# End-to-end on the two real seed bulletins: index them, then check that
# the queries a compliance lawyer would type return the right items first,
# with the right date, section and citation link.
. "$(dirname "$0")/lib.sh"
need_seeds
INDEX="$TMP/index"

run "$LEXINDEX" --index "$INDEX" "$LEX_SEEDS_DIR"
expect_status 0 "lexindex indexes the seeds"
expect_contains "$ERR" "2 added, 0 changed, 0 removed, 0 unchanged, 0 rejected; 51 items written" "summary counts 2 files and 51 items"

# The user's plain query, unquoted and quoted, finds the TC260 standard first.
for q in 'cross-border transfer' '"cross-border transfer"'; do
    json_search "$q"
    expect_status 0 "$q has hits"
    expect_eq "$(jq -r '.hits[0].headline' <<<"$OUT")" \
        "Certification Requirements for Cross-border Transfer of Personal Information Published for Soliciting Comments" \
        "$q: first hit is the certification requirements item"
    expect_eq "$(jq -r '.hits[0].date' <<<"$OUT")" "2023-03-16" "$q: dated 2023-03-16"
    expect_eq "$(jq -r '.hits[0].url' <<<"$OUT")" \
        "https://www.tc260.org.cn/front/bzzqyjDetail.html?id=20230316143506&norm_id=20221102152946&recode_id=50381" \
        "$q: citation link is footnote 4's URL"
done

json_search 'facial recognition'
expect_eq "$(jq -r '.hits[0].url' <<<"$OUT")" \
    "https://www.163.com/dy/article/I0E3KP9U0514QU8E.html" \
    "facial recognition: Putuo District Procuratorate item first"
expect_contains "$(jq -r '.hits[0].headline' <<<"$OUT")" "Shanghai Putuo District Procuratorate" \
    "facial recognition: headline names the procuratorate"
expect_eq "$(jq -r '.hits[0].date_approximate' <<<"$OUT")" "true" \
    "facial recognition: 'Recently,' item has an approximate date"

json_search 'courier'
expect_eq "$(jq -r '.hits[0].url' <<<"$OUT")" \
    "https://news.bjd.com.cn/2023/04/07/10390717.shtml" "courier: SAMR item with its link"
expect_eq "$(jq -r '.hits[0].headline' <<<"$OUT")" \
    "SAMR: Recommend Full Encryption of Courier Personal Information" "courier: SAMR headline"

json_search '"data export security assessment"'
expect_eq "$(jq -r '[.hits[].headline] | sort | join("\n")' <<<"$OUT")" \
"Shanghai CA: More Than 270 Pieces of Application Materials for Data Export Security Assessment Received
Suzhou City's Data Export Security Assessment Filing Platform Launched" \
    "phrase query returns exactly the Shanghai CA and Suzhou items"

# Items without a reference-list entry have no link, never a wrong one.
json_search 'NISSTC Highlights'
expect_eq "$(jq -r '.hits[0].url' <<<"$OUT")" "null" "seed 000 item 4 has no link"

# Text output: rank, headline, date | section | file:line, snippet, link.
run "$LEXSEARCH" --index "$INDEX" --color=never courier
expect_status 0 "text output"
expect_contains "$OUT" " 1. SAMR: Recommend Full Encryption of Courier Personal Information" "text: rank and headline"
expect_contains "$OUT" "2023-04-07 | Enforcement Authority | $(realpath "$LEX_SEEDS_DIR")/000_4865e2ed047238f3.txt:51 item 13" \
    "text: date, section, file:line and item number"
expect_contains "$OUT" "https://news.bjd.com.cn/2023/04/07/10390717.shtml" "text: citation link"
expect_not_contains "$OUT" $'\033' "text: no escape sequences with --color=never"

run "$LEXSEARCH" --index "$INDEX" --color=always courier
expect_status 0 "text output in colour"
expect_contains "$OUT" $'Encryption of \033[1mCourier\033[0m Personal' "text: --color=always puts headline matches in bold"
run "$LEXSEARCH" --index "$INDEX" --color=always 'waybill'
expect_status 0 "text output in colour, snippet match"
expect_contains "$OUT" $'\033[1mWaybill\033[0m' "text: --color=always puts snippet matches in bold"
json_search 'courier'
expect_eq "$(jq -r '.hits[0] | .headline[.headline_highlights[0].start:.headline_highlights[0].start+.headline_highlights[0].length]' <<<"$OUT")" \
    "Courier" "json: headline_highlights locate the matched word"

# Indexing the same files again replaces items instead of duplicating them.
json_search 'personal information'
before=$(jq '.total' <<<"$OUT")
run "$LEXINDEX" --index "$INDEX" "$LEX_SEEDS_DIR"
expect_status 0 "the seeds indexed again"
json_search 'personal information'
expect_eq "$(jq '.total' <<<"$OUT")" "$before" "reindexing does not duplicate items"
run "$LEXINDEX" --index "$INDEX" "$LEX_SEEDS_DIR/../seeds/000_4865e2ed047238f3.txt"
expect_status 0 "a seed indexed by another path"
json_search 'courier'
expect_eq "$(jq '.total' <<<"$OUT")" "1" "the same file by another path is the same bulletin"

# "-word" excludes, before or after options, and is never taken for an option.
run "$LEXSEARCH" --index "$INDEX" --format json personal -information
expect_status 0 "-word after a word is a query term"
excl=$(jq '[.hits[] | select(.snippet + .headline | test("[Ii]nformation"))] | length' <<<"$OUT")
expect_eq "$excl" "0" "-information excludes items mentioning information"
expect_eq "$(jq '.total > 0' <<<"$OUT")" "true" "some personal items remain"
run "$LEXSEARCH" --index "$INDEX" -information --format json personal
expect_status 0 "-word first is a query term too"

run "$LEXSEARCH" --index "$INDEX" --format json personal -nuclear
expect_status 0 "-nuclear is a query word, not -n with a count"

# The total does not depend on how many hits are shown.
json_search 'data' -n 1
small=$(jq '.total' <<<"$OUT")
json_search 'data' -n 1000
expect_eq "$small" "$(jq '.hits | length' <<<"$OUT")" "total with -n 1 is the exact number of matches"

finish
