/*
 * test_parse_variants.c - the plain-text parser on the layouts real
 * bulletins use beyond the two seeds: one file of our own per variation
 * in tests/data/text/.  Each test checks that no item's text is lost and
 * that headlines, sections, dates and footnotes come out right.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "parse.h"

/* Parses tests/data/text/NAME, failing the test on any error. */
static lex_bulletin_t *
parse(const char *name)
{
    char path[512], *data;
    size_t len;
    lex_err_t err = {{0}};
    lex_bulletin_t *b = NULL;
    snprintf(path, sizeof path, "%s/text/%s", LEX_TESTDATA_DIR, name);
    ck_assert_int_eq(lex_read_file(path, LEX_MAX_FILE_BYTES, &data, &len, &err),
                     LEX_OK);
    lex_status_t st = lex_parse_text(path, data, len, &b, &err);
    free(data);
    ck_assert_msg(st == LEX_OK, "%s", err.msg);
    return b;
}

/* Checks item i's headline, date, approximate flag and footnote. */
static void
check_item(const lex_bulletin_t *b, size_t i, const char *headline,
           const char *date, bool approximate, int footnote)
{
    char got[16];
    ck_assert_uint_gt(b->n_items, i);
    const lex_item_t *it = &b->items[i];
    ck_assert_str_eq(it->headline, headline);
    lex_date_format(&it->date, got, sizeof got);
    ck_assert_str_eq(got, date);
    ck_assert_int_eq(it->date.approximate, approximate);
    ck_assert_int_eq(it->footnote, footnote);
}

/* True when some item's body contains text. */
static bool
in_some_body(const lex_bulletin_t *b, const char *text)
{
    for (size_t i = 0; i < b->n_items; i++)
        if (strstr(b->items[i].body, text))
            return true;
    return false;
}

START_TEST(date_and_section_glued_before_first_item)
{
    lex_bulletin_t *b = parse("glued-heading.txt");
    ck_assert_uint_eq(b->n_items, 2);
    ck_assert_str_eq(b->title, "China Data Update 12 May 2023");
    ck_assert_str_eq(b->items[0].section, "LEGISLATION");
    ck_assert_str_eq(b->items[1].section, "Enforcement Cases");
    check_item(b, 0, "Draft Rules on Data Labelling Released", "2023-05-08",
               false, 1);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(page_chrome_is_dropped)
{
    lex_bulletin_t *b = parse("chrome.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Ministry Publishes Vehicle Data Guide", "2023-06-02",
               false, 1);
    check_item(b, 1, "Court Rules on Smart Doorbell Footage", "2023-06-09",
               false, 2);
    for (size_t i = 0; i < b->n_items; i++) {
        ck_assert_ptr_null(strstr(b->items[i].body, "Share"));
        ck_assert_ptr_null(strstr(b->items[i].body, "Print"));
        ck_assert_ptr_null(strstr(b->items[i].headline, "Tweet"));
    }
    lex_bulletin_free(b);
}
END_TEST

START_TEST(other_section_headings)
{
    static const char *const sections[] = {
        "Legislative Developments", "Regulatory Developments",
        "Enforcement Developments", "Key Highlights", "Our View"};
    lex_bulletin_t *b = parse("more-headings.txt");
    ck_assert_uint_eq(b->n_items, 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(b->items[i].section, sections[i]);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(headline_directly_above_paragraph)
{
    lex_bulletin_t *b = parse("no-blank-line.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Province Issues Cloud Security Notice", "2023-08-01",
               false, 1);
    check_item(b, 1, "School App Audit Completed", "2023-08-04", false, 2);
    ck_assert_uint_eq(b->items[1].line, 4);
    ck_assert(!strncmp(b->items[1].body, "On August 4", 11));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(bullet_items)
{
    lex_bulletin_t *b = parse("bullets.txt");
    ck_assert_uint_eq(b->n_items, 3);
    check_item(b, 0, "Smart meters", "2023-09-04", false, 1);
    check_item(b, 1, "Ride hailing", "2023-09-06", false, 2);
    check_item(b, 2, "Hospitals", "2023-09", true, 3);
    ck_assert(!strncmp(b->items[2].body, "Recently, hospitals", 19));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(numbered_headlines_with_dates)
{
    lex_bulletin_t *b = parse("numbered-headlines.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Guidance on Data Brokers Published", "2024-02-05", false,
               1);
    check_item(b, 1, "Bank Fined for Weak Passwords", "2024-02-27", false, 2);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(headline_colon_body_on_one_line)
{
    lex_bulletin_t *b = parse("headline-colon.txt");
    ck_assert_uint_eq(b->n_items, 2);
    ck_assert_str_eq(b->title, "Monthly Notes - October 2023");
    check_item(b, 0, "Telecom operators warned", "2023-10-09", false, 1);
    check_item(b, 1, "Museum ticketing", "2023-10-16", false, 2);
    ck_assert(!strncmp(b->items[0].body, "On October 9, 2023", 18));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(paragraphs_without_headlines)
{
    lex_bulletin_t *b = parse("no-headline.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0,
               "On November 2, 2023, the authority published a list of twelve "
               "apps that collected more data than their functions required.",
               "2023-11-02", false, 1);
    check_item(b, 1,
               "On November 14, a court held that a gym could not make face "
               "scanning the only way to enter its premises.",
               "2023-11-14", false, 2);
    ck_assert(in_some_body(b, "Members must be offered a card instead."));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(footnotes_glued_to_text)
{
    lex_bulletin_t *b = parse("glued-footnote.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Notice on Network Product Testing (Draft)", "2023-12-01",
               false, 1);
    check_item(b, 1, "Guide to Incident Reporting", "2023-12-08", false, 2);
    ck_assert_str_eq(b->items[0].urls[0],
                     "https://www.tc260.org.cn/testing.htm");
    ck_assert(in_some_body(b, "for public comment (Draft)."));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(date_forms)
{
    static const char *const dates[] = {"2023-02-27", "2023-07-07",
                                        "2023-02-24", "2023-08-13",
                                        "2023-08-14", "2020-01-08"};
    lex_bulletin_t *b = parse("date-forms.txt");
    ck_assert_uint_eq(b->n_items, 6);
    for (size_t i = 0; i < 6; i++) {
        char got[16];
        lex_date_format(&b->items[i].date, got, sizeof got);
        ck_assert_str_eq(got, dates[i]);
        ck_assert(!b->items[i].date.approximate);
    }
    lex_bulletin_free(b);
}
END_TEST

START_TEST(file_cut_off_mid_word)
{
    lex_bulletin_t *b = parse("truncated.txt");
    ck_assert_uint_eq(b->n_items, 1);
    check_item(b, 0, "Regulator Consults on Smart Speaker Rules", "2024-01-10",
               false, 0);
    ck_assert(in_some_body(b, "visitors to a ho"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(chinese_paragraphs_between_english_ones)
{
    lex_bulletin_t *b = parse("bilingual.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Shanghai Publishes Data Export List", "2024-02-05", false,
               1);
    check_item(b, 1, "Beijing Tests Public Data Licensing", "2024-02-12", false,
               2);
    /* each Chinese paragraph stays with the item it translates */
    ck_assert_ptr_nonnull(strstr(b->items[0].body, "上海自贸区"));
    ck_assert_ptr_nonnull(strstr(b->items[1].body, "北京开始试点"));
    lex_bulletin_free(b);
}
END_TEST

static Suite *
variants_suite(void)
{
    Suite *s = suite_create("parse_variants");
    TCase *tc = tcase_create("variants");
    tcase_add_test(tc, date_and_section_glued_before_first_item);
    tcase_add_test(tc, page_chrome_is_dropped);
    tcase_add_test(tc, other_section_headings);
    tcase_add_test(tc, headline_directly_above_paragraph);
    tcase_add_test(tc, bullet_items);
    tcase_add_test(tc, numbered_headlines_with_dates);
    tcase_add_test(tc, headline_colon_body_on_one_line);
    tcase_add_test(tc, paragraphs_without_headlines);
    tcase_add_test(tc, footnotes_glued_to_text);
    tcase_add_test(tc, date_forms);
    tcase_add_test(tc, file_cut_off_mid_word);
    tcase_add_test(tc, chinese_paragraphs_between_english_ones);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(variants_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
