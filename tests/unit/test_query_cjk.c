/*
 * test_query_cjk.c - the plan of a Chinese word (query_cjk.c): a short
 * run is every n-gram as Xapian's parser reads it, the index not asked;
 * a long run is its distinct n-grams, nothing when the index lacks one,
 * else its rarest few.  The 10,000-character guard counts the terms of
 * the plan and the questions put to the index: a plan of 20,000 terms
 * is what made such a query take 0.6 s (lexsearch-query(7)).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "query_cjk.h"
#include "unit_util.h"

/* A fake index: the terms it lacks (a NUL-separated list ending in an
   empty string), each other term held by as many items as its first
   byte's low bits say; calls counts the questions. */
typedef struct {
    const char *lacks;
    unsigned calls;
} fake_index_t;

/* lex_term_freq_fn over a fake_index_t. */
static unsigned long
fake_freq(void *ctx, const char *t, size_t n)
{
    fake_index_t *ix = ctx;
    ix->calls++;
    for (const char *l = ix->lacks; l && *l; l += strlen(l) + 1)
        if (strlen(l) == n && memcmp(l, t, n) == 0)
            return 0;
    return 1 + (unsigned char)t[n - 1] % 50;
}

/* The plan of s as lex_plan_write prints it (malloc'd). */
static char *
planned(const char *s, lex_term_freq_fn freq, void *ctx)
{
    lex_plan_t *p = NULL;
    ck_assert_int_eq(lex_cjk_plan(s, strlen(s), freq, ctx, &p), LEX_OK);
    if (!p)
        return NULL;
    lex_buf_t b = LEX_BUF_INIT;
    lex_plan_write(p, &b);
    ck_assert(!lex_buf_failed(&b));
    char *text = strdup(lex_buf_str(&b));
    lex_buf_free(&b);
    lex_plan_free(p);
    return text;
}

/* The number of terms of a plan as printed (each is one JSON string). */
static size_t
terms_in(const char *printed)
{
    size_t quotes = 0;
    for (const char *c = printed; *c; c++)
        if (*c == '"' && (c == printed || c[-1] != '\\'))
            quotes++;
    return quotes / 2;
}

/* n characters of the 20-character cycle 甲乙...酉 (malloc'd). */
static char *
filler(size_t n)
{
    const char *cycle = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉";
    char *s = malloc(3 * n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 3 * i, cycle + 3 * (i % 20), 3);
    s[3 * n] = '\0';
    return s;
}

/* The plan of a run of n filler characters, the n-grams' frequencies
   asked of ix (malloc'd). */
static char *
filler_plan(size_t n, fake_index_t *ix)
{
    char *s = filler(n);
    char *p = planned(s, fake_freq, ix);
    free(s);
    return p;
}

START_TEST(short_run_is_every_ngram)
{
    fake_index_t ix = {"据出\0", 0};
    char *p = planned("数据出境", fake_freq, &ix);
    ck_assert_str_eq(p, "(AND \"数\" \"数据\" \"据\" \"据出\" \"出\" \"出境\" "
                        "\"境\")");
    free(p);
    /* a repeated n-gram stays, as in Xapian's parser */
    p = planned("人人人", fake_freq, &ix);
    ck_assert_str_eq(p, "(AND \"人\" \"人人\" \"人\" \"人人\" \"人\")");
    free(p);
    p = planned("法", fake_freq, &ix);
    ck_assert_str_eq(p, "\"法\"");
    free(p);
    /* the index is not asked about an ordinary word, even one it lacks */
    ck_assert_uint_eq(ix.calls, 0);
}
END_TEST

START_TEST(not_chinese_is_left_to_the_parser)
{
    ck_assert_ptr_null(planned("数据a", NULL, NULL));
    ck_assert_ptr_null(planned("データ", NULL, NULL));
    ck_assert_ptr_null(planned("", NULL, NULL));
    ck_assert_ptr_null(planned("数\xe6", NULL, NULL));
}
END_TEST

START_TEST(run_at_the_limit_is_exact)
{
    fake_index_t ix = {NULL, 0};
    char *p = filler_plan(LEX_CJK_LONG_RUN, &ix);
    ck_assert_uint_eq(terms_in(p), 2 * LEX_CJK_LONG_RUN - 1);
    ck_assert_uint_eq(ix.calls, 0);
    free(p);
}
END_TEST

START_TEST(long_run_lacking_an_ngram_is_nothing)
{
    fake_index_t ix = {"壬癸\0", 0};
    char *p = filler_plan(LEX_CJK_LONG_RUN + 1, &ix);
    ck_assert_str_eq(p, "NOTHING");
    /* asked once about each n-gram up to the lacking one, no more */
    ck_assert_uint_eq(ix.calls, 18);
    free(p);
}
END_TEST

START_TEST(long_run_is_its_rarest_distinct_ngrams)
{
    char *s = filler(LEX_CJK_LONG_RUN + 1);
    /* without an index: the 40 distinct n-grams, in the text's order */
    char *p = planned(s, NULL, NULL);
    ck_assert_uint_eq(terms_in(p), 40);
    const char *head = "(AND \"甲\" \"甲乙\" \"乙\" ";
    ck_assert(strncmp(p, head, strlen(head)) == 0);
    free(p);
    /* with one: the rarest LEX_CJK_LONG_KEEP, each asked about once */
    fake_index_t ix = {NULL, 0};
    p = planned(s, fake_freq, &ix);
    ck_assert_uint_eq(ix.calls, 40);
    ck_assert_uint_eq(terms_in(p), LEX_CJK_LONG_KEEP);
    free(p);
    free(s);
}
END_TEST

START_TEST(ten_thousand_characters_make_a_small_plan)
{
    /* the query of issue 18: 10,000 characters, then a known name */
    char *f = filler(10000);
    size_t n = strlen(f);
    const char *law = "个人信息保护法";
    char *s = malloc(n + strlen(law) + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, f, n);
    strcpy(s + n, law);
    fake_index_t ix = {NULL, 0};
    char *p = planned(s, fake_freq, &ix);
    ck_assert_uint_le(terms_in(p), LEX_CJK_LONG_KEEP);
    ck_assert_uint_le(ix.calls, 60);
    free(p);
    p = planned(s, NULL, NULL);
    ck_assert_uint_le(terms_in(p), 60);
    free(p);
    free(s);
    free(f);
}
END_TEST

START_TEST(distinct_characters_ask_at_most_once_each)
{
    /* 10,000 different ideographs: 19,999 n-grams, all distinct */
    char *s = malloc(3 * 10000 + 1);
    ck_assert_ptr_nonnull(s);
    for (unsigned i = 0; i < 10000; i++) {
        unsigned cp = 0x4E00 + i;
        s[3 * i] = (char)(0xE0 | cp >> 12);
        s[3 * i + 1] = (char)(0x80 | (cp >> 6 & 0x3F));
        s[3 * i + 2] = (char)(0x80 | (cp & 0x3F));
    }
    s[3 * 10000] = '\0';
    fake_index_t ix = {NULL, 0};
    char *p = planned(s, fake_freq, &ix);
    ck_assert_uint_eq(ix.calls, 19999);
    ck_assert_uint_eq(terms_in(p), LEX_CJK_LONG_KEEP);
    free(p);
    free(s);
}
END_TEST

/* Builds the suite. */
static Suite *
cjk_plan_suite(void)
{
    Suite *s = suite_create("query_cjk");
    TCase *tc = tcase_create("plan");
    tcase_add_test(tc, short_run_is_every_ngram);
    tcase_add_test(tc, not_chinese_is_left_to_the_parser);
    tcase_add_test(tc, run_at_the_limit_is_exact);
    tcase_add_test(tc, long_run_lacking_an_ngram_is_nothing);
    tcase_add_test(tc, long_run_is_its_rarest_distinct_ngrams);
    tcase_add_test(tc, ten_thousand_characters_make_a_small_plan);
    tcase_add_test(tc, distinct_characters_ask_at_most_once_each);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return run_suite(cjk_plan_suite());
}
