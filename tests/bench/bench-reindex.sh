#!/bin/bash
# bench-reindex.sh - what a nightly lexindex run costs on a large corpus.
#
#   tests/bench/bench-reindex.sh [BUILD_DIR] [FILES]
#
# Generates FILES (default 10000) synthetic bulletins with lexgen, then
# times and measures (wall seconds, peak RSS):
#   1. the first full index;
#   2. a run where nothing changed;
#   3. a run after 1% of the files changed;
#   4. a full --rebuild (the peer the incremental runs are compared with);
#   5. --compact, and the index size before and after;
#   6. queries, against grep -rl over the same files as a peer.
# Prints figures only; it asserts nothing (see the developers' guide).
set -eu
BUILD=$(cd "${1:-build}" && pwd)
FILES=${2:-10000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lexbench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
C="$WORK/corpus"
I="$WORK/index"

# measure LABEL CMD...: runs CMD, prints wall time and peak RSS.
measure() {
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || true
    read -r secs kb <"$WORK/time"
    printf '%-34s %8.2f s %8.1f MiB\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}

echo "lexsearch reindex benchmark: $FILES files, $(nproc) CPUs, $(date -u +%F)"
measure "lexgen (generate corpus)" "$BUILD/lexgen" --files "$FILES" "$C"
echo "corpus: $(du -sh "$C" | cut -f1), $(sed -n 's/.*files written, //p' "$WORK/out")"
measure "first full index" "$BUILD/lexindex" --index "$I" -q "$C"
full=$(cut -d' ' -f1 "$WORK/time")
measure "run, nothing changed" "$BUILD/lexindex" --index "$I" -v "$C"
none=$(cut -d' ' -f1 "$WORK/time")
grep -o '[0-9]* added.*items written' "$WORK/err" | sed 's/^/    /'
"$BUILD/lexgen" --files "$FILES" --change 1 "$C" >/dev/null
measure "run, 1% of files changed" "$BUILD/lexindex" --index "$I" -v "$C"
some=$(cut -d' ' -f1 "$WORK/time")
grep -o '[0-9]* added.*items written' "$WORK/err" | sed 's/^/    /'
measure "--rebuild (peer)" "$BUILD/lexindex" --index "$I" -q --rebuild
rebuild=$(cut -d' ' -f1 "$WORK/time")
measure "--compact" "$BUILD/lexindex" --index "$I" --compact
sed 's/^/    /' "$WORK/out"
"$BUILD/lexindex" --index "$I" --stats | sed 's/^/    /'
printf 'incremental vs rebuild: nothing changed %.0fx faster, 1%% changed %.0fx faster\n' \
    "$(echo "$rebuild / $none" | bc -l)" "$(echo "$rebuild / $some" | bc -l)"
printf 'first index: %.0f files/s\n' "$(echo "$FILES / $full" | bc -l)"

echo
echo "queries (10 runs each, whole process):"
for q in 'cross-border transfer' '"facial recognition"' 'CAC AND title:measures' '国家互联网信息办公室'; do
    s=$(date +%s.%N)
    for _ in 1 2 3 4 5 6 7 8 9 10; do "$BUILD/lexsearch" --index "$I" -n 10 "$q" >/dev/null 2>&1 || true; done
    e=$(date +%s.%N)
    printf '  %-28s lexsearch %7.1f ms' "$q" "$(echo "($e - $s) * 100" | bc -l)"
    g=${q//\"/}
    g=${g%% AND*}
    s=$(date +%s.%N)
    grep -rlF "$g" "$C" >/dev/null || true
    e=$(date +%s.%N)
    printf '   grep -rlF "%s" %7.1f ms (unranked)\n' "$g" "$(echo "($e - $s) * 1000" | bc -l)"
done
