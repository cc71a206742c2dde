/*
 * test_parse_pdf.c - the PDF parser on PDFs typeset at test time.
 *
 * tests/tools/mkpdf typesets a text fixture as a PDF with running
 * headers and footers, a larger bold font for headings, one word
 * hyphenated across a line break, paragraphs that go on over a page
 * break and superscript footnote markers; with --annot N, footnote N's
 * URL is only in a link annotation.  The PDF must give exactly the
 * items of the text form (and of its HTML twin), field by field, with
 * each item's page.  The fixture is checked through poppler to have
 * each of those traits, so the test cannot pass on a PDF that lost one.
 */
#include <check.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "formats.h"
#include "parse.h"
#include "parse_pdf.h"
#include "unit_util.h"

#define DATA LEX_TESTDATA_DIR "/"

static lex_err_t err;
static char tmpdir[] = "/tmp/lexpdf.XXXXXX";

/* Runs mkpdf with args, writing tmpdir/name; returns that path. */
static char *
make_pdf(const char *args, const char *name)
{
    static char path[4][512];
    static int next;
    char *out = path[next++ % 4];
    char cmd[2048];
    snprintf(out, sizeof path[0], "%s/%s", tmpdir, name);
    snprintf(cmd, sizeof cmd, "'%s' %s '%s'", LEX_MKPDF, args, out);
    ck_assert_msg(system(cmd) == 0, "%s failed", cmd);
    return out;
}

/* The text of one page of a PDF (1-based), as poppler reads it. */
static char *
page_text(const char *path, int number, int *n_pages, bool *has_link)
{
    char *uri = g_filename_to_uri(path, NULL, NULL);
    PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, NULL);
    g_free(uri);
    ck_assert_ptr_nonnull(doc);
    *n_pages = poppler_document_get_n_pages(doc);
    PopplerPage *page = poppler_document_get_page(doc, number - 1);
    ck_assert_ptr_nonnull(page);
    char *text = poppler_page_get_text(page);
    GList *links = poppler_page_get_link_mapping(page);
    *has_link = false;
    for (GList *l = links; l; l = l->next) {
        PopplerLinkMapping *m = l->data;
        if (m->action->type == POPPLER_ACTION_URI &&
            strstr(m->action->uri.uri, "data-broker-register"))
            *has_link = true;
    }
    poppler_page_free_link_mapping(links);
    g_object_unref(page);
    g_object_unref(doc);
    char *copy = strdup(text);
    g_free(text);
    return copy;
}

START_TEST(pdf_matches_text_and_html)
{
    char *pdf =
        make_pdf("--page-height 300 --annot 2 " DATA "html/bulletin.txt",
                 "bulletin.pdf");
    lex_bulletin_t *p = parse_file(pdf, lex_parse_any);
    lex_bulletin_t *t = parse_file(DATA "html/bulletin.txt", lex_parse_any);
    lex_bulletin_t *h = parse_file(DATA "html/bulletin.html", lex_parse_any);
    ck_assert_uint_eq(p->n_items, 3);
    ck_same_bulletin(p, t);
    ck_same_bulletin(p, h);
    /* where each headline is: a page, and no line */
    static const unsigned pages[] = {1, 2, 2};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_uint_eq(p->items[i].page, pages[i]);
        ck_assert_uint_eq(p->items[i].line, 0);
        ck_assert_uint_eq(t->items[i].page, 0);
    }
    ck_assert_str_eq(
        p->items[1].urls[0],
        "https://www.example.cn/shanghai/data-broker-register.html");

    /* the fixture has every trait the parser has to undo */
    int n_pages;
    bool link[4];
    char *text[4];
    for (int i = 1; i <= 3; i++) {
        text[i] = page_text(pdf, i, &n_pages, &link[i]);
        char footer[16];
        snprintf(footer, sizeof footer, "Page %d", i);
        ck_assert_ptr_nonnull(strstr(text[i], "Example Law Firm |"));
        ck_assert_ptr_nonnull(strstr(text[i], footer));
        ck_assert_ptr_null(strstr(text[i], "data-broker-register"));
    }
    ck_assert_int_eq(n_pages, 3);
    ck_assert_ptr_nonnull(strstr(text[1], "anon-\nymised"));
    ck_assert(link[2] && !link[1] && !link[3]);
    ck_assert_ptr_nonnull(strstr(text[2], "ride-hailing operator"));
    ck_assert_ptr_nonnull(strstr(text[3], "\nafter trips had ended"));
    for (int i = 1; i <= 3; i++)
        free(text[i]);
    lex_bulletin_free(p);
    lex_bulletin_free(t);
    lex_bulletin_free(h);
}
END_TEST

/* The bulletin of the PDF at pdf, made from html/bulletin.txt, asserted
   to be the one the text file gives (apart from lines and pages). */
static lex_bulletin_t *
parsed_as_text(const char *pdf)
{
    lex_bulletin_t *p = parse_file(pdf, lex_parse_any);
    lex_bulletin_t *t = parse_file(DATA "html/bulletin.txt", lex_parse_any);
    ck_same_bulletin(p, t);
    lex_bulletin_free(t);
    return p;
}

START_TEST(word_hyphenated_over_a_page_break)
{
    /* a shorter page: "anon-" ends page 1 and "ymised" opens page 2 */
    char *pdf =
        make_pdf("--page-height 260 " DATA "html/bulletin.txt", "short.pdf");
    int n_pages;
    bool link;
    char *one = page_text(pdf, 1, &n_pages, &link);
    char *two = page_text(pdf, 2, &n_pages, &link);
    ck_assert_ptr_nonnull(strstr(one, "may send anon-\nPage 1"));
    ck_assert_ptr_nonnull(strstr(two, "Bulletin\nymised research"));
    lex_bulletin_t *p = parsed_as_text(pdf);
    ck_assert_uint_eq(p->items[2].page, 3);
    lex_bulletin_free(p);
    free(one);
    free(two);
}
END_TEST

START_TEST(linked_marker_cites_its_url_once)
{
    /* footnote 3's marker links to the URL its reference entry prints */
    char *pdf = make_pdf("--link 3 " DATA "html/bulletin.txt", "link.pdf");
    lex_bulletin_t *p = parsed_as_text(pdf);
    ck_assert_uint_eq(p->items[2].n_urls, 1);
    lex_bulletin_free(p);
}
END_TEST

START_TEST(sample_bulletins_match_their_text)
{
    static const char *const names[] = {
        "2023-06-china-data-bulletin", "2023-09-china-data-bulletin",
        "2023-12-china-data-bulletin", "2024-01-china-data-bulletin"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char txt[512], args[600], out[64];
        snprintf(txt, sizeof txt, "%s/%s.txt", LEX_CORPUS_DIR, names[i]);
        snprintf(args, sizeof args, "'%s'", txt);
        snprintf(out, sizeof out, "%s.pdf", names[i]);
        lex_bulletin_t *p = parse_file(make_pdf(args, out), lex_parse_any);
        lex_bulletin_t *t = parse_file(txt, lex_parse_any);
        ck_assert_uint_gt(p->n_items, 5);
        ck_same_bulletin(p, t);
        ck_assert_uint_eq(p->items[0].page, 1);
        ck_assert_uint_gt(p->items[p->n_items - 1].page, 2);
        lex_bulletin_free(p);
        lex_bulletin_free(t);
    }
}
END_TEST

/* Parses a PDF made by mkpdf with args, expecting failure; the message. */
static const char *
pdf_fails(const char *args)
{
    lex_bulletin_t *b = (lex_bulletin_t *)1;
    char *path = make_pdf(args, "bad.pdf");
    size_t len;
    char *data = read_test_file(path, &len);
    lex_status_t st = lex_parse_pdf("bad.pdf", data, len, NULL, &b, &err);
    free(data);
    ck_assert_int_ne(st, LEX_OK);
    ck_assert_ptr_null(b);
    return err.msg;
}

START_TEST(bad_pdfs_are_refused_with_a_reason)
{
    ck_assert_str_eq(pdf_fails("--encrypted"),
                     "bad.pdf: encrypted PDF; lexindex cannot read it "
                     "without its password (save a copy without "
                     "encryption, e.g. qpdf --decrypt)");
    ck_assert_str_eq(pdf_fails("--no-text " DATA "html/bulletin.txt"),
                     "bad.pdf: no text layer; run OCR first, e.g. ocrmypdf");
    ck_assert_str_eq(pdf_fails("--empty-pages 1001"),
                     "bad.pdf: 1001 pages, more than the limit of 1000 "
                     "pages per PDF");
    setenv("LEXINDEX_PDF_SECONDS", "0.00001", 1);
    ck_assert_str_eq(pdf_fails("--page-height 300 " DATA "html/bulletin.txt"),
                     "bad.pdf:1: reading the PDF took longer than the "
                     "limit of 1e-05 seconds (stopped before page 1 of 3)");
    unsetenv("LEXINDEX_PDF_SECONDS");

    /* truncated at every tenth of its length, and garbage after %PDF */
    size_t len;
    char *good = make_pdf(DATA "html/bulletin.txt", "good.pdf");
    char *data = read_test_file(good, &len);
    for (size_t cut = 0; cut < 10; cut++) {
        lex_bulletin_t *b = NULL;
        if (lex_parse_pdf("cut.pdf", data, len * cut / 10, NULL, &b, &err) ==
            LEX_OK) {
            lex_bulletin_free(b); /* what was left still read as a PDF */
            continue;
        }
        ck_assert_ptr_null(b);
        ck_assert_msg(!strcmp(err.msg, "cut.pdf: cannot read the PDF: it is "
                                       "damaged or truncated") ||
                          !strncmp(err.msg, "cut.pdf: no ", 12),
                      "%s", err.msg);
    }
    lex_bulletin_t *b = NULL;
    ck_assert_int_ne(
        lex_parse_pdf("g.pdf", "%PDF-1.4\ngarbage\n", 17, NULL, &b, &err),
        LEX_OK);
    ck_assert_str_eq(err.msg,
                     "g.pdf: cannot read the PDF: it is damaged or truncated");
    free(data);
}
END_TEST

static Suite *
pdf_suite(void)
{
    Suite *s = suite_create("parse_pdf");
    TCase *tc = tcase_create("pdf");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, pdf_matches_text_and_html);
    tcase_add_test(tc, word_hyphenated_over_a_page_break);
    tcase_add_test(tc, linked_marker_cites_its_url_once);
    tcase_add_test(tc, sample_bulletins_match_their_text);
    tcase_add_test(tc, bad_pdfs_are_refused_with_a_reason);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    int status = run_suite(pdf_suite());
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fputs("test_parse_pdf: could not remove the temporary files\n", stderr);
    return status;
}
