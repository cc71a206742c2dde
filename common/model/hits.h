/*
 * hits.h - the results of one search as a plain C structure.
 *
 * The search driver (query/search.c) fills it from the shim's matches;
 * the searcher reads it through the lexdb_hits_* accessors of lexdb.h,
 * defined here; it is
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

/*
 * Appends each id of a multi-valued facet value (agencies, laws: ids
 * joined by TABs, len bytes at joined), with count; empty ids are
 * skipped.  An id may then be listed more than once: lex_facets_merge
 * adds them up.  False when out of memory.
 */
bool lex_facets_add_each(lex_facets_t *f, const char *joined, size_t len,
                         unsigned long count);

/* Adds up the counts of equal values, leaving one entry each, ordered
   most frequent first and equal counts by value. */
void lex_facets_merge(lex_facets_t *f);

/* Orders facets most frequent first, equal counts by value. */
void lex_facets_sort_by_count(lex_facets_t *f);

/* Orders facets by value, last first (months: newest first). */
void lex_facets_sort_by_value_desc(lex_facets_t *f);

/*
 * Settles h, the hits of the query as typed, before any correction is
 * tried: their total becomes the typed total; a search through remote
 * shards (the n_remote names of remote) gets a notice that wildcards
 * match less there (when wildcard: the query has a word ending in '*')
 * and, unless exact or empty_query, one that spelling was not checked,
 * which Xapian's remote backend cannot do; otherwise correction (the
 * query parser's, "" for none) is recorded.  *retry is set when the
 * corrected query should be searched too (lex_hits_prefer_corrected).
 * False when out of memory.
 */
bool lex_hits_settle_typed(lexdb_hits_t *h, const char *correction,
                           const char *const *remote, size_t n_remote,
                           bool wildcard, bool exact, bool empty_query,
                           bool *retry);

/*
 * Makes h, the typed query's hits (settled), the hits of its corrected
 * query instead whenever those find more items: one good word beside a
 * typo (biometrc rules) must not hide the correction.  h keeps the
 * correction and the typed total, marked as used; corrected gets what h
 * had.
 */
void lex_hits_prefer_corrected(lexdb_hits_t *h, lexdb_hits_t *corrected);

#ifdef __cplusplus
}
#endif

#endif
