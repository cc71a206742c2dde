/*
 * media.h - the PDF and mail parsers, linked in or loaded on demand.
 *
 * parse_pdf.c and parse_mail.c read with poppler-glib and GMime, which
 * bring some fifty shared libraries (glib, gio, cairo, NSS, X11, ...).
 * Mapping and relocating those at every start cost lexindex about 10 MB
 * of resident memory and most of its start-up instructions, though most
 * runs read no PDF and no mail.  So liblexparse's formats.c calls the
 * dispatchers below, which reach the parsers through one table,
 * lex_media_parsers (media_parsers.c):
 *   - in a program linked with the parsers (the lexmedia objects: the
 *     unit tests and the fuzzers), that table is linked in;
 *   - otherwise (lexindex, lexgen, the benchmark's peers) the first
 *     PDF or mail file loads LEX_MEDIA_MODULE, a module holding the
 *     parsers and the table, found next to the program or, installed,
 *     in LIBDIR/lexsearch.  When it cannot be loaded, each such file is
 *     refused with "path: reason", naming the module.
 */
#ifndef LEX_MEDIA_H
#define LEX_MEDIA_H

#include "parse.h"

/* The module's file name. */
#define LEX_MEDIA_MODULE "lexsearch-pdfmail.so"

/* Bumped whenever lex_media_t or lex_parse_fn changes. */
#define LEX_MEDIA_ABI 1

/* The PDF and mail parsers (parse_pdf.h, parse_mail.h). */
typedef struct {
    unsigned abi; /* LEX_MEDIA_ABI of the build that made the table */
    lex_parse_fn *pdf, *mail, *mbox;
} lex_media_t;

/* lex_parse_pdf, lex_parse_mail and lex_parse_mbox, wherever they are. */
lex_parse_fn lex_media_parse_pdf;
lex_parse_fn lex_media_parse_mail;
lex_parse_fn lex_media_parse_mbox;

#endif
