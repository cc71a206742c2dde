#!/bin/bash
# The manual pages keep up with the programs: every option in --help is
# in the page's OPTIONS, every option in the page is accepted by the
# program, and every command in the EXAMPLES sections runs successfully
# against an index of the sample corpus.
. "$(dirname "$0")/lib.sh"
MAN="$LEX_SOURCE_DIR/man"

# help_options PROG: the options --help lists, one per line.
help_options() {
    "$1" --help | grep -oE '(^|[][ ,|])--?[a-zA-Z][a-zA-Z-]*' |
        sed 's/^[][ ,|]//' | sort -u
}

# man_options PAGE: the options the page's .It Fl lines document.
man_options() {
    grep -E '^\.It Fl' "$1" | sed 's/\\-/-/g' |
        grep -oE 'Fl -?-?[a-zA-Z][a-zA-Z-]*' | sed 's/^Fl /-/' | sort -u
}

# sample_argument OPTION: a valid argument for options that take one.
sample_argument() {
    case $1 in
    --index) echo "$TMP/probe-index" ;;
    -n | --limit | --batch) echo 5 ;;
    --format) echo json ;;
    --color) echo never ;;
    --wait) echo 0 ;;
    esac
}

for prog in lexsearch lexindex; do
    bin=$LEXSEARCH
    [ $prog = lexindex ] && bin=$LEXINDEX
    page="$MAN/$prog.1"
    documented=$(man_options "$page")
    missing=$(comm -23 <(help_options "$bin") <(echo "$documented"))
    expect_eq "$missing" "" "$prog: every --help option is in $prog(1)"
    for opt in $documented; do
        arg=$(sample_argument "$opt")
        "$bin" "$opt" ${arg:+"$arg"} probe-word >/dev/null 2>"$TMP/err" </dev/null
        if grep -qE 'unrecognized option|invalid option|requires an argument' "$TMP/err"; then
            not_ok "$prog accepts $opt from its man page" "$(cat "$TMP/err")"
        else
            ok "$prog accepts $opt from its man page"
        fi
    done
done
# example_commands PAGE: the "$ " commands of the page's EXAMPLES, one per
# line, with continuation lines ("\" or a trailing "|") joined.
example_commands() {
    mandoc -T ascii "$1" | col -b |
        awk '/^EXAMPLES/ { f = 1; next } /^[A-Z][A-Z ]+$/ { f = 0 } f' |
        awk '
            cont { sub(/^[ \t]+/, ""); cmd = cmd " " $0 }
            !cont && /^[ \t]+\$ / { sub(/^[ \t]+\$ /, ""); cmd = $0; cont = 1 }
            cont {
                if (cmd ~ /\\$/) { sub(/\\$/, "", cmd); next }
                if (cmd ~ /\|$/) next
                print cmd; cont = 0
            }'
}

# example_bulletin PAGE: the sample bulletin in the page's EXAMPLES (the
# first literal block, up to the paragraph that follows it).
example_bulletin() {
    mandoc -T ascii "$1" | col -b |
        awk '/^EXAMPLES/ { f = 1; next } /^[A-Z][A-Z ]+$/ { f = 0 }
             f && /^\t/ { in_block = 1; sub(/^\t   /, ""); print; next }
             f && in_block && /^$/ { print; next }
             f && in_block { exit }'
}

# example_queries PAGE: the queries listed in lexsearch-query(7)'s EXAMPLES.
example_queries() {
    mandoc -T ascii "$1" | col -b |
        awk '/^EXAMPLES/ { f = 1; next } /^[A-Z][A-Z ]+$/ { f = 0 }
             f && /^     [^ ]/ { sub(/^     /, ""); print }'
}

# A home with bulletins and /srv stand-ins, and the built programs on PATH.
export HOME="$TMP/home"
mkdir -p "$HOME/bulletins" "$TMP/bin" "$TMP/srv/lexsearch" \
    "$TMP/srv/bulletins/2023" "$TMP/srv/bulletins/2024"
cp "$LEX_SOURCE_DIR"/corpus/*.txt "$HOME/bulletins/"
[ -d "${LEX_SEEDS_DIR:-}" ] && cp "$LEX_SEEDS_DIR"/*.txt "$HOME/bulletins/"
cp "$LEX_SOURCE_DIR"/corpus/2023-*.txt "$TMP/srv/bulletins/2023/"
cp "$LEX_SOURCE_DIR"/corpus/2024-*.txt "$TMP/srv/bulletins/2024/"
ln -s "$LEXINDEX" "$TMP/bin/lexindex"
ln -s "$LEXSEARCH" "$TMP/bin/lexsearch"
unset LEXSEARCH_INDEX
PATH="$TMP/bin:$PATH"

# run_examples PAGE: runs the page's "$ " commands in order.
run_examples() {
    local n=0 cmd st
    while IFS= read -r cmd; do
        n=$((n + 1))
        cmd=${cmd//\/srv\//$TMP/srv/}
        (cd "$TMP" && eval "$cmd") >"$TMP/out" 2>"$TMP/err" </dev/null
        st=$?
        if [ "$st" -eq 0 ]; then ok "$1 example runs: $cmd"
        else not_ok "$1 example runs: $cmd" "status $st: $(head -c 400 "$TMP/err")"; fi
    done < <(example_commands "$MAN/$1")
    if [ "$n" -gt 0 ]; then ok "$1 has $n example commands"
    else not_ok "$1 has example commands"; fi
}

run_examples lexindex.1

# The corpus page's sample bulletin parses as the page says it does.
example_bulletin "$MAN/lexsearch-corpus.5" >"$HOME/bulletins/rail-2025-03.txt"
run_examples lexsearch-corpus.5
run lexsearch --format json -n 100 'level OR rest OR brake'
expect_status 0 "the corpus page's example bulletin is searchable"
expect_eq "$(jq -r '[.hits[] | select(.file | endswith("/rail-2025-03.txt")) | "\(.item) \(.date) \(.date_approximate) \(.section) \(.url)"] | sort | join("\n")' <<<"$OUT")" \
"1 2025-03-04 false Legislation https://rail.example.org/crossing-cameras
2 2025-02-20 false Legislation https://rail.example.org/rest-periods
3 2025-03 true Enforcement https://rail.example.org/brake-fine" \
    "the corpus page's example bulletin gives the dates, sections and links it describes"
expect_eq "$(jq -r '[.hits[] | select(.file | endswith("/rail-2025-03.txt"))][0].bulletin_title' <<<"$OUT")" "Rail Safety Digest, March 2025" "its title is the bulletin title"

# The last run added the rail bulletin, so --new has something to show.
run_examples lexsearch.1

# Every query in lexsearch-query(7) is valid, and together they find items.
found=0
while IFS= read -r q; do
    run lexsearch --format json -- "$q"
    total=$(jq -r .total <<<"$OUT" 2>/dev/null)
    # valid: status 0 with items, or 1 with none
    if [ "$STATUS:$((${total:-0} > 0))" = 0:1 ] || [ "$STATUS:$total" = 1:0 ]; then
        ok "lexsearch-query.7 example query is valid: $q"
    else not_ok "lexsearch-query.7 example query is valid: $q" "status $STATUS, total ${total:-none}: $ERR"; fi
    [ "$STATUS" -eq 0 ] && found=$((found + 1))
done < <(example_queries "$MAN/lexsearch-query.7")
expect_eq "$((found >= 5))" "1" "most query examples find items ($found)"
finish
