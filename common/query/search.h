/*
 * search.h - the search driver: how lexsearch answers a query, in C.
 *
 * A search is decided here: the plans of the query (query_lower.h) with
 * --like, the filters and --new around them, the recall-first tier, the
 * written-out groups and the proximity bonus (lex_search_plan); then the
 * sort, the number of matches counted exactly, which tier pages the
 * hits, the order of ties, the window the proximity bonus reranks, the
 * totals, the facets, the words snippets highlight and the spelling
 * retry (lex_search).
 *
 * The index is reached through lex_searcher_t, functions the shim
 * (lexdb_query.cc) gives, each a small step that touches Xapian: a plan as a
 * Xapian query, one match set of a query (with a weighting, a sort, a
 * range of matches and how many to check; optionally noting every match
 * weighed for it: each match's docid and weight), a match's order value and
 * record, the order values of given docids, a query's facets, its terms, a
 * snippet.  No exception crosses them: each returns LEX_EINDEX when Xapian
 * failed, and the shim, which kept the failure's status and message,
 * returns it once back from C.
 */
#ifndef LEX_SEARCH_H
#define LEX_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "hit_order.h"
#include "hits.h"
#include "query_lower.h"
#include "status.h"

/* Matches counted exactly before Xapian estimates the rest: counting
   more costs every broad query time (10,000 made the median query at
   100,000 items twice as slow as 1,000). */
#define LEX_COUNT_EXACTLY 1000
/* Hits fetched past a page, to see where the run of equal weights
   ending it stops (see lex_ties_extent). */
#define LEX_TIE_SLACK 10
/* Top hits of a recall-first query that its words' proximity reorders. */
#define LEX_RERANK_WINDOW 30
/* Matches tying for the end of a page counted with the query that are
   ordered among those weighed for it rather than by Xapian's sort
   (search.c, page_among_noted). */
#define LEX_SEEN_SORTED 1000

/* A plan as the shim's Xapian query. */
typedef struct lex_xquery lex_xquery_t;

/* How a match set is weighed and ordered. */
typedef enum {
    LEX_BY_RELEVANCE,            /* ranking weight, ties by docid */
    LEX_BY_RELEVANCE_THEN_ORDER, /* ranking weight, ties newest first */
    LEX_BY_ORDER,                /* the order value alone */
    LEX_BY_DATE_THEN_RELEVANCE,  /* the date value, then ranking weight */
    LEX_BY_COUNT                 /* every match weighs the same: counts */
} lex_rank_t;

/* One match set to fetch: matches first .. first + max - 1, at least
   check of them counted exactly. */
typedef struct {
    lex_rank_t rank;
    bool newest_first; /* LEX_BY_ORDER, LEX_BY_DATE_THEN_RELEVANCE */
    size_t first, max;
    unsigned long check;
    bool note_seen; /* note every match weighed (seen); local shards only */
} lex_run_t;

/* A match weighed while a match set was fetched. */
typedef struct {
    unsigned docid;
    double weight;
} lex_seen_t;

/* A set of matches of one query, as the shim fetched it (which keeps
   Xapian's match set beside it, for the records and snippets). */
typedef struct {
    lex_ranked_t *ranked; /* match i's docid, weight and percentage */
    size_t n;
    unsigned long estimated; /* all matches */
    /* whether the bounds on the number of matches meet: fetched with no
       match checked (check 0), that the postings alone fix the number */
    bool fixed;
    /* the matches weighed for it (lex_run_t's note_seen; none
       otherwise): every one weighing as much as its last, in the order
       weighed */
    const lex_seen_t *seen;
    size_t n_seen;
} lex_matches_t;

/* What the search asks of the index; every function gets ctx.  Those
   returning a status give LEX_OK, LEX_ENOMEM or LEX_EINDEX. */
typedef struct {
    void *ctx;
    const lex_qindex_t *ix;    /* the index as the lowering asks it */
    const lex_gazetteer_t *gz; /* NULL: no entities */
    const char *const *remote; /* the remote shards' names */
    size_t n_remote;
    /* th as stems (NULL for NULL), made once per thesaurus */
    lex_status_t (*stemmed)(void *ctx, const lex_thesaurus_t *th,
                            const lex_stemmed_thesaurus_t **out);
    /* calls each with the value of metadata key in each shard, in
       order (the index's own value when it has no shards) */
    lex_status_t (*metadata)(void *ctx, const char *key, lex_word_fn each,
                             void *each_ctx);
    /* whether the items have order values (older indexes have none) */
    lex_status_t (*ordered)(void *ctx, bool *out);
    /* the number of items */
    lex_status_t (*items)(void *ctx, unsigned long *out);
    /* the words that best tell the item of unique-id term qterm from
       the rest (relevance-set expansion), ORed; *out NULL when no item
       has qterm */
    lex_status_t (*like)(void *ctx, const char *qterm, lex_plan_t **out);
    /* p as a Xapian query (free with release) */
    lex_status_t (*prepare)(void *ctx, const lex_plan_t *p, lex_xquery_t **out);
    bool (*is_empty)(const lex_xquery_t *q); /* matches nothing */
    void (*release)(lex_xquery_t *q);        /* NULL is fine */
    /* the matches of q as how says (free with free_matches) */
    lex_status_t (*run)(void *ctx, const lex_xquery_t *q, const lex_run_t *how,
                        lex_matches_t **out);
    /* appends match i's order value, or its stored record */
    lex_status_t (*order_value)(void *ctx, const lex_matches_t *m, size_t i,
                                lex_buf_t *out);
    lex_status_t (*record)(void *ctx, const lex_matches_t *m, size_t i,
                           lex_buf_t *out);
    /* appends the order value of each of docids[0..n-1] (ascending) to
       keys, at at[i], len[i] bytes (0 for none) */
    lex_status_t (*values_of)(void *ctx, const unsigned *docids, size_t n,
                              lex_buf_t *keys, size_t *at, size_t *len);
    void (*free_matches)(lex_matches_t *m); /* NULL is fine */
    /* counts every match of q by section, month, agency and law */
    lex_status_t (*facets)(void *ctx, const lex_xquery_t *q, lexdb_hits_t *out);
    /* calls each for every distinct term of q, in byte order */
    lex_status_t (*terms)(void *ctx, const lex_xquery_t *q, lex_word_fn each,
                          void *each_ctx);
    /* appends Xapian's description of q */
    lex_status_t (*describe)(void *ctx, const lex_xquery_t *q, lex_buf_t *out);
    /* (about length bytes of) text around the terms of words' query, in
     *plain (heap), those terms' places in *spans (heap, n_spans) */
    lex_status_t (*highlight)(void *ctx, const lex_matches_t *words,
                              const char *text, size_t length, char **plain,
                              lexdb_span_t **spans, size_t *n_spans);
    bool one_database; /* a docid names one item: no shards */
} lex_searcher_t;

/* A plan and its Xapian query (NULL, NULL: none). */
typedef struct {
    lex_plan_t *plan;
    lex_xquery_t *xq;
} lex_planned_t;

/* The queries of one search (lex_search_plan). */
typedef struct {
    lex_planned_t query;       /* the whole query: words, --like, filters */
    lex_planned_t all_words;   /* the items matching every word, filtered;
                                  none unless recall-first */
    lex_planned_t first_tier;  /* the query's matches among those */
    lex_planned_t written_out; /* the query with groups written out, when
                                  it reads a group's tag */
    lex_planned_t proximity;   /* with proximity_apart: the bonus of the
                                  words near each other */
    char *correction;          /* the query respelled; NULL for none */
} lex_search_plans_t;

/*
 * The queries of text under q's options (--like, filters, --new,
 * --exact, the thesaurus), each planned and prepared; with
 * proximity_apart the proximity bonus apart, and with correct the
 * spelling correction.  LEX_EPARSE (err says why) for a query refused,
 * LEX_ENOMEM, LEX_EINDEX.  Free out with lex_search_plans_free.
 */
lex_status_t lex_search_plan(const lex_searcher_t *s, const lexdb_query_t *q,
                             const char *text, bool proximity_apart,
                             bool correct, lex_search_plans_t *out,
                             lex_err_t *err);

void lex_search_plans_free(const lex_searcher_t *s, lex_search_plans_t *p);

/* True when a plan's query matches nothing (NULL: none). */
bool lex_planned_empty(const lex_searcher_t *s, const lex_planned_t *p);

/* True when text has a word ending in the wildcard '*' (WORD*). */
bool lex_search_has_wildcard(const char *text);

/*
 * How lexsearch reads q, for lexsearch --explain, appended to out: the
 * query's trees, synonyms, translations and spelling
 * (lex_query_explain), then the plan searched (proximity included, with
 * --like and the filters), its terms and Xapian's description of it.
 */
lex_status_t lex_search_explain(const lex_searcher_t *s, const lexdb_query_t *q,
                                lex_buf_t *out, lex_err_t *err);

/*
 * Searches for q into out (empty hits): the query as typed, then its
 * spelling correction when there is one to try (lex_hits_settle_typed).
 * LEX_EPARSE for a query refused, LEX_EIO for an item whose record is
 * damaged (err names it), LEX_ENOMEM, LEX_EINDEX.
 */
lex_status_t lex_search(const lex_searcher_t *s, const lexdb_query_t *q,
                        lexdb_hits_t *out, lex_err_t *err);

#endif
