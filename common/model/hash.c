/*
 * hash.c - FNV-1a, 64-bit.
 */
#include "hash.h"

/* Hashes n bytes of data with FNV-1a. */
uint64_t
lex_hash64(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
