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

START_TEST(april_issue_items)
{
    static const expect_t ex[] = {
        {1, 'L', 4, 24, 0},  {5, 'L', 4, 18, 0},  {9, 'L', 4, 18, 0},
        {13, 'L', 4, 16, 0}, {17, 'L', 4, 11, 0}, {21, 'L', 4, 4, 0},
        {27, 'A', 4, 28, 0}, {31, 'A', 4, 25, 0}, {35, 'A', 4, 20, 0},
        {39, 'A', 4, 19, 0}, {43, 'A', 4, 17, 0}, {47, 'A', 4, 12, 0},
        {51, 'A', 4, 7, 0},  {55, 'A', 4, 3, 0},  {61, 'C', 4, 23, 0},
        {67, 'T', 4, 25, 0}, {71, 'T', 4, 23, 0}, {75, 'T', 4, 23, 0},
        {79, 'T', 4, 20, 0}, {83, 'T', 4, 11, 0}, {88, 'T', 4, 18, 0},
    };
    char *data;
    size_t len;
    lex_bulletin_t *b = parse_seed(SEED_APRIL, &data, &len);
    check_items(b, data, len, ex, sizeof ex / sizeof ex[0], 2023);
    ck_assert_int_eq(b->year, 2023);
    ck_assert_int_eq(b->month, 4);
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

START_TEST(march_issue_items)
{
    static const expect_t ex[] = {
        {1, 'L', 3, 28, 0},   {5, 'L', 3, 24, 0},  {9, 'L', 3, 23, 0},
        {13, 'L', 3, 16, 0},  {17, 'L', 3, 16, 0}, {21, 'L', 3, 3, 0},
        {25, 'L', 3, 1, 0},   {29, 'L', 2, 24, 0}, {35, 'A', 3, 27, 0},
        {39, 'A', 3, 24, 0},  {43, 'A', 3, 15, 0}, {47, 'A', 3, 10, 0},
        {51, 'A', 3, 6, 0},   {55, 'A', 3, 10, 0}, {59, 'A', 3, 7, 0},
        {63, 'A', 3, 7, 0},   {67, 'A', 3, 3, 0},  {71, 'A', 3, 2, 0},
        {75, 'A', 3, 2, 0},   {79, 'A', 3, 0, 1},  {85, 'C', 3, 27, 0},
        {89, 'C', 3, 21, 0},  {93, 'C', 3, 0, 1},  {97, 'C', 3, 15, 0},
        {101, 'C', 3, 6, 0},  {105, 'C', 3, 3, 0}, {109, 'C', 2, 27, 0},
        {115, 'T', 3, 30, 0}, {119, 'T', 3, 0, 1}, {123, 'T', 3, 2, 0},
    };
    char *data;
    size_t len;
    lex_bulletin_t *b = parse_seed(SEED_MARCH, &data, &len);
    check_items(b, data, len, ex, sizeof ex / sizeof ex[0], 2023);
    ck_assert_int_eq(b->year, 2023);
    ck_assert_int_eq(b->month, 3);
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
    tcase_add_test(tc, april_issue_items);
    tcase_add_test(tc, march_issue_items);
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
