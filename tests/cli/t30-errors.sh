#!/bin/bash
# Bad input and failures: every one gets a one-line message naming the
# file or the query, the documented exit status, and nothing else is lost.
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
CORPUS="$TMP/corpus"
mkdir -p "$CORPUS/sub" "$CORPUS/.hidden"

# One good bulletin, written here so this test needs nothing else.
cat >"$CORPUS/good.txt" <<'TXT'
Regulator Opens Consultation on Drone Flight Data

On May 9, 2023, the regulator published draft rules on the storage of drone flight logs and asked operators for comments. 1

Enforcement Cases

Operator Fined for Keeping Flight Logs Abroad

On May 15, a drone operator was fined for storing flight logs on servers outside the country without an assessment. 2


1. https://example.gov.cn/drone-consultation

2. https://example.gov.cn/drone-fine


This sample is for testing only.
TXT
cp "$CORPUS/good.txt" "$CORPUS/.hidden/copy.txt"
: >"$CORPUS/empty.txt"
printf 'Headline\n\nOn May 1, text with a bad byte \xff here. 1\n' >"$CORPUS/sub/latin1.txt"
printf '\xff\xfeH\x00i\x00\n\x00\x00\xd8' >"$CORPUS/utf16.txt" # lone surrogate
head -c 4096 /dev/urandom >"$CORPUS/binary.txt"
printf 'Just some words without any structure at all\n' >"$CORPUS/notes.md"

run "$LEXINDEX" --index "$INDEX" "$CORPUS" "$TMP/does-not-exist"
expect_status 1 "some files rejected, the rest indexed"
expect_contains "$ERR" "lexindex: $CORPUS/empty.txt: empty file" "empty file named"
expect_contains "$ERR" "lexindex: $CORPUS/sub/latin1.txt:3: invalid UTF-8" "invalid UTF-8 named with its line"
expect_contains "$ERR" "lexindex: $CORPUS/utf16.txt:2: invalid UTF-16 (byte offset 8); convert the file to UTF-8" "undecodable UTF-16 named with its line"
expect_contains "$ERR" "lexindex: $CORPUS/binary.txt" "binary file named"
expect_contains "$ERR" "lexindex: $TMP/does-not-exist: No such file or directory" "missing path named"
expect_contains "$ERR" "1 added, 0 changed, 0 removed, 0 unchanged, 5 rejected; 2 items written" "the good file was indexed"
expect_not_contains "$ERR" "notes.md" "files of other types are not bulletins"
expect_not_contains "$ERR" ".hidden" "hidden directories are skipped"
bad_lines=$(grep -c '^lexindex: ' "$TMP/err")
expect_eq "$bad_lines" "6" "one line per rejected file plus the summary"

json_search drone
expect_status 0 "items of the good file are searchable"
expect_eq "$(jq '.total' <<<"$OUT")" "2" "both items of the good file"

# A file that turns bad keeps its earlier items until a good version arrives.
cp "$CORPUS/good.txt" "$TMP/saved.txt"
printf '\xff' >>"$CORPUS/good.txt"
run "$LEXINDEX" --index "$INDEX" "$CORPUS/good.txt"
expect_status 1 "a corrupted file is rejected"
json_search drone
expect_eq "$(jq '.total' <<<"$OUT")" "2" "its earlier items stay in the index"

# lexsearch statuses: no hits, empty query, bad options, missing index.
run "$LEXSEARCH" --index "$INDEX" zeppelin
expect_status 1 "no hits"
expect_eq "$ERR" "lexsearch: no items match 'zeppelin'" "no-hits message names the query"
run "$LEXSEARCH" --index "$INDEX" ""
expect_status 2 "empty query"
expect_contains "$ERR" "lexsearch: empty query" "empty query message"
run "$LEXSEARCH" --index "$INDEX" --format xml drone
expect_status 2 "unknown format"
run "$LEXSEARCH" --index "$INDEX" -n 0 drone
expect_status 2 "bad limit"
run "$LEXSEARCH" --index "$TMP/nowhere" drone
expect_status 3 "missing index"
expect_contains "$ERR" "$TMP/nowhere: no index here; create it with lexindex" "missing index message"
run "$LEXINDEX" --index "$INDEX"
expect_status 2 "lexindex without PATH"
run "$LEXINDEX" --bogus "$CORPUS"
expect_status 2 "lexindex unknown option"

# A corrupt index: a damaged table gives status 3 and a message, no crash.
cp -r "$INDEX" "$TMP/broken"
for t in "$TMP"/broken/gen-*/*.glass; do head -c 100 "$t" >"$t.tmp" && mv "$t.tmp" "$t"; done
run "$LEXSEARCH" --index "$TMP/broken" drone
expect_status 3 "corrupt index"
expect_contains "$ERR" "lexsearch: $TMP/broken" "corrupt index message names the index"

# A second writer is refused at once with status 75; the index survives.
if [ -n "${LEXDB_HOLD:-}" ]; then
    coproc HOLD { "$LEXDB_HOLD" "$INDEX"; }
    hold_pid=$HOLD_PID # bash unsets HOLD_PID once the coprocess ends
    read -r -u "${HOLD[0]}" line
    expect_eq "$line" "locked" "test tool holds the write lock"
    start=$(date +%s)
    run timeout 20 "$LEXINDEX" --index "$INDEX" "$CORPUS/sub"
    expect_status 75 "second writer exits with EX_TEMPFAIL"
    expect_contains "$ERR" "index is locked by another lexindex run" "lock message"
    expect_eq "$(( $(date +%s) - start < 5 ))" "1" "second writer does not wait"
    json_search drone
    expect_status 0 "searches still work while the index is locked"
    exec {HOLD[1]}>&-
    wait "$hold_pid"
fi

# Control characters in bulletin text never reach the terminal.
printf 'Evil \033[31mRed\033[0m Headline\n\nOn May 2, 2023, a \033]0;title\007 paragraph about escapes. 1\n' >"$TMP/evil.txt"
run "$LEXINDEX" --index "$INDEX" "$TMP/evil.txt"
expect_status 0 "a bulletin with escape sequences is indexed"
run "$LEXSEARCH" --index "$INDEX" --color=always escapes
expect_status 0 "it can be found"
expect_not_contains "$OUT" $'\033[31m' "no SGR sequence from the bulletin"
expect_not_contains "$OUT" $'\033]' "no OSC sequence from the bulletin"
expect_not_contains "$OUT" $'\007' "no BEL from the bulletin"

# A malformed query is a usage error naming the query, not a crash.
run "$LEXSEARCH" --index "$INDEX" 'transfer AND'
expect_status 2 "malformed query"
expect_eq "$ERR" "lexsearch: query 'transfer AND': 'AND' needs a word or group after it at column 10" "syntax error quotes the query"
run "$LEXSEARCH" --index "$INDEX" 'drone "unbalanced phrase'
expect_status 2 "an unclosed quote is refused, not guessed at"
expect_eq "$ERR" "lexsearch: query 'drone \"unbalanced phrase': unclosed quote at column 7" "the error points at the quote"
# A pasted page's error still fits its line: the query is quoted by its
# first 80 characters, and the reason and its column follow.
long="$(printf 'data export %.0s' $(seq 100))"
run "$LEXSEARCH" --index "$INDEX" "$long\"unbalanced"
expect_status 2 "a long malformed query is refused"
expect_eq "$ERR" "lexsearch: query '${long:0:80}...': unclosed quote at column 1201" "a long query is named by its start, the reason in full"
# Columns count characters, a Chinese one as one.
run "$LEXSEARCH" --index "$INDEX" '数据出境 "标准合同'
expect_status 2 "an unclosed quote after Chinese words is refused"
expect_eq "$ERR" "lexsearch: query '数据出境 \"标准合同': unclosed quote at column 6" "the column counts characters"

# A huge file is refused by size, without reading it, and named.
mkdir -p "$TMP/huge"
truncate -s 65M "$TMP/huge/big.txt"
printf 'Fine Headline\n\nOn May 2, 2023, a fine item was published in full here. 1\n' >"$TMP/huge/fine.txt"
run "$LEXINDEX" --index "$TMP/huge-index" "$TMP/huge"
expect_status 1 "a huge file is rejected"
expect_contains "$ERR" "lexindex: $TMP/huge/big.txt: file is larger than the 64 MiB limit" "huge file named"
expect_contains "$ERR" "1 added" "the other file is still indexed"

finish
