#!/bin/bash
# lexindex --dump: the items a bulletin parses into, one JSON object a
# line, exactly as an indexing run stores them, with no index touched;
# bad files reported as an indexing run reports them.
. "$(dirname "$0")/lib.sh"
set -o pipefail
D="$TMP/bulletins"
mkdir -p "$D/sub"

# A small bulletin written for this test: a section, two items with
# footnotes, and an item in a second section that names the CAC.
cat >"$D/may.txt" <<'TXT'
Harbour Data Notes, May 2023

Legislation

Port Authority Drafts Rules on Container Tracking Data

On May 9, 2023, the port authority put out draft rules on how long container tracking records may be kept, and asked shippers for comments. 1

Ministry Publishes Guide to Crew Health Records

On May 12, the ministry explained which crew health records may leave the ship and which must stay on board. 2

Enforcement

CAC Fines a Shipping App for Selling Location Data

On May 20, the CAC fined the operator of a shipping app that sold the location history of its users. 3


1. https://harbour.example.org/tracking-draft

2. https://harbour.example.org/crew-guide

3. https://harbour.example.org/app-fine


Written for the lexsearch tests.
TXT

run "$LEXINDEX" --dump "$D/may.txt"
expect_status 0 "a good bulletin dumps"
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "3" "one line per item"
expect_eq "$(printf '%s\n' "$OUT" | jq -c . 2>&1 | wc -l)" "3" "every line is a JSON object jq reads"
expect_eq "$(jq -r '[.file, .item, .line, .headline, .date, .date_approximate, .section, .footnote, (.urls | join(" "))] | @tsv' <<<"$OUT")" \
"$D/may.txt	1	5	Port Authority Drafts Rules on Container Tracking Data	2023-05-09	false	Legislation	1	https://harbour.example.org/tracking-draft
$D/may.txt	2	9	Ministry Publishes Guide to Crew Health Records	2023-05-12	false	Legislation	2	https://harbour.example.org/crew-guide
$D/may.txt	3	15	CAC Fines a Shipping App for Selling Location Data	2023-05-20	false	Enforcement	3	https://harbour.example.org/app-fine" \
    "file, item, line, headline, date, section, footnote and links of each item"
expect_eq "$(jq -r 'select(.item == 3) | .agencies | index("CAC") != null' <<<"$OUT")" "true" \
    "items are tagged with the gazetteer, as when indexing"
expect_contains "$(jq -r 'select(.item == 2) | .body' <<<"$OUT")" "crew health records may leave the ship" "the body is the item's paragraph"
expect_eq "$(jq -r '[.item, (.laws | type)] | @tsv' <<<"$OUT" | head -n 1)" "1	array" "laws is an array"
if [ -e "$LEXSEARCH_INDEX" ]; then not_ok "--dump creates no default index" "$(ls -la "$LEXSEARCH_INDEX")"
else ok "--dump creates no default index"; fi

run "$LEXINDEX" --index "$TMP/named-index" --dump "$D/may.txt"
expect_status 0 "--index is accepted and has no effect"
if [ -e "$TMP/named-index" ]; then not_ok "--dump does not create the index --index names"
else ok "--dump does not create the index --index names"; fi

# The same items as the index stores: compare with what lexsearch shows.
run "$LEXINDEX" -q --index "$TMP/index" "$D/may.txt"
expect_status 0 "the bulletin indexes"
run "$LEXSEARCH" --index "$TMP/index" --format json -n 10 -- "May"
expect_status 0 "lexsearch finds the items"
from_index=$(jq -r '.hits[] | [.item, .line, .headline, .date, .section, .footnote, .url, (.agencies | join(","))] | @tsv' <<<"$OUT" | sort)
run "$LEXINDEX" --dump "$D/may.txt"
expect_status 0 "dump again"
from_dump=$(jq -r '[.item, .line, .headline, .date, .section, .footnote, .urls[0], (.agencies | join(","))] | @tsv' <<<"$OUT" | sort)
expect_eq "$(printf '%s\n' "$from_index" | wc -l)" "3" "lexsearch shows all three items"
expect_eq "$from_dump" "$from_index" "--dump prints the items the index holds"

# Bad files: the one-line message of an indexing run, status 1, and the
# good files still dumped.
: >"$D/sub/empty.txt"
printf 'Headline\n\nOn May 1, a bad byte \xff here. 1\n' >"$D/sub/latin1.txt"
run "$LEXINDEX" --dump "$D" "$TMP/nowhere"
expect_status 1 "bad files make status 1"
expect_contains "$ERR" "lexindex: $D/sub/empty.txt: empty file" "empty file named as when indexing"
expect_contains "$ERR" "lexindex: $D/sub/latin1.txt:3: invalid UTF-8" "invalid UTF-8 named with its line"
expect_contains "$ERR" "lexindex: $TMP/nowhere: No such file or directory" "missing path named"
expect_eq "$(jq -r '.file' <<<"$OUT" | sort | uniq -c | awk '{ print $1 }')" "3" "the good file in the directory is still dumped"

run "$LEXINDEX" --dump "$D/sub/empty.txt"
expect_status 1 "only a bad file: status 1"
expect_eq "$OUT" "" "and nothing on standard output"

# A file name with a control character reaches neither the terminal nor
# the JSON raw.
esc_name="$D/name-$(printf '\033')[2J.txt"
cp "$D/may.txt" "$esc_name"
run "$LEXINDEX" --dump "$esc_name"
expect_status 0 "a bulletin with ESC in its name dumps"
if printf '%s' "$OUT" | grep -q "$(printf '\033')"; then not_ok "no raw ESC in the dump"
else ok "no raw ESC in the dump"; fi
expect_eq "$(jq -r '.file' <<<"$OUT" | head -n 1)" "$esc_name" "the name comes back whole through JSON"

# Output that cannot be written is an error, not a silent success.
"$LEXINDEX" --dump "$D/may.txt" >/dev/full 2>"$TMP/err"
STATUS=$?; OUT=""; ERR=$(cat "$TMP/err")
expect_status 3 "a full standard output is status 3"
expect_contains "$ERR" "lexindex: writing the dump" "and says so"

# Bash completion offers the option.
completion=$(bash -c '. "$1"; COMP_WORDS=(lexindex --du); COMP_CWORD=1; _lexindex; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$LEX_SOURCE_DIR/indexer/lexindex.bash")
expect_eq "$completion" "--dump" "lexindex --du<TAB> completes --dump"

# Usage errors.
run "$LEXINDEX" --dump
expect_status 2 "--dump without PATH"
expect_contains "$ERR" "--dump: no PATH given" "names the missing PATH"
run "$LEXINDEX" --dump --rebuild "$D/may.txt"
expect_status 2 "--dump with --rebuild"
expect_contains "$ERR" "--dump writes no index" "says why"
run "$LEXINDEX" --dump --stats
expect_status 2 "--dump with --stats"
expect_contains "$ERR" "go alone" "says they go alone"
finish
