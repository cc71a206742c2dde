#!/bin/bash
# bench-pdf.sh - what reading bulletins as PDFs costs lexindex.
#
#   tests/bench/bench-pdf.sh [BUILD_DIR] [FILES]
#
# Generates FILES (default 1000) synthetic bulletins with lexgen, typesets
# each as a PDF with tests/tools/mkpdf (A5-wide pages, running headers and
# footers, bold headings, superscript footnote markers), then times a
# first full index of the text files and of the PDFs, each into a fresh
# index with lexindex's default --jobs, and prints wall seconds, items/s
# and peak RSS for both; the difference is the cost of poppler and of
# laying its text out.  Prints figures only; it asserts nothing.
set -eu
BUILD=$(cd "${1:-build}" && pwd)
FILES=${2:-1000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lexpdfbench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# measure LABEL ITEMS CMD...: runs CMD, prints wall time, items/s and RSS.
measure() {
    local label=$1 items=$2
    shift 2
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || true
    read -r secs kb <"$WORK/time"
    printf '%-30s %8.2f s %10.0f items/s %8.1f MiB\n' "$label" "$secs" \
        "$(echo "$items / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
}

echo "lexsearch PDF benchmark: $FILES files, $(nproc) CPUs, $(date -u +%F)"
"$BUILD/lexgen" --files "$FILES" "$WORK/txt" >/dev/null
start=$(date +%s.%N)
find "$WORK/txt" -name '*.txt' | while read -r f; do
    out="$WORK/pdf/${f#"$WORK/txt/"}"
    mkdir -p "$(dirname "$out")"
    "$BUILD/tests/mkpdf" "$f" "${out%.txt}.pdf"
done
printf 'typeset %d PDFs in %.1f s: %s of text, %s of PDF\n' "$FILES" \
    "$(echo "$(date +%s.%N) - $start" | bc -l)" \
    "$(du -sh "$WORK/txt" | cut -f1)" "$(du -sh "$WORK/pdf" | cut -f1)"
"$BUILD/lexindex" --index "$WORK/count" -q "$WORK/txt"
items=$("$BUILD/lexsearch" --index "$WORK/count" --count 'date:1900..')
echo "items: $items"
measure "text, first full index" "$items" \
    "$BUILD/lexindex" --index "$WORK/idx-txt" -q "$WORK/txt"
measure "PDF, first full index" "$items" \
    "$BUILD/lexindex" --index "$WORK/idx-pdf" -q "$WORK/pdf"
for form in txt pdf; do
    printf '%-30s %s\n' "items in the $form index" \
        "$("$BUILD/lexsearch" --index "$WORK/idx-$form" --count 'date:1900..')"
done
