/*
 * test_cjk_segment.c - the CJK query segmenter over the real gazetteer
 * and thesaurus in corpus/: longest known phrase first, punctuation,
 * quotes and field values, the gazetteer's normalisation, and a query
 * long enough that a quadratic segmenter would not finish within the
 * test's TIMEOUT (tests/CMakeLists.txt).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cjk_segment.h"
#include "unit_cases.h"
#include "unit_util.h"

static lex_gazetteer_t *gaz;
static lex_thesaurus_t *thes;
static lex_cjk_segmenter_t *seg;

/* Loads the real data files and builds a segmenter from both. */
static void
setup(void)
{
    load_corpus_entities(&gaz, &thes);
    ck_assert_int_eq(lex_cjk_segmenter_new(gaz, thes, &seg), LEX_OK);
}

/* Frees what setup made. */
static void
teardown(void)
{
    lex_cjk_segmenter_free(seg);
    lex_thesaurus_free(thes);
    lex_gazetteer_free(gaz);
}

/* The query q as segmented by s (a static copy). */
static const char *
segment_with(const lex_cjk_segmenter_t *s, const char *q)
{
    static char out[4096];
    lex_buf_t b = LEX_BUF_INIT;
    lex_cjk_segment_query(s, q, &b);
    ck_assert(!lex_buf_failed(&b));
    ck_assert_uint_lt(b.len, sizeof out);
    memcpy(out, lex_buf_str(&b), b.len + 1);
    lex_buf_free(&b);
    return out;
}

/* The query q as segmented by the full segmenter. */
static const char *
segment(const char *q)
{
    return segment_with(seg, q);
}

START_TEST(known_phrases_become_words)
{
    /* an agency's short name, then a thesaurus phrase */
    CK_STR_CASES(
        segment, {"网信办数据出境", "网信办 数据出境"},
        /* what lies between known phrases stays one piece */
        {"关于网信办发布的数据出境规定", "关于 网信办 发布的 数据出境 规定"},
        /* the longest known phrase wins: 国家网信办 over 网信办 */
        {"国家网信办", "国家网信办"}, {"新国家网信办", "新 国家网信办"},
        /* nothing known: the run is left as it is */
        {"甲乙丙", "甲乙丙"});
}
END_TEST

START_TEST(punctuation_separates)
{
    CK_STR_CASES(
        segment, {"《个人信息保护法》", "个人信息保护法"},
        {"甲乙，丙丁", "甲乙 丙丁"},
        /* the ellipsis, the dash, the middle dot and the ideographic space
           too; not 々 or 〇, letters Xapian's TermGenerator keeps in a word */
        {"甲乙……丙丁——戊·己　庚", "甲乙 丙丁 戊 己 庚"},
        {"甲々〇乙", "甲々〇乙"});
    ck_assert_uint_eq(lex_cjk_punctuation_len("、", 3), 3);
    ck_assert_uint_eq(lex_cjk_punctuation_len("’", 3), 0);
    ck_assert_uint_eq(lex_cjk_punctuation_len("＿", 3), 0);
    /* a run that changed is set off from ASCII that touches it */
    CK_STR_CASES(segment,
                 {"CAC网信办数据出境rules", "CAC 网信办 数据出境 rules"},
                 {"(网信办数据出境)", "(网信办 数据出境)"});
}
END_TEST

START_TEST(quotes_and_fields_are_left_alone)
{
    CK_STR_CASES(segment,
                 {"\"网信办数据出境\" 网信办数据出境",
                  "\"网信办数据出境\" 网信办 数据出境"},
                 /* a field's value stays whole, every byte of it */
                 {"title:网信办数据出境", "title:网信办数据出境"},
                 {"agency:国家网信办", "agency:国家网信办"});
}
END_TEST

START_TEST(each_source_alone)
{
    lex_cjk_segmenter_t *names = NULL, *phrases = NULL;
    ck_assert_int_eq(lex_cjk_segmenter_new(gaz, NULL, &names), LEX_OK);
    ck_assert_int_eq(lex_cjk_segmenter_new(NULL, thes, &phrases), LEX_OK);
    /* --exact: the thesaurus's 数据出境 is not a phrase */
    ck_assert_str_eq(segment_with(names, "网信办数据出境"), "网信办 数据出境");
    ck_assert_str_eq(segment_with(names, "数据出境网信办"), "数据出境 网信办");
    ck_assert_str_eq(segment_with(names, "数据出境"), "数据出境");
    ck_assert_str_eq(segment_with(phrases, "甲数据出境网信办"),
                     "甲 数据出境 网信办");
    lex_cjk_segmenter_free(names);
    lex_cjk_segmenter_free(phrases);
}
END_TEST

START_TEST(one_character_is_not_a_phrase)
{
    /* neither source has one-character phrases that count: a known
       phrase is two characters or more, so 甲 never splits off alone */
    CK_STR_CASES(segment, {"甲", "甲"}, {"、", ""}, {"a、b", "a  b"});
}
END_TEST

START_TEST(long_query_is_linear)
{
    /* 200,000 characters that match no phrase, then one that does: a
       quadratic segmenter takes hours on this, a linear one milliseconds */
    const char *filler = "甲乙丙丁戊己庚辛壬癸";
    const size_t reps = 20000, flen = strlen(filler);
    const char *tail = "个人信息保护法";
    char *q = malloc(reps * flen + strlen(tail) + 1);
    ck_assert_ptr_nonnull(q);
    for (size_t i = 0; i < reps; i++)
        memcpy(q + i * flen, filler, flen);
    strcpy(q + reps * flen, tail);
    lex_buf_t b = LEX_BUF_INIT;
    lex_cjk_segment_query(seg, q, &b);
    ck_assert(!lex_buf_failed(&b));
    ck_assert_uint_eq(b.len, reps * flen + 1 + strlen(tail));
    ck_assert(b.data[reps * flen] == ' ');
    ck_assert_str_eq(b.data + reps * flen + 1, tail);
    lex_buf_free(&b);
    free(q);
}
END_TEST

START_TEST(one_walk_per_position)
{
    /* Text the gazetteer's normalisation leaves as it is is walked once
       from each position, not once per reading (names, thesaurus
       phrases): a walk from a character that begins no phrase takes at
       most its bytes and the first byte of the next (4 steps); two walks
       took 8.  Known phrases cost their length, and what follows. */
    const char *filler = "甲乙丙丁戊己庚辛壬癸";
    lex_buf_t b = LEX_BUF_INIT;
    size_t steps = lex_cjk_segment_run(seg, filler, strlen(filler), &b);
    ck_assert_str_eq(lex_buf_str(&b), filler);
    ck_assert_uint_ge(steps, 10);
    ck_assert_uint_le(steps, 4 * 10);
    lex_buf_reset(&b);
    const char *known = "网信办数据出境";
    steps = lex_cjk_segment_run(seg, known, strlen(known), &b);
    ck_assert_str_eq(lex_buf_str(&b), "网信办 数据出境");
    ck_assert_uint_le(steps, strlen(known) + 4 * 7);
    lex_buf_free(&b);
}
END_TEST

START_TEST(normalised_names_walk_again)
{
    /* names written with a straight apostrophe and a space meet the text's
       curly apostrophe and no-break space, which the walk of the other
       positions (and the thesaurus's byte walk) reads as they are */
    char dir[] = "/tmp/test_cjk_segment.XXXXXX", a[64], l[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/agencies.tsv", dir);
    snprintf(l, sizeof l, "%s/laws.tsv", dir);
    FILE *f = fopen(a, "w");
    ck_assert_ptr_nonnull(f);
    fputs("QO\tnational\t-\t-\tQuote Office\t甲'乙办\t-\n"
          "SO\tnational\t-\t-\tSpace Office\t丙 丁局\t-\n",
          f);
    fclose(f);
    f = fopen(l, "w");
    ck_assert_ptr_nonnull(f);
    fputs("PIPL\tPIPL\tPersonal Information Protection Law\t-\n", f);
    fclose(f);
    lex_gazetteer_t *g = NULL;
    lex_err_t err = {0};
    lex_cjk_segmenter_t *s = NULL;
    ck_assert_msg(lex_gazetteer_load(a, l, &g, &err) == LEX_OK, "%s", err.msg);
    ck_assert_int_eq(lex_cjk_segmenter_new(g, thes, &s), LEX_OK);
    ck_assert_str_eq(segment_with(s, "戊甲’乙办己"), "戊 甲’乙办 己");
    ck_assert_str_eq(segment_with(s, "戊丙\u00A0丁局数据出境"),
                     "戊 丙\u00A0丁局 数据出境");
    ck_assert_str_eq(segment_with(s, "甲’乙丙 丁"), "甲’乙丙 丁");
    lex_cjk_segmenter_free(s);
    lex_gazetteer_free(g);
    unlink(a);
    unlink(l);
    rmdir(dir);
}
END_TEST

/* Builds the suite. */
static Suite *
cjk_suite(void)
{
    Suite *s = suite_create("cjk_segment");
    TCase *tc = tcase_create("segment");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 0); /* ctest's TIMEOUT bounds the whole run */
    tcase_add_test(tc, known_phrases_become_words);
    tcase_add_test(tc, punctuation_separates);
    tcase_add_test(tc, quotes_and_fields_are_left_alone);
    tcase_add_test(tc, each_source_alone);
    tcase_add_test(tc, one_character_is_not_a_phrase);
    tcase_add_test(tc, long_query_is_linear);
    tcase_add_test(tc, one_walk_per_position);
    tcase_add_test(tc, normalised_names_walk_again);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return run_suite(cjk_suite());
}
