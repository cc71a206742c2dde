/*
 * unit_util.h - helpers shared by the Check unit tests of tests/unit:
 * reading a test file, parsing one with a chosen parser, loading the
 * real gazetteer and thesaurus of corpus/, comparing items, and running
 * a test program's suite; and the query tests' stand-ins for an index
 * (lex_qindex_t's functions) and their printers of plans.  Each
 * one fails the running test (a Check assertion) rather than return an
 * error, so a test reads as the behaviour it checks.
 */
#ifndef LEX_UNIT_UTIL_H
#define LEX_UNIT_UTIL_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "bulletin.h"
#include "gazetteer.h"
#include "parse.h"
#include "query_lower.h"
#include "query_plan.h"
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

/* corpus/'s gazetteer and thesaurus, and the thesaurus as stems of
   unit_drop_s, while a test of a case with the fixture below runs. */
extern lex_gazetteer_t *unit_gaz;
extern lex_thesaurus_t *unit_thes;
extern lex_stemmed_thesaurus_t *unit_stemmed;

/* The query tests' checked fixture: loads the three above (as
   load_corpus_entities does), and frees them. */
void unit_setup_entities(void);
void unit_teardown_entities(void);

/* Stand-ins of an index that has nothing (lex_qindex_t's term_exists,
   suggest and starting): no term, no spelling, no word by prefix. */
bool unit_no_term(void *ctx, const char *t, size_t n);
void unit_no_suggestion(void *ctx, const char *w, size_t n, lex_buf_t *out);
void unit_nothing_starting(void *ctx, bool spelling, const char *prefix,
                           size_t n, lex_word_fn each, void *each_ctx);

/* The stand-in index of no term: unit_drop_s, unit_lower and
   unit_char_class, and the three functions above. */
extern const lex_qindex_t unit_empty_index;

/* The plan p as lex_plan_write prints it, in a static buffer that the
   next call overwrites ("NULL" for NULL). */
const char *unit_plan_text(const lex_plan_t *p);

/* Which plan of a lowered query unit_lowered_plan prints. */
typedef enum {
    UNIT_QUERY,     /* the query searched */
    UNIT_ALL_WORDS, /* the items with every word */
    UNIT_PROXIMITY  /* the proximity plan (o->proximity_apart) */
} unit_plan_part_t;

/* The plan part of the query q lowered with o, as unit_plan_text prints
   it, or "ERROR: message" when lex_query_lower refuses q. */
const char *unit_lowered_plan(const char *q, const lex_qlower_opts_t *o,
                              unit_plan_part_t part);

/* Runs the suite; the test program's exit status (EXIT_FAILURE if any failed).
 */
int run_suite(Suite *s);

/* Runs the suite named name of the n test cases, in order (run_suite). */
int run_tcases(const char *name, TCase *const *tcases, size_t n);

/* A test program's main: runs the suite named name of the test cases
   (UNIT_TCASE) given as its other arguments, with run_tcases. */
#define UNIT_MAIN(name, ...)                                                   \
    int main(void)                                                             \
    {                                                                          \
        return run_tcases((name), (TCase *const[]){__VA_ARGS__},               \
                          sizeof((TCase *const[]){__VA_ARGS__}) /              \
                              sizeof(TCase *));                                \
    }

/* What a test prints into a memory stream: open it with
   unit_capture_open, print into the stream it returns, and take the
   text with unit_capture_close. */
typedef struct {
    FILE *f;
    char *text;
    size_t len;
} unit_capture_t;

/* Opens c's stream (a failed test if it cannot) and returns it. */
FILE *unit_capture_open(unit_capture_t *c);

/* Closes c's stream; the text printed into it, a heap string to free. */
char *unit_capture_close(unit_capture_t *c);

#endif
