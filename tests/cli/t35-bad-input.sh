#!/bin/bash
# The catalogue of bad input (tests/bad/README.md lists every case).
# Each case runs lexindex over one bad input beside a good bulletin and
# asserts the exact one-line message, the documented exit status, and
# that the good file was indexed all the same.  Large inputs are made
# here, never committed.  Cases that need file permissions to bite run
# lexindex without root's CAP_DAC_OVERRIDE when the test runs as root.
. "$(dirname "$0")/lib.sh"
DATA="$LEX_SOURCE_DIR/tests/data"

GOOD="$TMP/good.txt"
cat >"$GOOD" <<'TXT'
Regulator Opens Consultation on Drone Flight Data

On May 9, 2023, the regulator published draft rules on the storage of drone flight logs and asked operators for comments. 1

Operator Fined for Keeping Flight Logs Abroad

On May 15, a drone operator was fined for storing flight logs on servers outside the country without an assessment. 2


1. https://example.gov.cn/drone-consultation

2. https://example.gov.cn/drone-fine
TXT

# messages: the lexindex lines of the last run other than the summary.
messages() {
    grep -v '^lexindex: .*: [0-9]* added, [0-9]* changed' <<<"$ERR"
}

# good_indexed: the good bulletin's two items are in $IDX.
good_indexed() {
    local total
    total=$(search_json --index "$IDX" drone | jq .total)
    expect_eq "$total" "2" "$CASE: the good file in the same run was indexed"
}

# bad_case STATUS MESSAGE [ROOT...]: indexes $D (or the ROOTs) and checks
# the exit status, the exact message and the good file.
bad_case() {
    local status=$1 message=$2
    shift 2
    run "$LEXINDEX" --index "$IDX" "${@:-$D}"
    expect_status "$status" "$CASE: exit status"
    expect_eq "$(messages)" "$message" "$CASE: the one-line message"
    good_indexed
}

# unprivileged CMD...: runs CMD so that file permissions apply to it.
unprivileged() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --bounding-set -dac_override,-dac_read_search \
            --inh-caps -dac_override,-dac_read_search "$@"
    else
        "$@"
    fi
}

new_case empty
: >"$D/empty.txt"
bad_case 1 "lexindex: $D/empty.txt: empty file"

new_case binary # an ELF program: its 8th byte is a NUL
cp "$LEXGEN" "$D/program.txt"
bad_case 1 "lexindex: $D/program.txt:1: NUL byte at offset 7; this looks like a binary file, not a bulletin"

new_case nul
printf 'Headline\n\nOn May 1, 2023, a paragraph with a \0 in it. 1\n' >"$D/nul.txt"
bad_case 1 "lexindex: $D/nul.txt:3: NUL byte at offset 45; this looks like a binary file, not a bulletin"

new_case invalid-utf8
printf 'Headline\n\nOn May 1, 2023, a Latin-1 caf\xe9 here. 1\n' >"$D/latin1.txt"
bad_case 1 "lexindex: $D/latin1.txt:3: invalid UTF-8 (byte offset 39); convert the file to UTF-8"

new_case utf16
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$GOOD"; } >"$D/utf16.txt"
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "$CASE: UTF-16 with a byte order mark is converted"
expect_eq "$(messages)" "lexindex: $D/utf16.txt: not UTF-8; read as UTF-16LE (detected)" "$CASE: the one-line notice"
total=$(checked 0 "$LEXSEARCH" --index "$IDX" --format json drone | jq .total)
expect_eq "$total" "4" "$CASE: both the good file and its UTF-16 copy were indexed"

new_case utf16-broken
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$GOOD"; printf '\x00\xd8'; } >"$D/utf16.txt"
bad_case 1 "lexindex: $D/utf16.txt:13: invalid UTF-16 (byte offset 854); convert the file to UTF-8"

new_case 200mb # sparse: takes no disk space, and is refused unread
truncate -s 200M "$D/huge.txt"
bad_case 1 "lexindex: $D/huge.txt: file is larger than the 64 MiB limit"

new_case long-line # one 10 MB paragraph line
{
    printf 'Headline\n\nOn May 1, 2023, '
    head -c 10485760 /dev/zero | tr '\0' 'a'
    printf '. 1\n'
} >"$D/long.txt"
bad_case 1 "lexindex: $D/long.txt:3: line longer than the 1 MiB limit"

new_case 100k-items # four lines an item: item 10001 starts on line 40001
awk 'BEGIN { for (i = 1; i <= 100000; i++)
    printf "Rule %d Announced\n\nOn May 1, 2023, the regulator announced rule %d today. %d\n\n", i, i, i % 999 + 1 }' >"$D/many.txt"
bad_case 1 "lexindex: $D/many.txt:40001: more items than the limit of 10000 per file"

new_case footnotes # out of order and repeated: not an error
cat >"$D/notes.txt" <<'TXT'
Cameras Rules Published

On May 3, 2023, the regulator published rules on cameras in public places. 3

Biometrics Guide Issued

On May 4, 2023, the regulator issued a guide on biometrics in shops. 1

Cameras Rules Explained

On May 5, 2023, the regulator explained the rules on cameras in detail. 3


3. https://example.org/cameras

1. https://example.org/biometrics

3. https://example.org/cameras-faq
TXT
bad_case 0 ""
run "$LEXSEARCH" --index "$IDX" --format json -n 10 --sort oldest cameras OR biometrics
expect_status 0 "footnotes: the items are found"
expect_eq "$(jq -c '[.hits[] | .urls]' <<<"$OUT")" \
    '[["https://example.org/cameras","https://example.org/cameras-faq"],["https://example.org/biometrics"],["https://example.org/cameras","https://example.org/cameras-faq"]]' \
    "footnotes: each item has its entries' URLs, in file order"

new_case refs-only
printf 'References\n\n\n1. https://example.org/a\n\n2. https://example.org/b\n' >"$D/refs.txt"
bad_case 1 "lexindex: $D/refs.txt: no bulletin items found (expected a headline line, a blank line and a paragraph; see lexsearch-corpus(5))"

new_case deep-html # 10,000 nested <div>s on line 3
{
    printf '<!DOCTYPE html>\n<html><body>\n'
    for _ in $(seq 1 10000); do printf '<div>'; done
    printf '<p>On May 1, 2023, text deep inside.</p>\n</body></html>\n'
} >"$D/deep.html"
bad_case 1 "lexindex: $D/deep.html:3: elements nested deeper than the limit of 256"

new_case entity-bomb
cp "$DATA/xml/bomb.xml" "$D/bomb.rss"
bad_case 1 "lexindex: $D/bomb.rss:18: entity expansion refused: the entities loop or expand too much"

new_case xxe
cp "$DATA/xml/xxe.xml" "$D/xxe.xml"
bad_case 1 "lexindex: $D/xxe.xml:10: entity &secret; is external; external entities are not loaded"
run "$LEXSEARCH" --index "$IDX" --count root
expect_status 1 "xxe: no item has a word of /etc/passwd"
expect_eq "$OUT" "0" "xxe: nothing of /etc/passwd reached the index"

new_case 100k-feed # entry i is on line i + 2
awk 'BEGIN { print "<?xml version=\"1.0\"?>"; print "<rss version=\"2.0\"><channel><title>Big</title>"
    for (i = 1; i <= 100000; i++)
        printf "<item><title>Notice %d</title><description>Notice number %d.</description></item>\n", i, i
    print "</channel></rss>" }' >"$D/big.rss"
bad_case 1 "lexindex: $D/big.rss:10003: more items than the limit of 10000 per file"

new_case symlink-loop
ln -s loop.txt "$D/loop.txt"
ln -s . "$D/self" # a directory link: never followed, so no loop
bad_case 1 "lexindex: $D/loop.txt: symbolic link loop"

new_case unreadable # and it keeps its items from the run before
cp "$GOOD" "$D/secret.txt"
sed -i 's/[Dd]rone/kite/g' "$D/secret.txt"
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "unreadable: first run, readable"
chmod 000 "$D/secret.txt"
touch "$D/secret.txt" # looks changed, so the next run reads it
run unprivileged "$LEXINDEX" --index "$IDX" "$D"
expect_status 1 "unreadable: exit status"
expect_eq "$(messages)" "lexindex: $D/secret.txt: Permission denied" "unreadable: the one-line message"
good_indexed
expect_eq "$(checked 0 "$LEXSEARCH" --index "$IDX" --count kite)" "2" "unreadable: its earlier items are kept"
chmod 644 "$D/secret.txt"

new_case vanishing # deleted after the walk listed it, before it was read
cp "$GOOD" "$D/gone.txt"
sed -i 's/[Dd]rone/kite/g' "$D/gone.txt"
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "vanishing: first run, with the file"
touch "$D/gone.txt"
LEX_VANISH=gone.txt LD_PRELOAD="$LEX_VANISH_SO" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    run "$LEXINDEX" --index "$IDX" "$D"
expect_status 1 "vanishing: exit status"
expect_eq "$(messages)" "lexindex: $D/gone.txt: file vanished while indexing" "vanishing: the one-line message"
expect_eq "$([ -e "$D/gone.txt" ] || echo gone)" "gone" "vanishing: the shim deleted the file"
good_indexed
expect_eq "$(checked 0 "$LEXSEARCH" --index "$IDX" --count kite)" "2" "vanishing: its items stay for this run"
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "vanishing: the next run"
expect_contains "$ERR" "1 removed" "vanishing: the next run removes them"

new_case missing-root # and an absent root removes nothing under it
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "missing-root: first run"
bad_case 1 "lexindex: $TMP/nowhere: No such file or directory" "$TMP/nowhere" "$D"
mv "$D" "$TMP/unmounted"
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 1 "missing-root: a vanished corpus is an error"
good_indexed
mv "$TMP/unmounted" "$D"

# The index itself: read-only, full, corrupt.  The run fails with status
# 3 and the index keeps its last commit, which readers go on seeing.
new_case read-only-index
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "read-only-index: first run, writable"
cp "$DATA/html/bulletin.html" "$D/more.html"
chmod -R a-w "$IDX"
run unprivileged "$LEXINDEX" --index "$IDX" "$D"
chmod -R u+w "$IDX"
expect_status 3 "read-only-index: exit status"
gen=$(cd "$IDX" && ls -d gen-*)
expect_eq "$(messages)" "lexindex: $IDX: DatabaseLockError: Unable to get write lock on $IDX/$gen: Couldn't open lockfile: Permission denied" "read-only-index: the one-line message"
good_indexed

new_case full-index # RLIMIT_FSIZE: writes past 40 KiB fail with EFBIG
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "full-index: first run, with space"
"$LEXGEN" --files 40 --items 10 "$D/gen" >/dev/null
(
    trap '' XFSZ # a write over the limit then fails instead of killing
    ulimit -f 40
    "$LEXINDEX" --index "$IDX" "$D" >"$TMP/out" 2>"$TMP/err" # lint-ok: status checked below
    echo $? >"$TMP/status"
)
STATUS=$(cat "$TMP/status") ERR=$(cat "$TMP/err")
expect_status 3 "full-index: exit status"
expect_eq "$(messages | sed -E 's/block [0-9]+/block N/')" "lexindex: $IDX: DatabaseError: Error writing block N (File too large)" "full-index: the one-line message"
good_indexed
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "full-index: with space again, the next run completes"
expect_contains "$ERR" "40 added" "full-index: and indexes the rest"

new_case corrupt-index # a truncated table file
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "corrupt-index: first run"
for t in "$IDX"/gen-*/postlist.glass; do truncate -s 100 "$t"; done
touch "$D/good.txt"
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 3 "corrupt-index: exit status"
expect_eq "$(messages)" "lexindex: $IDX: DatabaseError: EOF reading block 0" "corrupt-index: the one-line message"
run "$LEXSEARCH" --index "$IDX" drone
expect_status 3 "corrupt-index: lexsearch exit status"
expect_eq "$ERR" "lexsearch: $IDX: DatabaseError: EOF reading block 0" "corrupt-index: lexsearch's message"
rm -rf "$IDX" # the documented remedy: remove it (or restore a copy)
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "corrupt-index: a new index is built in its place"
good_indexed

# ---- mail (tests/cli/t37-mail.sh has the good forms) ----
# mail_head: the headers every hostile message below opens with.
mail_head() {
    printf 'From: news@example.com\nSubject: Drone bulletin\nDate: Tue, 16 May 2023 09:00:00 +0000\nMessage-ID: <bad@example.com>\nMIME-Version: 1.0\n'
}
# nested N: a message whose text part sits inside N nested multiparts.
nested() {
    mail_head
    for i in $(seq 1 "$1"); do printf 'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' "$i" "$i"; done
    printf 'Content-Type: text/plain\n\nDeep\n'
    for i in $(seq "$1" -1 1); do printf -- '--b%d--\n' "$i"; done
}

new_case mime-no-boundary
{ mail_head; printf 'Content-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nHello\n--x--\n'; } >"$D/broken.eml"
bad_case 1 "lexindex: $D/broken.eml: broken MIME structure: a multipart without a boundary"

new_case mime-truncated
{ mail_head; printf 'Content-Type: multipart/alternative; boundary="q"\n\n--q\nContent-Type: text/plain\n\n'; sed -n 1,3p "$GOOD"; } >"$D/cut.eml"
bad_case 1 "lexindex: $D/cut.eml: broken MIME structure: the message ends inside a multipart"

new_case mime-deep
nested 40 >"$D/deep.eml"
bad_case 1 "lexindex: $D/deep.eml: MIME parts nested deeper than the limit of 32"

new_case mime-bomb # GMime's own nesting guard answers first
nested 5000 >"$D/bomb.eml"
bad_case 1 "lexindex: $D/bomb.eml: MIME parts nested deeper than the limit of 32"

new_case huge-base64
{ mail_head; printf 'Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n'; head -c 13000000 /dev/zero | tr '\0' 'a' | base64; } >"$D/huge.eml"
bad_case 1 "lexindex: $D/huge.eml: text part larger than the 16 MiB limit"

new_case unknown-charset
{ mail_head; printf 'Content-Type: text/plain; charset=x-klingon\n\n'; cat "$GOOD"; } >"$D/klingon.eml"
bad_case 1 "lexindex: $D/klingon.eml: unknown charset \"x-klingon\""

new_case wrong-charset # declared UTF-8, written in GBK
{ mail_head; printf 'Content-Type: text/plain; charset=utf-8\n\n'; printf 'Drone rules\n\nOn May 3, 2023, \xce\xde\xc8\xcb\xbb\xfa rules. 1\n'; } >"$D/gbk.eml"
bad_case 1 "lexindex: $D/gbk.eml: text part is not valid utf-8 as declared (byte offset 29)"

new_case not-an-mbox
cp "$GOOD" "$D/notes.mbox"
bad_case 1 "lexindex: $D/notes.mbox: not an mbox file (it does not open with a \"From \" line)"

new_case mbox-100k # made here in well under a second
awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "From a@example.com Mon Jan  1 00:00:00 2024\nSubject: m%d\n\nHello %d\n\n", i, i }' >"$D/big.mbox"
bad_case 1 "lexindex: $D/big.mbox: more messages than the limit of 10000 per mbox"

new_case mbox-bad-message # earlier items of the mbox are kept
mbox_message() {
    printf 'From news@example.com Mon Jan  1 00:00:00 2024\n'
    printf 'Subject: Quadcopter bulletin %s\nMessage-ID: <q%s@example.com>\n' "$1" "$1"
    printf 'Content-Type: text/plain; charset=%s\n\n' "$2"
    printf 'Quadcopter Registry Opens\n\nOn May %s, 2023, a quadcopter registry opened. 1\n\n1. https://example.gov.cn/q%s\n\n' "$1" "$1"
}
{ mbox_message 1 utf-8; mbox_message 2 utf-8; } >"$D/news.mbox"
run "$LEXINDEX" --index "$IDX" "$D"
expect_status 0 "mbox-bad-message: the good mbox is indexed first"
{ mbox_message 1 utf-8; mbox_message 2 x-klingon; mbox_message 3 utf-8; } >"$D/news.mbox"
touch "$D/good.txt"
bad_case 1 "lexindex: $D/news.mbox:message 2: unknown charset \"x-klingon\""
expect_eq "$(checked 0 "$LEXSEARCH" --index "$IDX" --format json quadcopter | jq .total)" "2" \
    "mbox-bad-message: the mbox's items from the run before are kept"

# Terminal escapes and other controls in bulletin text and file names
# never reach the terminal: not in results (text or JSON), not in
# messages.  C0 and C1 controls, DEL and bidi overrides are all tried.
new_case controls
printf 'Evil \033[31mRed\033[0m Headline \302\233 2J\n\nOn May 2, 2023, a \033]0;pwned\007 paragraph about escapes \342\200\256 reversed \177 and \010 backspace. 1\n' >"$D/evil.txt"
printf 'Headline\n\nOn May 1, 2023, \xff. 1\n' >"$D/name-$(printf '\033[2J')-.txt"
bad_case 1 "lexindex: $D/name-�[2J-.txt:3: invalid UTF-8 (byte offset 26); convert the file to UTF-8"
for fmt in text json ndjson; do
    run "$LEXSEARCH" --index "$IDX" --format "$fmt" --color=always escapes
    expect_status 0 "controls: the item is found ($fmt)"
    cat "$TMP/out" "$TMP/err" >"$TMP/both" # the raw bytes, NULs and all
    bad=$(LC_ALL=C grep -c -P '[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\x1b(?!\[[0-9;]*m)' "$TMP/both")
    expect_eq "$bad" "0" "controls: no raw control character in $fmt output"
done
run "$LEXSEARCH" --index "$IDX" --format json escapes
expect_status 0 "controls: JSON output"
expect_eq "$(jq -r '.hits[0].headline' <<<"$OUT")" "Evil [31mRed[0m Headline 2J" "controls: the headline keeps its text, not its controls"

finish
