/*
 * search_plan.c - the queries of one search (see search.h): the user's
 * words lowered into plans, with --like, the filters and --new around
 * them, the recall-first tier, the written-out groups and the proximity
 * bonus, each prepared as the shim's Xapian query.
 */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "indexmeta.h"
#include "query_tree.h"
#include "topics.h"

/* Metadata values of the shards, as tagged_with and last_run read them. */
typedef struct {
    const char *fingerprint; /* tagged_with: what each must be */
    bool all;                /* tagged_with: each was */
    size_t n;                /* last_run: values seen */
    unsigned long greatest;  /* last_run: of the numbers */
    lex_buf_t *first;        /* last_run: the first value, as recorded */
} shard_values_t;

/* Notes one shard's value v[0..n) in ctx, a shard_values_t. */
static void
note_shard_value(void *ctx, const char *v, size_t n)
{
    shard_values_t *sv = ctx;
    if (sv->fingerprint)
        sv->all = sv->all && n == strlen(sv->fingerprint) &&
                  !memcmp(v, sv->fingerprint, n);
    if (sv->first && sv->n++ == 0)
        lex_buf_append(sv->first, v, n);
    char number[32];
    snprintf(number, sizeof number, "%.*s", (int)(n < 31 ? n : 31), v);
    unsigned long run = strtoul(number, NULL, 10);
    if (run > sv->greatest)
        sv->greatest = run;
}

/*
 * Whether every item was tagged with th's groups (topics.h): each shard
 * records th's fingerprint, so that a query may read a group's term.  A
 * shard updated with another thesaurus would number the groups
 * differently.
 */
static lex_status_t
tagged_with(const lex_searcher_t *s, const lex_thesaurus_t *th, bool *out)
{
    *out = false;
    if (!th)
        return LEX_OK;
    char fingerprint[LEX_TOPICS_ID_SIZE];
    lex_topics_fingerprint(th, fingerprint);
    shard_values_t sv = {fingerprint, true, 0, 0, NULL};
    lex_status_t st =
        s->metadata(s->ctx, LEX_META_TOPICS, note_shard_value, &sv);
    *out = st == LEX_OK && sv.all;
    return st;
}

/* Appends the number of the last lexindex run to out: as recorded, or
   over shards the greatest of theirs. */
static lex_status_t
last_run(const lex_searcher_t *s, lex_buf_t *out)
{
    lex_buf_t first = LEX_BUF_INIT;
    shard_values_t sv = {NULL, true, 0, 0, &first};
    lex_status_t st =
        s->metadata(s->ctx, LEX_META_LAST_RUN, note_shard_value, &sv);
    if (st == LEX_OK && sv.n == 1)
        lex_buf_append(out, first.data ? first.data : "", first.len);
    else if (st == LEX_OK)
        lex_buf_printf(out, "%lu", sv.greatest);
    if (lex_buf_failed(&first))
        out->failed = true;
    lex_buf_free(&first);
    return st;
}

/* Prepares p (taken) into *out; NULL p is memory that ran out. */
static lex_status_t
prepare(const lex_searcher_t *s, lex_plan_t *p, lex_planned_t *out)
{
    out->plan = p;
    if (!p)
        return LEX_ENOMEM;
    return s->prepare(s->ctx, p, &out->xq);
}

/* Drops a prepared plan. */
static void
unprepare(const lex_searcher_t *s, lex_planned_t *p)
{
    s->release(p->xq);
    lex_plan_free(p->plan);
    p->xq = NULL;
    p->plan = NULL;
}

bool
lex_planned_empty(const lex_searcher_t *s, const lex_planned_t *p)
{
    return !p->xq || s->is_empty(p->xq);
}

/* The lowering's options: the thesaurus as stems (NULL: none), groups
   as their tags with topics, the proximity bonus apart with apart; /s
   and /p as windows below the strides of term positions. */
static lex_qlower_opts_t
options(const lex_searcher_t *s, const lex_stemmed_thesaurus_t *st, bool topics,
        bool apart)
{
    lex_qlower_opts_t o = {s->ix,
                           s->gz,
                           st,
                           topics,
                           apart,
                           LEX_SENTENCE_STRIDE / 2,
                           LEX_PARAGRAPH_STRIDE / 2};
    return o;
}

/*
 * Lowers text with the thesaurus as stems (none: --exact), groups as
 * their tags with topics, the proximity bonus apart with apart.
 */
static lex_status_t
lower(const lex_searcher_t *s, const char *text,
      const lex_stemmed_thesaurus_t *st, bool topics, bool apart,
      lex_qlowered_t *low, lex_err_t *err)
{
    lex_qlower_opts_t o = options(s, st, topics, apart);
    return lex_query_lower(text, strlen(text), &o, low, err);
}

/* p restricted to the items of filter (a plan, shared) when there is
   one; takes p. */
static lex_plan_t *
filtered(lex_plan_t *p, lex_plan_t *filter)
{
    if (!filter)
        return p;
    return lex_plan_join(LEX_P_FILTER, p, lex_plan_share(filter));
}

/*
 * The filter of q: its conditions (--since, --section...) as a query
 * searched exactly, and the items of the last run (--new); *out NULL
 * when there is none.
 */
static lex_status_t
filter_plan(const lex_searcher_t *s, const lexdb_query_t *q, lex_plan_t **out,
            lex_err_t *err)
{
    lex_plan_t *f = NULL;
    lex_status_t st = LEX_OK;
    *out = NULL;
    if (q->filter && *q->filter) {
        lex_qlowered_t low;
        st = lower(s, q->filter, NULL, false, false, &low, err);
        if (st == LEX_OK) {
            f = low.query;
            low.query = NULL;
        }
        lex_qlowered_free(&low);
        if (st != LEX_OK)
            return st;
        if (!f)
            return LEX_ENOMEM;
    }
    if (q->new_only) {
        lex_buf_t run = LEX_BUF_INIT;
        lex_buf_puts(&run, LEX_PREFIX_RUN);
        st = last_run(s, &run);
        lex_plan_t *term =
            lex_buf_failed(&run) ? NULL : lex_plan_term(run.data, run.len);
        lex_buf_free(&run);
        f = f ? lex_plan_join(LEX_P_FILTER, f, term) : term;
        if (st == LEX_OK && !f)
            st = LEX_ENOMEM;
    }
    *out = f;
    return st;
}

/* p ranked up by similar (--like's items) when there is one; takes p. */
static lex_plan_t *
with_similar(lex_plan_t *p, lex_plan_t *similar)
{
    if (!similar)
        return p;
    return lex_plan_join(LEX_P_AND_MAYBE, p, lex_plan_share(similar));
}

/*
 * The first tier of a recall-first query: the query as it is, with the
 * items that match every word required instead of boosted (its root is
 * (AND_MAYBE rest (FILTER boost all-words))).  Its matches are exactly
 * those items, with the weights the whole query gives them, and its
 * (FILTER X X) are X (lex_plan_without_self_filters): Xapian ran the
 * words' OR twice for the same items; and the phrases in it that the
 * boost requires (every item of the tier has them) are the AND of their
 * terms (lex_plan_unpositioned): their positions are read once, in the
 * boost, not once per copy.  Only here: the first tier's items
 * are fetched, not counted, while the filter halves Xapian's estimate of
 * the query's matches, which the totals and the spelling retry read
 * (lex_hits_prefer_corrected).  NULL when query is not of that shape.
 */
static lex_plan_t *
first_tier_of(lex_plan_t *query)
{
    if (query->kind != LEX_P_AND_MAYBE || query->n_kids != 2)
        return NULL;
    lex_plan_t *rest = lex_plan_without_self_filters(query->kids[0]);
    lex_plan_t *unpositioned =
        rest ? lex_plan_unpositioned(rest, query->kids[1]) : NULL;
    lex_plan_free(rest);
    return lex_plan_join(LEX_P_AND, unpositioned,
                         lex_plan_share(query->kids[1]));
}

/* The user's query respelled into *out (NULL: nothing to respell). */
static lex_status_t
correction_of(const lex_searcher_t *s, const char *text,
              const lex_stemmed_thesaurus_t *st, char **out)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_correction(text, strlen(text), st, s->gz, s->ix, &b);
    if (lex_buf_failed(&b) || !b.len) {
        bool failed = lex_buf_failed(&b);
        lex_buf_free(&b);
        return failed ? LEX_ENOMEM : LEX_OK;
    }
    *out = lex_buf_steal(&b);
    return *out ? LEX_OK : LEX_ENOMEM;
}

/*
 * The words' plans of text into out: the query, the items with every
 * word, the proximity bonus apart, the written-out groups, the
 * correction; *similar and *filter around them after.
 */
static lex_status_t
words_plans(const lex_searcher_t *s, const lexdb_query_t *q, const char *text,
            bool apart, bool correct, lex_search_plans_t *out, lex_err_t *err)
{
    const lex_stemmed_thesaurus_t *st = NULL;
    bool tagged = false;
    lex_status_t r = tagged_with(s, q->thesaurus, &tagged);
    if (r == LEX_OK && !q->exact)
        r = s->stemmed(s->ctx, q->thesaurus, &st);
    bool topics = q->thesaurus && !q->exact && tagged;
    lex_qlowered_t low;
    if (r == LEX_OK)
        r = lower(s, text, st, topics, apart, &low, err);
    else
        return r;
    if (r == LEX_OK) {
        out->query.plan = low.query;
        out->all_words.plan = low.all_words;
        out->proximity.plan = low.proximity;
        out->written_out.plan = low.written_out;
        low.query = low.all_words = low.proximity = low.written_out = NULL;
    }
    lex_qlowered_free(&low);
    if (r == LEX_OK && correct && !q->exact)
        r = correction_of(s, text, st, &out->correction);
    return r;
}

/*
 * The items like item id (--like), prepared into *out: the words that
 * best tell it from the rest, the item itself left out.  LEX_EPARSE for
 * an id of no item.
 */
static lex_status_t
like_plan(const lex_searcher_t *s, const char *id, lex_planned_t *out,
          lex_err_t *err)
{
    char qterm[LEX_ID_TERM_SIZE];
    lex_plan_t *words = NULL;
    lex_status_t r = lex_item_id_term_of_id(id, qterm)
                         ? s->like(s->ctx, qterm, &words)
                         : LEX_OK;
    if (r == LEX_OK && !words)
        return lex_err_set(err, LEX_EPARSE,
                           "--like: no item '%s' in the index (use an id "
                           "from --format json)",
                           id);
    if (r != LEX_OK) {
        lex_plan_free(words);
        return r;
    }
    return prepare(s,
                   lex_plan_join(LEX_P_AND_NOT, words,
                                 lex_plan_term(qterm, strlen(qterm))),
                   out);
}

/*
 * Prepares the words' plans of out, with similar (--like's items,
 * ranked up) and filter around the query, filter around the items with
 * every word, and both around the first tier taken from the query.
 */
static lex_status_t
around_words(const lex_searcher_t *s, lex_search_plans_t *out,
             lex_plan_t *similar, lex_plan_t *filter)
{
    lex_plan_t *query = out->query.plan;
    lex_plan_t *all = out->all_words.plan;
    out->all_words.plan = NULL;
    lex_status_t r = prepare(s, query, &out->query);
    if (r == LEX_OK && all)
        r = prepare(s, lex_plan_share(all), &out->all_words);
    if (r == LEX_OK && !lex_planned_empty(s, &out->all_words)) {
        lex_plan_t *tier =
            lex_planned_empty(s, &out->query) ? NULL : first_tier_of(query);
        if (tier)
            r = prepare(s, filtered(with_similar(tier, similar), filter),
                        &out->first_tier);
        if (r == LEX_OK && filter) {
            unprepare(s, &out->all_words);
            r = prepare(s, filtered(lex_plan_share(all), filter),
                        &out->all_words);
        }
    }
    lex_plan_free(all);
    if (r == LEX_OK && out->proximity.plan)
        r = prepare(s, out->proximity.plan, &out->proximity);
    if (r == LEX_OK && out->written_out.plan)
        r = prepare(s, out->written_out.plan, &out->written_out);
    if (r == LEX_OK && (similar || filter)) {
        lex_plan_share(query); /* kept by the new query */
        unprepare(s, &out->query);
        r = prepare(s, filtered(with_similar(query, similar), filter),
                    &out->query);
    }
    return r;
}

lex_status_t
lex_search_plan(const lex_searcher_t *s, const lexdb_query_t *q,
                const char *text, bool proximity_apart, bool correct,
                lex_search_plans_t *out, lex_err_t *err)
{
    memset(out, 0, sizeof *out);
    lex_planned_t similar = {NULL, NULL};
    lex_plan_t *filter = NULL;
    lex_status_t r = LEX_OK;
    if (q->like && *q->like) {
        r = like_plan(s, q->like, &similar, err);
        if (r == LEX_OK && lex_planned_empty(s, &similar))
            unprepare(s, &similar);
    }
    if (r == LEX_OK && *text)
        r = words_plans(s, q, text, proximity_apart, correct, out, err);
    if (r == LEX_OK)
        r = filter_plan(s, q, &filter, err);
    if (r == LEX_OK && !*text) {
        lex_plan_t *base = similar.plan ? lex_plan_share(similar.plan)
                                        : lex_plan_new(LEX_P_ALL);
        r = prepare(s, filtered(base, filter), &out->query);
    } else if (r == LEX_OK) {
        r = around_words(s, out, similar.plan, filter);
    }
    unprepare(s, &similar);
    lex_plan_free(filter);
    return r;
}

void
lex_search_plans_free(const lex_searcher_t *s, lex_search_plans_t *p)
{
    unprepare(s, &p->query);
    unprepare(s, &p->all_words);
    unprepare(s, &p->first_tier);
    unprepare(s, &p->written_out);
    unprepare(s, &p->proximity);
    free(p->correction);
    p->correction = NULL;
}

bool
lex_search_has_wildcard(const char *text)
{
    lex_query_t *tree = NULL;
    lex_err_t err;
    if (lex_query_parse(text, strlen(text), &tree, &err) != LEX_OK)
        return false; /* the search reports it */
    bool wild = lex_query_has_wildcard(tree);
    lex_query_free(tree);
    return wild;
}

/* Appends " term" to the buffer ctx (lex_word_fn). */
static void
put_term(void *ctx, const char *term, size_t n)
{
    lex_buf_putc(ctx, ' ');
    lex_buf_append(ctx, term, n);
}

/* The plan searched for q, its terms and Xapian's form, appended to
   out. */
static lex_status_t
explain_plan(const lex_searcher_t *s, const lexdb_query_t *q, lex_buf_t *out,
             lex_err_t *err)
{
    lex_search_plans_t p;
    lex_status_t r =
        lex_search_plan(s, q, q->query ? q->query : "", false, false, &p, err);
    if (r == LEX_OK) {
        lex_buf_puts(out, "plan:      ");
        lex_plan_write(p.query.plan, out);
        lex_buf_puts(out, "\nterms:    ");
        r = s->terms(s->ctx, p.query.xq, put_term, out);
    }
    if (r == LEX_OK) {
        lex_buf_puts(out, "\nxapian:    ");
        r = s->describe(s->ctx, p.query.xq, out);
        lex_buf_putc(out, '\n');
    }
    lex_search_plans_free(s, &p);
    return r;
}

lex_status_t
lex_search_explain(const lex_searcher_t *s, const lexdb_query_t *q,
                   lex_buf_t *out, lex_err_t *err)
{
    const char *text = q->query ? q->query : "";
    const lex_stemmed_thesaurus_t *st = NULL;
    bool tagged = false;
    lex_status_t r = tagged_with(s, q->thesaurus, &tagged);
    if (r == LEX_OK && !q->exact)
        r = s->stemmed(s->ctx, q->thesaurus, &st);
    if (r != LEX_OK)
        return r;
    lex_qlower_opts_t o = options(s, st, false, false);
    r = lex_query_explain(text, strlen(text), &o, q->exact,
                          q->thesaurus && tagged, out, err);
    if (r == LEX_OK)
        r = explain_plan(s, q, out, err);
    return r == LEX_OK && lex_buf_failed(out) ? LEX_ENOMEM : r;
}
