/*
 * test_parse_text.c - the plain-text parser and the date helpers on
 * small bulletins written in the tests, one per layout rule or error.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "parse.h"
#include "unit_cases.h"
#include "unit_util.h"
#include "utf8.h"

static lex_err_t err;

/* Parses a NUL-terminated text as path, expecting success. */
static lex_bulletin_t *
parse_ok(const char *path, const char *text)
{
    lex_bulletin_t *b = NULL;
    lex_status_t st = lex_parse_text(path, text, strlen(text), NULL, &b, &err);
    ck_assert_msg(st == LEX_OK, "%s", err.msg);
    ck_assert_ptr_nonnull(b);
    return b;
}

/* Parses len bytes as path, expecting status st; returns the message. */
static const char *
parse_fails(const char *path, const char *data, size_t len, lex_status_t st)
{
    lex_bulletin_t *b = (lex_bulletin_t *)1;
    ck_assert_int_eq(lex_parse_text(path, data, len, NULL, &b, &err), st);
    ck_assert_ptr_null(b);
    return err.msg;
}

#define PARA(s) s " It goes on long enough to be a real paragraph of news."

START_TEST(empty_and_blank_files_are_errors)
{
    ck_assert_str_eq(parse_fails("e.txt", "", 0, LEX_EPARSE),
                     "e.txt: empty file");
    ck_assert_str_eq(parse_fails("e.txt", " \n\r\n\t\n", 6, LEX_EPARSE),
                     "e.txt: empty file");
}
END_TEST

START_TEST(encoding_errors_name_the_line)
{
    static const char nul[] = "Headline\n\nText\0more\n";
    static const char bad[] = "Headline\n\xFF\xFE trailing\n";
    static const char overlong[] = "ok\nok\nok \xC0\xAF\n";
    static const char utf16[] = "\xFF\xFEH\0e\0";
    ck_assert_str_eq(parse_fails("n.txt", nul, sizeof nul - 1, LEX_EENCODING),
                     "n.txt:3: NUL byte at offset 14; this looks like a binary "
                     "file, not a bulletin");
    ck_assert_str_eq(parse_fails("b.txt", bad, sizeof bad - 1, LEX_EENCODING),
                     "b.txt:2: invalid UTF-8 (byte offset 9); convert the file "
                     "to UTF-8");
    ck_assert_ptr_nonnull(strstr(
        parse_fails("o.txt", overlong, sizeof overlong - 1, LEX_EENCODING),
        "o.txt:3: invalid UTF-8 (byte offset 9)"));
    ck_assert_ptr_nonnull(
        strstr(parse_fails("u.txt", utf16, sizeof utf16 - 1, LEX_EENCODING),
               "u.txt: UTF-16 text is not supported"));
}
END_TEST

START_TEST(text_without_items_is_an_error)
{
    const char *t = "Enforcement Cases\n\nLegislation\n\n1. "
                    "https://example.org/x\n\nDisclaimer: nothing here.\n";
    ck_assert_ptr_nonnull(strstr(parse_fails("h.txt", t, strlen(t), LEX_EPARSE),
                                 "h.txt: no bulletin items found"));
}
END_TEST

START_TEST(sections_footnotes_and_references)
{
    lex_bulletin_t *b = parse_ok(
        "s.txt",
        "CAC Publishes Draft Rules\n\n" PARA(
            "On May 9, 2023, the CAC published draft "
            "rules.") " 3\n\n"
                      "Enforcement Cases\n\n"
                      "MIIT Names Apps\n\n" PARA(
                          "On May 4, the MIIT named "
                          "apps.") "[7]\n\n"
                                   "Odd Heading We Never "
                                   "Saw\n\n"
                                   "Court Rules on "
                                   "Cookies\n\n" PARA("On May 2, a "
                                                      "court ruled on "
                                                      "cookies.") "9\n\n"
                                                                  "3. "
                                                                  "https"
                                                                  "://"
                                                                  "www."
                                                                  "cac."
                                                                  "gov."
                                                                  "cn/"
                                                                  "a."
                                                                  "htm\n"
                                                                  "https"
                                                                  "://"
                                                                  "mirro"
                                                                  "r."
                                                                  "examp"
                                                                  "le."
                                                                  "org/"
                                                                  "a."
                                                                  "htm\n"
                                                                  "\n"
                                                                  "[9] "
                                                                  "https"
                                                                  "://"
                                                                  "court"
                                                                  ".exam"
                                                                  "ple."
                                                                  "cn/"
                                                                  "b."
                                                                  "html)"
                                                                  ".\n\n"
                                                                  "Discl"
                                                                  "aimer"
                                                                  ": "
                                                                  "this "
                                                                  "is "
                                                                  "not "
                                                                  "legal"
                                                                  " advi"
                                                                  "ce "
                                                                  "and "
                                                                  "no "
                                                                  "item "
                                                                  "at "
                                                                  "all."
                                                                  "\n");
    ck_assert_uint_eq(b->n_items, 3);
    ck_assert_str_eq(b->items[0].section, "Legislation");
    ck_assert_str_eq(b->items[1].section, "Enforcement Cases");
    ck_assert_str_eq(b->items[2].section, "Odd Heading We Never Saw");
    ck_assert_int_eq(b->items[0].footnote, 3);
    ck_assert_int_eq(b->items[1].footnote, 7);
    ck_assert_int_eq(b->items[2].footnote, 9);
    ck_assert_uint_eq(b->items[0].n_urls, 2);
    ck_assert_str_eq(b->items[0].urls[0], "https://www.cac.gov.cn/a.htm");
    ck_assert_str_eq(b->items[0].urls[1], "https://mirror.example.org/a.htm");
    ck_assert_uint_eq(b->items[1].n_urls, 0); /* no entry 7: no link */
    ck_assert_str_eq(b->items[2].urls[0], "https://court.example.cn/b.html");
    ck_assert_uint_eq(b->items[0].line, 1);
    ck_assert_uint_eq(b->items[1].line, 7);
    ck_assert_uint_eq(b->items[2].line, 13);
    size_t n = strlen(b->items[1].body);
    ck_assert_str_eq(b->items[1].body + n - 5, "news.");
    lex_bulletin_free(b);
}
END_TEST

START_TEST(numbers_that_are_not_footnotes_stay)
{
    lex_bulletin_t *b = parse_ok(
        "f.txt",
        "Law Takes Effect\n\n" PARA(
            "On June 1, 2023, the law took effect under Article") " 5\n");
    /* "news. 5"? no: the paragraph ends "...news." then " 5" -> footnote */
    ck_assert_int_eq(b->items[0].footnote, 5);
    lex_bulletin_free(b);
    b = parse_ok("g.txt", "Law Takes Effect\n\nOn June 1, 2023, the law took "
                          "effect, as set out in Article 5\n");
    ck_assert_int_eq(b->items[0].footnote, 0);
    ck_assert_ptr_nonnull(strstr(b->items[0].body, "Article 5"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(years_come_from_the_issue)
{
    lex_bulletin_t *b = parse_ok(
        "j.txt",
        "China Data Bulletin - January 2024\n\n"
        "Year-end Campaign Closes\n\n" PARA(
            "On December 28, the campaign closed.") " 1\n\n"
                                                    "New Year Rules\n\n" PARA(
                                                        "On January 5, new "
                                                        "rules came.") " 2\n\n"
                                                                       "Quiet "
                                                                       "Change"
                                                                       "\n"
                                                                       "\n" PARA(
                                                                           "Rec"
                                                                           "ent"
                                                                           "ly,"
                                                                           " so"
                                                                           "met"
                                                                           "hin"
                                                                           "g "
                                                                           "cha"
                                                                           "nge"
                                                                           "d.") " 3\n");
    ck_assert_str_eq(b->title, "China Data Bulletin - January 2024");
    ck_assert_int_eq(b->year, 2024);
    ck_assert_int_eq(b->month, 1);
    ck_date(&b->items[0], "2023-12-28", false);
    ck_date(&b->items[1], "2024-01-05", false);
    ck_date(&b->items[2], "2024-01", true);
    lex_bulletin_free(b);

    /* no title: the month most items open with, the year written out */
    b = parse_ok(
        "x.txt",
        "A\n\n" PARA(
            "On March 3, a thing.") " 1\n\n"
                                    "B\n\n" PARA(
                                        "On 2 March 2022, "
                                        "another.") " 2\n\n"
                                                    "C\n"
                                                    "\n" PARA(
                                                        "On "
                                                        "Febr"
                                                        "uary"
                                                        " 27,"
                                                        " ear"
                                                        "lier"
                                                        ".") " 3\n\n"
                                                             "D\n\n" PARA(
                                                                 "Since "
                                                                 "last "
                                                                 "year, "
                                                                 "vague.") " 4"
                                                                           "\n");
    ck_date(&b->items[0], "2022-03-03", false);
    ck_date(&b->items[1], "2022-03-02", false);
    ck_date(&b->items[2], "2022-02-27", false);
    ck_date(&b->items[3], "2022-03", true);
    lex_bulletin_free(b);

    /* the file name gives the issue when the text does not */
    b = parse_ok("dir/bulletin-2023-06.txt",
                 "A\n\n" PARA("On June 3, x.") " 1\n");
    ck_date(&b->items[0], "2023-06-03", false);
    lex_bulletin_free(b);

    /* nothing says the year: undated, not guessed */
    b = parse_ok("plain.txt", "A\n\n" PARA("On June 3, x.") " 1\n");
    ck_date(&b->items[0], "", false);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(control_characters_and_line_endings)
{
    lex_bulletin_t *b = parse_ok(
        "c.txt", "\xEF\xBB\xBF"
                 "Bad\x1B[31m Headline\t\xC2\x9B here\r\n\r\n" PARA(
                     "On May 9, 2023, text\x07 with a bell\xE2\x80\xAE and "
                     "wrapped") "\r\ncontinues here. 4\r\n");
    ck_assert_uint_eq(b->n_items, 1);
    ck_assert_str_eq(b->items[0].headline, "Bad[31m Headline here");
    ck_assert_ptr_nonnull(
        strstr(b->items[0].body, "text with a bell and wrapped"));
    ck_assert_ptr_nonnull(strstr(b->items[0].body, "of news. continues here."));
    ck_assert_int_eq(b->items[0].footnote, 4);
    for (const char *s = b->items[0].body; *s; s++)
        ck_assert_int_ge((unsigned char)*s, 0x20);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(paragraph_without_headline_still_counts)
{
    lex_bulletin_t *b =
        parse_ok("p.txt", PARA("On May 9, 2023, an untitled item opened the "
                               "issue.") " 1\n\n" PARA("A second paragraph of "
                                                       "the same item follows "
                                                       "here.") "\n");
    ck_assert_uint_eq(b->n_items, 1);
    ck_assert_ptr_nonnull(strstr(b->items[0].headline, "On May 9, 2023"));
    ck_assert_ptr_nonnull(strstr(b->items[0].body, "second paragraph"));
    lex_bulletin_free(b);
}
END_TEST

/*
 * Two items under one headline (a regulator's recurring campaign): each
 * copy is followed by its own paragraph, so neither is taken for a
 * table-of-contents line and dropped.
 */
START_TEST(items_sharing_a_headline_keep_it)
{
    lex_bulletin_t *b = parse_ok(
        "twice.txt",
        "Data Bulletin\n\nCAC Targets Apps in New Campaign\n\n"
        "On March 2, the CAC began a campaign against apps that collect "
        "more personal information than their service needs, and asked "
        "app stores to remove those that do not correct it. 1\n\n"
        "MIIT Issues Guidance on Data Labels\n\n"
        "On March 9, the MIIT issued guidance on how industrial firms "
        "should label important data, with examples drawn from the auto "
        "and electronics sectors. 2\n\n"
        "CAC Targets Apps in New Campaign\n\n"
        "On March 20, the CAC opened a second round of the campaign, this "
        "time aimed at mini programs inside large platforms and at the "
        "software kits that they embed. 3\n");
    ck_assert_uint_eq(b->n_items, 3);
    ck_assert_str_eq(b->items[0].headline, "CAC Targets Apps in New Campaign");
    ck_assert_str_eq(b->items[2].headline, "CAC Targets Apps in New Campaign");
    lex_bulletin_free(b);
}
END_TEST

START_TEST(month_names_and_leading_dates)
{
    int y, m, d;
    ck_assert_int_eq(lex_month_from_name("April", 5), 4);
    ck_assert_int_eq(lex_month_from_name("sept.", 5), 9);
    ck_assert_int_eq(lex_month_from_name("Dec", 3), 12);
    ck_assert_int_eq(lex_month_from_name("Mayday", 6), 0);
    ck_assert(lex_leading_date("On April 24, eight departments", &y, &m, &d));
    ck_assert(y == 0 && m == 4 && d == 24);
    ck_assert(lex_leading_date("On April 18, 2023, to guide", &y, &m, &d));
    ck_assert(y == 2023 && m == 4 && d == 18);
    ck_assert(lex_leading_date("On 5 January 2024, x", &y, &m, &d));
    ck_assert(y == 2024 && m == 1 && d == 5);
    ck_assert(lex_leading_date("On July 7th the agency", &y, &m, &d));
    ck_assert(y == 0 && m == 7 && d == 7);
    ck_assert(lex_leading_date("2023.08.13 The agency", &y, &m, &d));
    ck_assert(y == 2023 && m == 8 && d == 13);
    ck_assert(lex_leading_date("On 2023-08-14, the agency", &y, &m, &d));
    ck_assert(y == 2023 && m == 8 && d == 14);
    ck_assert(lex_leading_date("2020年1月8日，监管机构", &y, &m, &d));
    ck_assert(y == 2020 && m == 1 && d == 8);
    ck_assert(!lex_leading_date("2023.13.01 no such month", &y, &m, &d));
    ck_assert(!lex_leading_date("Recently, the CAC", &y, &m, &d));
    ck_assert(!lex_leading_date("Since the end of 2022,", &y, &m, &d));
    ck_assert(!lex_leading_date("On April 31, nothing", &y, &m, &d));
    ck_assert(!lex_leading_date("On May 123, nothing", &y, &m, &d));
    ck_assert(lex_find_month_year("Bulletin (March, 2023)", &y, &m));
    ck_assert(y == 2023 && m == 3);
    ck_assert(!lex_find_month_year("Summary of 2023", &y, &m));
    ck_assert(lex_name_month_year("x/2023_11-issue.txt", &y, &m));
    ck_assert(y == 2023 && m == 11);
    ck_assert(!lex_name_month_year("12023-11.txt", &y, &m));
    ck_assert_int_eq(lex_infer_year(2024, 1, 12), 2023);
    ck_assert_int_eq(lex_infer_year(2023, 3, 2), 2023);
    ck_assert(lex_date_valid(2024, 2, 29));
    ck_assert(!lex_date_valid(2023, 2, 29));
    ck_assert(!lex_date_valid(1900, 2, 29));
}
END_TEST

START_TEST(utf8_decoding)
{
    unsigned cp;
    size_t bad;
    ck_assert_uint_eq(lex_utf8_decode("\xE4\xB8\xAD", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x4E2D);
    ck_assert_uint_eq(lex_utf8_decode("\xED\xA0\x80", 3, &cp),
                      0); /* surrogate */
    ck_assert_uint_eq(lex_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0);
    ck_assert_uint_eq(lex_utf8_decode("\xE4\xB8", 2, &cp), 0);
    /* a walk moves past a whole character, or one bad byte */
    ck_assert_uint_eq(lex_utf8_next("a\xE4\xB8\xAD", 4, 1), 4);
    ck_assert_uint_eq(lex_utf8_next("\xFF\xE4\xB8\xAD", 4, 0), 1);
    ck_assert_uint_eq(lex_utf8_next("ab\xE4\xB8", 4, 2), 3);
    ck_assert(!lex_utf8_valid("ab\xE4\xB8", 4, &bad));
    ck_assert_uint_eq(bad, 2);
    ck_assert(lex_utf8_is_control(0x9B));
    ck_assert(lex_utf8_is_control(0x202E));
    ck_assert(!lex_utf8_is_control(0x4E2D));
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("parse_text",
          UNIT_TCASE("errors", NULL, NULL, empty_and_blank_files_are_errors,
                     encoding_errors_name_the_line,
                     text_without_items_is_an_error),
          UNIT_TCASE("layout", NULL, NULL, sections_footnotes_and_references,
                     numbers_that_are_not_footnotes_stay,
                     years_come_from_the_issue,
                     control_characters_and_line_endings,
                     paragraph_without_headline_still_counts),
          UNIT_TCASE("helpers", NULL, NULL, items_sharing_a_headline_keep_it,
                     month_names_and_leading_dates, utf8_decoding))
