/*
 * test_tsv.c - lex_tsv_next, the one TAB-separated field splitter:
 * empty fields, empty lines and a line given by length, not by NUL.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"
#include "unit_cases.h"
#include "unit_util.h"

/* The fields of line[0..len) joined with '|' (a static copy). */
static const char *
fields(const char *line, size_t len)
{
    static char out[256];
    size_t pos = 0, n, o = 0;
    const char *f;
    out[0] = '\0';
    while (lex_tsv_next(line, len, &pos, &f, &n)) {
        if (pos > n + 1) /* not the first field */
            out[o++] = '|';
        memcpy(out + o, f, n);
        o += n;
        out[o] = '\0';
    }
    return out;
}

START_TEST(fields_are_split_at_tabs)
{
    ck_assert_str_eq(fields("a\tbc\td", 6), "a|bc|d");
    ck_assert_str_eq(fields("one", 3), "one");
    /* empty fields count: n TABs make n + 1 fields */
    ck_assert_str_eq(fields("\ta\t\t", 4), "|a||");
    ck_assert_str_eq(fields("", 0), "");
    /* the length bounds the line, not a NUL */
    ck_assert_str_eq(fields("x\ty\tz", 3), "x|y");
}
END_TEST

START_TEST(count_of_fields)
{
    size_t pos = 0, n, count = 0;
    const char *f;
    while (lex_tsv_next("\t\t", 2, &pos, &f, &n))
        count++;
    ck_assert_uint_eq(count, 3);
    ck_assert(!lex_tsv_next("\t\t", 2, &pos, &f, &n));
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("tsv", UNIT_TCASE("split", NULL, NULL, fields_are_split_at_tabs,
                            count_of_fields))
