/*
 * hits.c - building, reading and freeing the results of a search (see
 * hits.h); the accessors of lexdb.h.
 */
#include "hits.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tsv.h"

lexdb_hits_t *
lex_hits_new(void)
{
    lexdb_hits_t *h = calloc(1, sizeof *h);
    if (h)
        h->all_words = -1;
    return h;
}

/* Releases what one hit owns. */
static void
free_hit(lexdb_hit_t *h)
{
    free(h->id);
    lex_bulletin_free(h->bulletin);
    free(h->snippet);
    free(h->spans);
    free(h->headline_spans);
}

/* Releases the values of a facet list and the list. */
static void
free_facets(lex_facets_t *f)
{
    for (size_t i = 0; i < f->n; i++)
        free((char *)f->v[i].value);
    free(f->v);
}

void
lex_hits_clear(lexdb_hits_t *h)
{
    for (size_t i = 0; i < h->n_hits; i++)
        free_hit(&h->hits[i]);
    free(h->hits);
    lex_strings_free(h->notices, h->n_notices);
    for (int k = 0; k < LEX_FACET_KINDS; k++)
        free_facets(&h->facets[k]);
    free(h->correction);
    memset(h, 0, sizeof *h);
    h->all_words = -1;
}

void
lex_hits_swap(lexdb_hits_t *a, lexdb_hits_t *b)
{
    lexdb_hits_t t = *a;
    *a = *b;
    *b = t;
}

lexdb_hit_t *
lex_hits_add(lexdb_hits_t *h)
{
    lexdb_hit_t *more =
        lex_grow(h->hits, h->n_hits, &h->cap_hits, sizeof *h->hits);
    if (!more)
        return NULL;
    h->hits = more;
    memset(&h->hits[h->n_hits], 0, sizeof *h->hits);
    return &h->hits[h->n_hits++];
}

bool
lex_hits_add_notice(lexdb_hits_t *h, size_t at, const char *text)
{
    char **more =
        lex_grow(h->notices, h->n_notices, &h->cap_notices, sizeof *h->notices);
    if (!more)
        return false;
    h->notices = more;
    char *copy = strdup(text);
    if (!copy)
        return false;
    if (at > h->n_notices)
        at = h->n_notices;
    memmove(&h->notices[at + 1], &h->notices[at],
            (h->n_notices - at) * sizeof *h->notices);
    h->notices[at] = copy;
    h->n_notices++;
    return true;
}

bool
lex_hits_set_correction(lexdb_hits_t *h, const char *text)
{
    free(h->correction);
    h->correction = text && *text ? strdup(text) : NULL;
    return !(text && *text) || h->correction;
}

bool
lex_facets_add(lex_facets_t *f, const char *value, size_t len,
               unsigned long count)
{
    lexdb_facet_t *more = lex_grow(f->v, f->n, &f->cap, sizeof *f->v);
    if (!more)
        return false;
    f->v = more;
    char *copy = lex_memdup_str(value, len);
    if (!copy)
        return false;
    f->v[f->n].value = copy;
    f->v[f->n].count = count;
    f->n++;
    return true;
}

bool
lex_facets_add_each(lex_facets_t *f, const char *joined, size_t len,
                    unsigned long count)
{
    size_t pos = 0, n;
    const char *id;
    while (lex_tsv_next(joined, len, &pos, &id, &n))
        if (n && !lex_facets_add(f, id, n, count))
            return false;
    return true;
}

/* qsort order: by value. */
static int
by_value(const void *a, const void *b)
{
    const lexdb_facet_t *x = a, *y = b;
    return strcmp(x->value, y->value);
}

void
lex_facets_merge(lex_facets_t *f)
{
    if (!f->n)
        return;
    qsort(f->v, f->n, sizeof *f->v, by_value);
    size_t kept = 0;
    for (size_t i = 1; i < f->n; i++)
        if (!strcmp(f->v[i].value, f->v[kept].value)) {
            f->v[kept].count += f->v[i].count;
            free((char *)f->v[i].value);
        } else {
            f->v[++kept] = f->v[i];
        }
    f->n = kept + 1;
    lex_facets_sort_by_count(f);
}

/* qsort order: most frequent first, then by value. */
static int
by_count(const void *a, const void *b)
{
    const lexdb_facet_t *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* qsort order: by value, last first. */
static int
by_value_desc(const void *a, const void *b)
{
    const lexdb_facet_t *x = a, *y = b;
    return strcmp(y->value, x->value);
}

void
lex_facets_sort_by_count(lex_facets_t *f)
{
    if (f->n)
        qsort(f->v, f->n, sizeof *f->v, by_count);
}

void
lex_facets_sort_by_value_desc(lex_facets_t *f)
{
    if (f->n)
        qsort(f->v, f->n, sizeof *f->v, by_value_desc);
}

/* Appends to h the notice prefix, the n names of names joined by ", ",
   and suffix; false when out of memory. */
static bool
add_naming_notice(lexdb_hits_t *h, const char *prefix, const char *const *names,
                  size_t n, const char *suffix)
{
    lex_buf_t text = LEX_BUF_INIT;
    lex_buf_puts(&text, prefix);
    for (size_t i = 0; i < n; i++) {
        lex_buf_puts(&text, i ? ", " : "");
        lex_buf_puts(&text, names[i]);
    }
    lex_buf_puts(&text, suffix);
    bool ok = !lex_buf_failed(&text) &&
              lex_hits_add_notice(h, h->n_notices, lex_buf_str(&text));
    lex_buf_free(&text);
    return ok;
}

bool
lex_hits_settle_typed(lexdb_hits_t *h, const char *correction,
                      const char *const *remote, size_t n_remote, bool wildcard,
                      bool exact, bool empty_query, bool *retry)
{
    *retry = false;
    h->typed_total = h->total;
    /* Xapian's remote backend has no spelling data, which also lists
       the words a wildcard stands for */
    if (n_remote && wildcard &&
        !add_naming_notice(h, "through remote shards (", remote, n_remote,
                           "), a word ending in '*' matches only the words "
                           "whose stem starts with it (regulat* misses "
                           "regulation, stem regul)"))
        return false;
    if (n_remote && !exact && !empty_query)
        /* what came back is from the local shards at best: say so, use
           none of it */
        return add_naming_notice(h,
                                 "spelling correction is not available "
                                 "through remote shards (",
                                 remote, n_remote,
                                 "); the query was not checked");
    if (!lex_hits_set_correction(h, correction))
        return false;
    *retry = h->correction && !exact;
    return true;
}

void
lex_hits_prefer_corrected(lexdb_hits_t *h, lexdb_hits_t *corrected)
{
    if (corrected->total <= h->total)
        return;
    unsigned long typed = h->total;
    char *correction = h->correction;
    h->correction = NULL;
    lex_hits_swap(h, corrected);
    free(h->correction);
    h->correction = correction;
    h->used_correction = true;
    h->typed_total = typed;
}

const char *
lexdb_hits_correction(const lexdb_hits_t *hits, bool *used)
{
    if (used)
        *used = hits->used_correction;
    return hits->correction;
}

size_t
lexdb_hits_facets(const lexdb_hits_t *hits, const char *kind,
                  const lexdb_facet_t **out)
{
    lex_facet_kind_t k = !strcmp(kind, "month")    ? LEX_FACET_MONTH
                         : !strcmp(kind, "agency") ? LEX_FACET_AGENCY
                         : !strcmp(kind, "law")    ? LEX_FACET_LAW
                                                   : LEX_FACET_SECTION;
    *out = hits->facets[k].n ? hits->facets[k].v : NULL;
    return hits->facets[k].n;
}

size_t
lexdb_hits_notices(const lexdb_hits_t *hits, const char *const **out)
{
    *out = hits->n_notices ? (const char *const *)hits->notices : NULL;
    return hits->n_notices;
}

unsigned long
lexdb_hits_total(const lexdb_hits_t *hits)
{
    return hits->total;
}

long
lexdb_hits_all_words(const lexdb_hits_t *hits)
{
    return hits->all_words;
}

unsigned long
lexdb_hits_typed_total(const lexdb_hits_t *hits)
{
    return hits->typed_total;
}

size_t
lexdb_hits_count(const lexdb_hits_t *hits)
{
    return hits->n_hits;
}

const lexdb_hit_t *
lexdb_hits_get(const lexdb_hits_t *hits, size_t i)
{
    return i < hits->n_hits ? &hits->hits[i] : NULL;
}

void
lexdb_hits_free(lexdb_hits_t *hits)
{
    if (!hits)
        return;
    lex_hits_clear(hits);
    free(hits);
}
