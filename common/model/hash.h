/*
 * hash.h - a fast 64-bit non-cryptographic hash (FNV-1a).
 *
 * Used to tell whether a bulletin file's bytes changed since the last
 * run, and to shorten index keys that exceed Xapian's term length; and
 * a hash table of indices found by the text each names, which the
 * gazetteer and thesaurus loaders use to spot names given twice.
 */
#ifndef LEX_HASH_H
#define LEX_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hashes n bytes of data. */
uint64_t lex_hash64(const void *data, size_t n);

/* What lex_hash64 starts from: the hash of no bytes. */
#define LEX_HASH64_EMPTY 1469598103934665603ULL

/*
 * Carries the hash h of some bytes on over n more bytes of data: the
 * hash of bytes given in pieces, lex_hash64's of them joined, without
 * joining them (from LEX_HASH64_EMPTY).
 */
uint64_t lex_hash64_more(uint64_t h, const void *data, size_t n);

/* The text that index i names, for a table's owner ctx. */
typedef const char *(*lex_text_of_fn)(const void *ctx, uint32_t i);

#define LEX_TABLE_EMPTY UINT32_MAX

/*
 * An open-addressing hash table of indices (into its owner's arrays),
 * each found by the NUL-terminated text text_of(ctx, index) gives; the
 * texts are the owner's.  LEX_TABLE_EMPTY marks an empty slot.
 */
typedef struct {
    uint32_t *slots;
    size_t mask; /* slots - 1: the size is a power of two */
    size_t used;
    lex_text_of_fn text_of;
    const void *ctx;
} lex_table_t;

/* Makes t an empty table of 2^bits slots; false if no memory. */
bool lex_table_init(lex_table_t *t, unsigned bits, lex_text_of_fn text_of,
                    const void *ctx);

/* Frees t's slots; a zeroed table is a no-op. */
void lex_table_free(lex_table_t *t);

/*
 * The slot holding the index whose text is s (len bytes, which need
 * not be NUL-terminated: a piece of a longer string will do), or the
 * empty slot where it would go.  Store into an empty
 * slot with lex_table_fill, after lex_table_reserve.
 */
uint32_t *lex_table_slot(const lex_table_t *t, const char *s, size_t len);

/* Makes room for one more text (the slots it gave move); false if no
   memory. */
bool lex_table_reserve(lex_table_t *t);

/* Stores index i in slot, which lex_table_slot gave since the last
   lex_table_reserve, counting it if the slot was empty. */
void lex_table_fill(lex_table_t *t, uint32_t *slot, uint32_t i);

#endif
