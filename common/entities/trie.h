/*
 * trie.h - a byte trie of first-child/next-sibling nodes.
 *
 * The gazetteer files every alias in one, and the CJK query segmenter
 * every known Chinese phrase.  A node holds one byte and one 32-bit value
 * that belongs to the owner (the gazetteer's first key ending there, the
 * segmenter's flags), LEX_TRIE_NONE until the owner sets it.  The root's
 * children are found by a table, the others by a walk of the siblings:
 * the cost of a step is the number of bytes that follow the prefix.
 */
#ifndef LEX_TRIE_H
#define LEX_TRIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LEX_TRIE_NONE UINT32_MAX

typedef struct {
    unsigned char byte;
    uint32_t child, sibling;
    uint32_t value; /* the owner's; LEX_TRIE_NONE when new */
} lex_trie_node_t;

typedef struct {
    lex_trie_node_t *nodes;
    size_t n_nodes, cap_nodes;
    uint32_t root[256];
} lex_trie_t;

/* Makes t an empty trie. */
void lex_trie_init(lex_trie_t *t);

/* Frees t's nodes and leaves it empty. */
void lex_trie_free(lex_trie_t *t);

/* The child of node (LEX_TRIE_NONE for the root) labelled b, or
   LEX_TRIE_NONE. */
uint32_t lex_trie_child(const lex_trie_t *t, uint32_t node, unsigned char b);

/*
 * The node spelling the NUL-terminated s, with the nodes it lacks added
 * when create; LEX_TRIE_NONE when it is absent (or memory ran out, or s
 * is empty).
 */
uint32_t lex_trie_node(lex_trie_t *t, const char *s, bool create);

#endif
