/*
 * query_cjk.h - the plan of a Chinese word: its n-grams.
 *
 * The index holds Chinese text as Xapian's FLAG_CJK_NGRAM does: each
 * ideograph and each pair of neighbours is a term.  A Chinese word of
 * the query (a run the segmenter left whole, query_expand.h) is searched
 * as Xapian's parser would read it: every one of its n-grams required,
 * character, pair, character, pair..., in the order of the text.
 *
 * A long run would be an AND of twice as many terms as it has
 * characters, which Xapian opens, sorts and weighs one by one: 20,000
 * postings lists and 300 MB for a query of 10,000 characters.  So a run
 * longer than LEX_CJK_LONG_RUN characters is searched by its distinct
 * n-grams, and the index is asked, through the caller's callback, how
 * many items hold each: a run one of whose n-grams no item holds
 * matches nothing (as the full AND would), and otherwise it is searched
 * by its LEX_CJK_LONG_KEEP rarest n-grams, all required.  Runs of
 * LEX_CJK_LONG_RUN characters or fewer, every ordinary query's, are
 * planned exactly as Xapian's parser reads them, and the index is not
 * asked.  lexsearch-query(7) documents the rule.
 */
#ifndef LEX_QUERY_CJK_H
#define LEX_QUERY_CJK_H

#include <stdbool.h>
#include <stddef.h>

#include "query_plan.h"
#include "status.h"

/* Runs of more characters than this are long (see above). */
#define LEX_CJK_LONG_RUN 64

/* The number of n-grams a long run is searched by. */
#define LEX_CJK_LONG_KEEP 32

/* How many items of the index hold term t (n bytes); ctx is the
   caller's.  The shim answers with Xapian's term frequency. */
typedef unsigned long (*lex_term_freq_fn)(void *ctx, const char *t, size_t n);

/*
 * True for a code point of the CJK unified ideographs (and their
 * extension A, compatibility block and extension B), the characters
 * Xapian's FLAG_CJK_NGRAM cuts into n-grams.
 */
bool lex_is_ideograph(unsigned cp);

/*
 * Stores in *out the plan of the Chinese word s (n bytes of UTF-8):
 * the AND of its n-grams (a single term for one character), or for a
 * run longer than LEX_CJK_LONG_RUN characters the plan described above,
 * whose term frequencies freq(ctx, ...) gives.  freq may be NULL: a long
 * run is then searched by all its distinct n-grams.  *out is NULL, with
 * LEX_OK, when s is empty or holds anything but ideographs (Xapian's
 * parser reads such a word).  LEX_ENOMEM when memory ran out.
 */
lex_status_t lex_cjk_plan(const char *s, size_t n, lex_term_freq_fn freq,
                          void *ctx, lex_plan_t **out);

#endif
