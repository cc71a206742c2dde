/*
 * test_filestate.c - a bulletin file's recorded state as the index
 * stores it: written, read back, and damaged text refused.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "filestate.h"
#include "unit_cases.h"
#include "unit_util.h"

START_TEST(written_and_read_back)
{
    lex_file_state_t st = {123456789012ULL, -5LL, 0xfedcba9876543210ULL, 42};
    char text[LEX_FILE_STATE_TEXT + 64];
    lex_file_state_format(&st, text);
    ck_assert_str_eq(text, "123456789012 -5 fedcba9876543210 42 ");
    strcat(text, "2024/bulletin 07.xml");

    lex_file_state_t back;
    size_t key_at;
    ck_assert(lex_file_state_parse(text, &back, &key_at));
    ck_assert_uint_eq(back.size, st.size);
    ck_assert_int_eq(back.mtime_ns, st.mtime_ns);
    ck_assert_uint_eq(back.hash, st.hash);
    ck_assert_uint_eq(back.items, 42);
    /* the key keeps its spaces */
    ck_assert_str_eq(text + key_at, "2024/bulletin 07.xml");
}
END_TEST

START_TEST(largest_numbers_fit)
{
    lex_file_state_t st = {~0ULL, -9223372036854775807LL - 1, ~0ULL, ~0UL};
    char text[LEX_FILE_STATE_TEXT];
    lex_file_state_format(&st, text);
    lex_file_state_t back;
    ck_assert(lex_file_state_parse(text, &back, NULL));
    ck_assert_uint_eq(back.size, st.size);
    ck_assert_int_eq(back.mtime_ns, st.mtime_ns);
    ck_assert_uint_eq(back.items, st.items);
}
END_TEST

START_TEST(damaged_text_is_refused)
{
    lex_file_state_t st;
    ck_assert(!lex_file_state_parse("", &st, NULL));
    ck_assert(!lex_file_state_parse("12 34 ab", &st, NULL));
    ck_assert(!lex_file_state_parse("12 when ab 3 key", &st, NULL));
    ck_assert(!lex_file_state_parse("size 1 2 3 key", &st, NULL));
    ck_assert(lex_file_state_parse("12 34 ab 3 key", &st, NULL));
    ck_assert_uint_eq(st.hash, 0xab);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("filestate", UNIT_TCASE("text", NULL, NULL, written_and_read_back,
                                  largest_numbers_fit, damaged_text_is_refused))
