/*
 * test_parse_seeds.c - the text parser on the two real seed bulletins.
 *
 * The expected values were read off the files by hand: where each item's
 * headline starts, its section, the date its paragraph opens with and
 * which reference-list line holds its source.  Headlines are checked
 * against the file's own lines, so no bulletin text is copied here.
 * Skips (exit 77) when ../shared/seeds is absent.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "parse.h"
#include "unit_cases.h"
#include "unit_util.h"

#define SEED_APRIL LEX_SEEDS_DIR "/000_4865e2ed047238f3.txt"
#define SEED_MARCH LEX_SEEDS_DIR "/001_ae5e7c03c63db529.txt"

/* What one item should look like. */
typedef struct {
    unsigned line; /* headline line */
    char section;  /* L, A (authority), C (cases), T (courts) */
    int month, day;
    bool approximate;
} expect_t;

static const char *
section_name(char c)
{
    switch (c) {
    case 'L':
        return "Legislation";
    case 'A':
        return "Enforcement Authority";
    case 'C':
        return "Enforcement Cases";
    default:
        return "Courts Litigation";
    }
}

/* Reads a seed and parses it, failing the test on any error. */
static lex_bulletin_t *
parse_seed(const char *path, char **data, size_t *len)
{
    lex_err_t err = {{0}};
    lex_bulletin_t *b = NULL;
    *data = read_test_file(path, len);
    lex_status_t st = lex_parse_text(path, *data, *len, NULL, &b, &err);
    ck_assert_msg(st == LEX_OK, "%s", err.msg);
    return b;
}

/* Copies line n (1-based) of data into a fresh string. */
static char *
line_at(const char *data, size_t len, unsigned n)
{
    size_t pos = 0;
    for (unsigned i = 1; i < n && pos < len; i++) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        ck_assert_ptr_nonnull(nl);
        pos = (size_t)(nl - data) + 1;
    }
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len;
    return strndup(data + pos, end - pos);
}

/* Reads the items of a seed_t (LINE SECTION MONTH/DAY or MONTH~ each)
   into ex, of room for max; returns how many there are. */
static size_t
read_expected(const char *spec, expect_t *ex, size_t max)
{
    size_t n = 0;
    for (const char *p = spec; *p; p += strspn(p, " ")) {
        expect_t e = {0};
        char after;
        int used = 0;
        ck_assert_uint_lt(n, max);
        ck_assert_int_eq(sscanf(p, "%u%c%d%c%n", &e.line, &e.section, &e.month,
                                &after, &used),
                         4);
        if (after == '~')
            e.approximate = true;
        else
            ck_assert_msg(after == '/' && sscanf(p + used, "%d", &e.day) == 1,
                          "bad expectation at %s", p);
        ex[n++] = e;
        p += strcspn(p, " ");
    }
    return n;
}

/* Checks every item against its expectation. */
static void
check_items(const lex_bulletin_t *b, const char *data, size_t len,
            const expect_t *ex, size_t n, int month_year)
{
    ck_assert_uint_eq(b->n_items, n);
    for (size_t i = 0; i < n; i++) {
        const lex_item_t *it = &b->items[i];
        char *head = line_at(data, len, ex[i].line);
        ck_assert_int_eq(it->number, (int)i + 1);
        ck_assert_uint_eq(it->line, ex[i].line);
        ck_assert_str_eq(it->headline, head);
        ck_assert_str_eq(it->section, section_name(ex[i].section));
        ck_assert_int_eq(it->footnote, (int)i + 1);
        ck_assert_int_eq(it->date.year, month_year);
        ck_assert_msg(it->date.month == ex[i].month &&
                          it->date.day == ex[i].day &&
                          it->date.approximate == ex[i].approximate,
                      "item %zu: got %d-%d%s", i + 1, it->date.month,
                      it->date.day, it->date.approximate ? " approx" : "");
        /* the footnote number is not part of the body */
        size_t bl = strlen(it->body);
        ck_assert_msg(bl > 100 && it->body[bl - 1] == '.',
                      "item %zu body ends with '%c'", i + 1,
                      it->body[bl ? bl - 1 : 0]);
        free(head);
    }
}

/*
 * A seed bulletin, its month (of 2023) and its items in order, each as
 * LINE SECTION MONTH/DAY: the headline's line, the section's letter
 * (section_name) and the date its paragraph opens with, or MONTH~ for a
 * date of the month alone (approximate).
 */
typedef struct {
    const char *path;
    int month;
    const char *items;
} seed_t;

static const seed_t seeds[] = {
    {SEED_APRIL, 4,
     "1L4/24 5L4/18 9L4/18 13L4/16 17L4/11 21L4/4 27A4/28 31A4/25 "
     "35A4/20 39A4/19 43A4/17 47A4/12 51A4/7 55A4/3 61C4/23 "
     "67T4/25 71T4/23 75T4/23 79T4/20 83T4/11 88T4/18"},
    {SEED_MARCH, 3,
     "1L3/28 5L3/24 9L3/23 13L3/16 17L3/16 21L3/3 25L3/1 29L2/24 "
     "35A3/27 39A3/24 43A3/15 47A3/10 51A3/6 55A3/10 59A3/7 "
     "63A3/7 67A3/3 71A3/2 75A3/2 79A3~ 85C3/27 89C3/21 93C3~ "
     "97C3/15 101C3/6 105C3/3 109C2/27 115T3/30 119T3~ 123T3/2"},
};

/* One seed of seeds[]: its issue's month and every item as expected. */
START_TEST(seed_issue_items)
{
    const seed_t *seed = &seeds[_i];
    expect_t ex[40];
    size_t n = read_expected(seed->items, ex, 40);
    char *data;
    size_t len;
    lex_bulletin_t *b = parse_seed(seed->path, &data, &len);
    check_items(b, data, len, ex, n, 2023);
    ck_assert_int_eq(b->year, 2023);
    ck_assert_int_eq(b->month, seed->month);
    lex_bulletin_free(b);
    free(data);
}
END_TEST

START_TEST(april_issue_links)
{
    char *data;
    size_t len;
    lex_bulletin_t *b = parse_seed(SEED_APRIL, &data, &len);
    ck_assert_ptr_null(b->title);
    /* only footnotes 13 and 14 have reference-list entries */
    for (size_t i = 0; i < b->n_items; i++) {
        const lex_item_t *it = &b->items[i];
        if (it->number == 13 || it->number == 14)
            ck_assert_uint_eq(it->n_urls, 1);
        else
            ck_assert_msg(it->n_urls == 0, "item %d has a link", it->number);
    }
    ck_assert_str_eq(b->items[12].urls[0],
                     "https://news.bjd.com.cn/2023/04/07/10390717.shtml");
    ck_assert_str_eq(b->items[13].urls[0], "https://news.cnr.cn/dj/20230403/"
                                           "t20230403_526204644.shtml");
    /* the disclaimer is not an item */
    ck_assert_ptr_null(strstr(b->items[20].body, "general guide"));
    lex_bulletin_free(b);
    free(data);
}
END_TEST

START_TEST(march_issue_links)
{
    char *data;
    size_t len;
    lex_bulletin_t *b = parse_seed(SEED_MARCH, &data, &len);
    /* every footnote N joins entry N, on line 126 + 2N as "N. URL" */
    for (size_t i = 0; i < b->n_items; i++) {
        const lex_item_t *it = &b->items[i];
        char *ref = line_at(data, len, 126 + 2 * (unsigned)it->footnote);
        char *url = strchr(ref, ' ');
        ck_assert_ptr_nonnull(url);
        ck_assert_int_eq(atoi(ref), it->footnote);
        ck_assert_uint_eq(it->n_urls, 1);
        ck_assert_str_eq(it->urls[0], url + 1);
        free(ref);
    }
    ck_assert_str_eq(b->items[3].urls[0],
                     "https://www.tc260.org.cn/front/bzzqyjDetail.html?id="
                     "20230316143506&norm_id=20221102152946&recode_id=50381");
    ck_assert_str_eq(b->items[28].urls[0],
                     "https://www.163.com/dy/article/I0E3KP9U0514QU8E.html");
    lex_bulletin_free(b);
    free(data);
}
END_TEST

static Suite *
seeds_suite(void)
{
    Suite *s = suite_create("parse_seeds");
    TCase *tc = tcase_create("seeds");
    ADD_ROW_TEST(tc, seed_issue_items, seeds);
    tcase_add_test(tc, april_issue_links);
    tcase_add_test(tc, march_issue_links);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    if (access(SEED_APRIL, R_OK) || access(SEED_MARCH, R_OK)) {
        printf("SKIP: seed bulletins not found in %s\n", LEX_SEEDS_DIR);
        return 77;
    }
    return run_suite(seeds_suite());
}
