#!/bin/bash
# Words Xapian's query parser cuts into terms, planned in C
# (query_words.c): letters beyond ASCII lower-cased by Xapian's Unicode
# rules through the shim, Chinese inside a Latin word, punctuation that
# joins terms into a phrase.  Each query is planned without a PARSE
# node, searches what the parser searched (its Xapian query) and finds
# the item of a bulletin written here that holds the words.
. "$(dirname "$0")/lib.sh"
index_bulletin 2023-03-words.txt <<'BULLETIN'
Words Bulletin - March 2023

ÜNITED Traders Fined

On March 2, 2023, the regulator fined ÜNITED traders for a café loyalty scheme that kept card numbers. 1

App下载 Notice

On March 9, 2023, the regulator said every App下载 page must show its privacy terms. 2

Hearing Moved

On March 14, 2023, the hearing moved to 12:30 at the agency hall, www.example.gov.cn said. 3

1. https://www.example.gov.cn/words/1.htm
2. https://www.example.gov.cn/words/2.htm
3. https://www.example.gov.cn/words/3.htm
BULLETIN

# explained QUERY XAPIAN ID: QUERY is planned in C, as the Xapian query
# XAPIAN, and finds item ID first.
explained() {
    run "$LEXSEARCH" --index "$INDEX" --explain -- "$1"
    expect_status 0 "--explain '$1'"
    expect_not_contains "$(grep '^plan:' <<<"$OUT")" "PARSE" "'$1' is planned in C"
    expect_nonempty "$2" "the Xapian query of '$1' is given"
    expect_contains "$(grep '^xapian:' <<<"$OUT")" "$2" "'$1' searches $2"
    expect_eq "$(hit_ids "$1" | jq -r '.[0]')" "$3" "'$1' finds item $3"
}
explained 'Ünited' 'ünite@1' "$C/2023-03-words.txt#1"
explained 'CAFÉ' 'café@1' "$C/2023-03-words.txt#1"
explained 'App下载' 'Query((app@1 AND (下@2 AND 下载@2 AND 载@2)))' "$C/2023-03-words.txt#2"
explained '12:30' 'Query((12@1 PHRASE 2 30@2))' "$C/2023-03-words.txt#3"
explained 'www.example.gov.cn' 'Query((www@1 PHRASE 4 exampl@2 PHRASE 4 gov@3 PHRASE 4 cn@4))' "$C/2023-03-words.txt#3"
explained 'naïve OR café' 'Query((naïv@1 OR café@2))' "$C/2023-03-words.txt#1"
finish
