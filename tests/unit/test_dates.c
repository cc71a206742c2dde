/*
 * test_dates.c - lex_iso_date_parse, the one reader of ISO dates: the
 * shapes it takes, the ones it refuses, and that a refusal stores
 * nothing.
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

/* Builds the suite. */
static Suite *
dates_suite(void)
{
    Suite *s = suite_create("dates");
    TCase *tc = tcase_create("iso");
    tcase_add_test(tc, iso_shapes_are_read);
    tcase_add_test(tc, other_shapes_are_refused);
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
