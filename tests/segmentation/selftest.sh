#!/bin/bash
# The segmentation scorer counts right: on the fixture in selftest/
# (three small bulletins and an expected.tsv with deliberate errors: a
# wrong headline, a wrong date, a missed start, a wrong link, a spurious
# start) it prints the figures worked out by hand in ../README.md; its
# floor check passes and fails where it should; and it never reports
# figures when lexindex crashes, prints nothing or prints no JSON.
# Stand-in lexindex programs in $TMP play the broken builds.
. "$LEX_SOURCE_DIR/tests/cli/lib.sh"
set -o pipefail
SCORER="$LEX_SOURCE_DIR/tests/segmentation/run"
FIXTURE="$LEX_SOURCE_DIR/tests/segmentation/selftest"
BUILD=$(dirname "$LEXINDEX")

# score ARGS...: runs the scorer on the fixture with the real lexindex.
score() { run bash "$SCORER" --build "$BUILD" --layouts "$FIXTURE" "$@"; }

# stub NAME BODY: a build directory whose lexindex is the shell BODY
# ("$REAL" is the real lexindex, "$1" is --dump, "$2" the file).
stub() {
    mkdir -p "$TMP/$1"
    printf '#!/bin/bash\nREAL=%q\n%s\n' "$LEXINDEX" "$2" >"$TMP/$1/lexindex"
    chmod +x "$TMP/$1/lexindex"
}

# The figures, worked out by hand (see ../README.md, Self-test).
TABLE='kind         files  items parsed  start-P  start-R headline   date   link
monthly          2      7      6    1.000    0.857    0.833  0.800  1.000
numbered         1      1      2    0.500    1.000    1.000  1.000  0.000
all              3      8      8    0.875    0.875    0.857  0.833  0.857'

score
expect_status 0 "the scorer runs on the fixture"
expect_eq "$OUT" "$TABLE" "per kind and overall figures are the hand-computed ones"

score -v
expect_status 0 "-v runs"
expect_contains "$OUT" "monthly-fixture-01.txt:
  9: headline \"CAC Sets Out Filing Steps for Shipping Apps\", expected \"CAC Sets Out Filing Steps\"" "-v names the wrong headline"
expect_contains "$OUT" "  3: date 2024-05-06, expected 2024-05-07" "-v names the wrong date"
expect_contains "$OUT" "  14: missed start: \"which stays open for comments until the end of June. 3\" (in the item parsed at 11)" "-v names the missed start, its text and the item that holds it"
expect_contains "$OUT" "  3: link https://harbour.example.org/manifests, expected https://harbour.example.org/manifest" "-v names the wrong link"
expect_contains "$OUT" "  7: spurious start: \"Shipyard Fined for Weak Staff Passwords\" (outside every expected item)" "-v names the spurious start outside the expected items"
expect_not_contains "$OUT" "15:" "whitespace in an expected headline is trimmed and collapsed"
expect_contains "$OUT" "$TABLE" "-v still prints the table"

# The floor: passes at the figures, within 0.01 below them, fails beyond.
floor_with() {
    printf '# test floor\nstart_precision 0.875\nstart_recall 0.875\nheadline %s\ndate 0.833\nlink 0.857\n' "$1" >"$TMP/floor"
}
floor_with 0.857
score --floor-file "$TMP/floor"
expect_status 0 "the floor holds at the recorded figures"
expect_contains "$OUT" "ok: headline 0.857 (recorded 0.857)" "and says so per figure"
floor_with 0.865
score --floor-file "$TMP/floor"
expect_status 0 "a figure less than 0.01 below its floor passes"
floor_with 0.870
score --floor-file "$TMP/floor"
expect_status 1 "a figure more than 0.01 below its floor fails"
expect_contains "$OUT" "FAIL: headline 0.857 is more than 0.01 below the recorded 0.870" "and names the figure"
printf '# only comments\n' >"$TMP/floor"
score --floor-file "$TMP/floor"
expect_status 1 "a floor file without figures fails"
score --record --floor-file "$TMP/recorded"
expect_status 0 "--record writes the figures"
expect_eq "$(grep -v '^#' "$TMP/recorded")" "start_precision 0.875
start_recall 0.875
headline 0.857
date 0.833
link 0.857" "--record writes the overall figures"

# A lexindex that prints nothing, crashes or prints no JSON: no figures.
stub silent 'exit 0'
run bash "$SCORER" --build "$TMP/silent" --layouts "$FIXTURE"
expect_status 1 "a lexindex that prints nothing fails the scorer"
expect_contains "$ERR" "printed nothing for monthly-fixture-01.txt" "and the scorer says so"
expect_not_contains "$OUT" "start-P" "and prints no figures"
stub crash 'kill -SEGV $$'
run bash "$SCORER" --build "$TMP/crash" --layouts "$FIXTURE"
expect_status 1 "a crashing lexindex fails the scorer"
expect_contains "$ERR" "failed on monthly-fixture-01.txt (status 139)" "naming the status"
stub garbage 'echo "Segmentation fault"'
run bash "$SCORER" --build "$TMP/garbage" --layouts "$FIXTURE"
expect_status 1 "a lexindex that prints no JSON fails the scorer"
expect_contains "$ERR" "not item JSON for monthly-fixture-01.txt" "and the scorer says so"
stub mute 'exit 1'
run bash "$SCORER" --build "$TMP/mute" --layouts "$FIXTURE"
expect_status 1 "a rejection without a message fails the scorer"
stub refuse 'echo "lexindex: $2: no bulletin items found" >&2; exit 1'
run bash "$SCORER" --build "$TMP/refuse" --layouts "$FIXTURE"
expect_status 1 "no item from any clone fails the scorer"
expect_contains "$ERR" "made no item from any clone" "and the scorer says so"
run bash "$SCORER" --build "$TMP/nowhere" --layouts "$FIXTURE"
expect_status 1 "no lexindex in the build directory fails"

# A file lexindex rejects counts as all its items missed; the rest scores.
stub reject-one 'case $2 in
*numbered*) echo "lexindex: $2: no bulletin items found" >&2; exit 1 ;;
*) exec "$REAL" "$@" ;;
esac'
run bash "$SCORER" --build "$TMP/reject-one" --layouts "$FIXTURE"
expect_status 0 "a rejected clone is scored, not fatal"
expect_contains "$ERR" "numbered-fixture-01.txt: rejected: lexindex:" "the rejection is shown"
expect_contains "$OUT" "numbered         1      1      0        -    0.000        -      -      -" "its items are missed, its figures have nothing to count"
expect_contains "$OUT" "all              3      8      6    1.000    0.750    0.833  0.800  1.000" "the others are scored"

# An extra item that splits an expected one: one more parsed, one more
# spurious start, named as a split.
stub split-one '"$REAL" "$@" || exit
case $2 in
*monthly-fixture-01.txt) echo "{\"file\":\"$2\",\"item\":4,\"line\":7,\"headline\":\"Extra\",\"date\":null,\"urls\":[]}" ;;
esac'
run bash "$SCORER" --build "$TMP/split-one" --layouts "$FIXTURE" -v
expect_status 0 "an extra item is scored"
expect_contains "$OUT" "  7: spurious start: \"Extra\" (splits the expected item at 5)" "-v names the split"
expect_contains "$OUT" "monthly          2      7      7    0.857    0.857    0.833  0.800  1.000" "it lowers start-P only"

# Malformed input and a missing set.
mkdir -p "$TMP/bad"
cp "$FIXTURE"/*.txt "$FIXTURE/SOURCES.tsv" "$TMP/bad/"
printf 'other.txt\t1\t1\t-\t-\t-\n' >"$TMP/bad/expected.tsv"
run bash "$SCORER" --build "$BUILD" --layouts "$TMP/bad"
expect_status 1 "an expected row for a file not in SOURCES.tsv fails"
expect_contains "$ERR" "expected.tsv:1: other.txt is not in SOURCES.tsv" "naming the row"
printf 'monthly-fixture-01.txt\t5\t4\t-\t-\t-\n' >"$TMP/bad/expected.tsv"
run bash "$SCORER" --build "$BUILD" --layouts "$TMP/bad"
expect_status 1 "last before start fails"
run bash "$SCORER" --build "$BUILD" --layouts "$TMP/empty-dir"
expect_status 77 "no SOURCES.tsv: skipped"
expect_contains "$OUT" "skip: no layout clones" "with a message"
finish
