/*
 * test_output.c - what reaches the terminal and scripts: terminal
 * sanitising and JSON string escaping, on hostile input, and the
 * structured JSON emitter: nesting, separators, and refusing misuse.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "sanitize.h"
#include "sprinter.h"
#include "unit_cases.h"
#include "unit_util.h"

/* Captures what fn writes for input s into a heap string. */
static char *
capture(void (*fn)(FILE *, const char *, size_t), const char *s, size_t n)
{
    unit_capture_t cap;
    fn(unit_capture_open(&cap), s, n);
    return unit_capture_close(&cap);
}

START_TEST(sanitize_removes_escape_sequences)
{
    const char in[] = "a\033[31mred\033[0m \033]0;t\007b\x9b"
                      "c \xc2\x9b"
                      "d\r\n";
    char *out = capture(lex_fput_safe, in, sizeof in - 1);
    ck_assert_ptr_null(strchr(out, '\033'));
    ck_assert_ptr_null(strchr(out, '\007'));
    ck_assert_ptr_null(strchr(out, '\r'));
    ck_assert_ptr_null(strchr(out, '\n'));
    ck_assert_ptr_null(strstr(out, "\xc2\x9b")); /* C1 CSI as UTF-8 */
    ck_assert_ptr_nonnull(strstr(out, "red"));
    free(out);
}
END_TEST

START_TEST(sanitize_keeps_valid_utf8)
{
    const char in[] = "网信办 “CAC” – naïve";
    char *out = capture(lex_fput_safe, in, sizeof in - 1);
    ck_assert_str_eq(out, in);
    free(out);
}
END_TEST

START_TEST(sanitize_replaces_invalid_utf8)
{
    const char in[] = "bad \xff\xfe end \xe4\xb8"; /* truncated sequence */
    char *out = capture(lex_fput_safe, in, sizeof in - 1);
    ck_assert_str_eq(out, "bad \xEF\xBF\xBD\xEF\xBF\xBD end "
                          "\xEF\xBF\xBD\xEF\xBF\xBD");
    free(out);
}
END_TEST

/* Each neutralised character in its place, the printable runs between
   them whole: a line break, a tab, an escape, a bidi override. */
START_TEST(sanitize_keeps_runs_in_order)
{
    const char in[] = "CAC\tfine\033[1m 网信办\xe2\x80\xaeRMB\n";
    char *out = capture(lex_fput_safe, in, sizeof in - 1);
    ck_assert_str_eq(out, "CAC fine\xEF\xBF\xBD[1m 网信办\xEF\xBF\xBDRMB ");
    free(out);
}
END_TEST

START_TEST(json_escapes_everything_needed)
{
    const char in[] = "q\"b\\s\n\t\001\x7f 网 \xff";
    char *out = capture(lex_json_string_n, in, sizeof in - 1);
    ck_assert_str_eq(out, "\"q\\\"b\\\\s\\n\\t\\u0001\\u007f 网 \\ufffd\"");
    free(out);
}
END_TEST

START_TEST(json_null_for_missing_string)
{
    unit_capture_t cap;
    lex_json_string(unit_capture_open(&cap), NULL);
    char *buf = unit_capture_close(&cap);
    ck_assert_str_eq(buf, "null");
    free(buf);
}
END_TEST

/* An emitter writing to a memory stream, for the sprinter tests; buf
   the text written, once sink_close has closed the stream. */
typedef struct {
    unit_capture_t cap;
    lex_sprinter_t sp;
    char *buf;
} sink_t;

/* Opens k's stream and starts its emitter on it. */
static void
sink_open(sink_t *k)
{
    k->buf = NULL;
    lex_sp_init(&k->sp, unit_capture_open(&k->cap));
}

/* Closes the stream; the text written is then k->buf (free it). */
static void
sink_close(sink_t *k)
{
    k->buf = unit_capture_close(&k->cap);
}

START_TEST(sprinter_nests_and_separates)
{
    sink_t k;
    sink_open(&k);
    lex_sprinter_t *sp = &k.sp;
    char *urls[] = {"https://a.example/1", "x\"y"};
    ck_assert(lex_sp_begin_map(sp));
    ck_assert(lex_sp_key(sp, "a"));
    ck_assert(lex_sp_begin_list(sp));
    ck_assert(lex_sp_int(sp, 1));
    ck_assert(lex_sp_begin_map(sp));
    ck_assert(lex_sp_end_map(sp));
    ck_assert(lex_sp_begin_list(sp));
    ck_assert(lex_sp_end_list(sp));
    ck_assert(lex_sp_string(sp, NULL));
    ck_assert(lex_sp_bool(sp, false));
    ck_assert(lex_sp_real(sp, 0.123456789));
    ck_assert(lex_sp_uint(sp, 18446744073709551615UL));
    ck_assert(lex_sp_end_list(sp));
    ck_assert(lex_sp_member_string(sp, "b", "x"));
    ck_assert(lex_sp_member_int(sp, "n", -3));
    ck_assert(lex_sp_member_strings(sp, "u", urls, 2));
    ck_assert(lex_sp_member_strings(sp, "none", urls, 0));
    ck_assert(lex_sp_key(sp, "c"));
    ck_assert(lex_sp_null(sp));
    ck_assert(lex_sp_member_int_or_null(sp, "f", false, 7));
    ck_assert(lex_sp_member_int_or_null(sp, "g", true, 7));
    ck_assert(lex_sp_key(sp, "inf"));
    ck_assert(lex_sp_real(sp, 1.0 / 0.0));
    ck_assert(lex_sp_end_map(sp));
    ck_assert(lex_sp_newline(sp));
    ck_assert(lex_sp_begin_list(sp)); /* a second document, NDJSON */
    ck_assert(lex_sp_end_list(sp));
    ck_assert(lex_sp_newline(sp));
    ck_assert(lex_sp_ok(sp));
    sink_close(&k);
    ck_assert_str_eq(
        k.buf, "{\"a\":[1,{},[],null,false,0.123457,"
               "18446744073709551615],\"b\":\"x\",\"n\":-3,"
               "\"u\":[\"https://a.example/1\",\"x\\\"y\"],"
               "\"none\":[],\"c\":null,\"f\":null,\"g\":7,\"inf\":null}\n[]\n");
    free(k.buf);
}
END_TEST

START_TEST(sprinter_escapes_keys_and_strings)
{
    sink_t k;
    sink_open(&k);
    ck_assert(lex_sp_begin_map(&k.sp));
    ck_assert(lex_sp_member_string(&k.sp, "k\"\n\001", "网\t\xff"));
    ck_assert(lex_sp_end_map(&k.sp));
    sink_close(&k);
    ck_assert_str_eq(k.buf, "{\"k\\\"\\n\\u0001\":\"网\\t\\ufffd\"}");
    free(k.buf);
}
END_TEST

/* Misuses: each makes the calls before the misuse (which must succeed)
   and returns what the misuse returned. */
static bool
value_for_key(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_begin_map(sp));
    return lex_sp_string(sp, "v");
}

static bool
key_in_list(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_begin_list(sp));
    return lex_sp_key(sp, "k");
}

static bool
key_after_key(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_begin_map(sp));
    ck_assert(lex_sp_key(sp, "a"));
    return lex_sp_key(sp, "b");
}

static bool
close_before_value(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_begin_map(sp));
    ck_assert(lex_sp_key(sp, "a"));
    return lex_sp_end_map(sp);
}

static bool
close_map_as_list(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_begin_map(sp));
    return lex_sp_end_list(sp);
}

static bool
close_list_as_map(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_begin_list(sp));
    return lex_sp_end_map(sp);
}

static bool
close_nothing(lex_sprinter_t *sp)
{
    return lex_sp_end_map(sp);
}

static bool
two_values_on_a_line(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_int(sp, 1));
    return lex_sp_int(sp, 2);
}

static bool
newline_in_document(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_begin_list(sp));
    return lex_sp_newline(sp);
}

static bool
newline_before_value(lex_sprinter_t *sp)
{
    return lex_sp_newline(sp);
}

static bool
null_key(lex_sprinter_t *sp)
{
    ck_assert(lex_sp_begin_map(sp));
    return lex_sp_key(sp, NULL);
}

static bool
too_deep(lex_sprinter_t *sp)
{
    for (int i = 0; i < LEX_SP_MAX_DEPTH; i++)
        ck_assert(lex_sp_begin_list(sp));
    return lex_sp_begin_list(sp);
}

static const struct {
    bool (*misuse)(lex_sprinter_t *sp);
    const char *written; /* before the misuse, which writes nothing */
} misuses[] = {
    {value_for_key, "{"},
    {key_in_list, "["},
    {key_after_key, "{\"a\":"},
    {close_before_value, "{\"a\":"},
    {close_map_as_list, "{"},
    {close_list_as_map, "["},
    {close_nothing, ""},
    {two_values_on_a_line, "1"},
    {newline_in_document, "["},
    {newline_before_value, ""},
    {null_key, "{"},
    {too_deep, "[[[[[[[[[[[[[[[["},
};

START_TEST(sprinter_refuses_misuse)
{
    sink_t k;
    sink_open(&k);
    ck_assert(!misuses[_i].misuse(&k.sp));
    ck_assert(!lex_sp_ok(&k.sp));
    /* refused from then on, even a call that would have been right */
    ck_assert(!lex_sp_end_list(&k.sp));
    ck_assert(!lex_sp_null(&k.sp));
    sink_close(&k);
    ck_assert_str_eq(k.buf, misuses[_i].written);
    free(k.buf);
}
END_TEST

static Suite *
output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("sanitize");
    ADD_TESTS(tc, sanitize_removes_escape_sequences, sanitize_keeps_valid_utf8,
              sanitize_keeps_runs_in_order, sanitize_replaces_invalid_utf8);
    suite_add_tcase(s, tc);
    tc = tcase_create("json");
    ADD_TESTS(tc, json_escapes_everything_needed, json_null_for_missing_string);
    suite_add_tcase(s, tc);
    tc = tcase_create("sprinter");
    ADD_TESTS(tc, sprinter_nests_and_separates,
              sprinter_escapes_keys_and_strings);
    tcase_add_loop_test(tc, sprinter_refuses_misuse, 0,
                        (int)(sizeof misuses / sizeof misuses[0]));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return run_suite(output_suite());
}
