/*
 * sentence.h - where a sentence ends.
 *
 * Two parts of lexsearch ask it: the text parser (does this line or
 * block close a sentence, so is it a paragraph rather than a heading?)
 * and the index (each sentence of an item starts its words at a new
 * position, which the /s connector relies on).  Both answer from the
 * marks and rules here.
 */
#ifndef LEX_SENTENCE_H
#define LEX_SENTENCE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * When a sentence of text s[0..n) ends at the mark at s[i], the offset
 * just past it; otherwise 0.  A '.' followed by a space or the end ends
 * one unless it closes an initial or a common abbreviation ("Mr.",
 * "No.", "Art.", "Dec."); '!' and '?' followed by a space or the end,
 * and the ideographic full stop anywhere, always do.
 */
size_t lex_sentence_end(const char *s, size_t n, size_t i);

/*
 * True when text s[0..n) ends as a closed sentence does: with a full
 * stop, '!', '?', the ideographic full stop or an ellipsis, perhaps
 * followed by one closing quote or bracket; or with a teaser cut off by
 * its page ("...more", "[...]").
 */
bool lex_ends_sentence(const char *s, size_t n);

#endif
