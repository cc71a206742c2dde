#!/bin/bash
# The index layout analysis.h describes, read back with xapian-delve from
# the index of a small bulletin: what analysis.c computes for an item
# (sentence positions, CJK runs, hyphen joins, filter terms, values) is
# what the shim stores.
. "$(dirname "$0")/lib.sh"
if ! command -v xapian-delve >/dev/null; then
    echo "SKIP: xapian-delve not found (Debian package xapian-tools)"
    exit 77
fi
D="$TMP/bulletins"
mkdir -p "$D"

# Written for this test: one item whose body has four sentences, the
# second Chinese, the third ending in a closing quote.
cat >"$D/june.txt" <<'TXT'
Harbour Data Notes, June 2023

Enforcement

Port Regulator Fines a Cross-border Freight App

On June 8, 2023, the port regulator fined the operator of a freight app for sending shipment records abroad without a security assessment. 交通运输部要求整改。Mr. Chen of the regulator called the transfers "careless." The app must now delete the copies held overseas. 1


1. https://user@www.Harbour.example.org:8080/fines/app


Written for the lexsearch tests.
TXT
run "$LEXINDEX" -q --index "$TMP/idx" "$D/june.txt"
expect_status 0 "indexed"
DB="$TMP/idx/XAPIANDB"

# positions TERM: the positions of TERM in item 1, space-separated.
positions() {
    checked 0 xapian-delve -1 -t "$1" -r 1 "$DB" | sed 1d | tr '\n' ' ' |
        sed 's/ $//'
}
# terms: every term of item 1 with its wdf, one "TERM WDF" a line.
terms() {
    checked 0 xapian-delve -1 -v -r 1 "$DB" | sed 1d | cut -d' ' -f1,2
}

# the headline from 0, under S too; the body a paragraph stride later,
# each sentence a sentence stride after the one before
expect_eq "$(positions port)" "1 1000006" "headline and body positions"
expect_eq "$(positions Sport)" "1" "title: words keep their positions"
expect_eq "$(positions 交)" "1001001" \
    "a Chinese sentence is the second one, its characters positioned"
expect_eq "$(positions 交通)" "" "CJK bigrams have no positions"
expect_eq "$(positions chen)" "1002002" \
    "'Mr.' ends no sentence: Chen follows it in the third"
expect_eq "$(positions delet)" "1003005" \
    "a sentence ends after its closing quote"
ALL=$(terms)
expect_contains "$ALL" "crossbord 3" \
    "a hyphenated headline word joined, weighed as the headline"
expect_contains "$ALL" "Scrossbord 1" "and joined under S"
expect_eq "$(positions crossbord)" "" "joined words have no positions"
for t in XNjune XSenforcement XR1 XDwww.harbour.example.org \
    XDharbour.example.org XDexample.org "F$D/june.txt"; do
    expect_contains "$ALL" "$t 0" "filter term $t"
done
expect_eq "$(grep -c '^XD' <<<"$ALL")" "3" "a domain term per level, no more"
expect_eq "$(grep -c '^Q[0-9a-f]\{16\} 0$' <<<"$ALL")" "1" "one unique-id term"

VALUES=$(checked 0 xapian-delve -r 1 -V "$DB")
for v in 0:20230608 1:1 2:Enforcement 3:2023-06 "7:[0-9a-f]\{16\}$"; do
    expect_eq "$(grep -c " $v" <<<"$VALUES")" "1" "value $v"
done
finish
