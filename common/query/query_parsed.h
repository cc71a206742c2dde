/*
 * query_parsed.h - the forms of lexsearch-query(7) that Xapian's
 * QueryParser used to read, planned in C exactly as it read them.
 *
 * query_lower.c lowers most nodes of an expanded tree on its own terms
 * (stems without positions, recall tiers).  The rest it used to write
 * back as text for the shim's QueryParser, now removed: operators, signs,
 * title: and body:, wildcards, entities, groups.  This layer plans those
 * nodes the way the QueryParser, as lexsearch configured it (STEM_ALL,
 * boolean operators, love and hate, field processors giving
 * lex_field_plan's plans), planned their text, so that the Xapian
 * query, and so the ranking, stays the same to the byte: each word its
 * stem at the next position of the text, AND, OR and XOR of words side by
 * side flattened where the parser flattens them, + and - as its love and
 * hate, NEAR and ADJ windows as it widens them, a field processor's plan
 * counting one position, a word of any script cut into terms, phrases
 * and Chinese n-grams as the parser cuts it (query_words.h).  A word of
 * several clauses in a field or beside others is its terms, punctuation
 * inside a word (x*y) skipped; a form no rule reads (an operator or a
 * field name inside a word, an operator with no operand) is refused
 * with its column;
 * NEAR and ADJ over phrases and groups, which the parser misread, are
 * planned by query_near.h.  Nothing here includes Xapian.
 */
#ifndef LEX_QUERY_PARSED_H
#define LEX_QUERY_PARSED_H

#include "query_lower.h"

/*
 * The plan Xapian's QueryParser makes of node n as lex_query_write_node
 * writes it, words side by side joined by join (LEX_P_AND or LEX_P_OR),
 * into *out.  LEX_EPARSE with a message and column in err for a form no
 * rule reads or a field's refused value; LEX_ENOMEM when memory ran
 * out.
 */
lex_status_t lex_parsed_plan(const lex_qnode_t *n, lex_pkind_t join,
                             const lex_qlower_opts_t *o, lex_plan_t **out,
                             lex_err_t *err);

/*
 * The plan of kids [i, j) of the clauses top, glued together with no
 * space between them ("(listed first);"), as one clause: those kids
 * side by side, the sign of the first (the caller's) left out; refused
 * as lex_parsed_plan refuses.
 */
lex_status_t lex_parsed_clause_plan(const lex_qnode_t *top, size_t i, size_t j,
                                    lex_pkind_t join,
                                    const lex_qlower_opts_t *o,
                                    lex_plan_t **out, lex_err_t *err);

#endif
