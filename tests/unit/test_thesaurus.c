/*
 * test_thesaurus.c - lex_thesaurus_load: groups read in order, and a
 * phrase in two groups refused with the line of its second group, however
 * many groups come between (the loader looks phrases up in a hash table).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"
#include "thesaurus.h"
#include "unit_cases.h"
#include "unit_util.h"

/* Writes text to a new temporary file; returns its malloc'd path. */
static char *
write_temp(const char *text)
{
    char *path = strdup("/tmp/test_thesaurus.XXXXXX");
    ck_assert_ptr_nonnull(path);
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

/* Loads text as a thesaurus file; the status, with *th and err filled. */
static lex_status_t
load_text(const char *text, lex_thesaurus_t **th, lex_err_t *err)
{
    char *path = write_temp(text);
    lex_status_t st = lex_thesaurus_load(path, th, err);
    unlink(path);
    free(path);
    return st;
}

START_TEST(groups_load_in_order)
{
    lex_thesaurus_t *th;
    lex_err_t err;
    ck_assert_int_eq(load_text("# comment\n"
                               "data export\tcross-border transfer\n"
                               "fine\tpenalty\tsanction\n",
                               &th, &err),
                     LEX_OK);
    ck_assert_uint_eq(th->n, 2);
    ck_assert_uint_eq(th->groups[1].n, 3);
    ck_assert_str_eq(th->groups[0].phrases[1], "cross-border transfer");
    ck_assert_str_eq(th->groups[1].phrases[2], "sanction");
    lex_thesaurus_free(th);
}
END_TEST

/* Many groups of distinct phrases, then one that repeats a phrase of the
   first: the error names the phrase and the repeating line. */
START_TEST(phrase_in_two_groups_is_refused)
{
    char text[8192] = "alpha\tbeta\n";
    for (int i = 0; i < 200; i++) {
        char line[64];
        snprintf(line, sizeof line, "word%d\tother%d\n", i, i);
        strcat(text, line);
    }
    strcat(text, "gamma\tbeta\n");
    lex_thesaurus_t *th;
    lex_err_t err;
    ck_assert_int_eq(load_text(text, &th, &err), LEX_EPARSE);
    ck_assert_ptr_null(th);
    ck_assert_ptr_nonnull(strstr(err.msg, ":202: 'beta' is already in another "
                                          "group"));
}
END_TEST

/* The first error in the file is the one reported: a duplicate on line 2
   before a malformed phrase on line 3. */
START_TEST(first_error_in_file_order)
{
    lex_thesaurus_t *th;
    lex_err_t err;
    ck_assert_int_eq(load_text("a b\tc d\nc d\te f\nBad\tg\n", &th, &err),
                     LEX_EPARSE);
    ck_assert_ptr_nonnull(strstr(err.msg, ":2: 'c d' is already"));
}
END_TEST

/* A phrase is 1-4 lower-case words of letters, digits and hyphens one
   space apart, or Chinese alone; anything else is refused with its line. */
START_TEST(phrases_checked)
{
    static const char *const good[] = {"a",
                                       "data export",
                                       "one two three four",
                                       "cross-border",
                                       "gdpr-2016 fines",
                                       "个人信息",
                                       "x-1"};
    static const char *const bad[] = {"Data",
                                      "five words are too many",
                                      " lead",
                                      "trail ",
                                      "two  spaces",
                                      "data_export",
                                      "数据 export",
                                      "数据x",
                                      "a\xc2\xa0"
                                      "b"};
    char text[256];
    lex_thesaurus_t *th;
    lex_err_t err;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        snprintf(text, sizeof text, "# head\n%s\tzz other\n", good[i]);
        ck_assert_msg(load_text(text, &th, &err) == LEX_OK, "'%s': %s", good[i],
                      err.msg);
        ck_assert_str_eq(th->groups[0].phrases[0], good[i]);
        lex_thesaurus_free(th);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[128];
        snprintf(text, sizeof text, "# head\nzz other\t%s\n", bad[i]);
        snprintf(want, sizeof want, ":2: '%s' is not 1-4", bad[i]);
        ck_assert_msg(load_text(text, &th, &err) == LEX_EPARSE, "'%s'", bad[i]);
        ck_assert_msg(strstr(err.msg, want), "'%s': %s", bad[i], err.msg);
    }
}
END_TEST

/* The hash that tells thesauri apart (and that an index's topics were
   tagged with) is of each group line after a newline and before a TAB,
   comments and blank lines left out: indexes keep it, so it never
   changes. */
START_TEST(hash_of_the_group_lines)
{
    lex_thesaurus_t *th;
    lex_err_t err;
    ck_assert_int_eq(
        load_text("# one\na b\tc\r\n\n# two\nd\te\tf\n", &th, &err), LEX_OK);
    ck_assert_uint_eq(th->hash, lex_hash64("\na b\tc\t\nd\te\tf\t", 14));
    lex_thesaurus_free(th);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("thesaurus",
          UNIT_TCASE("load", NULL, NULL, groups_load_in_order,
                     phrase_in_two_groups_is_refused, first_error_in_file_order,
                     phrases_checked, hash_of_the_group_lines))
