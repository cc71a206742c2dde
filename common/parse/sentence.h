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
 * just past it and the closing quote or bracket that may follow it;
 * otherwise 0.  The marks are '.', '!', '?', the ellipsis and the
 * ideographic full stop.  A sentence ends there when the text ends, or
 * goes on after a space (after the ideographic full stop, at once);
 * but not after a '.' that closes an initial or a common abbreviation
 * ("J. Smith", "e.g. apps", "Mr. Li", "No. 6", "Dec. 5").
 */
size_t lex_sentence_end(const char *s, size_t n, size_t i);

/*
 * The offset of the first byte of s[i..n) that may begin a mark
 * ('.', '!', '?', or the first byte of the ellipsis or the ideographic
 * full stop); n when there is none.  lex_sentence_end is 0 at every
 * offset before it, so a scan for sentence ends goes there at once
 * rather than asking at every byte.
 */
size_t lex_sentence_mark_from(const char *s, size_t n, size_t i);

/*
 * True when text s[0..n) ends as a closed sentence does: a sentence
 * ends at its end (lex_sentence_end), or it ends with a teaser cut off
 * by its page ("...more", "[...]").
 */
bool lex_ends_sentence(const char *s, size_t n);

#endif
