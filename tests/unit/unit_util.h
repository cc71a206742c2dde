/*
 * unit_util.h - helpers shared by the Check unit tests of tests/unit:
 * reading a test file, parsing one with a chosen parser, loading the
 * real gazetteer and thesaurus of corpus/, comparing items, and running
 * a test program's suite.  Each
 * one fails the running test (a Check assertion) rather than return an
 * error, so a test reads as the behaviour it checks.
 */
#ifndef LEX_UNIT_UTIL_H
#define LEX_UNIT_UTIL_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "bulletin.h"
#include "gazetteer.h"
#include "parse.h"
#include "thesaurus.h"

/* The bytes of the file at path (the caller frees them); *len its size. */
char *read_test_file(const char *path, size_t *len);

/* The bulletin parse makes of the file at path, which must parse. */
lex_bulletin_t *parse_file(const char *path, lex_parse_fn *parse);

/* Loads corpus/agencies.tsv and laws.tsv, and corpus/thesaurus.tsv. */
void load_corpus_entities(lex_gazetteer_t **gaz, lex_thesaurus_t **thes);

/* Asserts an item's date, as YYYY-MM-DD text, and its approximate flag. */
void ck_date(const lex_item_t *it, const char *want, bool approximate);

/*
 * Asserts two items are the same apart from where they stand (line,
 * page): number, headline, body, section, footnote, date, links.
 */
void ck_same_item(const lex_item_t *a, const lex_item_t *b);

/* Asserts two bulletins have the same title, issue and items. */
void ck_same_bulletin(const lex_bulletin_t *a, const lex_bulletin_t *b);

/* The stand-in stemmer of the query tests (lex_stem_fn): drops one final
   "s", so that plans show stems without Snowball's rules. */
void unit_drop_s(void *ctx, const char *w, size_t n, lex_buf_t *out);

/* Unicode rules of the unit tests' stand-in indexes (lex_qindex_t's lower
   and char_class): Ü, É and Ï lower to ü, é and ï; the em dash, the
   ellipsis, the ideographic comma and full stop, the fullwidth comma
   and U+2019 are punctuation, U+3000 a space, fullwidth digits digits,
   every other non-ASCII character a letter. */
void unit_lower(void *ctx, const char *w, size_t n, lex_buf_t *out);
unsigned unit_char_class(void *ctx, unsigned cp);

/* Runs the suite; the test program's exit status (EXIT_FAILURE if any failed).
 */
int run_suite(Suite *s);

#endif
