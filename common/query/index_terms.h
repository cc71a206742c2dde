/*
 * index_terms.h - the index's terms told apart: words and filters.
 *
 * A query's Xapian terms are words' stems (unprefixed, or under the
 * headline's prefix for title:) and filter terms (capital prefixes:
 * sections, files, agencies, runs...).  --like expands an item into its
 * word terms only, and snippets highlight the words of a query; both
 * decisions are made here, over plain term strings.
 */
#ifndef LEX_INDEX_TERMS_H
#define LEX_INDEX_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "query_plan.h"

/*
 * True when term (len bytes), from byte at on, is a word's stem rather
 * than a prefixed filter term: word terms start with a lower-case
 * letter, a digit or a non-ASCII (CJK) byte, prefixes with capitals.
 */
bool lex_term_is_word(const char *term, size_t len, size_t at);

/*
 * Adds to words (an OR) the terms by which Xapian's snippet generator
 * recognises the word of the query term term (len bytes): its stem, and
 * the stem under "Z" (how MSet::snippet looks up a stemmed word of the
 * text); a CJK n-gram only itself, as no word of the text stems to it
 * (each term costs the match set of the snippets a posting list).  A
 * headline term (title:) gives the same; a filter term names no word
 * and adds nothing.  Returns words; NULL (words freed)
 * when words is NULL or memory ran out.
 */
lex_plan_t *lex_snippet_add_term(lex_plan_t *words, const char *term,
                                 size_t len);

#endif
