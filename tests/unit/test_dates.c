/*
 * test_dates.c - lex_iso_date_parse, the one reader of ISO dates: the
 * shapes it takes, the ones it refuses, and that a refusal stores
 * nothing; the Chinese dates items open with and the year of a Chinese
 * page; lex_find_prose_date, the first date a note's prose writes; and
 * the dates the index stores: date values and the UTC timestamp of a run.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bulletin.h"
#include "dates.h"
#include "unit_cases.h"
#include "unit_util.h"

START_TEST(iso_shapes_are_read)
{
    int y = -1, m = -1, d = -1;
    ck_assert(lex_iso_date_parse("2023-04-16", &y, &m, &d));
    ck_assert(y == 2023 && m == 4 && d == 16);
    ck_assert(lex_iso_date_parse("2023-12", &y, &m, &d));
    ck_assert(y == 2023 && m == 12 && d == 0);
    ck_assert(lex_iso_date_parse("0999", &y, &m, &d));
    ck_assert(y == 999 && m == 0 && d == 0);
}
END_TEST

START_TEST(other_shapes_are_refused)
{
    static const char *const bad[] = {
        "",           "202",        "20234",      "2023-4",      "2023-4-5",
        "2023-13",    "2023-00",    "2023-04-00", "2023-04-32",  "2023/04",
        "+023-04-01", "2023-04-1x", " 2023",      "2023-04-16T", "２０２３"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int y = 7, m = 7, d = 7;
        ck_assert_msg(!lex_iso_date_parse(bad[i], &y, &m, &d), "'%s'", bad[i]);
        ck_assert_msg(y == 7 && m == 7 && d == 7, "'%s' stored", bad[i]);
    }
}
END_TEST

/*
 * The Chinese forms an item opens with: a full date, a month and day
 * whose year the page supplies, and a news report's "中新网11月21日电"
 * (only with 电 after the date: "截至3月5日" stays a plain month-day).
 */
START_TEST(chinese_openings_are_read)
{
    int y = -1, m = -1, d = -1;
    ck_assert(lex_leading_date("2025年3月5日，国家网信办发布", &y, &m, &d));
    ck_assert(y == 2025 && m == 3 && d == 5);
    ck_assert(lex_leading_date("3月22日，国家网信办公布", &y, &m, &d));
    ck_assert(y == 0 && m == 3 && d == 22);
    ck_assert(lex_leading_date("中新网11月21日电 据报道", &y, &m, &d));
    ck_assert(y == 0 && m == 11 && d == 21);
    ck_assert(
        lex_leading_date("新华社北京2019年8月23日电（记者）", &y, &m, &d));
    ck_assert(y == 2019 && m == 8 && d == 23);
    ck_assert(!lex_leading_date("中新网11月21日消息称", &y, &m, &d));
    ck_assert(!lex_leading_date("截至3月5日，共有", &y, &m, &d));
    ck_assert(
        !lex_leading_date("国家互联网信息办公室21日发出通知", &y, &m, &d));
}
END_TEST

/* The year a Chinese page writes, from its title or a "YYYY年". */
START_TEST(chinese_page_year_is_found)
{
    ck_assert_int_eq(lex_find_chinese_year("数据合规2024：回顾与展望", true),
                     2024);
    ck_assert_int_eq(lex_find_chinese_year("数据合规2024：回顾与展望", false),
                     0);
    ck_assert_int_eq(lex_find_chinese_year("截止日期为2025年12月6日。", false),
                     2025);
    ck_assert_int_eq(lex_find_chinese_year("共有12345家企业", true), 0);
    ck_assert_int_eq(lex_find_chinese_year("No year here", false), 0);
}
END_TEST

START_TEST(dates_inside_prose_are_found)
{
    static const struct {
        const char *text;
        int y, m, d;
    } ok[] = {
        {"The rules took effect 19 April, as planned.", 0, 4, 19},
        {"Elsewhere, the act takes full effect 1 April 2022.", 2022, 4, 1},
        {"Data moved on. On 13 Dec., the two sides agreed.", 0, 12, 13},
        {"The fine of 8.026 billion yuan came on March 3, 2024.", 2024, 3, 3},
        {"Filings piled up before the end of February.", 0, 2, 0},
        {"A draft came out in mid-September for comment.", 0, 9, 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int y = -1, m = -1, d = -1;
        ck_assert_msg(lex_find_prose_date(ok[i].text, &y, &m, &d), "%s",
                      ok[i].text);
        ck_assert_msg(y == ok[i].y && m == ok[i].m && d == ok[i].d,
                      "%s: %d-%d-%d", ok[i].text, y, m, d);
    }
    static const char *const none[] = {
        "Firms may file once a year under Article 5.",
        "The fine was 8.026 billion yuan, or 3 times the last one.",
        "Since it is June, the rules come up again.", ""};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        int y, m, d;
        ck_assert_msg(!lex_find_prose_date(none[i], &y, &m, &d), "%s", none[i]);
    }
}
END_TEST

/* A date value (YYYYMMDD) as lex_date_format_value writes it. */
static const char *
value_as_date(const char *v)
{
    static char out[16];
    lex_date_format_value(v, strlen(v), out, sizeof out);
    return out;
}

START_TEST(date_values_are_formatted)
{
    CK_STR_CASES(value_as_date, {"20230416", "2023-04-16"},
                 {"20230400", "2023-04"}, {"20230000", "2023"},
                 /* not a value: nothing */
                 {"", ""}, {"2023041", ""}, {"2023-4-1", ""},
                 {"202304161", ""});
}
END_TEST

START_TEST(utc_timestamp_shape)
{
    char ts[32], year[8];
    time_t before = time(NULL);
    lex_utc_timestamp(ts, sizeof ts);
    ck_assert_uint_eq(strlen(ts), 20);
    ck_assert_int_eq(ts[4], '-');
    ck_assert_int_eq(ts[10], 'T');
    ck_assert_int_eq(ts[19], 'Z');
    struct tm tm;
    gmtime_r(&before, &tm);
    strftime(year, sizeof year, "%Y", &tm);
    ck_assert_int_eq(strncmp(ts, year, 4), 0);
    /* too small a buffer gets an empty string, not a cut timestamp */
    lex_utc_timestamp(ts, 10);
    ck_assert_str_eq(ts, "");
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("dates",
          UNIT_TCASE("iso", NULL, NULL, iso_shapes_are_read,
                     other_shapes_are_refused, chinese_openings_are_read,
                     chinese_page_year_is_found, dates_inside_prose_are_found),
          UNIT_TCASE("values", NULL, NULL, date_values_are_formatted,
                     utc_timestamp_shape))
