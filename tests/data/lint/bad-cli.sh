#!/bin/bash
# Not a test: tests/run-all checks that tests/lint-cli.py finds every
# fault below (one per marked line), so the lint itself is shown to bite.
. "$(dirname "$0")/lib.sh"
run "$LEXINDEX" --index "$TMP/i" corpus # FAULT: no status check follows
run "$LEXSEARCH" --index "$TMP/i" --format json data
expect_status 0 "this run is checked"
ids=$("$LEXSEARCH" --index "$TMP/i" --format json data | jq -c '[.hits[].id]') # FAULT: bare call
expect_contains "$ids" "$(jq -r '.hits[0].id' <<<"$OUT")" "computed needle" # FAULT: substitution
want=$(jq -r '.hits[1].id' <<<"$OUT")
expect_not_contains "$ids" "$want" "variable needle, never checked" # FAULT: could be empty
expect_nonempty "$ids" "a checked variable"
expect_contains "$OUT" "$ids" "this needle was checked"
f() {
    run "$LEXSEARCH" --index "$TMP/i" data # FAULT: the function ends first
}
f
expect_status 0 "too late: not in the function"
finish
