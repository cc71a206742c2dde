/*
 * printer.h - one interface for every output format of lexsearch.
 *
 * main() runs the search and hands the hits to a printer; nothing before
 * the printer knows how results will look, and each format is one file
 * implementing these three calls.
 */
#ifndef LEX_PRINTER_H
#define LEX_PRINTER_H

#include <stdbool.h>
#include <stdio.h>

#include "lexdb.h"
#include "sprinter.h"

typedef struct printer printer_t;

struct printer {
    /* Before the first hit. */
    void (*begin)(printer_t *p, const lexdb_query_t *q,
                  const lexdb_hits_t *hits);
    /* Once per hit, in rank order. */
    void (*hit)(printer_t *p, const lexdb_hit_t *hit);
    /* After the last hit. */
    void (*end)(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits);
    FILE *out;
    bool color; /* highlight with terminal escapes (text only) */
    bool lines; /* NDJSON: one hit object per line, no envelope */
    size_t n_printed;
    lex_sprinter_t json; /* the JSON formats' emitter */
};

/* Human-readable blocks, one per hit (lexsearch(1), OUTPUT). */
void printer_init_text(printer_t *p, FILE *out, bool color);

/* One JSON document, schema documented in lexsearch(1). */
void printer_init_json(printer_t *p, FILE *out);

/* One JSON object per hit and line (same fields as the JSON hits). */
void printer_init_ndjson(printer_t *p, FILE *out);

/* Prints every hit through p. */
void printer_run(printer_t *p, const lexdb_query_t *q,
                 const lexdb_hits_t *hits);

#endif
