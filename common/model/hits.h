/*
 * hits.h - the results of one search as a plain C structure.
 *
 * The shim (lexdb.cc) fills it from Xapian's matches; the searcher reads
 * it through the lexdb_hits_* accessors of lexdb.h, defined here; it is
 * built, grown and freed here, so that no C++ container crosses into C.
 */
#ifndef LEX_HITS_H
#define LEX_HITS_H

#include <stdbool.h>
#include <stddef.h>

#include "lexdb.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The facets of one kind, in the order lexdb_hits_facets gives them. */
typedef struct {
    lexdb_facet_t *v; /* each value a heap string the list owns */
    size_t n, cap;
} lex_facets_t;

/* The facet kinds, in lexdb_hits_facets' names: section, month, agency, law */
typedef enum {
    LEX_FACET_SECTION,
    LEX_FACET_MONTH,
    LEX_FACET_AGENCY,
    LEX_FACET_LAW,
    LEX_FACET_KINDS
} lex_facet_kind_t;

struct _lexdb_hits {
    unsigned long total;       /* matches, estimated */
    unsigned long typed_total; /* matches of the query as typed */
    long all_words;            /* items matching every word, or -1 */
    bool used_correction;      /* the hits are the corrected query's */
    char *correction;          /* NULL when the spelling is fine */
    lexdb_hit_t *hits;
    size_t n_hits, cap_hits;
    char **notices; /* what could not be done, one sentence each */
    size_t n_notices, cap_notices;
    lex_facets_t facets[LEX_FACET_KINDS];
};

/* New empty hits (all_words -1); NULL when out of memory. */
lexdb_hits_t *lex_hits_new(void);

/* Frees everything h holds and makes it as new. */
void lex_hits_clear(lexdb_hits_t *h);

/* Exchanges the contents of a and b. */
void lex_hits_swap(lexdb_hits_t *a, lexdb_hits_t *b);

/* Appends a zeroed hit for the caller to fill; NULL when out of memory. */
lexdb_hit_t *lex_hits_add(lexdb_hits_t *h);

/* Inserts a copy of text as notice number at (at most n_notices);
   false when out of memory. */
bool lex_hits_add_notice(lexdb_hits_t *h, size_t at, const char *text);

/* Sets the correction to a copy of text ("" or NULL: none); false when
   out of memory. */
bool lex_hits_set_correction(lexdb_hits_t *h, const char *text);

/* Appends the facet value (len bytes at value) with its count; false
   when out of memory. */
bool lex_facets_add(lex_facets_t *f, const char *value, size_t len,
                    unsigned long count);

/* Orders facets most frequent first, equal counts by value. */
void lex_facets_sort_by_count(lex_facets_t *f);

/* Orders facets by value, last first (months: newest first). */
void lex_facets_sort_by_value_desc(lex_facets_t *f);

#ifdef __cplusplus
}
#endif

#endif
