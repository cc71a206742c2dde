/*
 * tsv.h - splitting TAB-separated lines.
 *
 * The gazetteer, the thesaurus, stored item records and the index's
 * multi-valued facets all hold TAB-separated fields; this is the one
 * splitter they share (lexgen's data files too).  It works on a line
 * given by pointer and length, so that a const buffer need not be
 * copied; a caller that wants NUL-terminated fields writes the NULs.
 */
#ifndef LEX_TSV_H
#define LEX_TSV_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Reads the next field of line[0..len) at *pos (0 for the first): stores
 * where it starts and how many bytes it has, and moves *pos past the TAB
 * that ends it.  Returns false when the line has no more fields.  A line
 * of n TABs has n + 1 fields, some of them empty; an empty line has one.
 */
bool lex_tsv_next(const char *line, size_t len, size_t *pos, const char **field,
                  size_t *n);

#endif
