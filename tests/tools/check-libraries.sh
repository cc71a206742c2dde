#!/bin/sh
# check-libraries.sh PROGRAM... - programs that only search load none of
# the file parsers' libraries (issue 18, start-up): no PROGRAM may name
# poppler, GMime, glib, libxml2, uchardet or cairo among the shared
# libraries it needs (readelf -d).  They come with liblexparse, which
# lexsearch does not link; a sanitizer build, whose linker keeps every
# library it is given (no --as-needed), shows a wrong link at once.
#
# check-libraries.sh --media PROGRAM...: programs that read bulletin
# files but load the PDF and mail parsers only on demand (lexindex, from
# lexsearch-pdfmail.so) need none of poppler, GMime, glib or cairo;
# libxml2 and uchardet they may need.
# Prints each breach as PROGRAM: LIBRARY and exits 1 if there is any.
status=0
media=
if [ "$1" = --media ]; then
    media=1
    shift
fi
for prog in "$@"; do
    needed=$(readelf -d "$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p') || {
        echo "$prog: readelf failed"
        exit 1
    }
    [ -n "$needed" ] || { echo "$prog: no NEEDED entries read"; exit 1; }
    for lib in $needed; do
        case $lib in
        libpoppler* | libgmime* | libglib* | libgobject* | libgio* | libcairo*)
            echo "$prog: $lib"
            status=1
            ;;
        libxml2* | libuchardet*)
            [ -n "$media" ] && continue
            echo "$prog: $lib"
            status=1
            ;;
        esac
    done
done
[ $status = 0 ] && echo "libraries: $# programs load no ${media:+PDF or mail }parser library"
exit $status
