#!/bin/bash
# cmake --install puts the programs, the manual pages and the systemd
# units where a user expects them, and the installed programs work.
. "$(dirname "$0")/lib.sh"
P="$TMP/prefix"

run cmake --install "$LEX_BUILD_DIR" --prefix "$P"
expect_status 0 "cmake --install into a temporary prefix"
for f in bin/lexindex bin/lexsearch share/man/man1/lexindex.1 \
    share/man/man1/lexsearch.1 share/man/man5/lexsearch-corpus.5 \
    share/man/man7/lexsearch-query.7 lib/systemd/user/lexindex.service \
    lib/systemd/user/lexindex.timer share/doc/lexsearch/examples/lexindex.crontab \
    "share/doc/lexsearch/examples/lexsearch-shard@.service" \
    share/lexsearch/thesaurus.tsv share/lexsearch/agencies.tsv share/lexsearch/laws.tsv; do
    if [ -e "$P/$f" ]; then ok "installed $f"; else not_ok "installed $f"; fi
done
expect_contains "$(cat "$P/lib/systemd/user/lexindex.service")" \
    "ExecStart=$P/bin/lexindex --wait 600" "the service runs the installed lexindex"

run "$P/bin/lexsearch" --version
expect_status 0 "installed lexsearch runs"
# The PDF and mail parsers are a module under LIBDIR/lexsearch, which the
# installed lexindex finds from its own directory.
mod=$(cd "$P" && find . -path '*/lexsearch/lexsearch-pdfmail.so' | sed 's|^\./||')
case $mod in
lib*/lexsearch/lexsearch-pdfmail.so) ok "installed $mod" ;;
*) not_ok "installed LIBDIR/lexsearch/lexsearch-pdfmail.so" "found: $mod" ;;
esac
"$LEX_MKPDF" "$LEX_SOURCE_DIR/tests/data/html/bulletin.txt" "$TMP/bulletin.pdf"
cp "$LEX_SOURCE_DIR/tests/fuzz/corpus/mail/alternative-qp.eml" "$TMP/message.eml"
run "$P/bin/lexindex" --dump "$TMP/bulletin.pdf" "$TMP/message.eml"
expect_status 0 "the installed lexindex reads a PDF and a message"
expect_eq "$(jq -r .file <<<"$OUT" | sort -u | tr '\n' ' ')" \
    "$TMP/bulletin.pdf $TMP/message.eml " "items of both files"
run env MANPATH="$P/share/man" man -P cat lexsearch-query
expect_status 0 "man finds lexsearch-query(7) under the prefix"
expect_contains "$OUT" "EXAMPLES" "the query page renders with its examples"
# Bash completion: options, option values and query fields.
for prog in lexsearch lexindex; do
    if [ -e "$P/share/bash-completion/completions/$prog" ]; then ok "installed $prog completion"
    else not_ok "installed $prog completion"; fi
done
# complete_words PROG WORDS...: the completions bash offers for the last word.
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); "_$1"; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$P/share/bash-completion/completions/$1" "$@"
}
expect_eq "$(complete_words lexsearch --for)" "--format" "lexsearch --for<TAB> completes --format"
expect_eq "$(complete_words lexsearch --format j)" "json" "lexsearch --format j<TAB> completes json"
expect_eq "$(complete_words lexsearch ti)" "title:" "lexsearch ti<TAB> completes the title: field"
expect_eq "$(complete_words lexindex --re)" "--rebuild" "lexindex --re<TAB> completes --rebuild"
expect_contains "$(complete_words lexsearch --agency SHANG)" "SHANGHAI_CA" "--agency completes agency ids from the installed gazetteer"
expect_eq "$(complete_words lexsearch law:PIP)" "law:PIPL" "law: completes law ids"
# every option of --help is offered by the completion, and no other
for prog in lexsearch lexindex; do
    help_opts=$("$P/bin/$prog" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
    comp_opts=$(complete_words "$prog" --  | grep -- '^--' | sort -u)
    expect_eq "$comp_opts" "$help_opts" "$prog completion offers exactly the --help options"
done
finish
