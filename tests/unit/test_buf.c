/*
 * test_buf.c - unit tests for the growable byte buffer (buf.c): taking
 * back what was just written (lex_buf_truncate, which lexgen uses to
 * rewrite a headline too long for a real bulletin).
 */
#include <check.h>
#include <stdlib.h>

#include "buf.h"
#include "unit_cases.h"
#include "unit_util.h"

START_TEST(truncate_takes_back_the_last_bytes)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_puts(&b, "Headline\n\n");
    size_t at = b.len;
    lex_buf_puts(&b, "A headline far too long");
    lex_buf_truncate(&b, at);
    ck_assert_uint_eq(b.len, at);
    ck_assert_str_eq(lex_buf_str(&b), "Headline\n\n");
    lex_buf_puts(&b, "Short");
    ck_assert_str_eq(lex_buf_str(&b), "Headline\n\nShort");
    lex_buf_free(&b);
}
END_TEST

START_TEST(truncate_never_lengthens)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_truncate(&b, 0); /* an untouched buffer has no storage */
    ck_assert_str_eq(lex_buf_str(&b), "");
    lex_buf_puts(&b, "abc");
    lex_buf_truncate(&b, 10);
    ck_assert_uint_eq(b.len, 3);
    ck_assert_str_eq(lex_buf_str(&b), "abc");
    lex_buf_truncate(&b, 0);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(lex_buf_str(&b), "");
    lex_buf_free(&b);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("buf",
          UNIT_TCASE("truncate", NULL, NULL, truncate_takes_back_the_last_bytes,
                     truncate_never_lengthens))
