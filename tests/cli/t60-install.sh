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
    lib/systemd/user/lexindex.timer; do
    if [ -e "$P/$f" ]; then ok "installed $f"; else not_ok "installed $f"; fi
done
expect_contains "$(cat "$P/lib/systemd/user/lexindex.service")" \
    "ExecStart=$P/bin/lexindex --wait 600" "the service runs the installed lexindex"

run "$P/bin/lexsearch" --version
expect_status 0 "installed lexsearch runs"
run env MANPATH="$P/share/man" man -P cat lexsearch-query
expect_status 0 "man finds lexsearch-query(7) under the prefix"
expect_contains "$OUT" "EXAMPLES" "the query page renders with its examples"
finish
