#!/bin/bash
# Incremental runs: unchanged files are passed over, changed ones replaced,
# vanished ones removed, renamed ones moved (never doubled), and a missing
# root removes nothing.
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
C="$TMP/corpus"
mkdir -p "$C/2023" "$TMP/elsewhere"

# total QUERY: prints the number of matching items.
total() {
    search_json --index "$INDEX" -- "$1" | jq '.total'
}

make_bulletin "$C/2023/a.txt" alpha 3
make_bulletin "$C/2023/b.txt" bravo 4
make_bulletin "$C/c.txt" charlie 2
make_bulletin "$TMP/elsewhere/d.txt" delta 2

run "$LEXINDEX" --index "$INDEX" "$C" "$TMP/elsewhere"
expect_status 0 "first run"
expect_contains "$ERR" "4 added, 0 changed, 0 removed, 0 unchanged, 0 rejected; 11 items written" "first run adds every file"

run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "second run"
expect_eq "$ERR" "" "a run that changes nothing prints nothing (quiet under cron)"
run "$LEXINDEX" --index "$INDEX" --verbose "$C"
expect_status 0 "third run, --verbose"
expect_contains "$ERR" "0 added, 0 changed, 0 removed, 3 unchanged, 0 rejected; 0 items written" "second run passes over unchanged files"

touch -d '2001-01-01' "$C/c.txt"
run "$LEXINDEX" --index "$INDEX" --verbose "$C"
expect_status 0 "a run after touching a file"
expect_contains "$ERR" "0 added, 0 changed, 0 removed, 3 unchanged" "a touched but identical file is unchanged"

# A changed file replaces its items; the items it no longer has go.
make_bulletin "$C/2023/b.txt" bravissimo 2
run "$LEXINDEX" --index "$INDEX" --verbose "$C"
expect_status 0 "a run after changing a file"
expect_contains "$ERR" "0 added, 1 changed, 0 removed, 2 unchanged, 0 rejected; 2 items written" "a changed file is reindexed"
expect_contains "$ERR" "lexindex: $C/2023/b.txt: changed" "--verbose names the changed file"
expect_eq "$(total bravo)" "0" "the old items of a changed file are gone"
expect_eq "$(total bravissimo)" "2" "its new items are there"

# A renamed file moves: same number of items, no duplicates.
mv "$C/2023/a.txt" "$C/2023/a-renamed.txt"
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "a run after a rename"
expect_contains "$ERR" "1 added, 0 changed, 1 removed, 2 unchanged" "rename = one added, one removed"
expect_eq "$(total alpha)" "3" "a renamed file's items are not doubled"
json_search alpha
expect_contains "$(jq -r '.hits[0].file' <<<"$OUT")" "a-renamed.txt" "items point at the new name"

# A deleted file loses its items; files outside the roots are untouched.
rm "$C/c.txt"
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "a run after a deletion"
expect_contains "$ERR" "0 added, 0 changed, 1 removed" "a deleted file is removed"
expect_eq "$(total charlie)" "0" "its items are gone"
expect_eq "$(total delta)" "2" "a file outside the roots keeps its items"

# A root that is missing (an unmounted disk) removes nothing.
mv "$C" "$TMP/unmounted"
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 1 "a missing root is an error"
expect_contains "$ERR" "0 removed" "a missing root removes nothing"
expect_eq "$(total alpha)" "3" "items under a missing root stay"
mv "$TMP/unmounted" "$C"

# An update tags the items it writes with the thesaurus's groups, though
# it compiles the groups only at its first write: the index stays tagged
# through a run that writes nothing and one that adds an item of a group.
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "a run that writes nothing"
make_bulletin "$C/2023/e.txt" "cross-border transfer" 1
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "an update that adds an item of a thesaurus group"
run "$LEXSEARCH" --index "$INDEX" --explain 'data export'
expect_status 0 "--explain after the update"
expect_contains "$OUT" "searched as one term the indexer tagged" "an update keeps the index tagged with the thesaurus"
json_search 'data export'
expect_eq "$(jq -r '[.hits[].file | sub(".*/"; "")] | unique | join(" ")' <<<"$OUT")" "e.txt" "a query of the group finds the added item"

# --wait waits a bounded time for another writer, then gives up with 75.
if [ -n "${LEXDB_HOLD:-}" ]; then
    coproc HOLD { "$LEXDB_HOLD" "$INDEX"; }
    read -r -u "${HOLD[0]}" line
    start=$(date +%s%N)
    run "$LEXINDEX" --index "$INDEX" --wait 1 "$C"
    elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    expect_status 75 "--wait 1 gives up after a second"
    expect_eq "$(( elapsed_ms >= 900 ))" "1" "--wait did wait (${elapsed_ms} ms)"
    exec {HOLD[1]}>&-
    wait "$HOLD_PID"
    run "$LEXINDEX" --index "$INDEX" --wait 5 "$C"
    expect_status 0 "with the lock free, --wait runs at once"
fi
run "$LEXINDEX" --index "$INDEX" --wait soon "$C"
expect_status 2 "--wait needs a number"

# On a terminal (a pty from script(1)): a progress line, and the summary
# even when nothing changed; never under cron (tested above).
make_bulletin "$C/tty.txt" tango 2
script -qec "'$LEXINDEX' --index '$INDEX' '$C'" /dev/null >"$TMP/tty" 2>&1
expect_contains "$(cat "$TMP/tty")" "files (100%)" "a progress line on a terminal"
script -qec "'$LEXINDEX' --index '$INDEX' '$C'" /dev/null >"$TMP/tty" 2>&1
expect_contains "$(cat "$TMP/tty")" "0 added, 0 changed, 0 removed" "the summary on a terminal even when nothing changed"
script -qec "'$LEXINDEX' --index '$INDEX' --quiet '$C'" /dev/null >"$TMP/tty" 2>&1
expect_eq "$(tr -d '\r' <"$TMP/tty")" "" "--quiet prints nothing, even on a terminal"

# A changed bulletin rewrites only the items that changed: --new then
# lists just those, and unchanged items keep their earlier run.
UC="$TMP/unchanged-items"
mkdir -p "$UC"
make_bulletin "$UC/u.txt" umbrella 4
run "$LEXINDEX" --index "$TMP/uidx" -q "$UC"
expect_status 0 "index a four-item bulletin"
sed -i 's/umbrella rules, part 3\./umbrella rules, part 3, now amended./' "$UC/u.txt"
run "$LEXINDEX" --index "$TMP/uidx" -v "$UC"
expect_status 0 "reindex the amended bulletin"
expect_contains "$ERR" "0 added, 1 changed" "the file counts as changed"
run "$LEXSEARCH" --index "$TMP/uidx" --new --format json
expect_status 0 "--new after the amendment"
expect_eq "$(jq -c '[.hits[].item] | sort' <<<"$OUT")" "[3]" "--new lists only the amended item"
run "$LEXSEARCH" --index "$TMP/uidx" --format json amended
expect_status 0 "the amended item is found"
expect_eq "$(jq -c '[.hits[].item]' <<<"$OUT")" "[3]" "the amended text is searchable"
run "$LEXINDEX" --index "$TMP/uidx" --check
expect_status 0 "the index is sound after the partial rewrite"

# An update reads the gazetteer and thesaurus only when it writes items:
# with a broken agencies.tsv, a run that changes nothing says nothing,
# and the first run with a changed file warns that items are untagged.
BAD="$TMP/baddata"
mkdir -p "$BAD"
cp "$LEX_SOURCE_DIR"/corpus/laws.tsv "$LEX_SOURCE_DIR"/corpus/thesaurus.tsv \
    "$LEX_SOURCE_DIR"/corpus/bulletin.rng "$BAD/"
printf 'CAC\tnot enough columns\n' >"$BAD/agencies.tsv"
run env LEXSEARCH_DATADIR="$BAD" "$LEXINDEX" --index "$TMP/uidx" "$UC"
expect_status 0 "a broken gazetteer, nothing changed"
expect_eq "$ERR" "" "a run that changes nothing reads no gazetteer (no warning)"
sed -i 's/now amended\./now amended twice./' "$UC/u.txt"
run env LEXSEARCH_DATADIR="$BAD" "$LEXINDEX" --index "$TMP/uidx" "$UC"
expect_status 0 "a broken gazetteer, a changed file"
expect_contains "$ERR" "lexindex: warning: $BAD/agencies.tsv:1: " "a run that writes items reads the gazetteer"
expect_contains "$ERR" "; items are not tagged with agencies and laws" "and says its items are untagged"

finish
