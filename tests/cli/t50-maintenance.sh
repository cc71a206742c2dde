#!/bin/bash
# Index maintenance: --stats, --check, --rebuild (atomic, while searches
# run), --compact, the schema version check, and lexsearch --new.
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
C="$TMP/corpus"
mkdir -p "$C"
make_bulletin "$C/a.txt" alpha 3
make_bulletin "$C/b.txt" bravo 4

run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "first run"
# The first run is a bulk build merged into a generation of its own,
# replacing the empty generation 1 that holds the lock.
expect_eq "$(cat "$INDEX/XAPIANDB")" "glass gen-000002" "the stub names generation 2"
expect_eq "$(ls "$INDEX")" "$(printf 'XAPIANDB\ngen-000002')" "no parts or empty generation are left"

# A bulk build gives the same index whatever the number of threads: the
# same items, ranked the same, with the same facet counts.
for j in 1 3; do
    run "$LEXINDEX" --index "$TMP/jobs$j" --jobs $j -q "$LEX_SOURCE_DIR/corpus"
    expect_status 0 "first run with --jobs $j"
    run "$LEXSEARCH" --index "$TMP/jobs$j" --format json -n 100 --facets section,agency \
        'data OR personal OR cybersecurity'
    expect_status 0 "a query on the --jobs $j index"
    jq -c '[.total, [.hits[] | [.id, .score]], .facets]' <<<"$OUT" >"$TMP/jobs$j.json"
done
expect_eq "$(cat "$TMP/jobs3.json")" "$(cat "$TMP/jobs1.json")" "--jobs 3 and --jobs 1 build identical indexes"
expect_eq "$(jq '.[1] | length > 10' "$TMP/jobs1.json")" "true" "the comparison covers more than ten ranked items"
run "$LEXINDEX" --index "$TMP/jobs3" --stats
expect_status 0 "--stats on the --jobs 3 index"
expect_contains "$OUT" "items:       38" "the bulk build holds every corpus item"
expect_eq "$(ls "$TMP/jobs3")" "$(printf 'XAPIANDB\ngen-000002')" "the parts are gone"
run "$LEXINDEX" --index "$TMP/jobs1" --jobs 0 "$LEX_SOURCE_DIR/corpus"
expect_status 2 "--jobs 0 is a usage error"
expect_eq "$ERR" "lexindex: --jobs: '0' is not a number of threads (1 to 16)" "--jobs 0 says why"

run "$LEXINDEX" --index "$INDEX" --stats
expect_status 0 "--stats"
expect_contains "$OUT" "items:       7" "--stats counts items"
expect_contains "$OUT" "bulletins:   2" "--stats counts bulletins"
expect_contains "$OUT" "dates:       2023-06-01 to 2023-06-04" "--stats gives the date span"
schema=$(sed -n 's/^schema: *//p' <<<"$OUT")
expect_eq "$((schema > 0))" "1" "--stats gives the schema ($schema)"

run "$LEXINDEX" --index "$INDEX" --check
expect_status 0 "--check on a sound index"
expect_eq "$OUT" "$INDEX: index is sound" "--check says so"

run "$LEXINDEX" --index "$INDEX" --check "$C"
expect_status 2 "--check takes no PATH"

# --rebuild with no PATH re-reads the recorded files into generation 3.
json_search 'rules'
before=$(jq -c '[.hits[].id] | sort' <<<"$OUT")
run "$LEXINDEX" --index "$INDEX" --rebuild
expect_status 0 "--rebuild"
expect_contains "$ERR" "2 added, 0 changed, 0 removed, 0 unchanged, 0 rejected; 7 items written" "rebuild re-reads both files"
expect_eq "$(cat "$INDEX/XAPIANDB")" "glass gen-000003" "the stub names the new generation"
expect_eq "$(ls "$INDEX")" "$(printf 'XAPIANDB\ngen-000003')" "the old generation is gone"
json_search 'rules'
expect_eq "$(jq -c '[.hits[].id] | sort' <<<"$OUT")" "$before" "same items after the rebuild"

# Searches running during a rebuild of a bigger corpus never fail.
for i in $(seq 1 150); do make_bulletin "$C/big-$i.txt" "topic$i" 8; done
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "index a bigger corpus"
fails=0
(
    while [ ! -e "$TMP/stop" ]; do
        "$LEXSEARCH" --index "$INDEX" --format json alpha >/dev/null 2>>"$TMP/search-errors" || # lint-ok: failures are collected
            echo fail >>"$TMP/search-errors"
    done
) &
reader=$!
for round in 1 2 3; do
    "$LEXINDEX" --index "$INDEX" --rebuild -q || fails=$((fails + 1)) # lint-ok: failures are counted
done
touch "$TMP/stop"
wait "$reader"
expect_eq "$fails" "0" "three rebuilds succeed"
expect_eq "$(cat "$TMP/search-errors" 2>/dev/null)" "" "searches during the rebuilds never fail"
expect_eq "$(ls "$INDEX" | wc -l)" "2" "one generation and the stub remain"

# A rebuild is refused while another writer holds the lock.
coproc HOLD { "$LEXDB_HOLD" "$INDEX"; }
hold_pid=$HOLD_PID
read -r -u "${HOLD[0]}" line
expect_eq "$line" "locked" "test tool holds the write lock"
run "$LEXINDEX" --index "$INDEX" --rebuild
expect_status 75 "rebuild while locked exits 75"
exec {HOLD[1]}>&-
wait "$hold_pid" 2>/dev/null

# --compact swaps in a compacted generation with the same contents.
json_search 'rules' -n 10000
before=$(jq -c '[.hits[].id] | sort' <<<"$OUT")
run "$LEXINDEX" --index "$INDEX" --compact
expect_status 0 "--compact"
expect_contains "$OUT" "compacted from" "--compact reports the sizes"
json_search 'rules' -n 10000
expect_eq "$(jq -c '[.hits[].id] | sort' <<<"$OUT")" "$before" "same items after compaction"

# --new lists what the last run wrote, and nothing after a quiet run.
make_bulletin "$C/c.txt" charlie 2
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "index a new bulletin"
run "$LEXSEARCH" --index "$INDEX" --new --format json
expect_status 0 "--new without a query"
expect_eq "$(jq -r '[.hits[].headline] | join(",")' <<<"$OUT")" \
    "Item 2 on charlie Rules,Item 1 on charlie Rules" "--new lists the new items, newest first"
run "$LEXSEARCH" --index "$INDEX" --new --format json 'alpha'
expect_status 1 "--new with a query filters the new items"
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "a run that changes nothing"
run "$LEXSEARCH" --index "$INDEX" --new
expect_status 1 "--new after a run that changed nothing"
expect_eq "$ERR" "lexsearch: the last lexindex run wrote no new items" "--new says so"

# An index written with another schema is refused until rebuilt.
gen=$(awk '{print $2}' "$INDEX/XAPIANDB")
xapian-metadata set "$INDEX/$gen" lexsearch.schema 99
run "$LEXSEARCH" --index "$INDEX" alpha
expect_status 3 "search refuses another schema"
expect_contains "$ERR" "index has schema version 99, this program uses version $schema; rebuild it with lexindex --rebuild" "schema message says what to do"
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 3 "an incremental run refuses it too"
run "$LEXINDEX" --index "$INDEX" --rebuild
expect_status 0 "--rebuild accepts it"
run "$LEXSEARCH" --index "$INDEX" alpha
expect_status 0 "search works after the rebuild"

# --check finds damage.
cp -r "$INDEX" "$TMP/broken"
gen=$(awk '{print $2}' "$TMP/broken/XAPIANDB")
head -c 3000 "$TMP/broken/$gen/postlist.glass" >"$TMP/p" && mv "$TMP/p" "$TMP/broken/$gen/postlist.glass"
run "$LEXINDEX" --index "$TMP/broken" --check
expect_status 3 "--check on a damaged index"
expect_contains "$ERR" "lexindex: $TMP/broken:" "--check names the index"
expect_contains "$ERR" "rebuild the index with lexindex --rebuild" "--check says what to do"

finish
