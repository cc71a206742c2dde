#!/bin/bash
# ctest bench/run-2000: runs tests/bench/run on 2,000 items and checks that
# it prints the whole table: every row, a value or n/a in every column,
# the FTS5 column filled when the FTS5 peer was built, and no query that
# an engine refused; and, first, that `lexbench pair` runs its two
# programs alternately, each on its column, and reports each program's
# runs under its name.  It asserts no timings of the engines (benchmarks
# only print them).
set -u
: "${LEX_BENCH_RUN:?run through ctest}" "${LEX_BUILD_DIR:?run through ctest}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lexbenchtest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
check() { # check DESCRIPTION CONDITION-STATUS
    if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fails=$((fails + 1)); fi
}

# lexbench pair on two stand-in programs that log their query and exit:
# A (column 1) sleeps 0.3 s, B (column 2) does not, so both the log and
# the timings tell whose report is whose.
printf 'qa1\tqb1\nqa2\tqb2\n' >"$TMP/pairq.txt"
printf '#!/bin/sh\necho "A $1" >>"%s"\nsleep 0.3\n' "$TMP/pair.log" >"$TMP/progA"
printf '#!/bin/sh\necho "B $1" >>"%s"\n' "$TMP/pair.log" >"$TMP/progB"
chmod +x "$TMP/progA" "$TMP/progB"
"$LEX_BUILD_DIR/tests/bench/lexbench" pair "$TMP/pairq.txt" 3 -- "$TMP/progA" :: \
    "$TMP/progB" >"$TMP/pair.out"
check "lexbench pair exits 0" $?
printf '%s\n' 'A qa1' 'B qb1' 'B qb1' 'A qa1' 'A qa1' 'B qb1' \
    'B qb2' 'A qa2' 'A qa2' 'B qb2' 'B qb2' 'A qa2' | cmp -s - "$TMP/pair.log"
check "lexbench pair runs A and B alternately, each on its own column" $?
sed 's/median_ms [0-9.]*/median_ms T/; s/p50=.*//' "$TMP/pair.out" | cmp -s - <(printf '%s\n' \
    "program A $TMP/progA" 'query 1 median_ms T qa1' 'query 2 median_ms T qa2' \
    'summary samples=6 ' 'errors=0' \
    "program B $TMP/progB" 'query 1 median_ms T qb1' 'query 2 median_ms T qb2' \
    'summary samples=6 ' 'errors=0')
check "lexbench pair prints A's report, then B's, each with all its runs" $?
awk '/^program/ { p = $2 } /^summary/ { sub(/.*p50=/, ""); m[p] = $1 + 0 }
     END { exit !(m["A"] >= 300 && m["B"] < 300) }' "$TMP/pair.out"
check "lexbench pair gives A's times to A and B's to B" $?
[ $fails -eq 0 ] || cat "$TMP/pair.log" "$TMP/pair.out"

bash "$LEX_BENCH_RUN" --items 2000 --build "$LEX_BUILD_DIR" --repeat 1 \
    --spawn-repeat 1 --startup-repeat 3 --keep "$TMP/work" >"$TMP/out" 2>"$TMP/err"
check "the benchmark exits 0" $?
cat "$TMP/out"
[ -s "$TMP/err" ] && sed 's/^/stderr: /' "$TMP/err"
grep -q '^figure  *lexsearch  *FTS5  *ratio  *bare Xapian  *ratio$' "$TMP/out"
check "the table has its header" $?
grep -q '^corpus: 19[0-9][0-9] items in 80 files' "$TMP/out"
check "the corpus has about 2000 items in 80 files" $?

num='([0-9]+(\.[0-9]+)?|n/a)'
for row in 'full build, wall (s)' 'full build, items/s' 'full build, MB/s' \
    'indexer peak RSS (MiB)' 'index size (MiB)' 'index size / corpus' \
    'reindex, nothing changed (s)' 'reindex, 1% of files changed (s)' \
    'index growth after 1% change (%)' \
    'query in-process p50 (ms)' 'query in-process p95 (ms)' 'query in-process p99 (ms)' \
    'query per process p50 (ms)' 'query per process p95 (ms)' 'query per process p99 (ms)' \
    'start-up, no-hit query p50 (ms)' 'query run peak RSS (MiB)'; do
    line=$(grep -F -- "$row " "$TMP/out" | head -1)
    rest=${line#"$row"}
    echo "$rest" | grep -Eq "^ +$num +$num +$num +$num +$num\$"
    check "row '$row' has five values" $?
    echo "$rest" | awk '{ exit ($1 == "n/a") }'
    check "row '$row' has a lexsearch figure" $?
    if [ -n "${LEX_BENCH_FTS5:-}" ] && [[ $row != reindex* && $row != index\ growth* ]]; then
        echo "$rest" | awk '{ exit ($2 == "n/a" || $4 == "n/a") }'
        check "row '$row' has FTS5 and Xapian figures" $?
    fi
done
! grep -q 'queries failed' "$TMP/err"
check "every engine accepted all 40 queries" $?
for f in lex_startup xap_startup fts_startup; do
    [ -f "$TMP/work/$f.out" ] || continue
    grep -q '^query 1 median_ms [0-9.]* zqxjvw$' "$TMP/work/$f.out"
    check "$f timed the no-hit query" $?
done
grep -q '^per process and start-up: lexsearch and bare Xapian interleaved' "$TMP/out"
check "the header says lexsearch and bare Xapian are timed interleaved" $?
for f in lex_spawn xap_spawn; do
    grep -q '^summary samples=40 ' "$TMP/work/$f.out"
    check "$f has one sample per query" $?
done
# fine* for lexsearch is fine for Xapian (queries.txt): column 1 has no
# bare fine, column 2 no fine*
fine='^query [0-9]* median_ms [0-9.]* fine'
grep -q "$fine\\*\$" "$TMP/work/lex_spawn.out" && ! grep -q "$fine\$" "$TMP/work/lex_spawn.out" &&
    grep -q "$fine\$" "$TMP/work/xap_spawn.out" && ! grep -q "$fine\\*\$" "$TMP/work/xap_spawn.out"
check "lexsearch's per-process report has column 1, Xapian's column 2" $?
grep -q 'bare Xapian per process: xapianone$' "$TMP/out"
check "whole processes of bare Xapian are xapianone's" $?
for f in lex_query xap_query fts_query; do
    [ -f "$TMP/work/$f.out" ] || continue
    n=$(grep -c '^query ' "$TMP/work/$f.out")
    [ "$n" -eq 40 ]
    check "$f timed 40 queries" $?
done
echo "$fails failed"
[ "$fails" -eq 0 ]
