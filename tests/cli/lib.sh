# lib.sh - helpers for the CLI tests (sourced, not run).
#
# Each test script sources this, then calls the check functions; the
# script exits 1 at the end if any check failed, 77 if skipped.
# Environment from ctest: LEXINDEX, LEXSEARCH, LEXDB_HOLD, LEX_SEEDS_DIR,
# LEX_SOURCE_DIR.
set -u
: "${LEXINDEX:?run through ctest}" "${LEXSEARCH:?run through ctest}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lexcli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# Tests never touch the user's real index or colour settings.
export LEXSEARCH_INDEX="$TMP/default-index" NO_COLOR=
unset XDG_DATA_HOME
FAILS=0
CHECKS=0

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
ok() { CHECKS=$((CHECKS + 1)); echo "ok - $1"; }

# not_ok DESCRIPTION DETAILS: records a failing check.
not_ok() {
    CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1))
    echo "not ok - $1"
    [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
    return 0
}

# run CMD...: runs a command, saving stdout, stderr and status in
# $OUT, $ERR and $STATUS.
run() {
    "$@" >"$TMP/out" 2>"$TMP/err"
    STATUS=$?
    OUT=$(cat "$TMP/out")
    ERR=$(cat "$TMP/err")
}

# expect_status N DESCRIPTION: the last run exited with status N.
expect_status() {
    if [ "$STATUS" -eq "$1" ]; then ok "$2 (status $1)"
    else not_ok "$2: status $STATUS, expected $1" "stdout: $OUT
stderr: $ERR"; fi
}

# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
    if [ "$1" = "$2" ]; then ok "$3"
    else not_ok "$3" "expected: $2
actual:   $1"; fi
}

# expect_contains HAYSTACK NEEDLE DESCRIPTION
expect_contains() {
    case "$1" in
    *"$2"*) ok "$3" ;;
    *) not_ok "$3" "missing: $2
in: $1" ;;
    esac
}

# expect_not_contains HAYSTACK NEEDLE DESCRIPTION
expect_not_contains() {
    case "$1" in
    *"$2"*) not_ok "$3" "unexpected: $2
in: $1" ;;
    *) ok "$3" ;;
    esac
}

# json_hits QUERY [OPTIONS...]: runs lexsearch --format json on $INDEX.
json_search() {
    q=$1; shift
    run "$LEXSEARCH" --index "$INDEX" --format json "$@" -- "$q"
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

# finish: prints the tally and exits with the right status.
finish() {
    [ -n "${LEX_VALGRIND:-}" ] && valgrind_clean
    echo "# $CHECKS checks, $FAILS failed"
    [ "$FAILS" -eq 0 ] || exit 1
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
