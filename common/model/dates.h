/*
 * dates.h - reading the dates bulletins write in prose.
 *
 * News items say "On April 24," or "On April 18, 2023,"; titles and file
 * names say "April 2023" or "2023-04".  These helpers find such dates and
 * supply the year an item leaves out, from the issue it appears in.
 */
#ifndef LEX_DATES_H
#define LEX_DATES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The month (1-12) named by the n bytes at s: an English month name or
 * its three-letter abbreviation (also "Sept"), any case, optionally
 * followed by a period.  0 when s names no month.
 */
int lex_month_from_name(const char *s, size_t n);

/*
 * Reads the date an item paragraph opens with: "On April 24,",
 * "On April 18, 2023,", "On 24 April 2023," or "April 24 -"; in Chinese
 * "2025年3月5日", "2025-03-05", "3月5日" or a news report's
 * "中新网11月21日电".  Stores the
 * year (0 when the text leaves it out), month and day and returns true;
 * returns false when the paragraph does not open with a date.
 */
bool lex_leading_date(const char *text, int *year, int *month, int *day);

/*
 * The year a Chinese page writes: the first "YYYY年" of text, or, when
 * title is true (text is the page's Chinese title, as "数据合规2024"),
 * its first four-digit year from 1990 on; 0 when there is none.  Supplies
 * the year of items dated "3月22日".
 */
int lex_find_chinese_year(const char *text, bool title);

/*
 * Finds the first date a note writes anywhere in its prose: "took effect
 * 19 April", "on 13 Dec.", "March 3, 2024", "1 June 2023", or a month
 * alone after "in", "of", "since", "until", "by", "from" or "mid-" ("at
 * the end of February", "in mid-September"), which stores day 0.  Month
 * names count only when capitalised ("may" is a verb).  Stores the year
 * (0 when left out), month and day; false when the text has no date.
 */
bool lex_find_prose_date(const char *text, int *year, int *month, int *day);

/*
 * Finds the first "Month YYYY" (e.g. "April 2023") in text and stores its
 * year and month; false when there is none.
 */
bool lex_find_month_year(const char *text, int *year, int *month);

/*
 * Finds "YYYY-MM" or "YYYY_MM" (e.g. in "bulletin-2023-04.txt") in a file
 * name; false when there is none.
 */
bool lex_name_month_year(const char *name, int *year, int *month);

/*
 * The year of an item dated in month, appearing in the issue of
 * issue_month/issue_year: a December item in a January issue belongs to
 * the year before.  Returns issue_year unchanged otherwise.
 */
int lex_infer_year(int issue_year, int issue_month, int month);

/*
 * Reads an ISO date of the shapes the query language, --since/--until and
 * the item records use: "YYYY", "YYYY-MM" or "YYYY-MM-DD", digits only,
 * month 1-12, day 1-31, the whole string.  Stores the parts (0 for those
 * left out) and returns true; returns false, storing nothing, otherwise.
 * The one parser of ISO dates: lexdb_query.cc's date bounds call it too.
 */
bool lex_iso_date_parse(const char *s, int *year, int *month, int *day);

/* True for a real calendar day (leap years included). */
bool lex_date_valid(int year, int month, int day);

/* The current time as an ISO 8601 UTC timestamp, 2024-05-01T06:30:00Z
   (21 bytes with the NUL), as the index records its last run. */
void lex_utc_timestamp(char *out, size_t outlen);

#endif
