/*
 * search.c - the search driver (see search.h): the sort, the match set
 * that pages the hits, the order of ties, the proximity rerank, the
 * totals, the facets, the snippets' words and the spelling retry, over
 * the shim's steps (lex_searcher_t).
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "hit_record.h"
#include "index_terms.h"

/* One search of one text: its queries and the page being made. */
typedef struct {
    const lex_searcher_t *s;
    const lexdb_query_t *q;
    lex_search_plans_t plans;
    lex_matches_t *ms; /* the matches the page's hits are in */
    size_t *top;       /* the page's candidates, as matches of ms */
    size_t n_top;
    lex_ranked_t *page; /* the hits shown, .match an index of top */
    size_t n_page;
    bool counted;        /* total is the query's number of matches, */
    unsigned long total; /* taken before ms was replaced */
} run_t;

/* Replaces r's match set by m (taken), with no candidates. */
static void
set_matches(run_t *r, lex_matches_t *m)
{
    r->s->free_matches(r->ms);
    r->ms = m;
    r->n_top = 0;
}

/* Fetches the matches of q as how says into *out. */
static lex_status_t
fetch(const run_t *r, const lex_xquery_t *q, lex_rank_t rank, size_t first,
      size_t max, unsigned long check, lex_matches_t **out)
{
    lex_run_t how = {rank, r->q->sort == LEXDB_SORT_NEWEST, first, max, check,
                     false};
    *out = NULL;
    return r->s->run(r->s->ctx, q, &how, out);
}

/* True when a page notes the matches weighed for its top ones
   (page_among_seen): over local shards only, as a remote shard would
   need the spy serialised. */
static bool
notes_seen(const run_t *r)
{
    return r->s->n_remote == 0;
}

/* Makes the top want matches of q by relevance r's match set, with the
   matches weighed for them when notes_seen. */
static lex_status_t
fetch_top(run_t *r, const lex_xquery_t *q, size_t want, unsigned long check)
{
    lex_run_t how = {LEX_BY_RELEVANCE, false, 0, want, check, notes_seen(r)};
    lex_matches_t *m = NULL;
    lex_status_t st = r->s->run(r->s->ctx, q, &how, &m);
    set_matches(r, m);
    return st;
}

/* The number of matches of q: exact up to check, Xapian's estimate past
   it. */
static lex_status_t
count_matches(const run_t *r, const lex_xquery_t *q, unsigned long check,
              unsigned long *n)
{
    lex_matches_t *m;
    lex_status_t st = fetch(r, q, LEX_BY_COUNT, 0, 0, check, &m);
    if (st == LEX_OK)
        *n = m->estimated;
    r->s->free_matches(m);
    return st;
}

/* Makes every match of r->ms, in their order, a candidate. */
static lex_status_t
all_candidates(run_t *r)
{
    size_t n = r->ms->n;
    r->top = malloc((n ? n : 1) * sizeof *r->top);
    if (!r->top)
        return LEX_ENOMEM;
    for (size_t i = 0; i < n; i++)
        r->top[i] = i;
    r->n_top = n;
    return LEX_OK;
}

/* The order values of matches 0 .. n - 1 of r->ms into keys (one
   buffer, each key at at[i], len[i] bytes). */
static lex_status_t
order_values(const run_t *r, size_t n, lex_buf_t *keys, size_t *at, size_t *len)
{
    for (size_t i = 0; i < n; i++) {
        at[i] = keys->len;
        lex_status_t st = r->s->order_value(r->s->ctx, r->ms, i, keys);
        if (st != LEX_OK)
            return st;
        len[i] = keys->len - at[i];
    }
    return lex_buf_failed(keys) ? LEX_ENOMEM : LEX_OK;
}

/*
 * Candidates offset .. offset + limit - 1 of r->ms (matches in relevance
 * order, Xapian breaking ties by docid), each run of equal weights
 * ordered by the order value, newest first (hit_order.h): the order that
 * Xapian's sort by relevance then value gives, which fetches the value
 * of every match it considers, a random read each (a third of the time
 * of a rare word's query at a million items); here only the fetched
 * hits' are read.  *done false, with no candidates, when the run of
 * equal weights at the page's end may go on past the matches fetched:
 * only Xapian's sort then knows which items belong on the page.
 */
static lex_status_t
page_in_order(run_t *r, size_t offset, size_t limit, bool *done)
{
    size_t n = r->ms->n;
    double *w = malloc((n ? n : 1) * sizeof *w);
    if (!w)
        return LEX_ENOMEM;
    for (size_t i = 0; i < n; i++)
        w[i] = r->ms->ranked[i].weight;
    size_t stop = lex_ties_extent(w, n, offset, limit, LEX_TIE_SLACK);
    *done = stop != LEX_TIES_UNKNOWN;
    if (!*done) {
        free(w);
        return LEX_OK;
    }
    lex_buf_t keys = LEX_BUF_INIT;
    size_t m = stop ? stop : 1;
    size_t *at = malloc(m * sizeof *at), *len = malloc(m * sizeof *len);
    const char **key = malloc(m * sizeof *key);
    r->top = malloc(m * sizeof *r->top);
    lex_status_t st = at && len && key && r->top ? LEX_OK : LEX_ENOMEM;
    if (st == LEX_OK)
        st = order_values(r, stop, &keys, at, len);
    for (size_t i = 0; st == LEX_OK && i < stop; i++) {
        key[i] = keys.data + at[i];
        r->top[i] = i;
    }
    if (st == LEX_OK && !lex_ties_order(w, key, len, stop, r->top))
        st = LEX_ENOMEM;
    if (st == LEX_OK) {
        size_t end = offset + limit < stop ? offset + limit : stop;
        for (size_t i = offset; i < end; i++)
            r->top[r->n_top++] = r->top[i];
    }
    lex_buf_free(&keys);
    free(w);
    free(at);
    free(len);
    free(key);
    return st;
}

/* Makes matches from .. to - 1 of r->ms, in their order, the
   candidates. */
static lex_status_t
candidates_between(run_t *r, size_t from, size_t to)
{
    r->top = malloc((to > from ? to - from : 1) * sizeof *r->top);
    if (!r->top)
        return LEX_ENOMEM;
    for (size_t i = from; i < to; i++)
        r->top[r->n_top++] = i;
    return LEX_OK;
}

/* A match weighed for r->ms, its order value at keys' at, len bytes. */
typedef struct {
    unsigned docid;
    double weight;
    size_t at, len;
} seen_match_t;

/* qsort: by docid. */
static int
by_docid(const void *a, const void *b)
{
    unsigned x = ((const seen_match_t *)a)->docid;
    unsigned y = ((const seen_match_t *)b)->docid;
    return (x > y) - (x < y);
}

/* qsort: Xapian's relevance order, greatest weight first, then docid. */
static int
by_relevance(const void *a, const void *b)
{
    const seen_match_t *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return (x->docid > y->docid) - (x->docid < y->docid);
}

/*
 * The matches weighed for r->ms (notes_seen) that weigh at least least,
 * into *out (heap, *n of them, by docid), with their order values in
 * keys, read in docid order along one value stream.
 */
static lex_status_t
seen_at_least(const run_t *r, double least, lex_buf_t *keys, seen_match_t **out,
              size_t *n)
{
    const lex_seen_t *seen = r->ms->seen;
    size_t n_seen = r->ms->n_seen, k = 0;
    seen_match_t *m = malloc((n_seen ? n_seen : 1) * sizeof *m);
    unsigned *docids = malloc((n_seen ? n_seen : 1) * sizeof *docids);
    size_t *at = malloc((n_seen ? n_seen : 1) * sizeof *at);
    size_t *len = malloc((n_seen ? n_seen : 1) * sizeof *len);
    lex_status_t st = m && docids && at && len ? LEX_OK : LEX_ENOMEM;
    for (size_t i = 0; st == LEX_OK && i < n_seen; i++)
        if (seen[i].weight >= least)
            m[k++] = (seen_match_t){seen[i].docid, seen[i].weight, 0, 0};
    if (st == LEX_OK)
        qsort(m, k, sizeof *m, by_docid);
    for (size_t i = 0; st == LEX_OK && i < k; i++)
        docids[i] = m[i].docid;
    if (st == LEX_OK)
        st = r->s->values_of(r->s->ctx, docids, k, keys, at, len);
    if (st == LEX_OK && lex_buf_failed(keys))
        st = LEX_ENOMEM;
    for (size_t i = 0; st == LEX_OK && i < k; i++) {
        m[i].at = at[i];
        m[i].len = len[i];
    }
    free(docids);
    free(at);
    free(len);
    if (st != LEX_OK) {
        free(m);
        m = NULL;
        k = 0;
    }
    *out = m;
    *n = k;
    return st;
}

/* Adds the unique-id term of the item of order value key (len bytes) to
   terms (LEX_ID_TERM_SIZE bytes each, *n of them); false when key is no
   valid order value. */
static bool
add_id_term(const char *key, size_t len, char (*terms)[LEX_ID_TERM_SIZE],
            size_t *n)
{
    return lex_item_id_term_of_order(key, len, terms[(*n)++]);
}

/* qsort: unique-id terms in byte order. */
static int
by_term(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The plan that picks out t items (repeats allowed), each by its docid
   in an index of one database (by_docid), else by its unique-id term,
   as first_ids picked them; *n_ids the number of distinct items. */
static lex_plan_t *
picked_plan(bool by_docid, const unsigned *docids,
            char (*terms)[LEX_ID_TERM_SIZE], size_t t, size_t *n_ids)
{
    *n_ids = 0;
    if (by_docid) {
        lex_plan_t *p = lex_plan_docids(docids, t);
        *n_ids = p ? p->n_docids : 0;
        return p;
    }
    lex_plan_t *ids = lex_plan_new(LEX_P_OR);
    qsort(terms, t, sizeof *terms, by_term);
    for (size_t i = 0; ids && i < t; i++)
        if (i == 0 || strcmp(terms[i], terms[i - 1]) != 0) {
            ids = lex_plan_add(ids, lex_plan_term(terms[i], strlen(terms[i])));
            ++*n_ids;
        }
    return ids;
}

/*
 * The plan that picks out the top match of r->ms (docid top_docid, key
 * top, len_top bytes) and the first n of the matches m[0..k) (by docid)
 * once each run of ties is ordered by key, greatest first
 * (lex_ties_order, as page_in_order does), by docid or unique-id term
 * (picked_plan); *out NULL when an item has no valid order value;
 * *n_ids the number of distinct items picked.
 */
static lex_status_t
first_ids(const run_t *r, unsigned top_docid, const char *top, size_t len_top,
          const seen_match_t *m, size_t k, const lex_buf_t *keys, size_t n,
          lex_plan_t **out, size_t *n_ids)
{
    seen_match_t *ranked = malloc((k ? k : 1) * sizeof *ranked);
    double *w = malloc((k ? k : 1) * sizeof *w);
    const char **key = malloc((k ? k : 1) * sizeof *key);
    size_t *len = malloc((k ? k : 1) * sizeof *len);
    size_t *order = malloc((k ? k : 1) * sizeof *order);
    n = n < k ? n : k;
    char(*terms)[LEX_ID_TERM_SIZE] = malloc((n + 1) * sizeof *terms);
    unsigned *docids = malloc((n + 1) * sizeof *docids);
    lex_status_t st = ranked && w && key && len && order && terms && docids
                          ? LEX_OK
                          : LEX_ENOMEM;
    if (st == LEX_OK) {
        memcpy(ranked, m, k * sizeof *m);
        qsort(ranked, k, sizeof *ranked, by_relevance);
    }
    for (size_t i = 0; st == LEX_OK && i < k; i++) {
        w[i] = ranked[i].weight;
        key[i] = keys->data + ranked[i].at;
        len[i] = ranked[i].len;
        order[i] = i;
    }
    if (st == LEX_OK && !lex_ties_order(w, key, len, k, order))
        st = LEX_ENOMEM;
    size_t t = 0;
    bool valid = st == LEX_OK && add_id_term(top, len_top, terms, &t);
    if (valid)
        docids[0] = top_docid;
    for (size_t i = 0; valid && i < n; i++) {
        docids[t] = ranked[order[i]].docid;
        valid = add_id_term(key[order[i]], len[order[i]], terms, &t);
    }
    *n_ids = 0;
    lex_plan_t *ids =
        valid ? picked_plan(r->s->one_database, docids, terms, t, n_ids) : NULL;
    if (valid && !ids)
        st = LEX_ENOMEM;
    *out = st == LEX_OK ? ids : NULL;
    if (st != LEX_OK)
        lex_plan_free(ids);
    free(ranked);
    free(w);
    free(key);
    free(len);
    free(order);
    free(terms);
    free(docids);
    return st;
}

/*
 * True when every match of again (the items picked out, weighed again)
 * has the weight the first match gave it (m[0..k), by docid); each then
 * takes the percentage of the matches of ms of that weight, which is on
 * the scale of the query's own top match, as the page shows it (again's
 * are on the picking query's scale, which a posting source under a
 * filter changes: Xapian counts it among the matching subqueries).
 * Xapian may weigh an item reached by skipping to it (as a filter does)
 * otherwise than one reached in docid order, so the page is only taken
 * from again when the weights agree.
 */
static bool
weighed_as_seen(const run_t *r, lex_matches_t *again, const seen_match_t *m,
                size_t k)
{
    size_t n = again->n, n_ms = r->ms->n;
    for (size_t i = 0; i < n; i++) {
        lex_ranked_t *a = &again->ranked[i];
        seen_match_t want = {a->docid, 0, 0, 0};
        const seen_match_t *f = bsearch(&want, m, k, sizeof *m, by_docid);
        if (!f || f->weight != a->weight)
            return false;
        size_t j = 0;
        while (j < n_ms && r->ms->ranked[j].weight != a->weight)
            j++;
        if (j == n_ms)
            return false;
        a->percent = r->ms->ranked[j].percent;
    }
    return true;
}

/*
 * The candidates offset .. offset + limit - 1 of q by relevance, ties
 * newest first, found among the matches weighed for r->ms (its top
 * matches, whose run of ties at the page's end goes on past them):
 * the same page as Xapian's sort by relevance then value over every
 * match, without matching the whole query again.  Only the items
 * weighing as much as the page's last can be on it; ordered by key,
 * the first of them (and the top match, so that the percentages are
 * on its scale) are picked out by their unique-id terms and weighed
 * again, and r->ms is replaced by those.  *done false, r->ms kept, when
 * an item has no valid order value or is not weighed again as it
 * first was (weighed_as_seen).  The new match set's estimate is not
 * the query's: the caller counts the query apart (check 0).
 */
static lex_status_t
page_among_seen(run_t *r, const lex_planned_t *q, size_t offset, size_t limit,
                bool *done)
{
    size_t end = offset + limit;
    *done = false;
    if (r->ms->n < end || end == 0 || !q->plan)
        return LEX_OK;
    lex_buf_t keys = LEX_BUF_INIT, top = LEX_BUF_INIT;
    seen_match_t *m = NULL;
    size_t k = 0, n_ids = 0;
    lex_plan_t *ids = NULL;
    lex_planned_t some = {NULL, NULL};
    lex_matches_t *again = NULL;
    lex_status_t st =
        seen_at_least(r, r->ms->ranked[end - 1].weight, &keys, &m, &k);
    if (st == LEX_OK)
        st = r->s->order_value(r->s->ctx, r->ms, 0, &top);
    if (st == LEX_OK && lex_buf_failed(&top))
        st = LEX_ENOMEM;
    if (st == LEX_OK)
        st = first_ids(r, r->ms->ranked[0].docid, top.data ? top.data : "",
                       top.len, m, k, &keys, end + LEX_TIE_SLACK, &ids, &n_ids);
    if (st == LEX_OK && ids) {
        some.plan = lex_plan_join(LEX_P_FILTER, lex_plan_share(q->plan), ids);
        st = some.plan ? r->s->prepare(r->s->ctx, some.plan, &some.xq)
                       : LEX_ENOMEM;
        if (st == LEX_OK)
            st = fetch(r, some.xq, LEX_BY_RELEVANCE_THEN_ORDER, 0, n_ids, 0,
                       &again);
        *done = st == LEX_OK && again->n == n_ids &&
                weighed_as_seen(r, again, m, k);
    }
    if (*done) {
        set_matches(r, again);
        again = NULL;
        st = candidates_between(r, offset, end < n_ids ? end : n_ids);
    }
    r->s->free_matches(again);
    r->s->release(some.xq);
    lex_plan_free(some.plan);
    lex_buf_free(&keys);
    lex_buf_free(&top);
    free(m);
    return st;
}

/*
 * True in *same when Xapian's sort by relevance then value, checking
 * check matches of q, would count them as r->ms (q's top matches by
 * relevance, checked as far) did: when r->ms counted fewer than check,
 * it counted every match exactly, as the sort would; or when q's
 * postings alone fix the number (its bounds meet before any match is
 * checked: a single term), every count agrees.  Otherwise the count
 * past check depends on how many matches the sort weighs, which differs
 * (1,100 against 1,300 for a phrase at 200,000 items).
 */
static lex_status_t
counted_alike(const run_t *r, const lex_xquery_t *q, unsigned long check,
              bool *same)
{
    *same = r->ms->estimated < check;
    if (*same)
        return LEX_OK;
    lex_matches_t *m;
    lex_status_t st = fetch(r, q, LEX_BY_RELEVANCE, 0, 0, 0, &m);
    *same = st == LEX_OK && m->fixed;
    r->s->free_matches(m);
    return st;
}

/* The number of matches weighed for r->ms that weigh at least least. */
static size_t
seen_weighing(const run_t *r, double least)
{
    size_t k = 0;
    for (size_t i = 0; i < r->ms->n_seen; i++)
        k += r->ms->seen[i].weight >= least;
    return k;
}

/*
 * The page found among the matches weighed for r->ms (page_among_seen)
 * when they are noted: with check 0, as the caller counts q apart;
 * otherwise when the number of matches r->ms gives is the one Xapian's
 * sort would (counted_alike), kept in r->total before r->ms is
 * replaced, and when no more than LEX_SEEN_SORTED of them tie for the
 * page (ordering more costs more than the sort: 18,000 equal weights of
 * a title word made its search half as long again at 200,000 items).
 */
static lex_status_t
page_among_noted(run_t *r, const lex_planned_t *q, size_t offset, size_t limit,
                 unsigned long check, bool *done)
{
    bool same = check == 0;
    lex_status_t st = LEX_OK;
    *done = false;
    if (!notes_seen(r))
        return LEX_OK;
    size_t end = offset + limit;
    if (!same && end > 0 && r->ms->n >= end &&
        seen_weighing(r, r->ms->ranked[end - 1].weight) > LEX_SEEN_SORTED)
        return LEX_OK;
    if (!same)
        st = counted_alike(r, q->xq, check, &same);
    if (st != LEX_OK || !same)
        return st;
    unsigned long total = r->ms->estimated;
    st = page_among_seen(r, q, offset, limit, done);
    if (st == LEX_OK && *done && check != 0) {
        r->total = total;
        r->counted = true;
    }
    return st;
}

/*
 * The candidates offset .. offset + limit - 1 of q by relevance, ties
 * newest first; r->ms is the top offset + limit + LEX_TIE_SLACK matches
 * of q, already fetched with check matches checked (and the matches
 * weighed for them when notes_seen; check 0: the caller counts q
 * apart), and is replaced when the page is found among those
 * (page_among_noted) or Xapian's sort must order it.
 */
static lex_status_t
relevance_page(run_t *r, const lex_planned_t *q, size_t offset, size_t limit,
               unsigned long check)
{
    bool done;
    lex_status_t st = page_in_order(r, offset, limit, &done);
    if (st == LEX_OK && !done)
        st = page_among_noted(r, q, offset, limit, check, &done);
    if (st != LEX_OK || done)
        return st;
    lex_matches_t *m;
    st = fetch(r, q->xq, LEX_BY_RELEVANCE_THEN_ORDER, offset, limit, check, &m);
    set_matches(r, m);
    return st == LEX_OK ? all_candidates(r) : st;
}

/*
 * Pages a recall-first query by its first tier alone when that tier has
 * more items than the page reaches: every item matching all the words
 * outranks every other (ALL_WORDS_BOOST), so the page is the same, and
 * the words' proximity and the rest are weighed for those items only
 * instead of for every item with any of the words.  *done false when
 * the tier is too small.
 */
static lex_status_t
page_first_tier(run_t *r, size_t offset, size_t limit, bool *done)
{
    size_t want = offset + limit + LEX_TIE_SLACK;
    lex_status_t st = fetch_top(r, r->plans.first_tier.xq, want, 0);
    *done = st == LEX_OK && r->ms->n >= want;
    if (!*done)
        return st;
    return relevance_page(r, &r->plans.first_tier, offset, limit, 0);
}

/* The candidates as they rank, each its index in top, docid, weight and
   percentage: a new array of n_top (NULL when memory ran out). */
static lex_ranked_t *
as_ranked(const run_t *r)
{
    lex_ranked_t *all = malloc((r->n_top ? r->n_top : 1) * sizeof *all);
    for (size_t i = 0; all && i < r->n_top; i++) {
        all[i] = r->ms->ranked[r->top[i]];
        all[i].match = i;
    }
    return all;
}

/* The plan that picks out the first n candidates by their docids. */
static lex_status_t
candidate_docids(const run_t *r, size_t n, lex_plan_t **out)
{
    unsigned *docids = malloc((n ? n : 1) * sizeof *docids);
    for (size_t i = 0; docids && i < n; i++)
        docids[i] = r->ms->ranked[r->top[i]].docid;
    *out = docids ? lex_plan_docids(docids, n) : NULL;
    free(docids);
    return *out ? LEX_OK : LEX_ENOMEM;
}

/*
 * The plan that picks out the first n candidates, for the proximity
 * bonus: by their docids in an index of one database (a posting list
 * per item, each with its own B-tree blocks, cost a third of the pages
 * a two-word query's process touched); otherwise by their unique-id
 * terms, so that the bonus is weighed with the index's statistics, the
 * same over shards as in one index (NULL in *out then when a candidate
 * has no valid order value).  Only the bonus's weights are used, not
 * the percentages, which a posting source under a filter changes
 * (page_among_seen takes the first search's instead).
 */
static lex_status_t
candidate_ids(const run_t *r, size_t n, lex_plan_t **out)
{
    if (r->s->one_database)
        return candidate_docids(r, n, out);
    lex_plan_t *ids = lex_plan_new(LEX_P_OR);
    lex_buf_t order = LEX_BUF_INIT;
    lex_status_t st = ids ? LEX_OK : LEX_ENOMEM;
    for (size_t i = 0; st == LEX_OK && i < n; i++) {
        char term[LEX_ID_TERM_SIZE];
        lex_buf_reset(&order);
        st = r->s->order_value(r->s->ctx, r->ms, r->top[i], &order);
        if (st == LEX_OK && lex_buf_failed(&order))
            st = LEX_ENOMEM;
        if (st != LEX_OK)
            break;
        if (!lex_item_id_term_of_order(order.data, order.len, term)) {
            lex_plan_free(ids);
            ids = NULL;
            break;
        }
        ids = lex_plan_add(ids, lex_plan_term(term, strlen(term)));
        if (!ids)
            st = LEX_ENOMEM;
    }
    lex_buf_free(&order);
    if (st != LEX_OK) {
        lex_plan_free(ids);
        ids = NULL;
    }
    *out = ids;
    return st;
}

/* The bonus of the proximity query in each of the items ids picks out
   (n at most), added to all's first n (lex_rerank_with_bonus). */
static lex_status_t
add_bonus(const run_t *r, lex_plan_t *ids, lex_ranked_t *all, size_t n)
{
    lex_planned_t near = {NULL, NULL};
    near.plan = lex_plan_join(LEX_P_FILTER,
                              lex_plan_share(r->plans.proximity.plan), ids);
    lex_status_t st =
        near.plan ? r->s->prepare(r->s->ctx, near.plan, &near.xq) : LEX_ENOMEM;
    lex_matches_t *m = NULL;
    if (st == LEX_OK)
        st = fetch(r, near.xq, LEX_BY_RELEVANCE, 0, n, 0, &m);
    size_t k = st == LEX_OK ? m->n : 0;
    unsigned *docids = malloc((k ? k : 1) * sizeof *docids);
    double *bonus = malloc((k ? k : 1) * sizeof *bonus);
    if (st == LEX_OK && (!docids || !bonus))
        st = LEX_ENOMEM;
    for (size_t i = 0; st == LEX_OK && i < k; i++) {
        lex_ranked_t b = m->ranked[i];
        docids[i] = b.docid;
        bonus[i] = b.weight;
    }
    if (st == LEX_OK && k)
        lex_rerank_with_bonus(all, n, docids, bonus, k, all[0].weight,
                              all[0].percent);
    free(docids);
    free(bonus);
    r->s->free_matches(m);
    r->s->release(near.xq);
    lex_plan_free(near.plan);
    return st;
}

/*
 * Ranks the first LEX_RERANK_WINDOW candidates (a recall-first query's
 * matches in relevance order, without the proximity bonus) again with
 * the bonus added; the rest keep their place; the page is then hits
 * offset .. offset + limit - 1 of them.  Weighing proximity for every
 * match read the positions of every item with two of the words (half
 * the time of such a query at a million items); past the window it
 * would only reorder hits nobody pages to.
 */
static lex_status_t
proximity_rerank(run_t *r)
{
    lex_ranked_t *all = as_ranked(r);
    if (!all)
        return LEX_ENOMEM;
    size_t n = r->n_top < LEX_RERANK_WINDOW ? r->n_top : LEX_RERANK_WINDOW;
    lex_plan_t *ids = NULL;
    lex_status_t st = LEX_OK;
    if (r->n_top > 0) /* n too, then */
        st = candidate_ids(r, n, &ids);
    if (st == LEX_OK && ids)
        st = add_bonus(r, ids, all, n);
    size_t from = r->q->offset < r->n_top ? r->q->offset : r->n_top;
    size_t to = from + r->q->limit < r->n_top ? from + r->q->limit : r->n_top;
    memmove(all, all + from, (to - from) * sizeof *all);
    r->page = all;
    r->n_page = to - from;
    return st;
}

/*
 * The page of hits under a sort by date or order value: Xapian's sort
 * of the query with its positional ORs weighed one kid at a time
 * (lex_plan_maybe_one_by_one), as the proximity bonus there is such an
 * OR: searched as it is, an item could take a weight from an item after
 * it in docid order, an order that differs between one index and its
 * shards.
 */
static lex_status_t
page_sorted(run_t *r, lex_rank_t rank, unsigned long check)
{
    lex_plan_t *plan = r->plans.query.plan;
    lex_planned_t split = {plan ? lex_plan_maybe_one_by_one(plan) : NULL, NULL};
    const lex_xquery_t *xq = r->plans.query.xq;
    lex_status_t st = plan && !split.plan ? LEX_ENOMEM : LEX_OK;
    if (st == LEX_OK && split.plan != plan) {
        st = r->s->prepare(r->s->ctx, split.plan, &split.xq);
        xq = split.xq;
    }
    if (st == LEX_OK)
        st = fetch(r, xq, rank, r->q->offset, r->q->limit, check, &r->ms);
    r->s->release(split.xq);
    lex_plan_free(split.plan);
    return st == LEX_OK ? all_candidates(r) : st;
}

/*
 * The page of hits: by the sort asked, or by relevance, paged by the
 * first tier when it can be, with the proximity bonus over the top
 * candidates.  With a bonus to weigh, the page comes from the top
 * LEX_RERANK_WINDOW candidates (at least), ranked again.
 */
static lex_status_t
make_page(run_t *r, bool relevance, lex_rank_t rank, unsigned long check)
{
    const lexdb_query_t *q = r->q;
    bool near = !lex_planned_empty(r->s, &r->plans.proximity);
    size_t offset = near ? 0 : q->offset;
    size_t limit = q->limit;
    if (near) /* the window, or as far as the page reaches */
        limit = q->offset + q->limit > LEX_RERANK_WINDOW ? q->offset + q->limit
                                                         : LEX_RERANK_WINDOW;
    lex_status_t st = LEX_OK;
    bool done = false;
    if (!relevance)
        return page_sorted(r, rank, check);
    if (!lex_planned_empty(r->s, &r->plans.first_tier))
        st = page_first_tier(r, offset, limit, &done);
    if (st == LEX_OK && !done) {
        /* a recall-first query is counted apart, not by its page */
        unsigned long page_check =
            lex_planned_empty(r->s, &r->plans.first_tier) ? check : 0;
        st = fetch_top(r, r->plans.query.xq, offset + limit + LEX_TIE_SLACK,
                       page_check);
        if (st == LEX_OK)
            st = relevance_page(r, &r->plans.query, offset, limit, page_check);
    }
    return st;
}

/* The page's hits as they are, when no bonus reranks them. */
static lex_status_t
page_as_is(run_t *r)
{
    r->page = as_ranked(r);
    r->n_page = r->n_top;
    return r->page ? LEX_OK : LEX_ENOMEM;
}

/* Adds the word of term to the words plan ctx (lex_word_fn). */
static void
add_word(void *ctx, const char *term, size_t n)
{
    lex_plan_t **words = ctx;
    *words = lex_snippet_add_term(*words, term, n);
}

/*
 * The words snippets highlight, as the match set of no items of their
 * query under counting weights: every query word counts the same, so
 * shards (whose match sets carry other term weights) pick the same
 * stretch as one index, without Xapian's background model, whose
 * term-frequency lookup for each word of each hit cost a third of a
 * rare word's query at a million items.  A group tag lends its
 * written-out words instead (which have the proximity part already).
 */
static lex_status_t
snippet_words(const run_t *r, lex_matches_t **out)
{
    const lex_searcher_t *s = r->s;
    lex_planned_t marked = {NULL, NULL}, words = {NULL, NULL};
    const lex_xquery_t *from = r->plans.written_out.xq;
    lex_status_t st = LEX_OK;
    *out = NULL;
    if (lex_planned_empty(s, &r->plans.written_out)) {
        from = r->plans.query.xq;
        if (!lex_planned_empty(s, &r->plans.proximity)) {
            marked.plan = lex_plan_join(
                LEX_P_AND_MAYBE, lex_plan_share(r->plans.query.plan),
                lex_plan_share(r->plans.proximity.plan));
            st = marked.plan ? s->prepare(s->ctx, marked.plan, &marked.xq)
                             : LEX_ENOMEM;
            from = marked.xq;
        }
    }
    words.plan = lex_plan_new(LEX_P_OR);
    if (st == LEX_OK)
        st = s->terms(s->ctx, from, add_word, &words.plan);
    if (st == LEX_OK)
        st =
            words.plan ? s->prepare(s->ctx, words.plan, &words.xq) : LEX_ENOMEM;
    if (st == LEX_OK)
        st = fetch(r, words.xq, LEX_BY_COUNT, 0, 0, 0, out);
    s->release(words.xq);
    s->release(marked.xq);
    lex_plan_free(words.plan);
    lex_plan_free(marked.plan);
    return st;
}

/* Fills hit number rank (from 1) from candidate c, ranked as k, from its
   stored record (hit_record.h), with its snippet and headline marks. */
static lex_status_t
fill_hit(const run_t *r, const lex_matches_t *words, size_t c,
         const lex_ranked_t *k, unsigned rank, lexdb_hit_t *h, lex_err_t *err)
{
    lex_buf_t data = LEX_BUF_INIT;
    lex_status_t st = r->s->record(r->s->ctx, r->ms, c, &data);
    if (st == LEX_OK && lex_buf_failed(&data))
        st = LEX_ENOMEM;
    lex_err_t derr;
    if (st == LEX_OK)
        st = lex_hit_from_record(h, data.data ? data.data : "", data.len, rank,
                                 k->weight, k->percent, &derr);
    lex_buf_free(&data);
    if (st != LEX_OK && st != LEX_ENOMEM && st != LEX_EINDEX)
        return lex_err_set(err, LEX_EIO, "item %u: %s", r->ms->ranked[c].docid,
                           derr.msg);
    if (st != LEX_OK)
        return st;
    size_t length = r->q->snippet_chars ? r->q->snippet_chars : 200;
    st = r->s->highlight(r->s->ctx, words, h->item->body ? h->item->body : "",
                         length, &h->snippet, &h->spans, &h->n_spans);
    const char *head = h->item->headline ? h->item->headline : "";
    char *plain = NULL; /* the same text as the headline, unmarked */
    if (st == LEX_OK)
        st = r->s->highlight(r->s->ctx, words, head, strlen(head) + 1, &plain,
                             &h->headline_spans, &h->n_headline_spans);
    free(plain);
    return st;
}

/* The page's hits into out, numbered from q->offset + 1. */
static lex_status_t
fill_hits(const run_t *r, lexdb_hits_t *out, lex_err_t *err)
{
    lex_matches_t *words = NULL;
    lex_status_t st = LEX_OK;
    if (r->ms->n)
        st = snippet_words(r, &words);
    for (size_t i = 0; st == LEX_OK && i < r->n_page; i++) {
        lexdb_hit_t *hit = lex_hits_add(out);
        if (!hit)
            st = LEX_ENOMEM;
        else
            st = fill_hit(r, words, r->top[r->page[i].match], &r->page[i],
                          r->q->offset + (unsigned)i + 1, hit, err);
    }
    r->s->free_matches(words);
    return st;
}

/*
 * The totals: every page of a recall-first query gives one total,
 * whichever tier it was paged by, so it is counted apart; and the items
 * with every word.
 */
static lex_status_t
count_totals(const run_t *r, unsigned long check, lexdb_hits_t *out)
{
    lex_status_t st = LEX_OK;
    if (lex_planned_empty(r->s, &r->plans.first_tier))
        out->total = r->counted ? r->total : r->ms->estimated;
    else
        st = count_matches(r, r->plans.query.xq, check, &out->total);
    if (st == LEX_OK && !lex_planned_empty(r->s, &r->plans.all_words)) {
        unsigned long n = 0;
        st = count_matches(r, r->plans.all_words.xq, LEX_COUNT_EXACTLY, &n);
        out->all_words = (long)n;
    }
    return st;
}

/*
 * How the hits are sorted: with no query (nor --like) there is nothing
 * to rank by, so newest first; by date, ties by relevance, but by the
 * order value alone when there is no relevance and the index has order
 * values (older indexes keep the docid order).  Ties go by date and item
 * hash (the order value), not by docid: the docids of shards interleave,
 * so this keeps a sharded index's order that of one index.
 */
static lex_rank_t
rank_of(const lexdb_query_t *q, const char *text, bool ordered,
        lexdb_query_t *sorted)
{
    *sorted = *q;
    if (q->sort == LEXDB_SORT_RELEVANCE && !*text && !q->like)
        sorted->sort = LEXDB_SORT_NEWEST;
    if (sorted->sort == LEXDB_SORT_RELEVANCE)
        return LEX_BY_RELEVANCE;
    return ordered && !*text && !q->like ? LEX_BY_ORDER
                                         : LEX_BY_DATE_THEN_RELEVANCE;
}

/* Searches for text as q says into out; *correction (when given) gets
   the respelled query, NULL for none. */
static lex_status_t
run_query(const lex_searcher_t *s, const lexdb_query_t *q, const char *text,
          lexdb_hits_t *out, char **correction, lex_err_t *err)
{
    lexdb_query_t sorted;
    bool ordered = false;
    lex_status_t st = s->ordered(s->ctx, &ordered);
    if (st != LEX_OK)
        return st;
    lex_rank_t rank = rank_of(q, text, ordered, &sorted);
    bool relevance = rank == LEX_BY_RELEVANCE;
    run_t r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.q = &sorted;
    /* under relevance, proximity is weighed over the top hits only */
    st = lex_search_plan(s, q, text, relevance && ordered, correction != NULL,
                         &r.plans, err);
    /* matches counted exactly (all of them for facets), so that "about
       N" is N for all but the broadest queries */
    unsigned long check = LEX_COUNT_EXACTLY;
    if (st == LEX_OK && q->facets)
        st = s->items(s->ctx, &check);
    if (st == LEX_OK)
        st = make_page(&r, relevance, rank, check);
    if (st == LEX_OK)
        st = lex_planned_empty(s, &r.plans.proximity) ? page_as_is(&r)
                                                      : proximity_rerank(&r);
    if (st == LEX_OK)
        st = count_totals(&r, check, out);
    if (st == LEX_OK)
        st = fill_hits(&r, out, err);
    if (st == LEX_OK && q->facets)
        st = s->facets(s->ctx, r.plans.query.xq, out);
    if (correction) {
        *correction = r.plans.correction;
        r.plans.correction = NULL;
    }
    lex_search_plans_free(s, &r.plans);
    s->free_matches(r.ms);
    free(r.top);
    free(r.page);
    return st;
}

lex_status_t
lex_search(const lex_searcher_t *s, const lexdb_query_t *q, lexdb_hits_t *out,
           lex_err_t *err)
{
    const char *text = q->query ? q->query : "";
    char *correction = NULL;
    lex_status_t st = run_query(s, q, text, out, &correction, err);
    bool retry = false;
    if (st == LEX_OK &&
        !lex_hits_settle_typed(out, correction ? correction : "", s->remote,
                               s->n_remote,
                               s->n_remote && lex_search_has_wildcard(text),
                               q->exact, !*text, &retry))
        st = LEX_ENOMEM;
    lexdb_hits_t *corrected = NULL;
    if (st == LEX_OK && retry && !(corrected = lex_hits_new()))
        st = LEX_ENOMEM;
    if (st == LEX_OK && retry)
        st = run_query(s, q, correction, corrected, NULL, err);
    if (st == LEX_OK && retry)
        lex_hits_prefer_corrected(out, corrected);
    lexdb_hits_free(corrected);
    free(correction);
    return st;
}
