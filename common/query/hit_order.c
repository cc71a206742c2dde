/*
 * hit_order.c - ordering ties by item and ranking by proximity (see
 * hit_order.h).
 *
 * Both sorts keep the order of equals (Xapian's docid order for ties
 * of weight and key): qsort is not stable, so the ties' sort compares
 * the position a match came from last; the rerank's few dozen hits are
 * sorted by insertion.
 */
#include "hit_order.h"

#include <stdlib.h>
#include <string.h>

size_t
lex_ties_extent(const double *w, size_t n, size_t offset, size_t limit,
                size_t slack)
{
    size_t end = offset + limit < n ? offset + limit : n;
    if (end == 0 || offset >= end)
        return 0;
    double last = w[end - 1];
    if (n == offset + limit + slack && w[n - 1] == last)
        return LEX_TIES_UNKNOWN;
    size_t stop = end;
    while (stop < n && w[stop] == last)
        stop++;
    return stop;
}

/* A match of a run of ties, for sorting by key. */
typedef struct {
    const char *key;
    size_t len;
    size_t match;
} tied_t;

/* qsort order: greatest key first, then as the matches came. */
static int
by_key_desc(const void *a, const void *b)
{
    const tied_t *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(y->key, x->key, n) : 0;
    if (c == 0 && x->len != y->len)
        c = y->len > x->len ? 1 : -1;
    if (c == 0)
        c = x->match < y->match ? -1 : 1;
    return c;
}

bool
lex_ties_order(const double *w, const char *const *keys, const size_t *key_lens,
               size_t n, size_t *order)
{
    tied_t *run = n ? malloc(n * sizeof *run) : NULL;
    if (n && !run)
        return false;
    for (size_t from = 0; from < n;) {
        size_t to = from + 1;
        while (to < n && w[to] == w[from])
            to++;
        for (size_t i = from; i < to; i++)
            run[i - from] =
                (tied_t){keys[order[i]], key_lens[order[i]], order[i]};
        if (to - from > 1)
            qsort(run, to - from, sizeof *run, by_key_desc);
        for (size_t i = from; i < to; i++)
            order[i] = run[i - from].match;
        from = to;
    }
    free(run);
    return true;
}

/* The bonus of docid among the n given into *b; false when it has none. */
static bool
bonus_of(unsigned docid, const unsigned *docids, const double *bonus, size_t n,
         double *b)
{
    for (size_t i = 0; i < n; i++)
        if (docids[i] == docid) {
            *b = bonus[i];
            return true;
        }
    return false;
}

void
lex_rerank_with_bonus(lex_ranked_t *hits, size_t n, const unsigned *docids,
                      const double *bonus, size_t n_bonus, double top_weight,
                      int top_percent)
{
    double scale = top_weight > 0 ? top_percent / top_weight : 0;
    for (size_t i = 0; i < n; i++) {
        double b;
        if (!bonus_of(hits[i].docid, docids, bonus, n_bonus, &b))
            continue;
        hits[i].weight += b;
        int pct = (int)(hits[i].weight * scale + 0.5);
        hits[i].percent = pct < 100 ? pct : 100;
    }
    /* insertion sort: stable, and the window is a few dozen hits */
    for (size_t i = 1; i < n; i++) {
        lex_ranked_t h = hits[i];
        size_t j = i;
        for (; j > 0 && hits[j - 1].weight < h.weight; j--)
            hits[j] = hits[j - 1];
        hits[j] = h;
    }
}
