/*
 * cjk_segment.h - splitting unbroken Chinese query text into the phrases
 * lexsearch knows.
 *
 * Chinese has no spaces: a query "网信办数据出境" must become "网信办
 * 数据出境" before entity and thesaurus expansion can see each known
 * phrase as a word.  The segmenter holds one byte trie of every Chinese
 * name of the gazetteer and every Chinese phrase of the thesaurus, built
 * once, and takes the longest known phrase at each position, left to
 * right, in one walk of the trie.  The cost per character is the length
 * of the longest phrase that starts there, so the time is linear in the
 * query's length.
 */
#ifndef LEX_CJK_SEGMENT_H
#define LEX_CJK_SEGMENT_H

#include "buf.h"
#include "gazetteer.h"
#include "status.h"
#include "thesaurus.h"

typedef struct lex_cjk_segmenter lex_cjk_segmenter_t;

/*
 * Builds a segmenter from the Chinese names of gz and the Chinese phrases
 * of th; either may be NULL (no phrases from it).  LEX_ENOMEM if memory
 * runs out, *out NULL then.
 */
lex_status_t lex_cjk_segmenter_new(const lex_gazetteer_t *gz,
                                   const lex_thesaurus_t *th,
                                   lex_cjk_segmenter_t **out);

/* Frees a segmenter; NULL is a no-op. */
void lex_cjk_segmenter_free(lex_cjk_segmenter_t *seg);

/*
 * Appends to out the run of non-ASCII text run[0..len) split into known
 * phrases (of two characters or more) and the text between them, one
 * space apart; CJK punctuation (lex_cjk_punctuation_len) separates and
 * is dropped.  run[len] must be readable
 * and ASCII (a NUL or the next byte of an ASCII-delimited string).
 * Returns the number of trie steps the walks took: one walk from each
 * position (two only where the text holds a character the gazetteer's
 * normalisation reads otherwise), which tests count.
 */
size_t lex_cjk_segment_run(const lex_cjk_segmenter_t *seg, const char *run,
                           size_t len, lex_buf_t *out);

/*
 * The length in bytes of the character at s (n bytes) when it is CJK
 * punctuation, which separates words as ASCII spaces and punctuation do:
 * the ideographic space U+3000 and the punctuation of its block
 * (，。、；：？！「」『』（）《》【】 and the like), the dash and ellipsis
 * (— …, not the hyphens and curly quotes of English), the middle dot, and the
 * full-width forms of ASCII punctuation.  0 for any other character, invalid
 * UTF-8, or n 0.
 */
size_t lex_cjk_punctuation_len(const char *s, size_t n);

/*
 * Appends the query q to out with each run of non-ASCII text segmented
 * and, where that split it, set off by spaces from what touches it.  Runs
 * inside quotes, and a run right after a field name's ':', are left as
 * they are.
 */
void lex_cjk_segment_query(const lex_cjk_segmenter_t *seg, const char *q,
                           lex_buf_t *out);

#endif
