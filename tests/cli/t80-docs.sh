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
finish
