/*
 * test_parse_xml.c - the XML parser: the lexsearch bulletin format
 * against the same issue in the plain-text layout, schema and
 * well-formedness errors, hostile documents (entity bombs, external
 * entities) and RSS 2.0 and Atom feeds.  The sample files are in
 * tests/data/xml/.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "fileio.h"
#include "parse.h"
#include "parse_xml.h"
#include "unit_cases.h"
#include "unit_util.h"

#define XML_DIR LEX_TESTDATA_DIR "/xml/"

static lex_err_t err;

/* Reads a sample file from tests/data/xml. */
static char *
read_sample(const char *name, const char **path, size_t *len)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s%s", XML_DIR, name);
    *path = buf;
    return read_test_file(buf, len);
}

/* Parses a sample file with parse, returning its status and bulletin. */
static lex_status_t
parse_sample(const char *name, lex_bulletin_t **b)
{
    const char *path;
    size_t len;
    char *data = read_sample(name, &path, &len);
    lex_status_t st = strstr(name, ".txt")
                          ? lex_parse_text(path, data, len, NULL, b, &err)
                          : lex_parse_xml(path, data, len, NULL, b, &err);
    free(data);
    return st;
}

/* Parses a sample that must be read without error. */
static lex_bulletin_t *
sample_ok(const char *name)
{
    lex_bulletin_t *b = NULL;
    ck_assert_msg(parse_sample(name, &b) == LEX_OK, "%s", err.msg);
    ck_assert_ptr_nonnull(b);
    return b;
}

/* Parses a sample that must fail with st; returns the message. */
static const char *
sample_fails(const char *name, lex_status_t st)
{
    lex_bulletin_t *b = (lex_bulletin_t *)1;
    ck_assert_int_eq(parse_sample(name, &b), st);
    ck_assert_ptr_null(b);
    return err.msg;
}

/* Parses an in-memory document that must fail; returns the message. */
static const char *
text_fails(const char *path, const char *xml)
{
    lex_bulletin_t *b = (lex_bulletin_t *)1;
    ck_assert_int_eq(lex_parse_xml(path, xml, strlen(xml), NULL, &b, &err),
                     LEX_EPARSE);
    ck_assert_ptr_null(b);
    return err.msg;
}

/* Checks that s is in msg. */
static void
ck_has(const char *msg, const char *s)
{
    ck_assert_msg(strstr(msg, s) != NULL, "\"%s\" not in \"%s\"", s, msg);
}

START_TEST(xml_bulletin_matches_text_layout)
{
    lex_bulletin_t *x = sample_ok("bulletin.xml");
    lex_bulletin_t *t = sample_ok("bulletin.txt");
    ck_assert_uint_eq(x->n_items, 4);
    ck_assert_ptr_nonnull(x->title);
    ck_same_bulletin(x, t);
    lex_bulletin_free(x);
    lex_bulletin_free(t);
}
END_TEST

START_TEST(xml_bulletin_fields)
{
    lex_bulletin_t *b = sample_ok("bulletin.xml");
    ck_assert_str_eq(b->title, "China Data Regulation Bulletin - March 2024");
    ck_assert_int_eq(b->year, 2024);
    ck_assert_int_eq(b->month, 3);
    ck_assert_str_eq(b->items[0].section, "Legislation");
    ck_assert_str_eq(b->items[3].section, "Enforcement Cases");
    ck_assert_uint_eq(b->items[0].line, 8);
    ck_assert_uint_eq(b->items[0].n_urls, 2);
    ck_assert_int_eq(b->items[3].footnote, 4);
    ck_date(&b->items[0], "2024-03-22", false);
    ck_date(&b->items[1], "2024-03", true);
    ck_has(b->items[1].body, "generative models & how");
    ck_assert_ptr_null(strstr(b->items[0].body, "  "));
    ck_assert_ptr_null(strstr(b->items[0].body, "\n"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(schema_errors_name_line_and_reason)
{
    const char *msg = sample_fails("invalid.xml", LEX_EPARSE);
    ck_has(msg, "invalid.xml:13: ");
    ck_has(msg, "element date");
    ck_assert_ptr_null(strchr(msg, '\n'));
}
END_TEST

START_TEST(impossible_dates_are_refused)
{
    const char *msg = text_fails(
        "d.xml",
        "<bulletin xmlns='https://lexsearch.example/ns/bulletin/1' "
        "issue='2024-02'>\n<title>T</title>\n<section name='S'><item>\n"
        "<headline>H</headline>\n<date>2024-02-30</date>\n<body>B</body>\n"
        "</item></section></bulletin>\n");
    ck_assert_str_eq(msg, "d.xml:5: no such date \"2024-02-30\"");
}
END_TEST

START_TEST(malformed_xml_names_line)
{
    const char *msg = sample_fails("malformed.xml", LEX_EPARSE);
    ck_has(msg, "malformed.xml:6: Opening and ending tag mismatch");
    ck_assert_ptr_null(strchr(msg, '\n'));
    ck_assert_ptr_nonnull(strstr(text_fails("e.xml", ""), "e.xml"));
}
END_TEST

START_TEST(entity_bomb_is_refused)
{
    const char *msg = sample_fails("bomb.xml", LEX_EPARSE);
    ck_has(msg, "bomb.xml:18: ");
    ck_has(msg, "entity");
}
END_TEST

START_TEST(external_entities_are_not_loaded)
{
    lex_bulletin_t *b = NULL;
    lex_status_t st = parse_sample("xxe.xml", &b);
    ck_assert_ptr_null(strstr(err.msg, "root:"));
    for (size_t i = 0; b && i < b->n_items; i++) {
        ck_assert_ptr_null(strstr(b->items[i].headline, "root:"));
        ck_assert_ptr_null(strstr(b->items[i].body, "root:"));
    }
    ck_assert_int_eq(st, LEX_EPARSE);
    ck_has(err.msg, "xxe.xml:10: entity &secret; is external");
    lex_bulletin_free(b);
}
END_TEST

START_TEST(other_roots_are_refused)
{
    ck_assert_str_eq(text_fails("h.xml", "<?xml version='1.0'?>\n<html/>"),
                     "h.xml:2: not a lexsearch bulletin, RSS or Atom feed "
                     "(root element <html>)");
    ck_assert_str_eq(text_fails("n.xml", "<bulletin issue='2024-01'/>"),
                     "n.xml:1: not a lexsearch bulletin, RSS or Atom feed "
                     "(root element <bulletin>)");
}
END_TEST

START_TEST(error_handlers_are_restored)
{
    text_fails("m.xml", "<rss><channel></rss>");
    ck_assert_ptr_null((void *)xmlStructuredError);
    ck_assert_ptr_null(xmlStructuredErrorContext);
}
END_TEST

/* Asserts a feed item's headline, body, section, exact date and its one
   link. */
static void
ck_feed_item(const lex_item_t *it, const char *headline, const char *body,
             const char *section, const char *date, const char *url)
{
    ck_assert_str_eq(it->headline, headline);
    ck_assert_str_eq(it->body, body);
    ck_assert_str_eq(it->section, section);
    ck_date(it, date, false);
    ck_assert_uint_eq(it->n_urls, 1);
    ck_assert_str_eq(it->urls[0], url);
}

START_TEST(rss_items)
{
    lex_bulletin_t *b = sample_ok("feed.rss");
    ck_assert_str_eq(b->title, "China Data Regulation Feed");
    ck_assert_uint_eq(b->n_items, 3);
    ck_feed_item(&b->items[0],
                 "Beijing Publishes a Negative List for Data Exports",
                 "The Beijing free trade zone listed the data that still "
                 "needs a security assessment before it leaves China & "
                 "exempted everything else.",
                 "Legislation", "2024-03-05",
                 "https://www.example.org/beijing-negative-list");
    const lex_item_t *it = &b->items[1];
    ck_assert_str_eq(it->section, "Feed");
    ck_has(it->body, "make face scans the only way");
    ck_date(it, "2024-03-11", false);
    it = &b->items[2];
    ck_assert_int_eq(it->number, 3);
    ck_assert_str_eq(it->urls[0], "https://www.example.org/mini-programs");
    ck_date(it, "2024-03-29", false);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(atom_entries)
{
    lex_bulletin_t *b = sample_ok("feed.atom");
    ck_assert_str_eq(b->title, "China Data Regulation Notes");
    ck_assert_uint_eq(b->n_items, 2);
    ck_feed_item(&b->items[0], "Shanghai Opens a Data Exchange Service Desk",
                 "Companies can now ask one desk about listing data products "
                 "for trade.",
                 "Industry News", "2024-03-18",
                 "https://www.example.org/shanghai-desk");
    const lex_item_t *it = &b->items[1];
    ck_assert_str_eq(it->headline, "Guangdong Checks Apps for Children");
    ck_assert_str_eq(it->section, "Feed");
    ck_date(it, "2024-03-25", false);
    ck_assert_str_eq(it->urls[0], "https://www.example.org/guangdong-children");
    ck_has(it->body, "consent of parents.");
    lex_bulletin_free(b);
}
END_TEST

/* Runs the tests: the bulletin format, errors and hostile input, feeds. */
UNIT_MAIN("parse_xml",
          UNIT_TCASE("bulletin", NULL, NULL, xml_bulletin_matches_text_layout,
                     xml_bulletin_fields),
          UNIT_TCASE("errors", NULL, NULL, schema_errors_name_line_and_reason,
                     impossible_dates_are_refused, malformed_xml_names_line,
                     entity_bomb_is_refused, external_entities_are_not_loaded,
                     other_roots_are_refused, error_handlers_are_restored),
          UNIT_TCASE("feeds", NULL, NULL, rss_items, atom_entries))
