#!/bin/bash
# Ranking of lexsearch-query(7): recall-first word queries, stems of
# acronyms, the spelling rules, Chinese and English finding each other,
# the thesaurus's other words, and headline and proximity matches
# ranking first.  The bulletins are written here; each check names the
# item it expects by headline.
. "$(dirname "$0")/lib.sh"
INDEX="$TMP/index"
C="$TMP/corpus"
mkdir -p "$C"
cat >"$C/2022-07-ranking.txt" <<'BULLETIN'
Ranking Bulletin - July 2022

Regulator Fines Lender Over Mortgage Records

On July 1, 2022, the regulator fined a lender that lost mortgage records of its clients in a server move. 1

Lender Reprimanded

On July 2, 2022, the regulator reprimanded a lender over records kept without a lock, without any fine. 2

Mortgage Rules Updated

On July 3, 2022, the mortgage rules of the regulator were updated and now set a fine for late statements. 3

Ministry Lists SDKs Under Review

On July 4, 2022, MIIT said twelve SDKs and three Apps must change how they collect location data. 4

Operators Told to Patch

On July 5, 2022, the CIIOs of the power grid were told to patch their control systems within a week. 5

Breach at a Courier Company

On July 6, 2022, a leakage of personal information at a courier company exposed the addresses of its customers. 6

Shopping Apps Taken Down

On July 7, 2022, eleven shopping apps were taken down after they ignored two warnings from the regulator. 7

Exchange Lists Its First Datasets

On July 8, 2022, a new data exchange opened and listed its first datasets for sale to research institutes. 8

Banking Group Tightens Access to Files

On July 9, 2022, a banking group limited which staff may open the files of its clients. 9

Automobile Makers Report on Cameras

On July 10, 2022, automobile makers reported how the cameras inside their cars handle images of passengers. 10

Standards Committee Seeks Comments

On July 11, 2022, the National Information Security Standardization Technical Committee asked for comments on a draft on logs. 11

Filing Window for Data Export Opens

On July 12, 2022, the cyberspace office opened a window for data export filings by small companies. 12

Weekly Notes

On July 13, 2022, the office noted that its staff audit a critical number of filings and that a compliance check is due; the exchange of data with partners continues. 13

Compliance Audit Rules Drafted

On July 14, 2022, the office drafted rules on how often large handlers must audit their compliance. 14
BULLETIN
cat >"$C/2022-08-zh.txt" <<'BULLETIN'
数据合规简报

网信办开放数据出境申报窗口

2022年8月1日，网信办开放数据出境申报窗口，帮助中小企业办理相关手续，并公布了常见问题的答复。

多家银行因泄露客户个人信息被处罚

2022年8月2日，监管部门对多家银行处以罚款，原因是员工违规查询并泄露客户个人信息。
BULLETIN
run "$LEXINDEX" --index "$INDEX" "$C"
expect_status 0 "index the ranking bulletins"

# headlines QUERY [OPTION...]: the headlines of the hits, one a line.
headlines() {
    search_json --index "$INDEX" -n 100 "$@" | jq -r '.hits[].headline'
}
# first QUERY [OPTION...]: the headline of the first hit.
first() { headlines "$@" | head -n 1; }
# pages_of_5 INDEX QUERY LAST_OFFSET: [rank, id, score] of each hit of
# the pages of 5 at offsets 0, 5, ... LAST_OFFSET, as one JSON array.
pages_of_5() {
    for off in $(seq 0 5 "$3"); do
        search_json --index "$1" -n 5 --offset "$off" -- "$2" |
            jq -c '.hits[] | [.rank, .id, .score]'
    done | jq -sc .
}

# 3. Recall first: most words match, all words first, +word and AND.
h=$(headlines "lender mortgage fine")
expect_eq "$(head -n 1 <<<"$h")" "Regulator Fines Lender Over Mortgage Records" "the item with all three words ranks first"
expect_contains "$h" "Lender Reprimanded" "an item with two of the three words is found too"
expect_contains "$h" "Mortgage Rules Updated" "so is another with two of three"
run "$LEXSEARCH" --index "$INDEX" --color=never "lender mortgage fine"
expect_status 0 "lender mortgage fine, text output"
expect_contains "$OUT" "1 item matches all words (listed first)" "the text output says how many items match all words"
run "$LEXSEARCH" --index "$INDEX" --format json "lender mortgage fine"
expect_status 0 "lender mortgage fine, JSON output"
expect_eq "$(jq .all_words <<<"$OUT")" "1" "and the JSON output too"
expect_eq "$(headlines "+lender +mortgage +fine")" "Regulator Fines Lender Over Mortgage Records" "+word requires every word"
expect_eq "$(headlines "lender AND mortgage AND fine")" "Regulator Fines Lender Over Mortgage Records" "so does AND"
expect_not_contains "$(headlines "lender mortgage +reprimanded")" "Mortgage Rules" "+word is required, the other words optional"

# 4. Stems: capitalised acronyms and their plurals.
for q in SDK SDKs sdk App Apps CIIO CIIOs ciio; do
    case $q in
    [Cc][Ii][Ii][Oo]*) expect_contains "$(headlines "$q" --exact)" "Operators Told to Patch" "$q finds the item that says CIIOs" ;;
    *) expect_contains "$(headlines "$q" --exact)" "Ministry Lists SDKs Under Review" "$q finds the item that says SDKs or Apps" ;;
    esac
done

# 4b. The index keeps stems only: phrases match by stem, and a wildcard
# reaches every form of the words that begin with it.
sorted_headlines() { headlines "$@" | sort | paste -sd '|'; }
expect_eq "$(sorted_headlines '"mortgage rule"' --exact)" "Mortgage Rules Updated" "a phrase matches the other forms of its words"
expect_eq "$(sorted_headlines '"fine a lender"' --exact)" "Regulator Fines Lender Over Mortgage Records" "fine a lender in quotes finds 'fined a lender'"
expect_eq "$(sorted_headlines '"lender fined"' --exact)" "" "but the words must still stand in that order"
expect_eq "$(sorted_headlines 'reprimand*' --exact)" "Lender Reprimanded" "a wildcard finds the word it begins"
expect_eq "$(sorted_headlines 'dataset*' --exact)" "Exchange Lists Its First Datasets" "and the plural through the stem"
expect_eq "$(sorted_headlines 'regulat*' --exact)" "$(sorted_headlines 'regulator' --exact)" "regulat* finds 'regulator', whose stem (regul) is shorter than the prefix"
expect_eq "$(sorted_headlines 'title:mortg*' --exact)" "Mortgage Rules Updated|Regulator Fines Lender Over Mortgage Records" "title: with a wildcard looks at headlines only"
expect_eq "$(sorted_headlines 'body:regulat*' --exact)" "$(sorted_headlines 'body:regulator' --exact)" "so does body:regulat*"
expect_eq "$(sorted_headlines 'zzqx*' --exact)" "" "a wildcard that begins no word finds nothing"
expect_eq "$(sorted_headlines '+regulat* apps' --exact)" "Shopping Apps Taken Down" "+WORD* requires the wildcard's words"
expect_eq "$(sorted_headlines 'apps -regulat*' --exact)" "Ministry Lists SDKs Under Review" "-WORD* excludes them"
W="$TMP/wild"
mkdir -p "$W"
printf 'Wild Bulletin\n\nFirst Notice\n\nOn 2021-03-01, the office issued a regulatory notice. 1\n\nSecond Notice\n\nOn 2021-03-01, the office issued a regulation notice. 2\n' >"$W/2021-wild.txt"
run "$LEXINDEX" -q --index "$W/index" "$W"
expect_status 0 "index the wildcard bulletin"
expect_eq "$(search_json --index "$W/index" --exact 'regulat*' | jq '[.hits[].score] | length == 2 and .[0] == .[1]')" true \
    "regulat* weighs 'regulatory' and 'regulation' alike (each stem counted once)"
expect_contains "$(headlines '"数据出境"')" "网信办开放数据出境申报窗口" "a Chinese phrase in quotes finds its characters side by side"
expect_eq "$(headlines '"出境数据"')" "" "and not the same characters in another order"
expect_eq "$(headlines '数据*')" "$(headlines '数据')" "a Chinese word with '*' finds what the word finds"

# 5. Spelling: only words no item has, whenever the correction finds more.
run "$LEXSEARCH" --index "$INDEX" --format json MIIT
expect_status 0 "MIIT finds items"
expect_eq "$(jq -r .correction <<<"$OUT")" "null" "MIIT, a word of the index, is never corrected"
run "$LEXSEARCH" --index "$INDEX" --format json "critical filings"
expect_status 0 "critical filings finds items"
expect_eq "$(jq -r .correction <<<"$OUT")" "null" "nor is 'critical'"
# corrected QUERY CORRECTION USED DESCRIPTION: lexsearch's JSON for QUERY
# gives CORRECTION as its correction, with USED (true or false) saying
# whether its hits are the correction's; the JSON is left in $OUT.
corrected() {
    run "$LEXSEARCH" --index "$INDEX" --format json "$1"
    expect_status 0 "'$1' finds items"
    expect_eq "$(jq -r '[.correction, .correction_used] | @tsv' <<<"$OUT")" "$(printf '%s\t%s' "$2" "$3")" "$4"
}
# told QUERY TEXT DESCRIPTION: the text output for QUERY says TEXT.
told() {
    run "$LEXSEARCH" --index "$INDEX" --color=never "$1"
    expect_status 0 "'$1', text output"
    expect_nonempty "$2" "the words the text output of '$1' must say are given"
    expect_contains "$OUT" "$2" "$3"
}
corrected "mortgaeg" mortgage true "a word in no item is corrected when the query finds nothing"
told "mortgaeg" "Showing results for 'mortgage'; --exact searches as typed (no items match 'mortgaeg')." "and the user is told"
corrected "mortgaeg regulator" "mortgage regulator" false "when the correction finds no more items (every mortgage item names the regulator), it is only suggested"
told "mortgaeg regulator" "Did you mean 'mortgage regulator'?" "in words"
# 'regulator' alone finds four items: the typo beside it is still corrected
corrected "regulator courir" "regulator courier" true "a typo beside a word of many items is corrected when the correction finds more"
expect_eq "$(jq -r '.hits[0].headline' <<<"$OUT")" "Breach at a Courier Company" "and the item about the corrected word comes back, first"
told "regulator courir" "Showing results for 'regulator courier'; --exact searches as typed (4 items match 'regulator courir')." "the text output says so"
run "$LEXSEARCH" --index "$INDEX" --format json --exact "regulator courir"
expect_status 0 "regulator courir --exact"
expect_eq "$(jq -r '[.correction_used, (.hits | map(.headline) | index("Breach at a Courier Company"))] | @tsv' <<<"$OUT")" "$(printf 'false\t')" "--exact searches as typed: no courier item"

# 6. Across languages, through the thesaurus and the gazetteer.
expect_contains "$(headlines "数据出境")" "Filing Window for Data Export Opens" "数据出境 finds an English item on data export"
expect_contains "$(headlines "data export")" "网信办开放数据出境申报窗口" "data export finds a Chinese item"
expect_contains "$(headlines "网信办数据出境")" "Filing Window for Data Export Opens" "a Chinese query without spaces is split at known phrases"
expect_contains "$(headlines "agency:CAC")" "网信办开放数据出境申报窗口" "网信办 is a name of the CAC"
expect_contains "$(headlines "personal information leakage")" "多家银行因泄露客户个人信息被处罚" "an English phrase finds its Chinese form"
expect_contains "$(headlines "个人信息")" "Breach at a Courier Company" "个人信息 finds personal information"
# A Chinese item can only say a word of the query in Chinese: its
# translation through the thesaurus weighs as the word as typed, not as
# a synonym's match, so an item saying 未成年人 for "minors" ranks above
# the items that say only the common word "protection".
M="$TMP/minors"
mkdir -p "$M"
{
    printf 'Protection Bulletin - May 2023\n\n'
    printf 'Cloud Provider Audited\n\nOn May 1, 2023, the office audited the data protection measures of a cloud provider and asked for stronger protection of backups. 1\n\n'
    printf 'Hospital Reviews Its Protection Plan\n\nOn May 2, 2023, a hospital reviewed the protection of its patient files after a staff change. 2\n\n'
    printf 'Port Operator Updates Protection Rules\n\nOn May 3, 2023, a port operator updated the protection rules for its shipping records. 3\n\n'
    printf 'Games Limit Play Time of Minors\n\nOn May 4, 2023, game companies limited the play time of minors on school nights. 4\n\n'
    printf 'Bank Tests Its Backup Site\n\nOn May 5, 2023, a bank tested its backup site for a whole day. 5\n'
} >"$M/2023-05-protection.txt"
printf '数据合规简报\n\n法院发布未成年人网络保护典型案例\n\n2023年6月1日，某高级人民法院发布涉及未成年人网络保护的典型案例，涵盖网络游戏充值和直播打赏。\n' >"$M/2023-06-zh.txt"
run "$LEXINDEX" -q --index "$M/index" "$M"
expect_status 0 "index the protection of minors bulletins"
h=$(headlines "protection of minors" --index "$M/index")
expect_eq "$(grep -n -e 未成年人 -e Protection -e Audited <<<"$h" | head -n 1 | cut -d: -f2)" "法院发布未成年人网络保护典型案例" \
    "protection of minors: the Chinese item on 未成年人 ranks above those that say only protection"
expect_contains "$h" "Hospital Reviews Its Protection Plan" "and those are still found"

# 7. Other words: thesaurus groups and every name of a body.
expect_contains "$(headlines "data breach")" "Breach at a Courier Company" "data breach ~ leakage of personal information"
expect_contains "$(headlines "apps delisted")" "Shopping Apps Taken Down" "delisted ~ taken down"
expect_contains "$(headlines "apps removed")" "Shopping Apps Taken Down" "removed ~ taken down"
expect_contains "$(headlines "data trading")" "Exchange Lists Its First Datasets" "data trading ~ data exchange"
expect_contains "$(headlines "data circulation")" "Exchange Lists Its First Datasets" "data circulation ~ data exchange"
expect_contains "$(headlines "insurance")" "Banking Group Tightens Access to Files" "insurance ~ banking (financial sector)"
expect_contains "$(headlines "financial sector")" "多家银行因泄露客户个人信息被处罚" "financial sector ~ 银行"
expect_contains "$(headlines "vehicle")" "Automobile Makers Report on Cameras" "vehicle ~ automobile"
expect_contains "$(headlines "car makers")" "Automobile Makers Report on Cameras" "car ~ automobile"
for q in NISSTC TC260 "TC 260" "National Information Security Standardization Technical Committee" 全国信息安全标准化技术委员会; do
    expect_contains "$(headlines "$q")" "Standards Committee Seeks Comments" "$q names the standards committee"
done

# 8. Headline and neighbouring words rank above scattered words.
expect_eq "$(first "compliance audit" --exact)" "Compliance Audit Rules Drafted" "a headline match of both words ranks above the same words scattered in a body"
expect_eq "$(first "data exchange" --exact)" "Exchange Lists Its First Datasets" "words side by side rank above the same words apart"
# Proximity reorders the top 30 hits of a recall-first query (the
# rest keep their place).  40 items each say harbour and permit once,
# in notices of the same length, so that without proximity they weigh
# the same and come newest first: item k is k days older than item 1.
# Items 10, 25 and 35 have the two words side by side.  200 other items
# make the two words rare enough to weigh.
N="$TMP/near"
mkdir -p "$N/corpus"
for f in $(seq 1 12); do
    {
        printf 'Port Bulletin - March 2023\n'
        for i in $(seq 1 20); do
            k=$(((f - 1) * 20 + i))
            d=$(date -u -d "2023-12-31 - $k days" +%F)
            printf '\nNotice %d\n\n' "$k"
            case $k in
            10 | 25 | 35) printf 'On %s, the harbour permit office issued notice %d and it was granted. %d\n' "$d" "$k" "$i" ;;
            [1-9] | [1-3][0-9] | 40) printf 'On %s, the harbour office issued notice %d and a permit was granted. %d\n' "$d" "$k" "$i" ;;
            *) printf 'On %s, the customs office issued notice %d on its fees. %d\n' "$d" "$k" "$i" ;;
            esac
        done
    } >"$N/corpus/2023-03-port-$f.txt"
done
run "$LEXINDEX" --index "$N/index" -q "$N/corpus"
expect_status 0 "index the proximity corpus"
near=$(search_json --index "$N/index" -n 40 -- 'harbour permit')
expect_eq "$(jq -r '[.hits[0:3][].headline] | join(",")' <<<"$near")" \
    "Notice 10,Notice 25,Notice 1" \
    "items 10 and 25, with the words side by side, rank first; then the newest"
expect_eq "$(jq -r '.hits[34].headline' <<<"$near")" "Notice 35" \
    "item 35, past the top 30 without proximity, keeps its place"
expect_eq "$(jq '[.hits[].score] | . == (sort | reverse)' <<<"$near")" true \
    "scores never rise down the listing"
expect_eq "$(pages_of_5 "$N/index" 'harbour permit' 35)" "$(jq -c '[.hits[] | [.rank, .id, .score]]' <<<"$near")" \
    "pages of 5 across the 30th hit give the long listing's order and scores"
# The bonus reaches the first and the last of the 30 candidates alike
# (one index picks them out by docid, in item order), whether the
# candidates or the words' matches are the fewer: 300 equal notices in
# one file, newest first, then 900 others; items 1 and 30 have the two
# words side by side.
Q="$TMP/quay"
mkdir -p "$Q"
{
    printf 'Quay Bulletin - May 2023\n'
    for k in $(seq 1 1200); do
        d=$(date -u -d "2023-12-31 - $k days" +%F)
        printf '\nNotice %d\n\n' "$k"
        if [ "$k" -eq 1 ] || [ "$k" -eq 30 ]; then
            printf 'On %s, the quay licence office issued notice %d and it was granted. %d\n' "$d" "$k" "$k"
        elif [ "$k" -le 300 ]; then
            printf 'On %s, the quay office issued notice %d and a licence was granted. %d\n' "$d" "$k" "$k"
        else
            printf 'On %s, the customs office issued notice %d on its fees. %d\n' "$d" "$k" "$k"
        fi
    done
} >"$Q/2023-05-quay.txt"
run "$LEXINDEX" --index "$Q/index" -q "$Q"
expect_status 0 "index the quay bulletin"
expect_eq "$(search_json --index "$Q/index" -n 3 -- 'quay licence' | jq -r '[.hits[].headline] | join(",")')" \
    "Notice 1,Notice 30,Notice 2" \
    "the first and the 30th candidate, with the words side by side, both rank first"
# 9. An item's length does not count against it: two items that say a
# word once weigh the same, and the newer, though six times longer,
# comes first.
L="$TMP/length"
mkdir -p "$L"
printf 'Length Bulletin\n\nShort Older Notice\n\nOn 2021-01-05, the regulator issued a qwzxv notice. 1\n\nLong Newer Notice\n\nOn 2021-06-05, the regulator issued a qwzxv notice%s. 2\n' \
    "$(printf ' on ports harbours and their fees%.0s' $(seq 1 12))" >"$L/2021-length.txt"
run "$LEXINDEX" -q --index "$L/index" "$L"
expect_status 0 "index the length bulletin"
lengths=$(search_json --index "$L/index" --exact qwzxv)
expect_eq "$(jq -r '[.hits[].headline] | join(",")' <<<"$lengths")" "Long Newer Notice,Short Older Notice" \
    "a long newer item and a short older one that say the word once: newest first"
expect_eq "$(jq '.hits[0].score == .hits[1].score' <<<"$lengths")" true "and they weigh the same"

# 10. Ties: items of equal weight come newest first (by date, then in an
# order that is the same in every shard), on every page, whether the run
# of ties ends within the fetched hits (15 items) or goes on past them
# (25).
for n in 15 25; do
    T="$TMP/ties$n"
    mkdir -p "$T"
    for i in $(seq 1 "$n"); do
        d=$(printf '2021-%02d-%02d' $(((i - 1) % 12 + 1)) $(((i - 1) / 12 + 1)))
        printf 'Tie Bulletin %d\n\nZyxwv Notice Issued\n\nOn %s, the regulator issued a zyxwv notice. 1\n\n1. https://example.org/tie/%d\n' "$i" "$d" "$i" >"$T/tie-$i.txt"
    done
    run "$LEXINDEX" -q --index "$T/index" "$T"
    expect_status 0 "index $n tied items"
    all=$(search_json --index "$T/index" -n 100 zyxwv | jq -c '[.hits[] | [.date, .id]]')
    sorted=$(jq -c 'sort_by(.[0], .[1]) | reverse' <<<"$all")
    expect_eq "$all" "$sorted" "$n tied items: newest first"
    expect_eq "$(jq 'length' <<<"$all")" "$n" "$n tied items: all listed"
    paged=$(for off in 0 5 10 15 20; do search_json --index "$T/index" -n 5 --offset "$off" zyxwv | jq -c '.hits[] | [.date, .id]'; done | jq -sc .)
    expect_eq "$paged" "$all" "$n tied items: pages of 5 give the same order"
    # a page ordered among the matches the first match weighed still
    # gives the query's total, not the number of items it picked out
    totals=$(for off in 0 5 10 15 20; do search_json --index "$T/index" -n 5 --offset "$off" zyxwv | jq '.total'; done | jq -sc .)
    expect_eq "$totals" "[$n,$n,$n,$n,$n]" "$n tied items: every page counts them all"
    ranks=$(search_json --index "$T/index" -n 3 --offset 4 zyxwv | jq -c '[.hits[].rank]')
    expect_eq "$ranks" "[5,6,7]" "$n tied items: ranks count from the offset"
done
# The same with two words (a recall-first query, paged by its first
# tier): 60 tied items, so that the run of ties goes on past the 40
# fetched for the proximity rerank; the page is found among the matches
# the first match weighed (page_among_seen), on every page, with the
# long listing's scores and percentages.
T="$TMP/ties2w"
mkdir -p "$T"
for i in $(seq 1 60); do
    d=$(printf '20%02d-%02d-%02d' $((10 + (i - 1) / 12)) $(((i - 1) % 12 + 1)) $((i % 28 + 1)))
    printf 'Tie Bulletin %d\n\nZyxwv Notice Issued\n\nOn %s, the regulator issued a zyxwv notice. 1\n\n1. https://example.org/tie/%d\n' "$i" "$d" "$i" >"$T/tie-$i.txt"
done
run "$LEXINDEX" -q --index "$T/index" "$T"
expect_status 0 "index 60 tied items"
all=$(search_json --index "$T/index" -n 100 -- 'zyxwv notice')
dated=$(jq -c '[.hits[] | [.date, .id]]' <<<"$all")
expect_eq "$dated" "$(jq -c 'sort_by(.[0], .[1]) | reverse' <<<"$dated")" \
    "60 tied items, two words: newest first"
expect_eq "$(jq '.hits | length' <<<"$all")" 60 "60 tied items, two words: all listed"
expect_eq "$(pages_of_5 "$T/index" 'zyxwv notice' 55)" "$(jq -c '[.hits[] | [.rank, .id, .score]]' <<<"$all")" \
    "60 tied items, two words: pages of 5 give the long listing's order and scores"
expect_eq "$(search_json --index "$T/index" -n 3 --offset 41 -- 'zyxwv notice' | jq -c '[.hits[] | [.rank, .percent]]')" \
    "$(jq -c '[.hits[41:44][] | [.rank, .percent]]' <<<"$all")" \
    "60 tied items, two words: a page past the fetched hits keeps the percentages"

# A recall-first query is paged by its first tier (the items with every
# word, which outrank the rest) while that tier reaches past the page,
# and by the whole query after it; pages on both sides of the tier's end
# give the items, scores and total of one long listing (paged by the
# whole query).
G="$TMP/gen"
"$LEXGEN" --files 100 --items 12 "$G/corpus" >/dev/null
run "$LEXINDEX" --index "$G/index" -q "$G/corpus"
expect_status 0 "index the generated corpus"
long=$(search_json --index "$G/index" -n 100 -- 'minors fine')
tier=$(echo "$long" | jq .all_words)
expect_eq "$([ "$tier" -ge 20 ] && [ "$tier" -le 80 ] && echo inside)" inside \
    "the first tier of 'minors fine' ($tier items) ends inside the top 100"
expect_eq "$(pages_of_5 "$G/index" 'minors fine' 95)" "$(echo "$long" | jq -c '[.hits[] | [.rank, .id, .score]]')" \
    "pages of 5 across the first tier's end give the long listing's order and scores"
totals=$(for off in 0 40 60 90; do
    search_json --index "$G/index" -n 5 --offset "$off" -- 'minors fine' | jq .total
done | sort -u)
expect_eq "$totals" "$(echo "$long" | jq .total)" "every page gives the long listing's total"
finish
