#!/bin/bash
# Newsletters as mail (.eml, mbox, Maildir) and bulletins in legacy
# encodings (GBK, Big5, UTF-16, an HTML page's declared charset).  The
# messages are built here from the HTML and text fixtures by
# tests/tools/mkmail (GMime), the GBK and Big5 files with iconv; large
# and hostile inputs are made here too, never committed.
. "$(dirname "$0")/lib.sh"
set -o pipefail
: "${MKMAIL:?run through ctest}" "${LEX_MKPDF:?run through ctest}"
HTML="$LEX_SOURCE_DIR/tests/data/html/bulletin.html"
TEXT="$LEX_SOURCE_DIR/tests/data/html/bulletin.txt"
ZH="$LEX_SOURCE_DIR/tests/relevance/data/2024-02-zh-bulletin.txt"
SUBJECT="China Data Protection Bulletin - June 2024"
DATE="Tue, 02 Jul 2024 08:00:00 +0800"

# mail ID ARGS...: a newsletter message of the June bulletin on stdout.
mail() {
    local id=$1
    shift
    "$MKMAIL" --subject "$SUBJECT" --date "$DATE" --id "$id" "$@"
}

# items INDEX: every item of INDEX as JSON, without where it was found
# (file, line, page, message, id) and without scores, ordered by headline.
items() {
    checked 0 "$LEXSEARCH" --index "$1" --format json -n 100 'date:1990..' |
        jq -S '[.hits[] | del(.rank, .score, .percent, .id, .file, .line,
               .page, .message, .message_id)] | sort_by(.headline)'
}

# index_form NAME PATH...: indexes PATHs alone into $TMP/idx-NAME.
index_form() {
    local name=$1
    shift
    run "$LEXINDEX" --index "$TMP/idx-$name" "$@"
    expect_status 0 "$name: indexed"
}

# ---- the same items from text, HTML and every mail form ----------------
mkdir -p "$TMP/forms"
cp "$TEXT" "$TMP/forms/bulletin.txt"
cp "$HTML" "$TMP/forms/bulletin.html"
mail june-alt@example.com --encoding qp --html "$HTML" --text "$TEXT" \
    >"$TMP/forms/alternative-qp.eml"
mail june-gbk@example.com --charset gbk --encoding base64 --html "$HTML" \
    >"$TMP/forms/gbk-base64.eml"
mail june-plain@example.com --charset gbk --encoding qp --text "$TEXT" \
    >"$TMP/forms/plain-qp.eml"
expect_contains "$(cat "$TMP/forms/alternative-qp.eml")" \
    "Content-Type: multipart/alternative" "fixture: multipart/alternative"
expect_contains "$(cat "$TMP/forms/gbk-base64.eml")" \
    "Content-Transfer-Encoding: base64" "fixture: base64"
expect_contains "$(cat "$TMP/forms/plain-qp.eml")" \
    "Content-Type: text/plain; charset=gbk" "fixture: GBK text/plain"

index_form text "$TMP/forms/bulletin.txt"
WANT=$(items "$TMP/idx-text")
expect_eq "$(jq length <<<"$WANT")" "3" "the text form has its three items"
index_form html "$TMP/forms/bulletin.html"
expect_eq "$(items "$TMP/idx-html")" "$WANT" "HTML form: same items"
# the PDF form too (t36 checks its page-by-page traits), so the four
# forms of one bulletin (text, HTML, PDF, mail) are compared here as one
"$LEX_MKPDF" --page-height 300 --annot 2 "$TEXT" "$TMP/forms/bulletin.pdf"
index_form pdf "$TMP/forms/bulletin.pdf"
expect_eq "$(items "$TMP/idx-pdf")" "$WANT" "PDF form: same items as the text form, field by field"
for form in alternative-qp gbk-base64 plain-qp; do
    index_form "$form" "$TMP/forms/$form.eml"
    expect_eq "$(items "$TMP/idx-$form")" "$WANT" \
        "$form.eml: same items as the text form, field by field"
done

# the HTML part is preferred: here the plain part is only a stub
printf 'Your mail program cannot show this newsletter.\n' >"$TMP/stub.txt"
mail june-stub@example.com --html "$HTML" --text "$TMP/stub.txt" >"$TMP/forms/stub.eml"
index_form stub "$TMP/forms/stub.eml"
expect_eq "$(items "$TMP/idx-stub")" "$WANT" "the HTML part is read, not the plain stub"
# a Chinese newsletter in GBK, quoted-printable: its MIME charset is honoured
"$MKMAIL" --subject "中国数据合规简报 2024年2月" --date "Mon, 26 Feb 2024 09:00:00 +0800" \
    --id zh-gbk@example.com --charset gbk --encoding qp --text "$ZH" >"$TMP/zh-gbk.eml"
expect_contains "$(cat "$TMP/zh-gbk.eml")" "Subject: =?gbk?" "fixture: a GBK Subject, RFC 2047 encoded"
index_form zh-mail "$TMP/zh-gbk.eml"
run "$LEXSEARCH" --index "$TMP/idx-zh-mail" --format json 数据出境安全评估
expect_status 0 "a Chinese query finds the GBK newsletter"
expect_eq "$(jq -r '.hits[0] | "\(.headline) | \(.bulletin_title)"' <<<"$OUT")" \
    "国家网信办发布数据出境安全评估申报指南第二版 | 中国数据合规简报 2024年2月" \
    "its headline and Subject are decoded from GBK"

# ---- ids, locations and titles ------------------------------------------
run "$LEXSEARCH" --index "$TMP/idx-gbk-base64" --format json research
expect_status 0 "search the GBK message"
expect_eq "$(jq -r '.hits[0].id' <<<"$OUT")" "june-gbk@example.com#1" \
    "a mail item's id is Message-ID#N"
expect_eq "$(jq -r '.hits[0] | "\(.message) \(.message_id) \(.bulletin_title)"' <<<"$OUT")" \
    "1 june-gbk@example.com $SUBJECT" "JSON gives message, Message-ID and Subject"
expect_eq "$(jq -c '[.hits[] | [.line, .page]] | unique' <<<"$OUT")" "[[null,null]]" \
    "JSON: a mail item has no line (null, as a PDF item's), nor a page"
run "$LEXSEARCH" --index "$TMP/idx-gbk-base64" research
expect_status 0 "text output of a mail item"
expect_contains "$OUT" "$TMP/forms/gbk-base64.eml:message 1 item 1" \
    "text output names the message, not a line"

# ---- mbox ----------------------------------------------------------------
MB="$TMP/mbox/news.mbox"
mkdir -p "$TMP/mbox"
{
    mail june-1@example.com --encoding qp --html "$HTML" --from-line
    mail june-2@example.com --charset gbk --encoding base64 --text "$TEXT" \
        --from-line
} >"$MB"
run "$LEXINDEX" --index "$TMP/idx-mbox" "$TMP/mbox"
expect_status 0 "an mbox of two messages is indexed"
expect_contains "$ERR" "1 added, 0 changed, 0 removed, 0 unchanged, 0 rejected; 6 items written" \
    "both messages' items are written"
run "$LEXSEARCH" --index "$TMP/idx-mbox" -n 10 ride-hailing
expect_status 0 "search the mbox"
expect_contains "$OUT" "$MB:message 2 item 3" "an mbox item is file:message N"
run "$LEXSEARCH" --index "$TMP/idx-mbox" --format json --like june-1@example.com#1
expect_status 0 "--like takes a mail item's id"
expect_eq "$(jq -r '.hits[0].id' <<<"$OUT")" "june-2@example.com#1" \
    "the same item in the other message is the most similar"
IDS_BEFORE=$(checked 0 "$LEXSEARCH" --index "$TMP/idx-mbox" --format json -n 100 \
    'date:1990..' | jq -r '[.hits[].id] | sort | join(" ")')
# a third message arrives in front of the others: ids stay as they were
{
    mail june-0@example.com --text "$TEXT" --from-line
    cat "$MB"
} >"$MB.new" && mv "$MB.new" "$MB"
run "$LEXINDEX" --index "$TMP/idx-mbox" "$TMP/mbox"
expect_status 0 "the grown mbox is indexed again"
IDS_AFTER=$(checked 0 "$LEXSEARCH" --index "$TMP/idx-mbox" --format json -n 100 \
    'date:1990..' | jq -r '[.hits[].id] | sort | join(" ")')
expect_nonempty "$IDS_BEFORE" "the mbox's item ids were listed"
expect_contains "$IDS_AFTER" "$IDS_BEFORE" "earlier messages' item ids are unchanged"
expect_eq "$(wc -w <<<"$IDS_AFTER")" "9" "the new message's items are added"
# a message leaves the mbox: its items go
mail june-0@example.com --text "$TEXT" --from-line >"$MB"
run "$LEXINDEX" --index "$TMP/idx-mbox" "$TMP/mbox"
expect_status 0 "the shrunk mbox is indexed again"
run "$LEXSEARCH" --index "$TMP/idx-mbox" --format json -n 100 'date:1990..'
expect_status 0 "search after the shrink"
expect_eq "$(jq -r '[.hits[].id | sub("#[0-9]+$"; "")] | unique | join(" ")' <<<"$OUT")" \
    "june-0@example.com" "only the remaining message's items are left"

# a message without bulletin items is passed over with a notice
{
    mail june-1@example.com --html "$HTML" --from-line
    printf 'From a@example.com Mon Jan  1 00:00:00 2024\nSubject: Welcome\n'
    printf 'Message-ID: <welcome@example.com>\n\n\n'
} >"$TMP/mbox/welcome.mbox"
run "$LEXINDEX" --index "$TMP/idx-welcome" "$TMP/mbox/welcome.mbox"
expect_status 0 "an mbox with a welcome mail is indexed"
expect_contains "$ERR" "lexindex: $TMP/mbox/welcome.mbox:message 2: no bulletin items; message passed over" \
    "the passed-over message is named"

# ---- Maildir -------------------------------------------------------------
MD="$TMP/Mail/news"
mkdir -p "$MD/cur" "$MD/new" "$MD/tmp" "$TMP/Mail/cur"
mail june-md@example.com --html "$HTML" >"$MD/new/1717000000.M1P1.host"
mail june-ignored@example.com --html "$HTML" >"$TMP/Mail/cur/1717000001.M1P1.host"
run "$LEXINDEX" --index "$TMP/idx-md" "$TMP/Mail"
expect_status 0 "a Maildir is indexed"
expect_contains "$ERR" "1 added, 0 changed, 0 removed, 0 unchanged, 0 rejected; 3 items written" \
    "its message is read; a cur/ without tmp/ beside it is no Maildir"
expect_eq "$(items "$TMP/idx-md")" "$WANT" "Maildir message: same items as the text form"
# the mail client marks it read: new/NAME moves to cur/NAME:2,S
mv "$MD/new/1717000000.M1P1.host" "$MD/cur/1717000000.M1P1.host:2,S"
run "$LEXINDEX" --index "$TMP/idx-md" "$TMP/Mail"
expect_status 0 "the moved message is indexed again"
run "$LEXSEARCH" --index "$TMP/idx-md" --format json -n 100 'date:1990..'
expect_status 0 "search after the move"
expect_eq "$(jq -r '[.hits[].id] | sort | join(" ")' <<<"$OUT")" \
    "june-md@example.com#1 june-md@example.com#2 june-md@example.com#3" \
    "the moved message keeps its item ids, once each"

# ---- the Date header anchors years -------------------------------------
cat >"$TMP/digest.txt" <<'TXT'
Court Clarifies Liability for Leaked Customer Lists

On December 28, a court held that a retailer must compensate customers whose contact lists leaked from an unprotected server. 1

Regulator Opens Review of App Permissions

On January 5, the regulator began a review of how shopping apps request location permissions at first launch. 2

1. https://example.gov.cn/court-lists
2. https://example.gov.cn/app-review
TXT
"$MKMAIL" --subject "Weekly data digest" --date "Mon, 08 Jan 2024 09:00:00 +0000" \
    --id digest@example.com --text "$TMP/digest.txt" >"$TMP/digest.eml"
index_form digest "$TMP/digest.eml"
run "$LEXSEARCH" --index "$TMP/idx-digest" --format json -n 10 --sort oldest 'date:1990..'
expect_status 0 "search the digest"
expect_eq "$(jq -r '[.hits[].date] | join(" ")' <<<"$OUT")" "2023-12-28 2024-01-05" \
    "a December item in a January newsletter is dated the year before"

# ---- chrome and tracking links -----------------------------------------
# The newsletter form of the page: a "view in browser" line, tracking
# redirects (two print the real URL, one does not), an unsubscribe footer.
sed -e 's|<main>|<main><p>View this email in your browser</p>|' \
    -e 's|<a href="https://www.example.cn/cac/research-data-rules.html">[^<]*</a>|<a href="https://click.example.com/t/1">https://www.example.cn/cac/research-data-rules.html</a>|' \
    -e 's|<a href="https://www.example.cn/shanghai/data-broker-register.html">[^<]*</a>|<a href="https://click.example.com/t/2"> https://www.example.cn/shanghai/data-broker-register.html </a>|' \
    -e 's|<a href="https://www.example.cn/enforcement/ride-hailing-fine.html">|<a href="https://click.example.com/t/3">|' \
    -e 's|<ol class="references">|<p>You are receiving this email because you subscribed to our updates.</p><p>Unsubscribe from this list</p><p>Update your preferences</p>&|' \
    "$HTML" >"$TMP/newsletter.html"
expect_contains "$(cat "$TMP/newsletter.html")" "click.example.com/t/3" "fixture: tracking links"
mail june-news@example.com --encoding qp --html "$TMP/newsletter.html" >"$TMP/newsletter.eml"
index_form newsletter "$TMP/newsletter.eml"
run "$LEXSEARCH" --index "$TMP/idx-newsletter" --format json -n 100 'date:1990..'
expect_status 0 "search the newsletter"
expect_eq "$(items "$TMP/idx-newsletter" | jq 'map(del(.urls, .url))')" \
    "$(jq 'map(del(.urls, .url))' <<<"$WANT")" \
    "no chrome became an item or part of one"
expect_eq "$(jq -r '[.hits[].urls[]] | sort | join(" ")' <<<"$OUT")" \
    "https://click.example.com/t/3 https://www.example.cn/cac/research-data-rules.html https://www.example.cn/shanghai/data-broker-register.html" \
    "the printed URL is preferred; a tracking link is kept as it is"
run "$LEXSEARCH" --index "$TMP/idx-newsletter" unsubscribe
expect_status 1 "the unsubscribe footer is not indexed"

# ---- legacy encodings: GBK, Big5, an HTML page's charset -----------------
mkdir -p "$TMP/zh"
iconv -f UTF-8 -t GBK "$ZH" >"$TMP/zh/2024-02-zh-gbk.txt"
cat >"$TMP/tw.txt" <<'TXT'
兩岸數據合規簡報 2024年3月

資料保護

主管機關公布個人資料跨境傳輸新規

2024年3月5日，主管機關公布個人資料跨境傳輸的新規定，要求企業在傳輸前完成風險評估並通知當事人。 1

法院判決電信業者賠償用戶

2024年3月18日，地方法院判決一家電信業者因洩漏用戶通話紀錄，應賠償受影響的用戶。 2

1. https://www.example.tw/data/cross-border-rules.html

2. https://www.example.tw/court/telecom-ruling.html
TXT
iconv -f UTF-8 -t BIG5 "$TMP/tw.txt" >"$TMP/zh/2024-03-tw-big5.txt"
cat >"$TMP/page.html" <<'PAGE'
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>数据简报</title></head><body>
<h3>工信部发布车联网数据安全指引</h3>
<p>2024年4月8日，工业和信息化部发布车联网数据安全指引，要求车企对车外人脸图像作匿名化处理。</p>
</body></html>
PAGE
iconv -f UTF-8 -t GB2312 "$TMP/page.html" >"$TMP/zh/2024-04-page-gb2312.html"
run "$LEXINDEX" --index "$TMP/idx-zh" "$TMP/zh"
expect_status 0 "GBK, Big5 and GB2312 bulletins are indexed"
expect_eq "$(grep -v ' added, ' <<<"$ERR" | sort)" \
    "lexindex: $TMP/zh/2024-02-zh-gbk.txt: not UTF-8; read as GB18030 (detected)
lexindex: $TMP/zh/2024-03-tw-big5.txt: not UTF-8; read as BIG5-HKSCS (detected)" \
    "one notice per converted text file"
run "$LEXSEARCH" --index "$TMP/idx-zh" 数据出境安全评估
expect_status 0 "a Chinese query finds the GBK bulletin"
expect_contains "$OUT" "国家网信办发布数据出境安全评估申报指南第二版" \
    "the GBK headline is shown as written"
run "$LEXSEARCH" --index "$TMP/idx-zh" 電信業者
expect_status 0 "a Chinese query finds the Big5 bulletin"
expect_contains "$OUT" "法院判決電信業者賠償用戶" "the Big5 headline is shown as written"
run "$LEXSEARCH" --index "$TMP/idx-zh" 车联网数据安全指引
expect_status 0 "a Chinese query finds the GB2312 page"
expect_contains "$OUT" "工信部发布车联网数据安全指引" \
    "the page is read in the charset its meta tag declares"

# --encoding names the charset; a wrong name or wrong bytes are refused
cp "$TMP/zh/2024-02-zh-gbk.txt" "$TMP/named.txt"
run "$LEXINDEX" --index "$TMP/idx-named" --encoding GBK "$TMP/named.txt"
expect_status 0 "--encoding GBK"
expect_contains "$ERR" "lexindex: $TMP/named.txt: not UTF-8; read as GBK (--encoding)" \
    "the notice says the charset was named"
run "$LEXINDEX" --index "$TMP/idx-named2" --encoding ASCII "$TMP/named.txt" "$TMP/forms/bulletin.txt"
expect_status 1 "--encoding that does not fit the bytes"
expect_contains "$ERR" "lexindex: $TMP/named.txt:1: not valid ASCII (byte offset 0)" \
    "the bad byte's line and offset are named"
expect_contains "$ERR" "1 added" "the good file in the same run was indexed"
run "$LEXINDEX" --index "$TMP/idx-named3" --encoding NO-SUCH-CHARSET "$TMP/named.txt"
expect_status 2 "an unknown --encoding is a usage error"
expect_eq "$ERR" "lexindex: --encoding: NO-SUCH-CHARSET is not a charset iconv knows (see iconv -l)" \
    "the unknown charset is named"

finish
