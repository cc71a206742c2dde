/*
 * query_plan.c - building, copying, freeing and printing query plans.
 *
 * See query_plan.h.  The nodes are plain heap structures; the only
 * rule worth knowing is that combinators take what they are given, NULL
 * included, so that a failed allocation anywhere in an expression comes
 * out as one NULL at its end.
 */
#include "query_plan.h"

#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "query_cjk.h"
#include "utf8.h"

lex_plan_t *
lex_plan_new(lex_pkind_t kind)
{
    lex_plan_t *p = calloc(1, sizeof *p);
    if (p)
        p->kind = kind;
    return p;
}

lex_plan_t *
lex_plan_term_at(const char *t, size_t n, unsigned wqf, unsigned pos)
{
    lex_plan_t *p = lex_plan_new(LEX_P_TERM);
    if (!p)
        return NULL;
    p->term = lex_memdup_str(t, n);
    if (!p->term) {
        free(p);
        return NULL;
    }
    p->term_len = n;
    p->wqf = wqf;
    p->pos = pos;
    return p;
}

lex_plan_t *
lex_plan_term(const char *t, size_t n)
{
    return lex_plan_term_at(t, n, 1, 0);
}

lex_plan_t *
lex_plan_wildcard(const char *prefix, size_t n)
{
    lex_plan_t *p = lex_plan_term(prefix, n);
    if (p)
        p->kind = LEX_P_WILDCARD;
    return p;
}

lex_plan_t *
lex_plan_fixed_weight(double weight)
{
    lex_plan_t *p = lex_plan_new(LEX_P_FIXED_WEIGHT);
    if (p)
        p->factor = weight;
    return p;
}

/* qsort: docids ascending. */
static int
by_docid(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* A copy of docids (n) ascending, each once, in p's node; false when
   memory ran out. */
static bool
set_docids(lex_plan_t *p, const unsigned *docids, size_t n)
{
    p->docids = malloc((n ? n : 1) * sizeof *p->docids);
    if (!p->docids)
        return false;
    if (n)
        memcpy(p->docids, docids, n * sizeof *docids);
    qsort(p->docids, n, sizeof *p->docids, by_docid);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || p->docids[i] != p->docids[k - 1])
            p->docids[k++] = p->docids[i];
    p->n_docids = k;
    return true;
}

lex_plan_t *
lex_plan_docids(const unsigned *docids, size_t n)
{
    lex_plan_t *p = lex_plan_new(LEX_P_DOCIDS);
    if (p && !set_docids(p, docids, n)) {
        free(p);
        p = NULL;
    }
    return p;
}

lex_plan_t *
lex_plan_value_range(unsigned slot, const char *lo, const char *hi)
{
    bool has_lo = lo && *lo, has_hi = hi && *hi;
    lex_plan_t *p = lex_plan_new(!has_lo   ? LEX_P_VALUE_LE
                                 : !has_hi ? LEX_P_VALUE_GE
                                           : LEX_P_VALUE_RANGE);
    if (!p)
        return NULL;
    p->slot = slot;
    if ((has_lo && !(p->lo = lex_memdup_str(lo, strlen(lo)))) ||
        (has_hi && !(p->hi = lex_memdup_str(hi, strlen(hi))))) {
        lex_plan_free(p);
        return NULL;
    }
    return p;
}

lex_plan_t *
lex_plan_add(lex_plan_t *parent, lex_plan_t *kid)
{
    if (!parent || !kid)
        goto fail;
    if (parent->n_kids == parent->kids_cap) {
        lex_plan_t **more = lex_grow(parent->kids, parent->n_kids + 1,
                                     &parent->kids_cap, sizeof *more);
        if (!more)
            goto fail;
        parent->kids = more;
    }
    parent->kids[parent->n_kids++] = kid;
    return parent;
fail:
    lex_plan_free(parent);
    lex_plan_free(kid);
    return NULL;
}

size_t
lex_plan_ascii_words(const char *text, size_t len)
{
    size_t words = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && isalnum((unsigned char)text[j]))
            j++;
        if (j == i || (j < len && text[j] != ' '))
            return 0;
        words++;
        i = j + 1;
    }
    return words;
}

lex_plan_t *
lex_plan_phrase_of(const char *text, size_t len, char sep, size_t parts,
                   lex_plan_word_fn word, void *ctx)
{
    lex_plan_t *p = lex_plan_new(LEX_P_PHRASE);
    if (p)
        p->window = (unsigned)parts;
    for (size_t i = 0; i < len && p;) {
        size_t j = i;
        while (j < len && text[j] != sep)
            j++;
        p = lex_plan_add(p, word(ctx, text + i, j - i));
        i = j + 1;
    }
    return p;
}

lex_plan_t *
lex_plan_join(lex_pkind_t kind, lex_plan_t *a, lex_plan_t *b)
{
    lex_plan_t *p = a && b ? lex_plan_new(kind) : NULL;
    if (!p) {
        lex_plan_free(a);
        lex_plan_free(b);
        return NULL;
    }
    p = lex_plan_add(p, a);
    if (!p) {
        lex_plan_free(b);
        return NULL;
    }
    return lex_plan_add(p, b);
}

lex_plan_t *
lex_plan_scale(lex_plan_t *kid, double factor)
{
    lex_plan_t *p =
        lex_plan_add(kid ? lex_plan_new(LEX_P_SCALE_WEIGHT) : NULL, kid);
    if (p)
        p->factor = factor;
    return p;
}

lex_plan_t *
lex_plan_copy_node(const lex_plan_t *p)
{
    lex_plan_t *c = lex_plan_new(p->kind);
    if (!c)
        return NULL;
    c->term_len = p->term_len;
    c->wqf = p->wqf;
    c->pos = p->pos;
    c->slot = p->slot;
    c->window = p->window;
    c->factor = p->factor;
    if ((p->term && !(c->term = lex_memdup_str(p->term, p->term_len))) ||
        (p->lo && !(c->lo = lex_memdup_str(p->lo, strlen(p->lo)))) ||
        (p->hi && !(c->hi = lex_memdup_str(p->hi, strlen(p->hi)))) ||
        (p->docids && !set_docids(c, p->docids, p->n_docids))) {
        lex_plan_free(c);
        return NULL;
    }
    return c;
}

lex_plan_t *
lex_plan_copy(const lex_plan_t *p)
{
    if (!p)
        return NULL;
    lex_plan_t *c = lex_plan_copy_node(p);
    for (size_t i = 0; c && i < p->n_kids; i++)
        c = lex_plan_add(c, lex_plan_copy(p->kids[i]));
    return c;
}

lex_plan_t *
lex_plan_share(lex_plan_t *p)
{
    if (p)
        p->shares++;
    return p;
}

/* True when the optional strings a and b are both NULL or equal. */
static bool
same_string(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

bool
lex_plan_same(const lex_plan_t *a, const lex_plan_t *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind || a->term_len != b->term_len ||
        a->wqf != b->wqf || a->pos != b->pos || a->slot != b->slot ||
        a->window != b->window || a->factor != b->factor ||
        a->n_kids != b->n_kids || a->n_docids != b->n_docids ||
        !same_string(a->lo, b->lo) || !same_string(a->hi, b->hi) ||
        (a->term_len && memcmp(a->term, b->term, a->term_len) != 0) ||
        (a->n_docids &&
         memcmp(a->docids, b->docids, a->n_docids * sizeof *a->docids) != 0))
        return false;
    for (size_t i = 0; i < a->n_kids; i++)
        if (!lex_plan_same(a->kids[i], b->kids[i]))
            return false;
    return true;
}

bool
lex_plan_is_nothing(const lex_plan_t *p)
{
    return p && p->kind == LEX_P_NOTHING;
}

void
lex_plan_free(lex_plan_t *p)
{
    if (!p)
        return;
    if (p->shares) {
        p->shares--;
        return;
    }
    for (size_t i = 0; i < p->n_kids; i++)
        lex_plan_free(p->kids[i]);
    free(p->kids);
    free(p->term);
    free(p->lo);
    free(p->hi);
    free(p->docids);
    free(p);
}

bool
lex_plan_has_fixed_weight(const lex_plan_t *p)
{
    if (p->kind == LEX_P_FIXED_WEIGHT)
        return true;
    for (size_t i = 0; i < p->n_kids; i++)
        if (lex_plan_has_fixed_weight(p->kids[i]))
            return true;
    return false;
}

/* A rewrite of a plan node (taken as shared), given ctx. */
typedef lex_plan_t *(*rewrite_fn)(lex_plan_t *p, const lex_plan_t *ctx);

/*
 * p with each kid rewritten by fn: p shared when no kid changed, else a
 * new node like p over the new kids (the untouched ones shared).  NULL
 * when memory ran out.
 */
static lex_plan_t *
with_kids_rewritten(lex_plan_t *p, rewrite_fn fn, const lex_plan_t *ctx)
{
    lex_plan_t **kids = malloc((p->n_kids ? p->n_kids : 1) * sizeof *kids);
    bool changed = false, failed = !kids;
    for (size_t i = 0; !failed && i < p->n_kids; i++) {
        kids[i] = fn(p->kids[i], ctx);
        failed = !kids[i];
        changed = changed || kids[i] != p->kids[i];
        if (failed)
            while (i > 0)
                lex_plan_free(kids[--i]);
    }
    lex_plan_t *out = NULL;
    if (!failed && !changed) {
        for (size_t i = 0; i < p->n_kids; i++)
            lex_plan_free(kids[i]); /* each was p's kid, shared */
        out = lex_plan_share(p);
    } else if (!failed) {
        out = lex_plan_copy_node(p);
        for (size_t i = 0; i < p->n_kids; i++)
            out = lex_plan_add(out, kids[i]);
    }
    free(kids);
    return out;
}

/* True when a is b with CLAUSE_COUNT_BOOST's fixed weight added:
   (AND b (FIXED w)), which matches the items b matches. */
static bool
counted_as(const lex_plan_t *a, const lex_plan_t *b)
{
    return a->kind == LEX_P_AND && a->n_kids == 2 &&
           a->kids[1]->kind == LEX_P_FIXED_WEIGHT &&
           lex_plan_same(a->kids[0], b);
}

/* True when a matches the items b matches: the same plan, counted_as
   it, or an OR of b's kids each as it is or counted_as it. */
static bool
matches_as(const lex_plan_t *a, const lex_plan_t *b)
{
    if (lex_plan_same(a, b) || counted_as(a, b))
        return true;
    if (a->kind != LEX_P_OR || b->kind != LEX_P_OR || a->n_kids != b->n_kids)
        return false;
    for (size_t i = 0; i < a->n_kids; i++)
        if (!lex_plan_same(a->kids[i], b->kids[i]) &&
            !counted_as(a->kids[i], b->kids[i]))
            return false;
    return true;
}

/* lex_plan_without_self_filters as a rewrite_fn (ctx unused). */
static lex_plan_t *
without_self_filters(lex_plan_t *p, const lex_plan_t *unused)
{
    if (p->kind == LEX_P_FILTER && p->n_kids == 2 &&
        matches_as(p->kids[0], p->kids[1]) &&
        !lex_plan_has_fixed_weight(p->kids[1]))
        return without_self_filters(p->kids[0], unused);
    return with_kids_rewritten(p, without_self_filters, unused);
}

lex_plan_t *
lex_plan_without_self_filters(lex_plan_t *p)
{
    return without_self_filters(p, NULL);
}

/* The kids of an AND being gathered by lex_plan_matching. */
typedef struct {
    lex_plan_t **v;
    size_t n, cap;
    unsigned *pairs; /* the characters of the kids that are CJK pairs */
    size_t n_pairs, cap_pairs;
} and_kids_t;

/* Frees the kids k gathered and its arrays. */
static void
and_kids_free(and_kids_t *k)
{
    for (size_t i = 0; i < k->n; i++)
        lex_plan_free(k->v[i]);
    free(k->v);
    free(k->pairs);
}

/* The number of characters of the term t (n bytes) when they are all
   ideographs, each into cps (room for two); 0 when t is longer than two
   characters or holds anything else. */
static size_t
ideographs(const char *t, size_t n, unsigned *cps)
{
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        size_t len = count < 2 ? lex_utf8_decode(t + i, n - i, &cps[count]) : 0;
        if (len == 0 || !lex_is_ideograph(cps[count]))
            return 0;
        i += len;
    }
    return count;
}

bool
lex_plan_pair_holds(const lex_plan_t *pair, const lex_plan_t *one)
{
    unsigned p[2], c[2];
    return pair->kind == LEX_P_TERM && one->kind == LEX_P_TERM &&
           ideographs(one->term, one->term_len, c) == 1 &&
           ideographs(pair->term, pair->term_len, p) == 2 &&
           (p[0] == c[0] || p[1] == c[0]);
}

/* Notes the two characters of the kid p of k when it is a CJK pair
   term; false when memory ran out. */
static bool
note_pair(and_kids_t *k, const lex_plan_t *p)
{
    unsigned cps[2];
    if (p->kind != LEX_P_TERM || ideographs(p->term, p->term_len, cps) != 2)
        return true;
    for (int i = 0; i < 2; i++) {
        unsigned *more =
            lex_grow(k->pairs, k->n_pairs, &k->cap_pairs, sizeof *more);
        if (!more)
            return false;
        k->pairs = more;
        k->pairs[k->n_pairs++] = cps[i];
    }
    return true;
}

static lex_plan_t *matching(lex_plan_t *p, const lex_plan_t *unused);

/* Gathers into k the kids of the AND p, those of the ANDs among them in
   their place, each made lex_plan_matching; false when memory ran out. */
static bool
gather_and(const lex_plan_t *p, and_kids_t *k)
{
    for (size_t i = 0; i < p->n_kids; i++) {
        if (p->kids[i]->kind == LEX_P_AND) {
            if (!gather_and(p->kids[i], k))
                return false;
            continue;
        }
        lex_plan_t **more = lex_grow(k->v, k->n, &k->cap, sizeof *more);
        lex_plan_t *kid = more ? matching(p->kids[i], NULL) : NULL;
        if (more)
            k->v = more;
        if (!kid || !note_pair(k, kid)) {
            lex_plan_free(kid);
            return false;
        }
        k->v[k->n++] = kid;
    }
    return true;
}

/* Orders code points (qsort, bsearch). */
static int
by_code_point(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* True when the kid p of k is a single character that a pair among k's
   kids holds, which every item with the pair has (Xapian's CJK
   n-grams). */
static bool
implied_character(const and_kids_t *k, const lex_plan_t *p)
{
    unsigned cps[2];
    return p->kind == LEX_P_TERM && k->n_pairs &&
           ideographs(p->term, p->term_len, cps) == 1 &&
           bsearch(&cps[0], k->pairs, k->n_pairs, sizeof *k->pairs,
                   by_code_point) != NULL;
}

/* The term of kid i of the kids ctx (a lex_text_of_fn). */
static const char *
kid_term(const void *ctx, uint32_t i)
{
    return ((const and_kids_t *)ctx)->v[i]->term;
}

/* True when the kid i of k matches as one before it: the same term (at
   any place or frequency in the query), noted in terms, or the same
   plan.  *failed when out of memory. */
static bool
matched_before(const and_kids_t *k, lex_table_t *terms, size_t i, bool *failed)
{
    const lex_plan_t *kid = k->v[i];
    if (kid->kind != LEX_P_TERM) {
        for (size_t j = 0; j < i; j++)
            if (k->v[j]->kind != LEX_P_TERM && lex_plan_same(k->v[j], kid))
                return true;
        return false;
    }
    if (!lex_table_reserve(terms)) {
        *failed = true;
        return false;
    }
    uint32_t *slot = lex_table_slot(terms, kid->term, kid->term_len);
    if (*slot != LEX_TABLE_EMPTY)
        return true;
    lex_table_fill(terms, slot, (uint32_t)i);
    return false;
}

/* True when kid i of k is needed: nothing before it matches alike
   (terms: the terms before it), and no pair implies it; a kid holding a
   fixed weight always is.  *failed when out of memory. */
static bool
kid_needed(const and_kids_t *k, lex_table_t *terms, size_t i, bool *failed)
{
    if (lex_plan_has_fixed_weight(k->v[i]))
        return true;
    return !implied_character(k, k->v[i]) &&
           !matched_before(k, terms, i, failed);
}

/* lex_plan_matching of the AND p. */
static lex_plan_t *
matching_and(const lex_plan_t *p)
{
    and_kids_t k = {0};
    lex_table_t terms = {0};
    bool failed =
        !gather_and(p, &k) || !lex_table_init(&terms, 4, kid_term, &k);
    if (k.n_pairs) /* none: k.pairs is NULL */
        qsort(k.pairs, k.n_pairs, sizeof *k.pairs, by_code_point);
    lex_plan_t *out = failed ? NULL : lex_plan_copy_node(p);
    size_t kept = 0, last = 0;
    for (size_t i = 0; i < k.n && out; i++)
        if (kid_needed(&k, &terms, i, &failed) && !failed) {
            out = lex_plan_add(out, lex_plan_share(k.v[i]));
            kept++;
            last = i;
        }
    if (out && (failed || kept == 1)) { /* an AND of one kid is that kid */
        lex_plan_free(out);
        out = failed ? NULL : lex_plan_share(k.v[last]);
    }
    lex_table_free(&terms);
    and_kids_free(&k);
    return out;
}

/* lex_plan_matching as a rewrite_fn (ctx unused). */
static lex_plan_t *
matching(lex_plan_t *p, const lex_plan_t *unused)
{
    switch (p->kind) {
    case LEX_P_AND:
        return matching_and(p);
    case LEX_P_OR:
    case LEX_P_AND_NOT:
    case LEX_P_XOR:
    case LEX_P_AND_MAYBE:
    case LEX_P_FILTER:
    case LEX_P_SYNONYM:
    case LEX_P_MAX:
    case LEX_P_SCALE_WEIGHT:
        return with_kids_rewritten(p, matching, unused);
    default: /* a leaf; or terms whose places (PHRASE, NEAR) or weights
                (ELITE_SET) say what matches */
        return lex_plan_share(p);
    }
}

lex_plan_t *
lex_plan_matching(lex_plan_t *p)
{
    return p ? matching(p, NULL) : NULL;
}

/* True when p is a PHRASE or NEAR of terms alone: an item it matches
   matches the AND of the terms, which weighs the same there. */
static bool
positional_terms(const lex_plan_t *p)
{
    if (p->kind != LEX_P_PHRASE && p->kind != LEX_P_NEAR)
        return false;
    for (size_t i = 0; i < p->n_kids; i++)
        if (p->kids[i]->kind != LEX_P_TERM)
            return false;
    return p->n_kids > 0;
}

/* True when every item that p matches matches x: x is p, or what a kid
   of p's AND, FILTER or SCALE_WEIGHT or the left of its AND_NOT
   requires. */
static bool
implies(const lex_plan_t *p, const lex_plan_t *x)
{
    if (lex_plan_same(p, x))
        return true;
    size_t n = 0;
    if (p->kind == LEX_P_AND || p->kind == LEX_P_FILTER ||
        p->kind == LEX_P_SCALE_WEIGHT)
        n = p->n_kids;
    else if (p->kind == LEX_P_AND_NOT && p->n_kids)
        n = 1;
    for (size_t i = 0; i < n; i++)
        if (implies(p->kids[i], x))
            return true;
    return false;
}

lex_plan_t *
lex_plan_unpositioned(lex_plan_t *p, const lex_plan_t *matched)
{
    if (!positional_terms(p) || !implies(matched, p))
        return with_kids_rewritten(p, lex_plan_unpositioned, matched);
    lex_plan_t *and_of = lex_plan_new(LEX_P_AND);
    for (size_t i = 0; i < p->n_kids && and_of; i++)
        and_of = lex_plan_add(and_of, lex_plan_share(p->kids[i]));
    return and_of;
}

/* True when p is or holds a PHRASE or NEAR. */
static bool
holds_positions(const lex_plan_t *p)
{
    if (p->kind == LEX_P_PHRASE || p->kind == LEX_P_NEAR)
        return true;
    for (size_t i = 0; i < p->n_kids; i++)
        if (holds_positions(p->kids[i]))
            return true;
    return false;
}

/* True when p is an OR holding a PHRASE or NEAR, or such an OR under
   SCALE_WEIGHTs: the right side that one_by_one splits. */
static bool
positional_or(const lex_plan_t *p)
{
    while (p->kind == LEX_P_SCALE_WEIGHT && p->n_kids == 1)
        p = p->kids[0];
    return p->kind == LEX_P_OR && holds_positions(p);
}

/* The SCALE_WEIGHTs around a piece of an OR, innermost first. */
typedef struct scales {
    double factor;
    const struct scales *outer;
} scales_t;

/*
 * Joins the pieces of p, the right side of an AND_MAYBE, to *chain
 * (taken; NULL when memory ran out) one by one, each as (AND_MAYBE
 * *chain piece): the kids of a positional OR in turn, within the
 * SCALE_WEIGHTs around them (around), any other node whole (shared).
 */
static void
join_pieces(lex_plan_t *p, const scales_t *around, lex_plan_t **chain)
{
    if (positional_or(p) && p->kind == LEX_P_SCALE_WEIGHT) {
        scales_t inner = {p->factor, around};
        join_pieces(p->kids[0], &inner, chain);
    } else if (positional_or(p)) {
        for (size_t i = 0; *chain && i < p->n_kids; i++)
            join_pieces(p->kids[i], around, chain);
    } else {
        lex_plan_t *piece = lex_plan_share(p);
        for (const scales_t *s = around; s; s = s->outer)
            piece = lex_plan_scale(piece, s->factor);
        *chain = lex_plan_join(LEX_P_AND_MAYBE, *chain, piece);
    }
}

/* lex_plan_maybe_one_by_one as a rewrite_fn (ctx unused). */
static lex_plan_t *
one_by_one(lex_plan_t *p, const lex_plan_t *unused)
{
    bool split = false;
    for (size_t i = 1; p->kind == LEX_P_AND_MAYBE && i < p->n_kids; i++)
        split = split || positional_or(p->kids[i]);
    if (!split)
        return with_kids_rewritten(p, one_by_one, unused);
    lex_plan_t *chain = one_by_one(p->kids[0], unused);
    for (size_t i = 1; chain && i < p->n_kids; i++) {
        lex_plan_t *right = one_by_one(p->kids[i], unused);
        if (!right) {
            lex_plan_free(chain);
            return NULL;
        }
        join_pieces(right, NULL, &chain);
        lex_plan_free(right);
    }
    return chain;
}

lex_plan_t *
lex_plan_maybe_one_by_one(lex_plan_t *p)
{
    return one_by_one(p, NULL);
}

const char *
lex_plan_kind_name(lex_pkind_t kind)
{
    static const char *const names[] = {
        [LEX_P_NOTHING] = "NOTHING",
        [LEX_P_ALL] = "ALL",
        [LEX_P_TERM] = "TERM",
        [LEX_P_WILDCARD] = "WILDCARD",
        [LEX_P_FIXED_WEIGHT] = "FIXED",
        [LEX_P_VALUE_RANGE] = "VALUE_RANGE",
        [LEX_P_VALUE_GE] = "VALUE_GE",
        [LEX_P_VALUE_LE] = "VALUE_LE",
        [LEX_P_DOCIDS] = "DOCIDS",
        [LEX_P_AND] = "AND",
        [LEX_P_OR] = "OR",
        [LEX_P_AND_NOT] = "AND_NOT",
        [LEX_P_XOR] = "XOR",
        [LEX_P_AND_MAYBE] = "AND_MAYBE",
        [LEX_P_FILTER] = "FILTER",
        [LEX_P_SYNONYM] = "SYNONYM",
        [LEX_P_MAX] = "MAX",
        [LEX_P_NEAR] = "NEAR",
        [LEX_P_PHRASE] = "PHRASE",
        [LEX_P_ELITE_SET] = "ELITE_SET",
        [LEX_P_SCALE_WEIGHT] = "SCALE_WEIGHT",
    };
    return (size_t)kind < sizeof names / sizeof names[0] && names[kind]
               ? names[kind]
               : "?";
}

/* s (n bytes) in double quotes, '"' and '\' escaped, and any byte below
   0x20 or 0x7f as \xNN, so that a term's every byte shows. */
static void
write_quoted(const char *s, size_t n, lex_buf_t *out)
{
    lex_buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            lex_buf_putc(out, '\\');
            lex_buf_putc(out, (char)c);
        } else if (c < 0x20 || c == 0x7f) {
            lex_buf_printf(out, "\\x%02x", c);
        } else {
            lex_buf_putc(out, (char)c);
        }
    }
    lex_buf_putc(out, '"');
}

void
lex_plan_write(const lex_plan_t *p, lex_buf_t *out)
{
    if (!p) {
        lex_buf_puts(out, "NULL");
        return;
    }
    switch (p->kind) {
    case LEX_P_NOTHING:
    case LEX_P_ALL:
        lex_buf_puts(out, lex_plan_kind_name(p->kind));
        return;
    case LEX_P_TERM:
        write_quoted(p->term, p->term_len, out);
        if (p->wqf != 1 || p->pos)
            lex_buf_printf(out, "#%u@%u", p->wqf, p->pos);
        return;
    default:
        break;
    }
    lex_buf_printf(out, "(%s", lex_plan_kind_name(p->kind));
    switch (p->kind) {
    case LEX_P_WILDCARD:
        lex_buf_putc(out, ' ');
        write_quoted(p->term, p->term_len, out);
        break;
    case LEX_P_FIXED_WEIGHT:
    case LEX_P_SCALE_WEIGHT:
        lex_buf_printf(out, " %g", p->factor);
        break;
    case LEX_P_VALUE_RANGE:
    case LEX_P_VALUE_GE:
    case LEX_P_VALUE_LE:
        lex_buf_printf(out, " %u %s %s", p->slot, p->lo ? p->lo : "*",
                       p->hi ? p->hi : "*");
        break;
    case LEX_P_DOCIDS:
        for (size_t i = 0; i < p->n_docids; i++)
            lex_buf_printf(out, " %u", p->docids[i]);
        break;
    case LEX_P_NEAR:
    case LEX_P_PHRASE:
    case LEX_P_ELITE_SET:
        if (p->window)
            lex_buf_printf(out, "/%u", p->window);
        break;
    default:
        break;
    }
    for (size_t i = 0; i < p->n_kids; i++) {
        lex_buf_putc(out, ' ');
        lex_plan_write(p->kids[i], out);
    }
    lex_buf_putc(out, ')');
}
