#!/bin/bash
# bench-shards.sh - query latency through a stub of shards (two served by
# xapian-tcpsrv on loopback, one local) against one index of the same
# items.
#
#   tests/bench/bench-shards.sh [BUILD_DIR] [FILES]
#
# Generates FILES (default 8334) synthetic bulletins of 12 items (about
# 100,000 items), indexes them once as a single index and once with
# lexindex --shards 3, serves shards 1 and 2 with xapian-tcpsrv on
# 127.0.0.1, and times each query of a fixed set through both: whole
# lexsearch processes, best and median of RUNS (default 10).  Prints
# figures only; it asserts nothing.
set -eu
BUILD=$(cd "${1:-build}" && pwd)
FILES=${2:-8334}
RUNS=${RUNS:-10}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lexbench.XXXXXX")
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
C="$WORK/corpus"

# seconds CMD...: wall seconds of CMD, to two decimals.
seconds() {
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s.%N)
    printf '%.2f' "$(echo "$e - $s" | bc -l)"
}

# serve DIR PORT: xapian-tcpsrv for DIR on 127.0.0.1:PORT, in its own
# process group (it signals its whole group when it is stopped).
serve() {
    set -m
    xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$2" "$1" \
        >/dev/null 2>&1 &
    PIDS="$PIDS $!"
    set +m
}

# latency INDEX ARGS...: best and median ms of RUNS whole searches.
latency() {
    local index=$1 i s e
    shift
    for i in $(seq 1 "$RUNS"); do
        s=$(date +%s%N)
        "$BUILD/lexsearch" --index "$index" --exact -n 20 "$@" \
            >/dev/null 2>&1 || true
        e=$(date +%s%N)
        echo $(((e - s) / 1000))
    done | sort -n | awk '{ v[NR] = $1 } END {
        printf "%7.1f %7.1f", v[1] / 1000, v[int((NR + 1) / 2)] / 1000 }'
}

echo "lexsearch shard benchmark: $FILES files, $(nproc) CPUs, $(date -u +%F)"
"$BUILD/lexgen" --files "$FILES" --items 12 "$C" >/dev/null
echo "index one:     $(seconds "$BUILD/lexindex" -q --index "$WORK/one" "$C") s"
echo "index 3 shards: $(seconds "$BUILD/lexindex" -q --index "$WORK/sh" --shards 3 "$C") s"
for k in 1 2 3; do
    echo "  shard $k: $("$BUILD/lexsearch" --index "$WORK/sh/shard-$k" --count \
        --exact -- regulator) items match 'regulator'"
done
base=$((30000 + $$ % 20000))
serve "$WORK/sh/shard-1" "$base"
serve "$WORK/sh/shard-2" $((base + 1))
printf 'remote 127.0.0.1:%d\nremote 127.0.0.1:%d\nauto %s\n' \
    "$base" $((base + 1)) "$WORK/sh/shard-3" >"$WORK/mixed.stub"
sleep 1
echo "items: $("$BUILD/lexsearch" --index "$WORK/one" --count --new)"
echo
printf '%-34s %17s %17s %17s\n' "query (ms: best median)" "one index" \
    "3 local shards" "2 remote + 1 local"
for q in 'regulator' '"personal information"' 'data AND transfer' \
    'title:measures' 'agency:CAC' 'fine OR penalty' \
    'data NEAR/3 security' 'security assessment --facets' \
    'regulator --sort newest'; do
    case $q in *--*) words=${q%% --*} opts=${q#"$words"} ;; *) words=$q opts="" ;; esac
    # shellcheck disable=SC2086
    printf '%-34s %17s %17s %17s\n' "$q" \
        "$(latency "$WORK/one" $opts -- "$words")" \
        "$(latency "$WORK/sh" $opts -- "$words")" \
        "$(latency "$WORK/mixed.stub" $opts -- "$words")"
done
