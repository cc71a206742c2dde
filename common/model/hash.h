/*
 * hash.h - a fast 64-bit non-cryptographic hash (FNV-1a).
 *
 * Used to tell whether a bulletin file's bytes changed since the last
 * run, and to shorten index keys that exceed Xapian's term length.
 */
#ifndef LEX_HASH_H
#define LEX_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Hashes n bytes of data. */
uint64_t lex_hash64(const void *data, size_t n);

#endif
