#!/bin/bash
# bench-cjk.sh - how long a query of 10,000 unbroken Chinese characters
# takes (issue 18: under 50 ms), as a whole lexsearch process.
#
#   tests/bench/bench-cjk.sh [BUILD_DIR] [FILES]
#
# Indexes corpus/ with the layout clones (which hold Chinese pages), and
# FILES (default 400) lexgen bulletins (whose Chinese is agency and law
# names), then runs these queries of 10,000 characters on each index,
# RUNS times (default 5), and prints the median wall and CPU (user +
# system) time of each:
#   cycle     the 20 characters 甲乙...酉 over and over (few distinct
#             n-grams, none in the index), as tests/bench/run times it
#   distinct  10,000 different ideographs from U+4E00 on (every n-gram
#             distinct)
#   pasted    the Chinese text of the layout clones, run together: a
#             pasted page, which the split cuts at hundreds of known
#             phrases
#   zh-prose  the Chinese lines of the layout clones as they are, with
#             their punctuation: hundreds of clauses, searched by their
#             32 rarest (lexsearch-query(7))
#   en-prose  the English bulletins of corpus/, lower-cased (no
#             operators) and without query syntax characters
#   zh-news   Chinese news prose as a user pastes it, with no space
#             between sentences (tests/bench/zh-prose.py)
# Prints figures only; it asserts nothing (tests/unit/test_query_cjk.c
# guards the size of the plan).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=$(cd "${1:-build}" && pwd)
FILES=${2:-400}
RUNS=${RUNS:-5}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lexcjk.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

"$BUILD/lexindex" --index "$WORK/corpus" -q "$top/corpus" "$top"/tests/data/layouts/*.txt
"$BUILD/lexgen" --files "$FILES" "$WORK/gen" >/dev/null
"$BUILD/lexindex" --index "$WORK/lexgen" -q "$WORK/gen"

printf '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉%.0s' $(seq 500) >"$WORK/cycle"
python3 -c 'import sys; sys.stdout.write("".join(chr(0x4E00 + i) for i in range(10000)))' >"$WORK/distinct"
cat "$top"/tests/data/layouts/zh-*.txt |
    python3 -c 'import re, sys; t = "".join(re.findall("[\u4e00-\u9fff]+", sys.stdin.read())); sys.stdout.write((t * (10000 // max(len(t), 1) + 1))[:10000])' >"$WORK/pasted"

# Prose: 10,000 characters, the characters the query syntax reads
# (quotes, brackets, colons, signs) made spaces.
prose() {
    python3 -c 'import re, sys
t = re.sub(r"[\"()\[\]{}:+*~^-]", " ", sys.stdin.read())
t = re.sub(r"\s+", " ", t).strip()
sys.stdout.write((t * (10000 // max(len(t), 1) + 1))[:10000])'
}
grep -h '[^ -~]' "$top"/tests/data/layouts/zh-*.txt | prose >"$WORK/zh-prose"
cat "$top"/corpus/*.txt | tr '[:upper:]' '[:lower:]' | prose >"$WORK/en-prose"
python3 "$here/zh-prose.py" 10000 "$top/corpus" >"$WORK/zh-news"

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# time_query INDEX FILE: "wall cpu" in ms of one lexsearch process.  The
# query is read before the clock starts: a cat inside it took 6 to 8 ms
# of its own on a 2-core VM.
time_query() {
    local t q
    q=$(cat "$2")
    TIMEFORMAT='%R %U %S'
    t=$({ time "$BUILD/lexsearch" --index "$1" -n 10 --color never -- "$q" \
        >/dev/null 2>&1; } 2>&1) || true
    awk '{ printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

echo "10,000-character queries, whole lexsearch process, median of $RUNS"
echo "corpus: corpus/ and tests/data/layouts; lexgen: lexgen --files $FILES"
printf '%-10s %-8s %10s %10s\n' query index "wall (ms)" "CPU (ms)"
for q in cycle distinct pasted zh-prose en-prose zh-news; do
    for ix in corpus lexgen; do
        : >"$WORK/times"
        for _ in $(seq "$RUNS"); do time_query "$WORK/$ix" "$WORK/$q" >>"$WORK/times"; done
        printf '%-10s %-8s %10s %10s\n' "$q" "$ix" \
            "$(cut -d' ' -f1 "$WORK/times" | median)" "$(cut -d' ' -f2 "$WORK/times" | median)"
    done
done
