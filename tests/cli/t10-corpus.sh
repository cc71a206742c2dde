#!/bin/bash
# End-to-end on the sample bulletins in corpus/: index all four, then check
# ranking, phrase and NOT queries, dates (exact, approximate and a December
# item in a January issue), sections, citation links and the text output.
# The expected values come from reading the corpus files, not from output.
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
CORPUS="$LEX_SOURCE_DIR/corpus"
ABS=$(realpath "$CORPUS")

run "$LEXINDEX" --index "$INDEX" "$CORPUS"
expect_status 0 "lexindex indexes the sample corpus"
# 10 + 10 + 9 + 9 items; README.md is not a bulletin.
expect_contains "$ERR" "4 added, 0 changed, 0 removed, 0 unchanged, 0 rejected; 38 items written" \
    "summary counts 4 files and 38 items"
expect_not_contains "$ERR" "README" "corpus/README.md is not indexed"

# headline_hit HEADLINE: the JSON hit in $OUT with exactly that headline.
headline_hit() {
    jq -c --arg h "$1" '.hits[] | select(.headline == $h)' <<<"$OUT"
}

# The phrase occurs in seven items; the standard contract item has it in
# both its headline and (twice) its body, so BM25 puts it first.
# (Unquoted, the words also bring the thesaurus's synonyms: checked below.)
for q in '"cross-border transfer"'; do
    json_search "$q" -n 100
    expect_status 0 "$q has hits"
    expect_eq "$(jq '.total' <<<"$OUT")" "7" "$q: seven items mention it"
    expect_eq "$(jq -r '.hits[0].headline' <<<"$OUT")" \
        "Standard Contract Measures for Cross-border Transfer of Personal Information Take Effect" \
        "$q: first hit is the standard contract item"
    expect_eq "$(jq -r '.hits[0] | [.date, .section, .item, .footnote] | @tsv' <<<"$OUT")" \
        $'2023-06-01\tLegislation\t1\t1' "$q: first hit dated, sectioned and numbered"
    expect_eq "$(jq -r '.hits[0].url' <<<"$OUT")" \
        "https://www.cac.gov.cn/2023-02/24/c_1678884830036813.htm" \
        "$q: citation link is footnote 1's URL"
done

phrase_ids=$(search_json --index "$INDEX" -n 100 '"cross-border transfer"' | jq -c '[.hits[].id] | sort')
expect_eq "$(jq length <<<"$phrase_ids")" "7" "the phrase's seven items, for the unquoted query"
json_search 'cross-border transfer' -n 100
expect_eq "$(jq -c --argjson p "$phrase_ids" '[.hits[].id] | (. - (. - $p)) | sort' <<<"$OUT")" "$phrase_ids" \
    "cross-border transfer, unquoted, finds the seven items of the phrase"
first_id=$(jq -r '.hits[0].id // empty' <<<"$OUT")
expect_nonempty "$first_id" "cross-border transfer, unquoted, has a first hit"
expect_contains "$phrase_ids" "\"$first_id\"" \
    "cross-border transfer, unquoted: the first hit has the phrase"

# Footnotes without a reference entry give no link, one per file.
json_search '"Foreign Relations Law"'
expect_eq "$(jq -r '.hits[0] | [.footnote, .url] | map(tostring) | @tsv' <<<"$OUT")" $'4\tnull' \
    "June item with footnote 4 (no reference entry) has no link"
expect_eq "$(jq -r '.hits[0].urls | length' <<<"$OUT")" "0" "... and an empty urls list"
json_search 'executive meeting minors'
expect_eq "$(jq -r '.hits[0] | [.headline, .url] | map(tostring) | @tsv' <<<"$OUT")" \
    $'State Council Adopts the Regulations on the Protection of Minors Online\tnull' \
    "September item with footnote 2 has no link"
json_search '"certification bodies"'
expect_eq "$(jq -r '.hits[0] | [.section, .footnote, .url] | map(tostring) | @tsv' <<<"$OUT")" \
    $'Enforcement Authority\t5\tnull' "December item with footnote 5 has no link"
json_search '"ten typical cases"'
expect_eq "$(jq -r '.hits[0] | [.date, .section, .footnote, .url] | map(tostring) | @tsv' <<<"$OUT")" \
    $'2024-01-23\tCourts Litigation\t9\tnull' "January item with footnote 9 has no link"

# "On December 28," in the January 2024 issue belongs to 2023.
json_search 'Shanghai briefing'
expect_eq "$(jq -r '.hits[0].headline' <<<"$OUT")" \
    "Shanghai Cyberspace Administration Holds Data Export Briefing" "Shanghai briefing found"
expect_eq "$(jq -r '.hits[0] | [.date, .date_approximate] | @tsv' <<<"$OUT")" \
    $'2023-12-28\tfalse' "December item in the January issue is dated 2023-12-28, exactly"
expect_eq "$(jq -r '.hits[0].bulletin_title' <<<"$OUT")" \
    "China Data Protection Bulletin - January 2024" "... and sits in the January 2024 issue"
# A year written out is used as is.
json_search '"third batch"'
expect_eq "$(jq -r '.hits[0] | [.date, .date_approximate, .url] | map(tostring) | @tsv' <<<"$OUT")" \
    $'2024-01-05\tfalse\thttps://www.cac.gov.cn/2024-01/05/c_1706119043746644.htm' \
    "'On January 5, 2024,' item dated 2024-01-05 with its link"
# "On August 8," in the September issue stays in 2023.
json_search '"facial recognition" comment'
expect_eq "$(jq -r '.hits[0] | [.headline, .date] | @tsv' <<<"$OUT")" \
    $'Draft Rules on Facial Recognition Close for Comment\t2023-08-08' \
    "August item in the September issue dated 2023-08-08"

# "Recently," items take the issue month, marked approximate.
json_search '"filing guide"'
expect_eq "$(jq -r '.hits[0].headline' <<<"$OUT")" \
    "Filing Guide Explains What Exporters Must Submit With a Standard Contract" "filing guide item found"
expect_eq "$(jq -r '.hits[0] | [.date, .date_approximate, .section] | @tsv' <<<"$OUT")" \
    $'2023-06\ttrue\tLegislation' "'Recently,' item in June 2023 issue dated 2023-06, approximate"
json_search '"emergency plan"'
expect_eq "$(jq -r '.hits[0] | [.date, .date_approximate, .item] | @tsv' <<<"$OUT")" \
    $'2023-12\ttrue\t4' "'Recently,' item in December 2023 issue dated 2023-12, approximate"

# Sections: the unlabeled first part is Legislation, then the headings.
json_search 'courier' -n 100
expect_eq "$(headline_hit "Hangzhou Internet Court Clarifies a Courier Platform's Duty of Care" | jq -r '.section')" \
    "Courts Litigation" "courier court item is in Courts Litigation"
json_search 'ride-hailing'
expect_eq "$(jq -r '.hits[0] | [.section, .line, .item] | @tsv' <<<"$OUT")" \
    $'Enforcement Cases\t35\t8' "ride-hailing item is in Enforcement Cases at line 35"
expect_contains "$(jq -r '.hits[0].snippet' <<<"$OUT")" "ride-hailing app shared passengers' phone numbers" \
    "its snippet is the body text around the match"
expect_eq "$(jq -r '.hits[0] | .snippet as $s | [.highlights[] | $s[.start:.start + .length]] | join(" ")' <<<"$OUT")" \
    "ride hailing" "the snippet's highlights mark the matched words"
json_search '"deep synthesis"' -n 100
expect_eq "$(jq -r '[.hits[].section] | unique | join(",")' <<<"$OUT")" "Legislation" \
    "deep synthesis filings are all in Legislation"
expect_eq "$(jq '.total' <<<"$OUT")" "3" "three deep synthesis filing items"
json_search 'MPS' -n 100
expect_eq "$(jq -r '[.hits[] | select(.headline | startswith("MPS")) | .section] | unique | join(",")' <<<"$OUT")" \
    "Enforcement Authority" "MPS items are in Enforcement Authority"

# A phrase query returns exactly the items containing the phrase.
json_search '"facial recognition"' -n 100
expect_eq "$(jq -r '[.hits[].headline] | sort | join("\n")' <<<"$OUT")" \
"Draft Rules on Facial Recognition Close for Comment
Hangzhou Internet Court Rules on Facial Recognition in a Residential Community
Market Regulator Penalises a Property Manager Over Facial Recognition Gates" \
    "phrase query returns exactly the three facial recognition items"

# NOT and -term exclude the court item.
for q in '"facial recognition" -court' '"facial recognition" NOT hangzhou'; do
    json_search "$q" -n 100
    expect_eq "$(jq -r '[.hits[].headline] | sort | join("\n")' <<<"$OUT")" \
"Draft Rules on Facial Recognition Close for Comment
Market Regulator Penalises a Property Manager Over Facial Recognition Gates" \
        "$q excludes the Hangzhou court item"
done

# No hits: status 1 and a message naming the query.
run "$LEXSEARCH" --index "$INDEX" blockchain
expect_status 1 "a query without hits"
expect_contains "$ERR" "blockchain" "the message names the query"
expect_eq "$OUT" "" "nothing on stdout"

# Text output: rank, headline, date | section | file:line item N, link.
run "$LEXSEARCH" --index "$INDEX" --color=never 'ride-hailing'
expect_status 0 "text output"
expect_contains "$OUT" " 1. Provincial Regulator Orders Rectification of a Ride-hailing App" "text: rank and headline"
expect_contains "$OUT" "2023-06-15 | Enforcement Cases | $ABS/2023-06-china-data-bulletin.txt:35 item 8" \
    "text: date, section, file:line and item number"
expect_contains "$OUT" "https://www.miit.gov.cn/" "text: citation link"
expect_not_contains "$OUT" $'\033' "text: no escape sequences with --color=never"
run "$LEXSEARCH" --index "$INDEX" --color=never '"filing guide"'
expect_status 0 "text output, approximate date"
expect_contains "$OUT" "2023-06 (approximate) | Legislation | $ABS/2023-06-china-data-bulletin.txt:19 item 5" \
    "text: approximate date marked"

finish
