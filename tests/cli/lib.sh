# lib.sh - helpers for the CLI tests (sourced, not run).
#
# Each test script sources this, then calls the check functions; the
# script exits 1 at the end if any check failed (or if it ran none), 77
# if skipped.  Environment from ctest: LEXINDEX, LEXSEARCH, LEXDB_HOLD,
# LEX_SEEDS_DIR, LEX_SOURCE_DIR.
#
# No check can pass vacuously:
#  - pipefail is on, so a pipeline fails when lexsearch does;
#  - every run of lexindex or lexsearch is followed by expect_status
#    (tests/lint-cli.sh checks it), json_search checks the status
#    itself, and checked STATUSES CMD... runs a program inside a command
#    substitution or pipeline and fails the script if it exits with a
#    status not in STATUSES, printing its stderr;
#  - expect_contains and expect_not_contains fail on an empty needle;
#  - finish fails a script that ran no check.
# Checks are tallied in a file and printed on fd 3 (the script's stdout),
# so a check made inside $(...) counts and does not end up in the value.
set -u
set -o pipefail
: "${LEXINDEX:?run through ctest}" "${LEXSEARCH:?run through ctest}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lexcli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
TALLY="$TMP/.tally"
: >"$TALLY"
exec 3>&1
# Tests never touch the user's real index or colour settings.
export LEXSEARCH_INDEX="$TMP/default-index" NO_COLOR=
unset XDG_DATA_HOME

# With LEX_VALGRIND set (tests/run-all does this for the end-to-end
# tests), lexindex and lexsearch run under valgrind's memcheck; finish
# fails the script if it reported any error or definite/indirect leak.
if [ -n "${LEX_VALGRIND:-}" ]; then
    for prog in LEXINDEX LEXSEARCH; do
        cat >"$TMP/${prog,,}" <<WRAP
#!/bin/sh
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \\
    --show-leak-kinds=definite,indirect --log-file="$TMP/valgrind.%p.log" \\
    "${!prog}" "\$@"
WRAP
        chmod +x "$TMP/${prog,,}"
        export "$prog=$TMP/${prog,,}"
    done
fi

# ok DESCRIPTION: records a passing check.
ok() {
    echo ok >>"$TALLY"
    echo "ok - $1" >&3
}

# not_ok DESCRIPTION DETAILS: records a failing check.
not_ok() {
    echo "not ok" >>"$TALLY"
    {
        echo "not ok - $1"
        [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
    } >&3
    return 0
}

# run CMD...: runs a command, saving stdout, stderr and status in
# $OUT, $ERR and $STATUS, and the command in $RUN_CMD.  A run of
# lexindex or lexsearch must be followed by expect_status.
run() {
    RUN_CMD="$*"
    "$@" >"$TMP/out" 2>"$TMP/err" 3>&-
    STATUS=$?
    OUT=$(cat "$TMP/out")
    ERR=$(cat "$TMP/err")
}

# expect_status N DESCRIPTION: the last run exited with status N.
expect_status() {
    if [ "$STATUS" -eq "$1" ]; then ok "$2 (status $1)"
    else not_ok "$2: status $STATUS, expected $1" "command: ${RUN_CMD:-}
stdout: $OUT
stderr: $ERR"; fi
}

# checked STATUSES CMD...: runs CMD with its stdout passed on, for use in
# $(...) and pipelines; a status not in STATUSES (a comma-separated list,
# e.g. 0 or 0,1) is a failed check that prints CMD's stderr.  Returns
# CMD's status.
checked() {
    local want=$1 st errfile="$TMP/checked.$BASHPID.err"
    shift
    "$@" 2>"$errfile" 3>&-
    st=$?
    case ",$want," in
    *",$st,"*) ;;
    *) not_ok "${1##*/} ${*:2}: status $st, expected $want" "stderr: $(cat "$errfile")" ;;
    esac
    rm -f "$errfile"
    return "$st"
}

# search_json ARGS...: lexsearch --format json ARGS, its stdout passed on
# (for $(...) and pipelines).  A failed check unless lexsearch exits 0
# with hits or 1 with none (total 0): a crash, a refused query or an
# empty output never reads as an empty result.
search_json() {
    local out st errfile="$TMP/search_json.$BASHPID.err"
    out=$("$LEXSEARCH" --format json "$@" 2>"$errfile" 3>&-) # lint-ok: tested below
    st=$?
    case $st:$(jq -r '.total > 0' <<<"$out" 2>/dev/null) in
    0:true | 1:false) st=0 ;;
    *)
        not_ok "lexsearch --format json $*: status $st with total $(jq -c .total <<<"$out" 2>/dev/null)" \
            "stdout: ${out:0:400}
stderr: $(cat "$errfile")"
        st=1
        ;;
    esac
    rm -f "$errfile"
    [ -n "$out" ] && printf '%s\n' "$out"
    return "$st"
}

# hit_ids QUERY: the ids of every item of $INDEX matching QUERY, in rank
# order, as one JSON list (for $(...)); a failed check as search_json says.
hit_ids() {
    search_json --index "$INDEX" -n 1000 -- "$1" | jq -c '[.hits[].id]'
}

# index_bulletin NAME: writes the bulletin on stdin (a here-document) to
# $C/NAME and indexes $C into $INDEX, checking that lexindex succeeds;
# sets INDEX to $TMP/index and C to $TMP/corpus for the script's checks.
index_bulletin() {
    INDEX="$TMP/index"
    C="$TMP/corpus"
    mkdir -p "$C"
    cat >"$C/$1"
    run "$LEXINDEX" --index "$INDEX" "$C"
    expect_status 0 "index the bulletin $1"
}

# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
    if [ "$1" = "$2" ]; then ok "$3"
    else not_ok "$3" "expected: $2
actual:   $1"; fi
}

# expect_nonempty VALUE DESCRIPTION: VALUE is not empty (say, an expected
# item that a later expect_contains looks for was found).
expect_nonempty() {
    if [ -n "$1" ]; then ok "$2"
    else not_ok "$2" "the value is empty"; fi
}

# expect_contains HAYSTACK NEEDLE DESCRIPTION (an empty needle fails: it
# would match anything)
expect_contains() {
    expect_needle present "$@"
}

# expect_not_contains HAYSTACK NEEDLE DESCRIPTION (an empty needle fails:
# it would never be absent)
expect_not_contains() {
    expect_needle absent "$@"
}

# expect_needle present|absent HAYSTACK NEEDLE DESCRIPTION: the check of
# the two above, which differ only in the outcome they want.
expect_needle() {
    local want=$1 found=absent
    if [ -z "$3" ]; then
        if [ "$want" = present ]; then
            not_ok "$4" "empty needle: the expected text was not computed"
        else
            not_ok "$4" "empty needle: the text that must be absent was not computed"
        fi
        return 0
    fi
    case "$2" in *"$3"*) found=present ;; esac
    if [ "$found" = "$want" ]; then ok "$4"
    elif [ "$want" = present ]; then not_ok "$4" "missing: $3
in: $2"
    else not_ok "$4" "unexpected: $3
in: $2"; fi
}

# json_search QUERY [OPTIONS...]: runs lexsearch --format json on $INDEX,
# and checks that it exits 0 (it found items); json_search_status N
# QUERY [OPTIONS...] expects status N instead (1: no items).
json_search() {
    json_search_status 0 "$@"
}
json_search_status() {
    local want=$1 q=$2
    shift 2
    run "$LEXSEARCH" --index "$INDEX" --format json "$@" -- "$q"
    expect_status "$want" "lexsearch --format json $* -- '$q'"
}

# need_seeds: skips the script when ../shared/seeds is absent.
need_seeds() {
    if [ ! -d "${LEX_SEEDS_DIR:-}" ]; then
        echo "SKIP: seed bulletins not found at ${LEX_SEEDS_DIR:-(unset)}"
        exit 77
    fi
}

# valgrind_clean: with LEX_VALGRIND, no valgrind log holds a report.
valgrind_clean() {
    local reports
    reports=$(cat "$TMP"/valgrind.*.log 2>/dev/null)
    if [ -z "$reports" ]; then ok "valgrind: no errors, no leaks"
    else not_ok "valgrind reported errors or leaks" "$reports"; fi
}

# finish: prints the tally and exits with the right status: 1 if a
# check failed or if none ran.
finish() {
    local checks fails
    [ -n "${LEX_VALGRIND:-}" ] && valgrind_clean
    checks=$(wc -l <"$TALLY")
    fails=$(grep -c '^not ok' "$TALLY")
    echo "# $checks checks, $fails failed"
    if [ "$checks" -eq 0 ]; then
        echo "not ok - the script ran no check"
        exit 1
    fi
    [ "$fails" -eq 0 ] || exit 1
    exit 0
}

# make_bulletin FILE TOPIC N: writes a bulletin of N items about TOPIC.
make_bulletin() {
    {
        for i in $(seq 1 "$3"); do
            printf 'Item %d on %s Rules\n\n' "$i" "$2"
            printf 'On June %d, 2023, the regulator discussed %s rules, part %d. %d\n\n' "$i" "$2" "$i" "$i"
        done
        printf '\n\n'
        for i in $(seq 1 "$3"); do printf '%d. https://example.org/%s/%d\n\n' "$i" "$2" "$i"; done
        printf 'General information only.\n'
    } >"$1"
}

# new_case NAME: a fresh corpus $D holding the script's good bulletin
# $GOOD (as good.txt), and a path $IDX for its index; $CASE is NAME.
new_case() {
    CASE=$1
    D="$TMP/$CASE"
    IDX="$TMP/index-$CASE"
    mkdir -p "$D"
    cp "$GOOD" "$D/good.txt"
}
