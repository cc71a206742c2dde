/*
 * hit_order.h - the order of a page of ranked hits, decided in C.
 *
 * The shim asks Xapian for matches in relevance order (ties by docid)
 * and hands their weights here: runs of equal weight are ordered by each
 * item's order key (SLOT_ORDER: date and item hash, newest first), so
 * that a sharded index lists ties as one index does; and a recall-first
 * query's top hits are ranked again once the proximity of their words
 * is added.  Only arrays of numbers and keys cross: no Xapian type.
 */
#ifndef LEX_HIT_ORDER_H
#define LEX_HIT_ORDER_H

#include <stdbool.h>
#include <stddef.h>

/* Returned by lex_ties_extent when the fetched matches cannot tell. */
#define LEX_TIES_UNKNOWN ((size_t)-1)

/*
 * For the page offset .. offset + limit - 1 of n matches whose weights,
 * in relevance order, are w[0..n-1] (the top offset + limit + slack):
 * how many leading matches the page's order needs the keys of, i.e. up
 * to the end of the run of equal weights that ends the page; 0 for an
 * empty page.  LEX_TIES_UNKNOWN when that run may go on past the n
 * matches (all slack fetched and still tied): only a sort over every
 * match then knows which items belong on the page.
 */
size_t lex_ties_extent(const double *w, size_t n, size_t offset, size_t limit,
                       size_t slack);

/*
 * Orders match numbers order[0..n-1] (0..n-1 on entry: the relevance
 * order) so that each run of equal weights w[] comes greatest key first
 * (keys[i], key_lens[i] bytes, compared as unsigned bytes, a prefix
 * before its extensions), ties keeping their order.  False when out of
 * memory, order untouched.
 */
bool lex_ties_order(const double *w, const char *const *keys,
                    const size_t *key_lens, size_t n, size_t *order);

/* A hit in its place in a listing: its match number in the page the
   shim holds, its item's docid, and the weight and percentage shown. */
typedef struct {
    size_t match;
    unsigned docid;
    double weight;
    int percent;
} lex_ranked_t;

/*
 * Adds to each of hits[0..n-1] the proximity bonus of its docid among
 * the n_bonus (docids[i], bonus[i]) and ranks those n hits again,
 * greatest weight first, ties keeping their order.  A hit given a bonus
 * has its percentage raised on the scale of the top hit's (top_weight,
 * top_percent: the percentage Xapian gave the match of greatest weight),
 * at most 100.  n is small (the rerank window): the sort is quadratic.
 */
void lex_rerank_with_bonus(lex_ranked_t *hits, size_t n, const unsigned *docids,
                           const double *bonus, size_t n_bonus,
                           double top_weight, int top_percent);

#endif
