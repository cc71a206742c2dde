/*
 * query_cjk.c - the plan of a Chinese word: its n-grams, and the rule
 * for long runs.
 *
 * See query_cjk.h.  A word's characters are found once (their byte
 * offsets); an n-gram is a span of the word's bytes, one character or
 * two neighbours.  A long run's distinct n-grams are found with an
 * open-addressing hash set of spans, so that the work is linear in the
 * run's length, and the index is asked about each distinct n-gram at
 * most once, stopping at the first it does not have.
 */
#include "query_cjk.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "utf8.h"

/* One n-gram of a word: bytes [off, off + len) of it; freq is the
   number of items holding it, once asked. */
typedef struct {
    size_t off, len;
    unsigned long freq;
} gram_t;

bool
lex_is_ideograph(unsigned cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2A6DF);
}

/*
 * Stores in *at (malloc'd) the byte offset of each character of s and,
 * last, n; *chars gets their number.  LEX_OK with *chars 0 when s holds
 * anything but ideographs or invalid UTF-8; LEX_ENOMEM.
 */
static lex_status_t
characters(const char *s, size_t n, size_t **at, size_t *chars)
{
    *at = NULL;
    *chars = 0;
    size_t *offs = malloc((n + 1) * sizeof *offs), count = 0, i = 0;
    if (!offs)
        return LEX_ENOMEM;
    while (i < n) {
        unsigned cp;
        size_t len = lex_utf8_decode(s + i, n - i, &cp);
        if (len == 0 || !lex_is_ideograph(cp)) {
            free(offs);
            return LEX_OK;
        }
        offs[count++] = i;
        i += len;
    }
    offs[count] = n;
    *at = offs;
    *chars = count;
    return LEX_OK;
}

/* A term of s from at[from] to at[to] added to and (see lex_plan_add). */
static lex_plan_t *
add_term(lex_plan_t *and, const char *s, size_t from, size_t to)
{
    return lex_plan_add(and, lex_plan_term(s + from, to - from));
}

/*
 * The plan Xapian's parser makes of the word: character, pair,
 * character, pair..., all required; one character is its term alone.
 */
static lex_plan_t *
exact_plan(const char *s, const size_t *at, size_t chars)
{
    if (chars == 1)
        return lex_plan_term(s, at[1]);
    lex_plan_t *and = lex_plan_new(LEX_P_AND);
    for (size_t i = 0; i < chars; i++) {
        and = add_term(and, s, at[i], at[i + 1]);
        if (i + 1 < chars)
            and = add_term(and, s, at[i], at[i + 2]);
    }
    return and;
}

/*
 * The distinct n-grams of the word, in the order of their first
 * appearance (character, pair, character, pair...), into *out
 * (malloc'd), their number in *count.  LEX_ENOMEM.
 */
static lex_status_t
distinct_grams(const char *s, const size_t *at, size_t chars, gram_t **out,
               size_t *count)
{
    size_t cap = 1;
    while (cap < 4 * chars)
        cap <<= 1;
    size_t *slots = calloc(cap, sizeof *slots); /* index + 1; 0: empty */
    gram_t *grams = malloc(2 * chars * sizeof *grams);
    if (!slots || !grams) {
        free(slots);
        free(grams);
        return LEX_ENOMEM;
    }
    size_t n = 0;
    for (size_t k = 0; k < 2 * chars - 1; k++) {
        size_t off = at[k / 2], len = at[k / 2 + 1 + k % 2] - off;
        size_t h = (size_t)lex_hash64(s + off, len) & (cap - 1);
        while (slots[h] &&
               !(grams[slots[h] - 1].len == len &&
                 memcmp(s + grams[slots[h] - 1].off, s + off, len) == 0))
            h = (h + 1) & (cap - 1);
        if (slots[h])
            continue;
        grams[n] = (gram_t){off, len, 0};
        slots[h] = ++n;
    }
    free(slots);
    *out = grams;
    *count = n;
    return LEX_OK;
}

/* Orders n-grams by their place in the word (character before pair). */
static int
by_place(const void *a, const void *b)
{
    const gram_t *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len ? 1 : 0;
}

/* Orders n-grams by how many items hold them, then by their place. */
static int
by_rarity(const void *a, const void *b)
{
    const gram_t *x = a, *y = b;
    if (x->freq != y->freq)
        return x->freq < y->freq ? -1 : 1;
    return by_place(a, b);
}

/*
 * The plan of a long run (query_cjk.h): nothing when the index lacks
 * one of its distinct n-grams, else the AND of the rarest
 * LEX_CJK_LONG_KEEP of them in the word's order (all of them when
 * freq is NULL).
 */
static lex_status_t
long_plan(const char *s, const size_t *at, size_t chars, lex_term_freq_fn freq,
          void *ctx, lex_plan_t **out)
{
    gram_t *grams;
    size_t n;
    if (distinct_grams(s, at, chars, &grams, &n) != LEX_OK)
        return LEX_ENOMEM;
    if (freq) {
        for (size_t i = 0; i < n; i++) {
            grams[i].freq = freq(ctx, s + grams[i].off, grams[i].len);
            if (grams[i].freq == 0) {
                free(grams);
                *out = lex_plan_new(LEX_P_NOTHING);
                return *out ? LEX_OK : LEX_ENOMEM;
            }
        }
        if (n > LEX_CJK_LONG_KEEP) {
            qsort(grams, n, sizeof *grams, by_rarity);
            n = LEX_CJK_LONG_KEEP;
            qsort(grams, n, sizeof *grams, by_place);
        }
    }
    lex_plan_t *p = n == 1 ? NULL : lex_plan_new(LEX_P_AND);
    for (size_t i = 0; i < n; i++) {
        lex_plan_t *t = lex_plan_term(s + grams[i].off, grams[i].len);
        p = n == 1 ? t : lex_plan_add(p, t);
    }
    free(grams);
    *out = p;
    return p ? LEX_OK : LEX_ENOMEM;
}

lex_status_t
lex_cjk_plan(const char *s, size_t n, lex_term_freq_fn freq, void *ctx,
             lex_plan_t **out)
{
    size_t *at, chars;
    *out = NULL;
    if (characters(s, n, &at, &chars) != LEX_OK)
        return LEX_ENOMEM;
    if (chars == 0) {
        free(at); /* NULL unless s is empty */
        return LEX_OK;
    }
    lex_status_t st = LEX_OK;
    if (chars > LEX_CJK_LONG_RUN)
        st = long_plan(s, at, chars, freq, ctx, out);
    else if (!(*out = exact_plan(s, at, chars)))
        st = LEX_ENOMEM;
    free(at);
    return st;
}
