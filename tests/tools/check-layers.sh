#!/bin/sh
# check-layers.sh TOP C_LIBRARY_SOURCE... - the layer rules of issue 18:
#   1. no .c file under TOP includes a Xapian header (Xapian is reached
#      only through the C++ shim, common/shim/lexdb*.cc);
#   2. liblexcore and liblexparse are built from C sources only (their
#      lists are given).
# Prints each breach as FILE: reason and exits 1 if there is any.
top=$1
shift
status=0
# build trees and other worktrees' copies are not sources
hits=$(cd "$top" && git ls-files '*.c' '*.h' 2>/dev/null |
    xargs -r grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]xapian' 2>/dev/null |
    grep -v '\.h$' ; true)
for f in $hits; do
    echo "$f: a C file includes a Xapian header"
    status=1
done
for src in "$@"; do
    case $src in
    *.c) ;;
    *)
        echo "$src: liblexcore or liblexparse source that is not C"
        status=1
        ;;
    esac
done
# nor may a header that a .c file includes (lexdb_private.h, which only
# the shim includes, may)
for name in $(cd "$top" && git ls-files '*.c' | xargs -r sed -n \
    's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\.h\)".*/\1/p' | sort -u); do
    for h in $(cd "$top" && git ls-files "*/$name" "$name"); do
        if grep -qE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]xapian' "$top/$h"; then
            echo "$h: a header included by C files includes a Xapian header"
            status=1
        fi
    done
done
[ $status = 0 ] && echo "layers: no .c file includes Xapian; liblexcore and liblexparse are C only"
exit $status
