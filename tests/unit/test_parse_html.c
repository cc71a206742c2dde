/*
 * test_parse_html.c - the HTML parser on saved pages in tests/data/html:
 * a page must give exactly the items of the text form of the same
 * bulletin, leave page furniture out, point items at their headline's
 * source line, survive broken markup and refuse garbage cleanly.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "parse.h"
#include "parse_html.h"
#include "unit_cases.h"
#include "unit_util.h"

#define HTML_DIR LEX_TESTDATA_DIR "/html/"

static lex_err_t err;

/* Parses len bytes as HTML, expecting a failure; returns the message. */
static const char *
html_fails(const char *data, size_t len)
{
    lex_bulletin_t *b = (lex_bulletin_t *)1;
    lex_status_t st = lex_parse_html("g.html", data, len, NULL, &b, &err);
    ck_assert_int_ne(st, LEX_OK);
    ck_assert_ptr_null(b);
    return err.msg;
}

/* Asserts a bulletin of one item: its headline, footnote and line. */
static void
ck_one_item(const lex_bulletin_t *b, const char *headline, int footnote,
            unsigned line)
{
    ck_assert_uint_eq(b->n_items, 1);
    ck_assert_str_eq(b->items[0].headline, headline);
    ck_assert_int_eq(b->items[0].footnote, footnote);
    ck_assert_uint_eq(b->items[0].line, line);
}

/* The 1-based line of the first line of text containing needle. */
static unsigned
line_containing(const char *text, const char *needle)
{
    const char *hit = strstr(text, needle);
    unsigned line = 1;
    ck_assert_ptr_nonnull(hit);
    for (const char *p = text; p < hit; p++)
        line += *p == '\n';
    return line;
}

START_TEST(page_matches_text_form)
{
    lex_bulletin_t *h = parse_file(HTML_DIR "bulletin.html", lex_parse_html);
    lex_bulletin_t *t = parse_file(HTML_DIR "bulletin.txt", lex_parse_text);
    ck_assert_uint_eq(h->n_items, 3);
    ck_assert_ptr_nonnull(h->title);
    ck_same_bulletin(h, t);
    ck_assert_int_eq(h->year, 2024);
    ck_assert_int_eq(h->month, 6);
    ck_assert_str_eq(h->items[0].section, "Legislative Developments");
    ck_assert_str_eq(h->items[2].section, "Enforcement Cases");
    ck_assert_int_eq(h->items[1].footnote, 2);
    ck_assert_str_eq(
        h->items[2].urls[0],
        "https://www.example.cn/enforcement/ride-hailing-fine.html");
    lex_bulletin_free(h);
    lex_bulletin_free(t);
}
END_TEST

START_TEST(page_furniture_is_left_out)
{
    static const char *const markers[] = {
        "Marker", "cookie", "Share",   "WeChat",        "Home",
        "Follow", "Accept", "Related", "trackingPixel", "Copyright",
    };
    lex_bulletin_t *b = parse_file(HTML_DIR "bulletin.html", lex_parse_html);
    for (size_t i = 0; i < b->n_items; i++) {
        const lex_item_t *it = &b->items[i];
        for (size_t m = 0; m < sizeof markers / sizeof markers[0]; m++) {
            ck_assert_ptr_null(strstr(it->headline, markers[m]));
            ck_assert_ptr_null(strstr(it->body, markers[m]));
            ck_assert_ptr_null(strstr(it->section, markers[m]));
            for (size_t u = 0; u < it->n_urls; u++)
                ck_assert_ptr_null(strstr(it->urls[u], "share"));
        }
    }
    ck_assert_ptr_null(strstr(b->title, "Marker"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(lines_point_at_headlines)
{
    size_t len;
    char *html = read_test_file(HTML_DIR "bulletin.html", &len);
    lex_bulletin_t *b = parse_file(HTML_DIR "bulletin.html", lex_parse_html);
    for (size_t i = 0; i < b->n_items; i++)
        ck_assert_uint_eq(b->items[i].line,
                          line_containing(html, b->items[i].headline));
    ck_assert_uint_eq(b->items[0].line, 30);
    lex_bulletin_free(b);
    free(html);
}
END_TEST

START_TEST(broken_markup_still_gives_items)
{
    lex_bulletin_t *b = parse_file(HTML_DIR "broken.html", lex_parse_html);
    ck_assert_uint_eq(b->n_items, 2);
    ck_assert_str_eq(b->items[0].headline,
                     "Beijing Court Hears First Facial Recognition Class "
                     "Action");
    ck_assert_int_eq(b->items[0].footnote, 4);
    ck_assert_int_eq(b->items[1].footnote, 5);
    ck_assert_uint_eq(b->items[1].n_urls, 1);
    ck_assert_str_eq(b->items[1].urls[0],
                     "https://www.example.cn/guangdong/car-cameras.html");
    ck_assert_uint_eq(b->items[0].n_urls, 1);
    ck_assert_ptr_null(strstr(b->items[1].body, "Hidden"));
    ck_assert_uint_eq(b->items[0].line, 4);
    lex_bulletin_free(b);
}
END_TEST

/* A headline in <strong> ended by <br>, a "[8]" footnote, its link in a
   numbered paragraph (tests/data/html/inline-markup.html). */
START_TEST(inline_markup_variants)
{
    lex_bulletin_t *b =
        parse_file(HTML_DIR "inline-markup.html", lex_parse_html);
    ck_one_item(b, "Tianjin Opens a Data Exchange", 8, 2);
    ck_assert_uint_eq(b->items[0].n_urls, 1);
    ck_assert_str_eq(b->items[0].urls[0],
                     "https://www.example.cn/tianjin/exchange.html");
    lex_bulletin_free(b);
}
END_TEST

/* A page in ISO-8859-1, as its <meta charset> says: the é of its
   headline comes out in UTF-8 (tests/data/html/latin1-charset.html). */
START_TEST(declared_charset_is_honoured)
{
    lex_bulletin_t *b =
        parse_file(HTML_DIR "latin1-charset.html", lex_parse_html);
    ck_one_item(b, "Caf\xC3\xA9 Chain Fined for Membership Data Leak", 2, 2);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(deep_nesting_does_not_crash)
{
    static const char item[] =
        "<h2>Deeply Nested Headline</h2><p>On June 1, 2024, a regulator "
        "published a notice buried under a great many unclosed elements "
        "of a badly generated page. 1</p>";
    size_t depth = 100000, n = depth * 5;
    char *page = malloc(n + sizeof item);
    ck_assert_ptr_nonnull(page);
    for (size_t i = 0; i < depth; i++)
        memcpy(page + i * 5, "<div>", 5);
    memcpy(page + n, item, sizeof item);
    lex_bulletin_t *b = NULL;
    lex_status_t st =
        lex_parse_html("d.html", page, n + sizeof item - 1, NULL, &b, &err);
    if (st == LEX_OK)
        lex_bulletin_free(b);
    else
        ck_assert_ptr_null(b);
    free(page);
}
END_TEST

START_TEST(garbage_is_refused_or_survived)
{
    static const char binary[] = "\x7F"
                                 "ELF\x02\x01\x01\0\0\0\xFF\xFE<\x01\x02"
                                 "</\x80\x81>\xC0\xAF\0<p";
    static const char unit[] = "<div><b>\xE4\xB8\xAD]&#;<</i><td>&amp";
    char *big = malloc(200000);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < 200000; i++)
        big[i] = unit[i % (sizeof unit - 1)];
    ck_assert_str_eq(html_fails("", 0), "g.html: empty file");
    ck_assert_str_eq(html_fails(" \n\t", 3), "g.html: empty file");
    html_fails(binary, sizeof binary - 1);
    html_fails("<html><body></body></html>", 26);
    ck_assert_str_eq(html_fails("<p>ok</p>\n<p>\xFF</p>", 18),
                     "g.html:2: invalid UTF-8 (byte offset 13); convert the "
                     "file to UTF-8 or declare its charset");
    ck_assert_str_eq(html_fails("<p>a</p>\n\n<p>b\0c</p>", 20),
                     "g.html:3: NUL byte at offset 14; this looks like a "
                     "binary file, not a bulletin");
    html_fails("<nav>Menu</nav><script>x()</script>", 35);
    /* markup soup: whatever the text layout makes of it, but no crash */
    lex_bulletin_t *b = NULL;
    if (lex_parse_html("big.html", big, 200000, NULL, &b, &err) == LEX_OK)
        lex_bulletin_free(b);
    else
        ck_assert_ptr_null(b);
    free(big);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("parse_html",
          UNIT_TCASE("pages", NULL, NULL, page_matches_text_form,
                     page_furniture_is_left_out, lines_point_at_headlines,
                     broken_markup_still_gives_items, inline_markup_variants,
                     declared_charset_is_honoured, deep_nesting_does_not_crash,
                     garbage_is_refused_or_survived))
