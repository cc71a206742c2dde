/*
 * trie.c - the byte trie shared by the gazetteer and the CJK segmenter
 * (see trie.h).
 */
#include "trie.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Every root slot empty. */
void
lex_trie_init(lex_trie_t *t)
{
    t->nodes = NULL;
    t->n_nodes = t->cap_nodes = 0;
    for (size_t b = 0; b < 256; b++)
        t->root[b] = LEX_TRIE_NONE;
}

/* The nodes are one array. */
void
lex_trie_free(lex_trie_t *t)
{
    free(t->nodes);
    lex_trie_init(t);
}

/* The root by its table, a node by its list of children. */
uint32_t
lex_trie_child(const lex_trie_t *t, uint32_t node, unsigned char b)
{
    if (node == LEX_TRIE_NONE)
        return t->root[b];
    for (uint32_t k = t->nodes[node].child; k != LEX_TRIE_NONE;
         k = t->nodes[k].sibling)
        if (t->nodes[k].byte == b)
            return k;
    return LEX_TRIE_NONE;
}

/* Adds a child labelled b under node; returns it, or LEX_TRIE_NONE if no
   memory. */
static uint32_t
add_child(lex_trie_t *t, uint32_t node, unsigned char b)
{
    lex_trie_node_t *nodes =
        lex_grow(t->nodes, t->n_nodes, &t->cap_nodes, sizeof *nodes);
    if (!nodes || t->n_nodes >= LEX_TRIE_NONE)
        return LEX_TRIE_NONE;
    t->nodes = nodes;
    uint32_t k = (uint32_t)t->n_nodes++;
    nodes[k] =
        (lex_trie_node_t){b, LEX_TRIE_NONE, LEX_TRIE_NONE, LEX_TRIE_NONE};
    if (node == LEX_TRIE_NONE) {
        t->root[b] = k;
    } else {
        nodes[k].sibling = nodes[node].child;
        nodes[node].child = k;
    }
    return k;
}

/* Walks s byte by byte, adding what is missing when asked. */
uint32_t
lex_trie_node(lex_trie_t *t, const char *s, bool create)
{
    uint32_t node = LEX_TRIE_NONE;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        uint32_t next = lex_trie_child(t, node, *p);
        if (next == LEX_TRIE_NONE && create)
            next = add_child(t, node, *p);
        if (next == LEX_TRIE_NONE)
            return LEX_TRIE_NONE;
        node = next;
    }
    return node;
}
