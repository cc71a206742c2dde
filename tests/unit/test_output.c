/*
 * test_output.c - what reaches the terminal and scripts: terminal
 * sanitising and JSON string escaping, on hostile input, and the JSON
 * object writer.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "sanitize.h"

/* Captures what fn writes for input s into a heap string. */
static char *
capture(void (*fn)(FILE *, const char *, size_t), const char *s, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    fn(f, s, n);
    fclose(f);
    return buf;
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
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    lex_json_string(f, NULL);
    fclose(f);
    ck_assert_str_eq(buf, "null");
    free(buf);
}
END_TEST

START_TEST(json_object_places_every_separator)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    char *urls[] = {"https://a.example/1", "x\"y"};
    lex_json_object_t o;
    lex_json_begin(&o, f);
    lex_json_member_string(&o, "file", "a\tb.txt");
    lex_json_member_int(&o, "line", -3);
    lex_json_member_string(&o, "date", NULL);
    lex_json_member_bool(&o, "approx", true);
    lex_json_member_int_or_null(&o, "footnote", false, 7);
    lex_json_member_int_or_null(&o, "n", true, 7);
    lex_json_member_strings(&o, "urls", urls, 2);
    lex_json_member_strings(&o, "none", urls, 0);
    lex_json_end(&o);
    lex_json_begin(&o, f); /* an empty object */
    lex_json_end(&o);
    fclose(f);
    ck_assert_str_eq(buf, "{\"file\":\"a\\tb.txt\",\"line\":-3,\"date\":null,"
                          "\"approx\":true,\"footnote\":null,\"n\":7,"
                          "\"urls\":[\"https://a.example/1\",\"x\\\"y\"],"
                          "\"none\":[]}{}");
    free(buf);
}
END_TEST

static Suite *
output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("sanitize");
    tcase_add_test(tc, sanitize_removes_escape_sequences);
    tcase_add_test(tc, sanitize_keeps_valid_utf8);
    tcase_add_test(tc, sanitize_replaces_invalid_utf8);
    suite_add_tcase(s, tc);
    tc = tcase_create("json");
    tcase_add_test(tc, json_escapes_everything_needed);
    tcase_add_test(tc, json_null_for_missing_string);
    tcase_add_test(tc, json_object_places_every_separator);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(output_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
