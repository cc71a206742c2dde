/*
 * hash.c - FNV-1a, 64-bit, and the hash table of indices built on it.
 */
#include "hash.h"

#include <stdlib.h>
#include <string.h>

/* Hashes n bytes of data with FNV-1a. */
uint64_t
lex_hash64(const void *data, size_t n)
{
    return lex_hash64_more(LEX_HASH64_EMPTY, data, n);
}

/* FNV-1a, one byte at a time from h. */
uint64_t
lex_hash64_more(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Every slot empty: all bytes 0xFF is LEX_TABLE_EMPTY. */
bool
lex_table_init(lex_table_t *t, unsigned bits, lex_text_of_fn text_of,
               const void *ctx)
{
    size_t n = (size_t)1 << bits;
    *t = (lex_table_t){malloc(n * sizeof *t->slots), n - 1, 0, text_of, ctx};
    if (t->slots)
        memset(t->slots, 0xFF, n * sizeof *t->slots);
    return t->slots != NULL;
}

/* The slots are one array. */
void
lex_table_free(lex_table_t *t)
{
    free(t->slots);
    t->slots = NULL;
}

/*
 * The table's own hash of s[0..len): eight bytes a step, where FNV-1a
 * takes one (the table hashes every name of the gazetteer and thesaurus
 * at each lexsearch start); nothing stores it.
 */
static uint64_t
table_hash(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w;
    for (; len >= 8; s += 8, len -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, len);
    h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 29);
}

/* True when the stored text is the len bytes at s. */
static bool
same_text(const char *stored, const char *s, size_t len)
{
    return strncmp(stored, s, len) == 0 && stored[len] == '\0';
}

/* Linear probing from s's hash, comparing texts. */
uint32_t *
lex_table_slot(const lex_table_t *t, const char *s, size_t len)
{
    size_t h = (size_t)table_hash(s, len) & t->mask;
    while (t->slots[h] != LEX_TABLE_EMPTY &&
           !same_text(t->text_of(t->ctx, t->slots[h]), s, len))
        h = (h + 1) & t->mask;
    return &t->slots[h];
}

/* Doubles the table when half full, filing every index again. */
bool
lex_table_reserve(lex_table_t *t)
{
    if ((t->used + 1) * 2 <= t->mask + 1)
        return true;
    lex_table_t bigger;
    unsigned bits = 1;
    while (((size_t)1 << bits) <= t->mask + 1)
        bits++;
    if (!lex_table_init(&bigger, bits, t->text_of, t->ctx))
        return false;
    for (size_t i = 0; i <= t->mask; i++) {
        if (t->slots[i] == LEX_TABLE_EMPTY)
            continue;
        const char *s = t->text_of(t->ctx, t->slots[i]);
        *lex_table_slot(&bigger, s, strlen(s)) = t->slots[i];
    }
    bigger.used = t->used;
    free(t->slots);
    *t = bigger;
    return true;
}

/* See hash.h. */
void
lex_table_fill(lex_table_t *t, uint32_t *slot, uint32_t i)
{
    t->used += *slot == LEX_TABLE_EMPTY;
    *slot = i;
}
