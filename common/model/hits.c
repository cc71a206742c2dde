/*
 * hits.c - building, reading and freeing the results of a search (see
 * hits.h); the accessors of lexdb.h.
 */
#include "hits.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

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
