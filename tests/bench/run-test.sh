#!/bin/bash
# ctest bench/run-2000: runs tests/bench/run on 2,000 items and checks that
# it prints the whole table: every row, a value or n/a in every column,
# the FTS5 column filled when the FTS5 peer was built, and no query that
# an engine refused.  It asserts no timings (benchmarks only print them).
set -u
: "${LEX_BENCH_RUN:?run through ctest}" "${LEX_BUILD_DIR:?run through ctest}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lexbenchtest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
check() { # check DESCRIPTION CONDITION-STATUS
    if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fails=$((fails + 1)); fi
}

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
