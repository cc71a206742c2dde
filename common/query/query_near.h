/*
 * query_near.h - NEAR and ADJ over words, phrases and OR groups, in C.
 *
 * Xapian 1.4 runs OP_NEAR and OP_PHRASE over terms, or an OP_OR of terms,
 * and nothing else; its QueryParser, meeting a phrase, a hyphenated word,
 * a group or a sign next to NEAR, silently read the whole query again
 * with no operators ("near" and "10" searched as words).  This layer
 * decides every NEAR and ADJ of the tree itself (lexsearch-query(7)):
 *   - lex_query_check_near refuses, with the column, an operand that no
 *     proximity search can take: a sign, a wildcard, a filter, an AND,
 *     XOR, NOT or words-side-by-side group, NEAR and ADJ mixed in one
 *     chain, a word Xapian would cut into several;
 *   - lex_near_plan plans the rest: words, title:/body: words, Chinese
 *     runs (a phrase of their characters), quoted phrases and hyphenated
 *     words, and OR groups of these.  Between single words (or OR groups
 *     of single words) it is the NEAR (PHRASE for ADJ) of their terms,
 *     window n plus the words but one, as Xapian's parser makes it.  With
 *     a phrase P of k words it is the NEAR (PHRASE) over all the words,
 *     the window widened by P's k - 1 extra words, FILTERed by P itself:
 *     b within n words of P means all of P's words and b within n + k
 *     positions, and P somewhere in the item.  An OR group holding
 *     phrases is the OR of one such plan per choice of alternatives.
 * Words are planned through the caller's reader (query_parsed.c), so that
 * terms, stems and positions are the parser's.  Nothing here includes
 * Xapian.
 */
#ifndef LEX_QUERY_NEAR_H
#define LEX_QUERY_NEAR_H

#include <stdbool.h>
#include <stddef.h>

#include "query_plan.h"
#include "query_tree.h"
#include "status.h"

/* At most this many choices of alternatives in one NEAR or ADJ chain
   (each a NEAR of its own): beyond, the query is refused. */
#define LEX_NEAR_MAX_CHOICES 64

/*
 * Refuses the NEAR, ADJ or connector node n when an operand of it is
 * none of those lex_near_plan takes: LEX_EPARSE with "NEAR and ADJ join
 * words, phrases and OR groups of them, not 'X' at column N" (a wildcard
 * keeps its own message); LEX_OK for any other node.
 */
lex_status_t lex_query_check_near(const lex_qnode_t *n, lex_err_t *err);

/* How lex_near_plan reads words; every function gets ctx. */
typedef struct {
    void *ctx;
    /* the term of the word w (n bytes, no space) behind prefix at the
       next position, as the reader plans a word alone; NULL with *left
       set when it does not plan such a word, NULL alone when memory ran
       out */
    lex_plan_t *(*word)(void *ctx, const char *w, size_t n, const char *prefix,
                        bool *left);
    /* the term t (n bytes) as it is, at the next position */
    lex_plan_t *(*term)(void *ctx, const char *t, size_t n);
    const char *prefix; /* of the words: "" or title:'s */
} lex_near_reader_t;

/*
 * The plan of the NEAR, ADJ or connector node n (kind LEX_P_NEAR or
 * LEX_P_PHRASE), read through rd, into *out.  *out NULL with LEX_OK when
 * some word of it the reader does not plan, or n holds a form
 * lex_query_check_near refuses (the reader refuses the query).
 * LEX_ENOMEM when memory ran out.
 */
lex_status_t lex_near_plan(const lex_qnode_t *n, lex_pkind_t kind,
                           const lex_near_reader_t *rd, lex_plan_t **out);

#endif
