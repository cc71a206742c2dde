/*
 * test_dates.c - lex_iso_date_parse, the one reader of ISO dates: the
 * shapes it takes, the ones it refuses, and that a refusal stores
 * nothing; and lex_find_prose_date, the first date a note's prose
 * writes.
 */
#include <check.h>
#include <stdlib.h>

#include "dates.h"

START_TEST(iso_shapes_are_read)
{
    int y = -1, m = -1, d = -1;
    ck_assert(lex_iso_date_parse("2023-04-16", &y, &m, &d));
    ck_assert(y == 2023 && m == 4 && d == 16);
    ck_assert(lex_iso_date_parse("2023-12", &y, &m, &d));
    ck_assert(y == 2023 && m == 12 && d == 0);
    ck_assert(lex_iso_date_parse("0999", &y, &m, &d));
    ck_assert(y == 999 && m == 0 && d == 0);
}
END_TEST

START_TEST(other_shapes_are_refused)
{
    static const char *const bad[] = {
        "",           "202",        "20234",      "2023-4",      "2023-4-5",
        "2023-13",    "2023-00",    "2023-04-00", "2023-04-32",  "2023/04",
        "+023-04-01", "2023-04-1x", " 2023",      "2023-04-16T", "２０２３"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int y = 7, m = 7, d = 7;
        ck_assert_msg(!lex_iso_date_parse(bad[i], &y, &m, &d), "'%s'", bad[i]);
        ck_assert_msg(y == 7 && m == 7 && d == 7, "'%s' stored", bad[i]);
    }
}
END_TEST

START_TEST(dates_inside_prose_are_found)
{
    static const struct {
        const char *text;
        int y, m, d;
    } ok[] = {
        {"The rules took effect 19 April, as planned.", 0, 4, 19},
        {"Elsewhere, the act takes full effect 1 April 2022.", 2022, 4, 1},
        {"Data moved on. On 13 Dec., the two sides agreed.", 0, 12, 13},
        {"The fine of 8.026 billion yuan came on March 3, 2024.", 2024, 3, 3},
        {"Filings piled up before the end of February.", 0, 2, 0},
        {"A draft came out in mid-September for comment.", 0, 9, 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int y = -1, m = -1, d = -1;
        ck_assert_msg(lex_find_prose_date(ok[i].text, &y, &m, &d), "%s",
                      ok[i].text);
        ck_assert_msg(y == ok[i].y && m == ok[i].m && d == ok[i].d,
                      "%s: %d-%d-%d", ok[i].text, y, m, d);
    }
    static const char *const none[] = {
        "Firms may file once a year under Article 5.",
        "The fine was 8.026 billion yuan, or 3 times the last one.",
        "Since it is June, the rules come up again.", ""};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        int y, m, d;
        ck_assert_msg(!lex_find_prose_date(none[i], &y, &m, &d), "%s", none[i]);
    }
}
END_TEST

/* Builds the suite. */
static Suite *
dates_suite(void)
{
    Suite *s = suite_create("dates");
    TCase *tc = tcase_create("iso");
    tcase_add_test(tc, iso_shapes_are_read);
    tcase_add_test(tc, other_shapes_are_refused);
    tcase_add_test(tc, dates_inside_prose_are_found);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(dates_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
