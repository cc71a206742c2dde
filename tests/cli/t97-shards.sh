#!/bin/bash
# t97-shards.sh - sharded and remote search (lexindex --shards, stub
# files, xapian-tcpsrv), on loopback only.
#
# Two xapian-tcpsrv processes on 127.0.0.1 serve one shard each and a
# third shard is local; through the stub, the top-20 hits (ids, scores,
# percentages, snippets, highlights), totals and facet counts of a query
# set must be those of one index holding the same items.  Then a shard
# is rebuilt while served, one server is stopped (timeout) and one killed
# (error naming it, or --partial results with a warning).
. "$(dirname "$0")/lib.sh"

if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
    echo "SKIP: xapian-tcpsrv not found (Debian package xapian-tools)"
    exit 77
fi
: "${LEXGEN:?run through ctest}"

PIDS=""
# Servers go with the test, whatever happens.
cleanup() {
    for p in $PIDS; do
        kill -CONT "$p" 2>/dev/null
        kill "$p" 2>/dev/null
    done
    wait 2>/dev/null
    [ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT

# serve DIR: starts xapian-tcpsrv for DIR on a free loopback port, waits
# until it answers, and sets PORT and PID.
serve() {
    local tries stub="$TMP/probe.stub"
    for tries in 1 2 3 4 5 6 7 8 9 10; do
        PORT=$((20000 + (RANDOM * 7 + tries) % 40000))
        # its own process group: on SIGTERM, xapian-tcpsrv signals its
        # whole group, which would otherwise be this script
        set -m
        xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$PORT" "$1" \
            >/dev/null 2>&1 &
        PID=$!
        set +m
        echo "remote 127.0.0.1:$PORT" >"$stub"
        for _ in $(seq 1 50); do
            kill -0 "$PID" 2>/dev/null || break
            if "$LEXSEARCH" --index "$stub" --count --exact x \
                >/dev/null 2>&1 || [ $? -eq 1 ]; then # lint-ok: a probe
                PIDS="$PIDS $PID"
                return 0
            fi
            sleep 0.1
        done
        kill "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null
    done
    echo "could not start xapian-tcpsrv" >&2
    exit 1
}

CORPUS="$TMP/corpus"
"$LEXGEN" --files 60 --items 5 "$CORPUS" >/dev/null
cp "$LEX_SOURCE_DIR"/corpus/*.txt "$CORPUS/" # real agencies and laws

# --- sharded indexing ---
run "$LEXINDEX" --quiet --index "$TMP/one" "$CORPUS"
expect_status 0 "the combined index is made"
run "$LEXINDEX" --quiet --index "$TMP/sh" --shards 3 "$CORPUS"
expect_status 0 "lexindex --shards 3 makes a sharded index"
expect_eq "$(grep -c '^auto shard-' "$TMP/sh/shards.stub")" 3 \
    "the stub lists three shards"
total=0
for k in 1 2 3; do
    n=$(checked 0 "$LEXSEARCH" --index "$TMP/sh/shard-$k" --count --new)
    [ "$n" -gt 0 ] || not_ok "shard $k holds items" "count: $n"
    total=$((total + n))
done
expect_eq "$total" "$(checked 0 "$LEXSEARCH" --index "$TMP/one" --count --new)" \
    "the shards hold every item once"
year=$(search_json --index "$TMP/sh/shard-$((2018 % 3 + 1))" \
    -n 1 --since 2018 --until 2018 -- "regulator" |
    jq -r '.hits[0].date[0:4]')
expect_eq "$year" 2018 "files of 2018 are in shard (2018 mod 3) + 1"
run "$LEXINDEX" --index "$TMP/sh" --shards 2 "$CORPUS"
expect_status 2 "another number of shards is refused"
expect_contains "$ERR" "3 shards, not 2" "the refusal says why"
run "$LEXINDEX" --index "$TMP/one" --shards 2 "$CORPUS"
expect_status 2 "--shards refuses a single index"

# --- two shards served, one local ---
serve "$TMP/sh/shard-1"
P1=$PORT PID1=$PID
serve "$TMP/sh/shard-2"
P2=$PORT PID2=$PID
STUB="$TMP/mixed.stub"
printf '# two remote shards and a local one\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\nauto sh/shard-3\n' \
    "$P1" "$P2" >"$STUB"

# view INDEX ARGS...: the parts of the JSON that must agree.  Under
# --sort newest or oldest the percentages are Xapian's per remote shard
# (lexsearch(1), CAVEATS), so they are left out there.
view() {
    local index=$1 sorted=false
    shift
    case " $* " in *" --sort "*) sorted=true ;; esac
    search_json --index "$index" -n 20 "$@" |
        jq -c --argjson sorted "$sorted" '[.total, [.hits[] | [.rank, .id,
                .score, (if $sorted then null else .percent end), .snippet,
                .highlights, .headline_highlights, .agencies, .laws]],
                .facets]'
}

# compare DESCRIPTION ARGS...: the stub (AGAINST, else the mixed one)
# and the combined index agree.
compare() {
    local what=$1
    shift
    local a b
    a=$(view "$TMP/one" "$@")
    b=$(view "${AGAINST:-$STUB}" "$@")
    if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" != '[0,[],null]' ]; then
        ok "same results through the stub: $what"
    else
        not_ok "same results through the stub: $what" "one:  ${a:0:400}
stub: ${b:0:400}"
    fi
}

# Plain words sorted by date, their proximity bonus in the query: an
# item's score must not depend on its neighbours in docid order, which
# differ between one index and its shards (each of these gave an item
# another score through a stub of the three local shards).
plain_words_by_date() {
    local q
    for q in 'data security regulator' 'facial recognition data' \
        'security assessment measures'; do
        compare "$q, newest${AGAINST:+, local shards}" --sort newest -- "$q"
        compare "$q, oldest${AGAINST:+, local shards}" --sort oldest -- "$q"
    done
}

compare_all() {
    local q
    for q in regulator "personal information" "data AND transfer" \
        'title:measures' 'agency:CAC' 'fine OR penalty' 'section:legislation' \
        'data NEAR/3 security' 'date:2019..2021 AND data' \
        '"security assessment"'; do
        compare "$q" -- "$q"
        compare "$q, facets" --facets -- "$q"
        compare "$q, newest" --sort newest -- "$q"
        compare "$q, oldest" --sort oldest --since 2017 -- "$q"
    done
    # plain words: their top hits reranked by proximity, which picks the
    # candidates out by docid in one index and by unique-id term over shards
    for q in 'data security regulator' 'cross-border data transfer'; do
        compare "$q" -- "$q"
    done
    plain_words_by_date
    compare "--new, newest first" --new
    compare "--new, oldest first, facets" --new --sort oldest --facets
    compare "--exact" --exact -- regulators
}
compare_all
AGAINST="$TMP/sh" plain_words_by_date
run "$LEXINDEX" --index "$TMP/sh" "$CORPUS"
expect_status 0 "a second run over a sharded index"
expect_eq "$OUT$ERR" "" "it finds nothing to do"
id=$(search_json --index "$TMP/one" -n 1 -- CAC | jq -r '.hits[0].id // empty')
expect_nonempty "$id" "an item naming the CAC"
compare "--like an item of the local shard" --like "$id"
id=$(search_json --index "$TMP/sh/shard-1" -n 1 -- data | jq -r '.hits[0].id // empty')
expect_nonempty "$id" "an item of the first shard"
compare "--like an item of a remote shard" --like "$id"
run "$LEXSEARCH" --index "$STUB" --facets --format json -- regulator
expect_status 0 "facets through the stub"
expect_eq "$(echo "$OUT" | jq '.facets.agency | length > 0')" true \
    "multi-valued facets (agencies) come through remote shards"

# --- what the remote backend cannot do ---
run "$LEXSEARCH" --index "$STUB" --format json -- regulatr
expect_status 1 "a misspelling through remote shards finds nothing"
expect_contains "$(echo "$OUT" | jq -r '.notices[]')" \
    "spelling correction is not available through remote shards (127.0.0.1:$P1, 127.0.0.1:$P2)" \
    "JSON says spelling correction was not available"
expect_contains "$ERR" "lexsearch: warning: spelling correction" \
    "and so does stderr"
run "$LEXSEARCH" --index "$STUB" --format json --exact -- 'regulat*'
expect_status 0 "a wildcard through remote shards"
expect_contains "$(echo "$OUT" | jq -r '.notices[]')" \
    "through remote shards (127.0.0.1:$P1, 127.0.0.1:$P2), a word ending in '*' matches only the words whose stem starts with it" \
    "a wildcard through remote shards says what it cannot match, --exact or not"
expect_eq "$(search_json --index "$TMP/sh" --exact -- 'regulat*' | jq '.notices | length')" 0 \
    "local shards expand wildcards in full, without a notice"
run "$LEXSEARCH" --index "$TMP/sh" --format json -- regulatr
expect_status 0 "a misspelling through local shards is corrected"
expect_eq "$(echo "$OUT" | jq -r '.correction_used, (.notices | length)')" \
    "true
0" "local shards keep spelling correction"

# --- rebuilding shards while they are served ---
run "$LEXINDEX" --index "$TMP/sh/shard-1" --rebuild
expect_status 0 "a served shard is rebuilt"
run "$LEXINDEX" --index "$TMP/sh/shard-3" --rebuild
expect_status 0 "the local shard is rebuilt"
compare "regulator, after the rebuilds" -- regulator
compare "facets after the rebuilds" --facets -- "personal information"

# --- a shard that does not answer, a shard that is down ---
kill -STOP "$PID1"
run "$LEXSEARCH" --index "$STUB" --timeout 0.5 -- regulator
expect_status 3 "a stopped server times out"
expect_contains "$ERR" "shard 127.0.0.1:$P1:" "the error names the shard"
expect_contains "$ERR" "Timeout" "and says it timed out"
LEXSEARCH_TIMEOUT=0.5 run "$LEXSEARCH" --index "$STUB" -- regulator
expect_status 3 "LEXSEARCH_TIMEOUT sets the timeout"
kill -CONT "$PID1"

kill "$PID2"
wait "$PID2" 2>/dev/null
run "$LEXSEARCH" --index "$STUB" -- regulator
expect_status 3 "a shard that is down is an index error"
expect_eq "$(echo "$ERR" | wc -l)" 1 "in one line"
expect_contains "$ERR" "lexsearch: shard 127.0.0.1:$P2: " "naming the shard"
expect_contains "$ERR" "--partial" "and pointing to --partial"
run "$LEXSEARCH" --index "$STUB" --partial --format json -n 100 -- regulator
expect_status 0 "--partial answers from the other shards"
expect_contains "$ERR" "lexsearch: warning: shard 127.0.0.1:$P2: " \
    "with a warning naming the missing shard"
expect_contains "$(echo "$OUT" | jq -r '.notices[]')" \
    "results are from the other shards only" "JSON carries the warning"
want=$(($(checked 0 "$LEXSEARCH" --index "$TMP/one" --count -- regulator) -
    $(checked 0 "$LEXSEARCH" --index "$TMP/sh/shard-2" --count -- regulator)))
expect_eq "$(echo "$OUT" | jq '.total')" "$want" \
    "the partial total is the other shards' items"
expect_eq "$(echo "$OUT" | jq '[.hits[].id] | length == (unique | length)')" \
    true "no item twice"
run "$LEXSEARCH" --index "$STUB" --partial --count -- regulator
expect_status 0 "--count --partial"
expect_eq "$OUT" "$want" "--count --partial counts the other shards"

printf 'remote 127.0.0.1:%s\n' "$P2" >"$TMP/down.stub"
run "$LEXSEARCH" --index "$TMP/down.stub" --partial -- regulator
expect_status 3 "--partial with every shard down is an error"
printf 'remote 127.0.0.1\n' >"$TMP/bad.stub"
run "$LEXSEARCH" --index "$TMP/bad.stub" -- regulator
expect_status 3 "a bad stub line is refused"
expect_contains "$ERR" "bad.stub:1: bad line" "with the file and line"
run "$LEXSEARCH" --index "$STUB" --timeout 0 -- regulator
expect_status 2 "--timeout 0 is a usage error"
# Synonym groups are read as tags only when every shard was tagged with
# the thesaurus in use: a shard updated with another thesaurus (here the
# shard of 2018, the second) makes queries through the set write groups
# out, even though the first shard is still tagged.
run "$LEXSEARCH" --index "$TMP/sh" --explain 'cross-border transfer'
expect_status 0 "--explain through the shards"
expect_contains "$OUT" "searched as one term" "every shard tagged: groups are tags"
mkdir -p "$TMP/other" "$CORPUS/2018"
cp "$LEX_SOURCE_DIR"/corpus/agencies.tsv "$LEX_SOURCE_DIR"/corpus/laws.tsv "$LEX_SOURCE_DIR"/corpus/bulletin.rng "$LEX_SOURCE_DIR"/corpus/thesaurus.tsv "$TMP/other/"
printf 'zeppelin maker\tairship builder\n' >>"$TMP/other/thesaurus.tsv"
printf 'Shard Bulletin - May 2018\n\nOutbound Transfer Noted\n\nOn May 2, 2018, the regulator noted an outbound data transfer by an airship builder. 1\n\n1. https://example.org/shard\n' >"$CORPUS/2018/2018-05-shard-extra.txt"
run env LEXSEARCH_DATADIR="$TMP/other" "$LEXINDEX" --quiet --index "$TMP/sh" "$CORPUS"
expect_status 0 "one shard updated with another thesaurus"
run "$LEXSEARCH" --index "$TMP/sh/shard-1" --explain 'cross-border transfer'
expect_status 0 "--explain on the first shard"
expect_contains "$OUT" "searched as one term" "the first shard is still tagged"
run "$LEXSEARCH" --index "$TMP/sh" --explain 'cross-border transfer'
expect_status 0 "--explain through the updated shards"
expect_contains "$OUT" "written out as above" "through the set, groups are written out"
expect_contains "$(search_json --index "$TMP/sh" -n 100 'cross-border transfer' | jq -r '[.hits[].headline] | join("|")')" \
    "Outbound Transfer Noted" "and the new item is found through its group"
finish
