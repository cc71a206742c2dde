/*
 * test_numbers.c - lex_parse_uint, the one reader of the programs'
 * whole-number options: bounds taken inclusively, and everything that
 * is not a whole number in range refused without touching the result.
 */
#include <check.h>

#include "numbers.h"
#include "unit_cases.h"
#include "unit_util.h"

START_TEST(numbers_in_range_are_read)
{
    unsigned v = 7;
    ck_assert(lex_parse_uint("0", 0, 10, &v));
    ck_assert_uint_eq(v, 0);
    ck_assert(lex_parse_uint("10", 0, 10, &v));
    ck_assert_uint_eq(v, 10);
    ck_assert(lex_parse_uint("1000000", 1, 1000000, &v));
    ck_assert_uint_eq(v, 1000000);
}
END_TEST

START_TEST(anything_else_is_refused)
{
    static const char *const bad[] = {
        "", "11", "-1", "1x", "x", "1.5", "99999999999999999999", "0x5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned v = 7;
        ck_assert_msg(!lex_parse_uint(bad[i], 0, 10, &v), "'%s' read", bad[i]);
        ck_assert_uint_eq(v, 7);
    }
    unsigned v = 7;
    ck_assert(!lex_parse_uint("0", 1, 10, &v)); /* below lo */
    ck_assert_uint_eq(v, 7);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("numbers",
          UNIT_TCASE("parse_uint", NULL, NULL, numbers_in_range_are_read,
                     anything_else_is_refused))
