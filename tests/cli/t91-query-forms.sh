#!/bin/bash
# Query forms Xapian's parser read that lexsearch now plans itself, or
# refuses with its column (lexsearch-query(7)): a phrase in typographic
# double quotes, a field or operator after a comma or bracket, clauses
# that hold no word, NOT before a '-'.  On a bulletin written here: item
# 1 holds "data export" as a phrase, item 2 both words apart and "export"
# in its title, item 3 neither word.
. "$(dirname "$0")/lib.sh"
index_bulletin 2024-05-forms.txt <<'BULLETIN'
Forms Bulletin - May 2024

Data Export Rules Tightened

On May 3, 2024, the ministry said that every data export by a carmaker now needs a prior filing. 1

Export Controls Reviewed

On May 10, 2024, the export office reviewed its licences; the data it keeps on shippers were not part of the review. 2

Court Hears Labour Case

On May 17, 2024, a court in the port city heard a labour case over unpaid wages. 3

1. https://www.example.gov.cn/forms/1.htm
2. https://www.example.gov.cn/forms/2.htm
3. https://www.example.gov.cn/forms/3.htm
BULLETIN
B="$C/2024-05-forms.txt"

# same_hits Q1 Q2 DESCRIPTION: Q1 finds the items Q2 finds, in its order.
same_hits() {
    local a b
    a=$(hit_ids "$1")
    b=$(hit_ids "$2")
    expect_nonempty "$(jq -r '.[0] // empty' <<<"$b")" "'$2' finds an item"
    expect_eq "$a" "$b" "$3"
}

# all_words QUERY: how many items hold every word of QUERY (JSON all_words).
all_words() {
    search_json --index "$INDEX" -- "$1" | jq -c '.all_words'
}

# refused QUERY MESSAGE: status 2 and the one-line message on stderr.
refused() {
    run "$LEXSEARCH" --index "$INDEX" -- "$1"
    expect_status 2 "'$1' is refused"
    expect_eq "$ERR" "lexsearch: query '$1': $2" "'$1': $2"
}

# typographic double quotes: a phrase, as "..." is
expect_eq "$(hit_ids '"data export"')" "[\"$B#1\"]" '"data export" finds the phrase only'
same_hits '“data export”' '"data export"' '“data export” is the phrase'
same_hits '„data export“' '"data export"' '„data export“ is the phrase'
same_hits 'title:“data export”' 'title:"data export"' 'title:“data export” is the phrase in titles'
refused '“data export' 'unclosed quote at column 1'

# a field or operator after punctuation the parser skips
same_hits 'data,title:export' 'data AND title:export' 'data,title:export is data AND title:export'
expect_eq "$(hit_ids 'data,title:export')" "[\"$B#1\",\"$B#2\"]" 'data,title:export finds items 1 and 2'
same_hits 'export[AND carmaker' 'export AND carmaker' 'export[AND carmaker is export AND carmaker'
refused 'export[AND' "'AND' needs a word or group after it at column 8"

# clauses of no word: skipped beside words, refused beside an operator
same_hits 'data , export' 'data, export' 'data , export is data, export'
expect_eq "$(all_words 'data , export')" 2 "data , export: 2 items hold every word (',' is none)"
same_hits 'court "" wages' 'court wages' 'court "" wages is court wages'
expect_eq "$(all_words 'court "" wages')" 1 'court "" wages: 1 item holds every word'
refused 'data AND ""' "'\"\"' holds no word to search for at column 10"

# NOT before '-'
refused 'data NOT -export' "'-' after NOT is a double negation, which keeps the word; write NOT x to leave x out at column 10"
expect_eq "$(hit_ids 'data NOT export')" "[]" 'data NOT export: no item has data without export'
finish
