/*
 * thesaurus.h - the legal thesaurus: groups of phrases that mean the same.
 *
 * lexsearch expands a query phrase found in a group into the whole group
 * (unless --exact), so "cross-border transfer" also finds "data export".
 * The file format is documented in lexsearch-corpus(5) and in the header
 * of corpus/thesaurus.tsv.
 */
#ifndef LEX_THESAURUS_H
#define LEX_THESAURUS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct {
    char **phrases; /* lower case, single spaces */
    size_t n;
} lex_syn_group_t;

typedef struct {
    lex_syn_group_t *groups;
    size_t n;
    uint64_t hash; /* of the groups as loaded: tells two thesauri apart */
} lex_thesaurus_t;

/*
 * Reads a thesaurus file.  Malformed lines (a group of one phrase, a
 * phrase in two groups, upper case, punctuation) are refused with
 * "path:line: reason".
 */
lex_status_t lex_thesaurus_load(const char *path, lex_thesaurus_t **out,
                                lex_err_t *err);

/*
 * Finds thesaurus.tsv as lex_data_file does and reads it.  Both programs
 * go on without it (after a warning naming err's reason).
 */
lex_status_t lex_thesaurus_load_default(lex_thesaurus_t **out, lex_err_t *err);

/* Frees a thesaurus; NULL is a no-op. */
void lex_thesaurus_free(lex_thesaurus_t *th);

/*
 * Finds a data file shipped with lexsearch: $LEXSEARCH_DATADIR/name, else
 * the installed PREFIX/share/lexsearch/name, else the source tree's copy
 * (for programs run from a build directory).  *out is malloc'd.
 */
lex_status_t lex_data_file(const char *name, char **out, lex_err_t *err);

#endif
