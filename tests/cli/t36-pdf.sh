#!/bin/bash
# PDF bulletins end to end.  The PDFs are typeset here by
# tests/tools/mkpdf from the words of tests/data/html/bulletin.txt
# (running headers and footers, bold headings, a hyphenated word, a
# paragraph over a page break, footnote 2's URL only in a link
# annotation).  The text, HTML and PDF forms, each in an index of its
# own, must give the same hits field by field except line and page;
# then each bad PDF of tests/bad/README.md is indexed beside a good
# bulletin and must give its exact one-line message, exit status 1, the
# good file indexed, and (when it replaced a good PDF) the items of the
# run before kept.
. "$(dirname "$0")/lib.sh"
: "${LEX_MKPDF:?run through ctest}"
DATA="$LEX_SOURCE_DIR/tests/data"

# --- the same items from text, HTML and PDF -------------------------
mkdir -p "$TMP/txt" "$TMP/html" "$TMP/pdf"
cp "$DATA/html/bulletin.txt" "$TMP/txt/"
cp "$DATA/html/bulletin.html" "$TMP/html/"
"$LEX_MKPDF" --page-height 300 --annot 2 "$DATA/html/bulletin.txt" \
    "$TMP/pdf/bulletin.pdf"
for form in txt html pdf; do
    run "$LEXINDEX" --index "$TMP/idx-$form" "$TMP/$form"
    expect_status 0 "$form: indexed"
    run "$LEXSEARCH" --index "$TMP/idx-$form" --format json -n 10 \
        --sort oldest data
    expect_status 0 "$form: a search"
    printf '%s\n' "$OUT" >"$TMP/$form.json"
done
# everything a hit shows of its item, except where in the file it is
fields='[.hits[] | {item, headline, date, date_approximate, section,
  footnote, urls, agencies, laws, snippet, bulletin_title}]'
txt=$(jq -c "$fields" "$TMP/txt.json")
expect_eq "$(jq '.hits | length' "$TMP/txt.json")" "3" "text: three items"
expect_eq "$(jq -c "$fields" "$TMP/html.json")" "$txt" "HTML gives the text form's items"
expect_eq "$(jq -c "$fields" "$TMP/pdf.json")" "$txt" "PDF gives the text form's items"
expect_eq "$(jq -c '[.hits[] | .agencies]' "$TMP/pdf.json")" '[["CAC"],[],[]]' \
    "PDF: agencies are found as in text"
expect_eq "$(jq -c '[.hits[] | [.line, .page]]' "$TMP/pdf.json")" \
    '[[null,1],[null,2],[null,2]]' "PDF: JSON gives the page and no line"
expect_eq "$(jq -c '[.hits[] | [.line, .page]]' "$TMP/txt.json")" \
    '[[5,null],[9,null],[15,null]]' "text: JSON gives the line and no page"
run "$LEXSEARCH" --index "$TMP/idx-pdf" broker
expect_status 0 "PDF: broker is found"
expect_contains "$OUT" "$TMP/pdf/bulletin.pdf p. 2 item 2" "PDF: text output shows the page"
expect_contains "$OUT" "https://www.example.cn/shanghai/data-broker-register.html" \
    "PDF: the footnote URL that is only in a link annotation"
run "$LEXSEARCH" --index "$TMP/idx-pdf" --count anonymised
expect_status 0 "PDF: anonymised is found"
expect_eq "$OUT" "1" "PDF: the word hyphenated across lines is found whole"
run "$LEXSEARCH" --index "$TMP/idx-pdf" --format json firm
expect_status 0 "PDF: a search for firm"
expect_eq "$(jq -c '.correction_used' <<<"$OUT")" "true" \
    "PDF: no item has the running header's words (firm is corrected)"

# --- lexgen bulletins: the same items as text and as PDF ---------------
# 00188, 00305, 00315, 00485 and 00913 once gave other items as PDFs:
# a line opening "2020. " inside a paragraph, a reference number at the
# foot of a page with its URL on the next, and "[5]" there taken for a
# page number.
"$LEXGEN" --files 914 "$TMP/gen" >/dev/null
mkdir -p "$TMP/gen-txt" "$TMP/gen-pdf"
for n in 00000 00188 00305 00315 00485 00913; do
    f=$(echo "$TMP"/gen/*/*-bulletin-$n.txt)
    cp "$f" "$TMP/gen-txt/"
    "$LEX_MKPDF" "$f" "$TMP/gen-pdf/$(basename "$f" .txt).pdf"
done
for form in txt pdf; do
    run "$LEXINDEX" --index "$TMP/idx-gen-$form" "$TMP/gen-$form"
    expect_status 0 "lexgen $form: indexed"
    checked 0 "$LEXSEARCH" --index "$TMP/idx-gen-$form" --format json -n 1000 \
        'date:1900..' >"$TMP/gen-$form.json"
done
# each hit with its file's name (no directory or extension) and item
gen_fields='[.hits[] | {file: (.file | sub(".*/"; "") | sub("\\.[a-z]+$"; "")),
  item, headline, date, date_approximate, section, footnote, urls,
  agencies, laws, snippet, bulletin_title}] | sort_by(.file, .item)'
expect_eq "$(jq '.total' "$TMP/gen-pdf.json")" "$(jq '.total' "$TMP/gen-txt.json")" \
    "lexgen: as many items from the PDFs as from the text"
expect_eq "$(jq -c "$gen_fields" "$TMP/gen-pdf.json" | md5sum)" \
    "$(jq -c "$gen_fields" "$TMP/gen-txt.json" | md5sum)" \
    "lexgen: the PDFs give the text's items field by field"

# --- bad PDFs -----------------------------------------------------------
GOOD="$TMP/good.txt"
cat >"$GOOD" <<'TXT'
Regulator Opens Consultation on Drone Flight Data

On May 9, 2023, the regulator published draft rules on the storage of drone flight logs and asked operators for comments. 1


1. https://example.gov.cn/drone-consultation
TXT

# bad_case MESSAGE: indexes $D and checks the exit status (1), the exact
# message and that the good file was indexed.
bad_case() {
    run "$LEXINDEX" --index "$IDX" "$D"
    expect_status 1 "$CASE: exit status"
    expect_eq "$(grep -v '^lexindex: .*: [0-9]* added' <<<"$ERR")" "$1" \
        "$CASE: the one-line message"
    expect_eq "$(checked 0 "$LEXSEARCH" --index "$IDX" --count drone)" "1" \
        "$CASE: the good file in the same run was indexed"
}

new_case encrypted # a user password: poppler cannot open it
"$LEX_MKPDF" --encrypted "$D/locked.pdf"
bad_case "lexindex: $D/locked.pdf: encrypted PDF; lexindex cannot read it without its password (save a copy without encryption, e.g. qpdf --decrypt)"

new_case truncated # a good PDF cut short keeps its items from before
cp "$TMP/pdf/bulletin.pdf" "$D/issue.pdf"
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "truncated: first run, whole"
head -c 2000 "$TMP/pdf/bulletin.pdf" >"$D/issue.pdf"
bad_case "lexindex: $D/issue.pdf: cannot read the PDF: it is damaged or truncated"
expect_eq "$(checked 0 "$LEXSEARCH" --index "$IDX" --count broker)" "1" \
    "truncated: its items from the run before are kept"

new_case corrupt # a PDF header, then no PDF
printf '%%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n' >"$D/corrupt.pdf"
bad_case "lexindex: $D/corrupt.pdf: cannot read the PDF: it is damaged or truncated"

new_case no-text # a "scan": every line drawn as a grey bar
"$LEX_MKPDF" --no-text "$DATA/html/bulletin.txt" "$D/scan.pdf"
bad_case "lexindex: $D/scan.pdf: no text layer; run OCR first, e.g. ocrmypdf"

new_case pages # one page over the limit, each empty: 480 KB
"$LEX_MKPDF" --empty-pages 1001 "$D/long.pdf"
bad_case "lexindex: $D/long.pdf: 1001 pages, more than the limit of 1000 pages per PDF"

new_case time # a deadline already past when the first page is due
cp "$TMP/pdf/bulletin.pdf" "$D/slow.pdf"
LEXINDEX_PDF_SECONDS=0.00001 bad_case "lexindex: $D/slow.pdf:1: reading the PDF took longer than the limit of 1e-05 seconds (stopped before page 1 of 3)"

# --- the PDF and mail module (common/parse/media.h) ---------------------
# lexindex loads the PDF and mail parsers from lexsearch-pdfmail.so, next
# to itself or in LIBDIR/lexsearch, at its first such file: a lexindex
# without the module refuses each PDF in one line naming the module and
# indexes the rest; beside it, the module is found.
MOD=$(dirname "$LEXINDEX")/lexsearch-pdfmail.so # lint-ok: only its directory
if [ -f "$MOD" ]; then ok "the module is built next to lexindex"
else not_ok "the module is built next to lexindex" "no $MOD"; fi
mkdir -p "$TMP/alone/bin"
cp "$LEXINDEX" "$TMP/alone/bin/lexindex"
new_case no-module
cp "$TMP/pdf/bulletin.pdf" "$D/issue.pdf"
run "$TMP/alone/bin/lexindex" --index "$IDX" "$D"
expect_status 1 "no module: exit status"
msg=$(grep -v '^lexindex: .*: [0-9]* added' <<<"$ERR")
expect_eq "$(wc -l <<<"$msg")" "1" "no module: one line"
case $msg in
"lexindex: $D/issue.pdf: PDF and mail files cannot be read: $TMP/alone/lib"*"/lexsearch/lexsearch-pdfmail.so is missing (nor is it in $TMP/alone/bin/)")
    ok "no module: the message names the PDF and the module" ;;
*) not_ok "no module: the message names the PDF and the module" "$msg" ;;
esac
expect_eq "$(checked 0 "$LEXSEARCH" --index "$IDX" --count drone)" "1" \
    "no module: the good file in the same run was indexed"
printf 'not a module\n' >"$TMP/alone/bin/lexsearch-pdfmail.so"
run "$TMP/alone/bin/lexindex" --index "$IDX" "$D"
expect_status 1 "a broken module: exit status"
expect_contains "$ERR" "lexindex: $D/issue.pdf: PDF and mail files cannot be read: cannot load $TMP/alone/bin/lexsearch-pdfmail.so: " \
    "a broken module: the message names it"
cp "$MOD" "$TMP/alone/bin/"
run "$TMP/alone/bin/lexindex" --index "$IDX" "$D"
expect_status 0 "the module beside lexindex: exit status"
expect_eq "$(checked 0 "$LEXSEARCH" --index "$IDX" --count broker)" "1" \
    "the module beside lexindex: the PDF is indexed"

finish
