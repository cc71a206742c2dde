/*
 * unit_util.c - helpers shared by the Check unit tests (unit_util.h).
 */
#include "unit_util.h"
#include "query_lower.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "fileio.h"

/* Reads a whole test file, failing the test with lexsearch's message. */
char *
read_test_file(const char *path, size_t *len)
{
    char *data = NULL;
    lex_err_t err;
    lex_status_t st = lex_read_file(path, LEX_MAX_FILE_BYTES, &data, len, &err);
    ck_assert_msg(st == LEX_OK, "%s", err.msg);
    return data;
}

/* Reads and parses a test file, failing the test on any error. */
lex_bulletin_t *
parse_file(const char *path, lex_parse_fn *parse)
{
    size_t len;
    char *data = read_test_file(path, &len);
    lex_bulletin_t *b = NULL;
    lex_err_t err;
    lex_status_t st = parse(path, data, len, NULL, &b, &err);
    free(data);
    ck_assert_msg(st == LEX_OK, "%s", err.msg);
    ck_assert_ptr_nonnull(b);
    return b;
}

/* Loads the real entity files, the ones lexindex and lexsearch ship with. */
void
load_corpus_entities(lex_gazetteer_t **gaz, lex_thesaurus_t **thes)
{
    lex_err_t err;
    ck_assert_msg(lex_gazetteer_load(LEX_CORPUS_DIR "/agencies.tsv",
                                     LEX_CORPUS_DIR "/laws.tsv", gaz,
                                     &err) == LEX_OK,
                  "%s", err.msg);
    ck_assert_msg(lex_thesaurus_load(LEX_CORPUS_DIR "/thesaurus.tsv", thes,
                                     &err) == LEX_OK,
                  "%s", err.msg);
}

/* Compares an item's date as lex_date_format prints it. */
void
ck_date(const lex_item_t *it, const char *want, bool approximate)
{
    char got[16];
    lex_date_format(&it->date, got, sizeof got);
    ck_assert_str_eq(got, want);
    ck_assert_int_eq(it->date.approximate, approximate);
}

/* Compares every field of two items that does not depend on the format. */
void
ck_same_item(const lex_item_t *a, const lex_item_t *b)
{
    char da[16], db[16];
    ck_assert_int_eq(a->number, b->number);
    ck_assert_str_eq(a->headline, b->headline);
    ck_assert_str_eq(a->body, b->body);
    ck_assert_str_eq(a->section, b->section);
    ck_assert_int_eq(a->footnote, b->footnote);
    lex_date_format(&a->date, da, sizeof da);
    lex_date_format(&b->date, db, sizeof db);
    ck_assert_str_eq(da, db);
    ck_assert_int_eq(a->date.approximate, b->date.approximate);
    ck_assert_uint_eq(a->n_urls, b->n_urls);
    for (size_t u = 0; u < a->n_urls; u++)
        ck_assert_str_eq(a->urls[u], b->urls[u]);
}

/* Compares two bulletins' title ("-" for none), issue month and items. */
void
ck_same_bulletin(const lex_bulletin_t *a, const lex_bulletin_t *b)
{
    ck_assert_str_eq(a->title ? a->title : "-", b->title ? b->title : "-");
    ck_assert_int_eq(a->year, b->year);
    ck_assert_int_eq(a->month, b->month);
    ck_assert_uint_eq(a->n_items, b->n_items);
    for (size_t i = 0; i < a->n_items; i++)
        ck_same_item(&a->items[i], &b->items[i]);
}

/* Drops one final "s": stems a test can read without Snowball's rules. */
void
unit_drop_s(void *ctx, const char *w, size_t n, lex_buf_t *out)
{
    (void)ctx;
    if (n > 1 && w[n - 1] == 's')
        n--;
    lex_buf_append(out, w, n);
}

/*
 * Runs every test of suite s (forked, as CK_FORK says) and frees the
 * runner: EXIT_FAILURE when any test failed, else EXIT_SUCCESS.
 */
int
run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * Builds the suite named name of the n test cases and runs it: a test
 * program's whole main, so that none writes its own suite builder.
 */
int
run_tcases(const char *name, TCase *const *tcases, size_t n)
{
    Suite *s = suite_create(name);
    for (size_t i = 0; i < n; i++)
        suite_add_tcase(s, tcases[i]);
    return run_suite(s);
}

/* Opens a memory stream into c->text, failing the test if it cannot. */
FILE *
unit_capture_open(unit_capture_t *c)
{
    c->text = NULL;
    c->len = 0;
    c->f = open_memstream(&c->text, &c->len);
    ck_assert_ptr_nonnull(c->f);
    return c->f;
}

/* Closes c's stream and hands over what was printed into it. */
char *
unit_capture_close(unit_capture_t *c)
{
    fclose(c->f);
    c->f = NULL;
    return c->text;
}

/* Lower-cases ASCII letters and Ü, É, Ï (two bytes each in UTF-8). */
void
unit_lower(void *ctx, const char *w, size_t n, lex_buf_t *out)
{
    (void)ctx;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c == 0xC3 && i + 1 < n &&
            ((unsigned char)w[i + 1] == 0x9C ||
             (unsigned char)w[i + 1] == 0x89 ||
             (unsigned char)w[i + 1] == 0x8F)) {
            lex_buf_putc(out, (char)c);
            lex_buf_putc(out, (char)((unsigned char)w[++i] + 0x20));
        } else {
            lex_buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
        }
    }
}

/* The classes of the non-ASCII characters of these tests. */
unsigned
unit_char_class(void *ctx, unsigned cp)
{
    (void)ctx;
    switch (cp) {
    case 0x2014: /* em dash */
    case 0x2026: /* ellipsis */
    case 0x3001: /* ideographic comma */
    case 0x3002: /* ideographic full stop */
    case 0xFF0C: /* fullwidth comma */
    case 0x2019: /* right single quotation mark */
        return 0;
    case 0x3000:
        return LEX_QCHAR_SPACE;
    default:
        break;
    }
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return LEX_QCHAR_WORD | LEX_QCHAR_DIGIT;
    return LEX_QCHAR_WORD;
}

lex_gazetteer_t *unit_gaz;
lex_thesaurus_t *unit_thes;
lex_stemmed_thesaurus_t *unit_stemmed;

/* Loads the entities, then stems the thesaurus with unit_drop_s. */
void
unit_setup_entities(void)
{
    load_corpus_entities(&unit_gaz, &unit_thes);
    ck_assert_int_eq(
        lex_stemmed_thesaurus_new(unit_thes, unit_drop_s, NULL, &unit_stemmed),
        LEX_OK);
}

/* Frees the stemmed thesaurus before the thesaurus it points into. */
void
unit_teardown_entities(void)
{
    lex_stemmed_thesaurus_free(unit_stemmed);
    lex_thesaurus_free(unit_thes);
    lex_gazetteer_free(unit_gaz);
    unit_stemmed = NULL;
    unit_thes = NULL;
    unit_gaz = NULL;
}

/* The stand-in index holds no term. */
bool
unit_no_term(void *ctx, const char *t, size_t n)
{
    (void)ctx;
    (void)t;
    (void)n;
    return false;
}

/* No spelling suggestion: out is left as it is. */
void
unit_no_suggestion(void *ctx, const char *w, size_t n, lex_buf_t *out)
{
    (void)ctx;
    (void)w;
    (void)n;
    (void)out;
}

/* No word or term begins with anything: each is never called. */
void
unit_nothing_starting(void *ctx, bool spelling, const char *prefix, size_t n,
                      lex_word_fn each, void *each_ctx)
{
    (void)ctx;
    (void)spelling;
    (void)prefix;
    (void)n;
    (void)each;
    (void)each_ctx;
}

const lex_qindex_t unit_empty_index = {NULL,
                                       unit_drop_s,
                                       unit_no_term,
                                       unit_no_suggestion,
                                       unit_nothing_starting,
                                       NULL,
                                       unit_lower,
                                       unit_char_class};

/* Prints p into a buffer kept between calls, so that a test compares it
   with ck_assert_str_eq at once. */
const char *
unit_plan_text(const lex_plan_t *p)
{
    static char out[65536];
    lex_buf_t b = LEX_BUF_INIT;
    lex_plan_write(p, &b);
    ck_assert(!lex_buf_failed(&b));
    ck_assert_uint_lt(b.len, sizeof out);
    memcpy(out, lex_buf_str(&b), b.len + 1);
    lex_buf_free(&b);
    return out;
}

/* Lowers q and prints the part asked for, or the refusal's message. */
const char *
unit_lowered_plan(const char *q, const lex_qlower_opts_t *o,
                  unit_plan_part_t part)
{
    lex_qlowered_t low;
    lex_err_t err = {0};
    if (lex_query_lower(q, strlen(q), o, &low, &err) != LEX_OK) {
        static char refused[8192];
        snprintf(refused, sizeof refused, "ERROR: %.4000s", err.msg);
        return refused;
    }
    const lex_plan_t *p = part == UNIT_QUERY       ? low.query
                          : part == UNIT_ALL_WORDS ? low.all_words
                                                   : low.proximity;
    const char *text = unit_plan_text(p);
    lex_qlowered_free(&low);
    return text;
}
