/*
 * dates.c - month names, prose dates and year inference.
 */
#include "dates.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const month_names[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

/* Matches a full month name or a 3-letter (or "sept") abbreviation. */
int
lex_month_from_name(const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '.')
        n--;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        if (n == full && !strncasecmp(s, month_names[m], n))
            return m + 1;
        if (n == 3 && !strncasecmp(s, month_names[m], 3))
            return m + 1;
    }
    if (n == 4 && !strncasecmp(s, "sept", 4))
        return 9;
    return 0;
}

/* Length of the run of ASCII letters (and a trailing '.') at s. */
static size_t
word_len(const char *s)
{
    size_t n = 0;
    while (isalpha((unsigned char)s[n]))
        n++;
    if (n > 0 && s[n] == '.')
        n++;
    return n;
}

/* Reads 1..max digits at *s into *v and advances *s; false if none. */
static bool
read_number(const char **s, int max, int *v)
{
    int n = 0, value = 0;
    while (n < max && isdigit((unsigned char)(*s)[n])) {
        value = value * 10 + ((*s)[n] - '0');
        n++;
    }
    if (n == 0 || isdigit((unsigned char)(*s)[n]))
        return false;
    *s += n;
    *v = value;
    return true;
}

/* Skips spaces (and at most one comma when comma is true). */
static const char *
skip_sep(const char *s, bool comma)
{
    while (*s == ' ')
        s++;
    if (comma && *s == ',') {
        s++;
        while (*s == ' ')
            s++;
    }
    return s;
}

/* Reads an optional 4-digit year that must not run into more digits. */
static int
read_year(const char **s)
{
    int y;
    const char *p = *s;
    if (!read_number(&p, 4, &y) || p - *s != 4 || y < 1900 || y > 2199)
        return 0;
    *s = p;
    return y;
}

/* Skips "st", "nd", "rd" or "th" after a day number ("July 7th"). */
static const char *
skip_ordinal(const char *s)
{
    static const char *const suffixes[] = {"st", "nd", "rd", "th"};
    for (size_t i = 0; i < 4; i++)
        if (!strncasecmp(s, suffixes[i], 2) && !isalpha((unsigned char)s[2]))
            return s + 2;
    return s;
}

/*
 * Numeric dates: 2023-08-13 (ISO), 2023.08.13, 2023/08/13 and the Chinese
 * 2020年1月8日.
 */
static bool
numeric_date(const char *s, int *year, int *month, int *day)
{
    int y, m, d;
    y = read_year(&s);
    if (!y)
        return false;
    if (!strncmp(s, "\xE5\xB9\xB4", 3)) { /* 年 */
        s += 3;
        if (!read_number(&s, 2, &m) || strncmp(s, "\xE6\x9C\x88", 3)) /* 月 */
            return false;
        s += 3;
        if (!read_number(&s, 2, &d) || strncmp(s, "\xE6\x97\xA5", 3)) /* 日 */
            return false;
    } else {
        char sep = *s;
        if (sep != '-' && sep != '.' && sep != '/')
            return false;
        s++;
        if (!read_number(&s, 2, &m) || *s != sep)
            return false;
        s++;
        if (!read_number(&s, 2, &d))
            return false;
    }
    *year = y;
    *month = m;
    *day = d;
    return true;
}

/* "April 24[, 2023]" at s; false when s does not start that way. */
static bool
month_day_year(const char *s, int *year, int *month, int *day)
{
    size_t n = word_len(s);
    int m = lex_month_from_name(s, n), d;
    if (!m)
        return false;
    s = skip_sep(s + n, false);
    if (!read_number(&s, 2, &d))
        return false;
    s = skip_ordinal(s);
    s = skip_sep(s, true);
    *year = read_year(&s);
    *month = m;
    *day = d;
    return true;
}

/* "24 April[,] 2023" at s; the British order some bulletins use. */
static bool
day_month_year(const char *s, int *year, int *month, int *day)
{
    int d;
    if (!read_number(&s, 2, &d))
        return false;
    s = skip_ordinal(s);
    s = skip_sep(s, false);
    if (!strncasecmp(s, "of ", 3))
        s += 3;
    size_t n = word_len(s);
    int m = lex_month_from_name(s, n);
    if (!m)
        return false;
    s = skip_sep(s + n, true);
    *year = read_year(&s);
    *month = m;
    *day = d;
    return true;
}

/* "3月22日" at s, the Chinese month and day with the year left out. */
static bool
chinese_month_day(const char *s, int *year, int *month, int *day)
{
    int m, d;
    if (!read_number(&s, 2, &m) || strncmp(s, "\xE6\x9C\x88", 3)) /* 月 */
        return false;
    s += 3;
    if (!read_number(&s, 2, &d) || strncmp(s, "\xE6\x97\xA5", 3)) /* 日 */
        return false;
    *year = 0;
    *month = m;
    *day = d;
    return true;
}

/* Byte length of the CJK ideograph (UTF-8 lead E4-E9) at s, or 0. */
static size_t
ideograph_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return u[0] >= 0xE4 && u[0] <= 0xE9 && (u[1] & 0xC0) == 0x80 &&
                   (u[2] & 0xC0) == 0x80
               ? 3
               : 0;
}

/*
 * The opening of a Chinese news report, "中新网11月21日电" or
 * "新华社北京3月5日电": at most eight ideographs naming the agency and
 * place, the date, then 电 ("wired").
 */
static bool
chinese_news_dateline(const char *s, int *year, int *month, int *day)
{
    size_t k, n = 0;
    for (int i = 0; i < 8 && (k = ideograph_len(s + n)) != 0; i++)
        n += k;
    if (n == 0 || !isdigit((unsigned char)s[n]))
        return false;
    s += n;
    int y = 0, m, d;
    if (!numeric_date(s, &y, &m, &d) && !chinese_month_day(s, &y, &m, &d))
        return false;
    const char *ri = strstr(s, "\xE6\x97\xA5"); /* 日 closes the date */
    if (!ri || ri - s > 16 || strncmp(ri + 3, "\xE7\x94\xB5", 3)) /* 电 */
        return false;
    *year = y;
    *month = m;
    *day = d;
    return true;
}

/* The first "YYYY年" of text, or of a Chinese title any year 1990-2199. */
int
lex_find_chinese_year(const char *text, bool title)
{
    for (const char *s = text; *s; s++) {
        if (!isdigit((unsigned char)*s) ||
            (s > text && isdigit((unsigned char)s[-1])))
            continue;
        const char *p = s;
        int y = read_year(&p);
        if (y >= 1990 && (title || !strncmp(p, "\xE5\xB9\xB4", 3))) /* 年 */
            return y;
    }
    return 0;
}

/* Accepts "On <date>", "As of <date>" or a bare date at the start. */
bool
lex_leading_date(const char *text, int *year, int *month, int *day)
{
    static const char *const openers[] = {"On ", "As of ", ""};
    int y, m, d;
    while (*text == ' ')
        text++;
    for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++) {
        size_t n = strlen(openers[i]);
        if (strncasecmp(text, openers[i], n))
            continue;
        const char *s = text + n;
        if ((month_day_year(s, &y, &m, &d) || day_month_year(s, &y, &m, &d) ||
             numeric_date(s, &y, &m, &d) || chinese_month_day(s, &y, &m, &d) ||
             chinese_news_dateline(s, &y, &m, &d)) &&
            lex_date_valid(y ? y : 2000, m, d)) {
            *year = y;
            *month = m;
            *day = d;
            return true;
        }
    }
    return false;
}

/*
 * True when the word before position s (text starts at base) lets a
 * month stand alone as a date: "in", "of", "since", "until", "by",
 * "from", or the "mid-" glued to it.
 */
static bool
month_alone_follows(const char *base, const char *s)
{
    static const char *const leads[] = {"in ",    "of ",    "since ",
                                        "until ", "by ",    "from ",
                                        "mid-",   "early ", "late "};
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
        ptrdiff_t n = (ptrdiff_t)strlen(leads[i]); /* signed: s - n */
        if (s - base >= n && !strncmp(s - n, leads[i], (size_t)n) &&
            (s - base == n || !isalpha((unsigned char)s[-n - 1])))
            return true;
    }
    return false;
}

/* Finds the first date written in prose; see dates.h. */
bool
lex_find_prose_date(const char *text, int *year, int *month, int *day)
{
    for (const char *s = text; *s; s++) {
        if (s > text && (isalnum((unsigned char)s[-1]) || s[-1] == '.' ||
                         s[-1] == ',' || s[-1] == '/'))
            continue; /* only at the start of a word: not "8.026" */
        int y, m, d;
        if (isdigit((unsigned char)*s)) {
            if (day_month_year(s, &y, &m, &d) &&
                isupper((unsigned char)*skip_sep(
                    skip_ordinal(s + strspn(s, "0123456789")), false)) &&
                lex_date_valid(y ? y : 2000, m, d))
                goto found;
            continue;
        }
        if (!isupper((unsigned char)*s))
            continue;
        size_t n = word_len(s);
        if (!(m = lex_month_from_name(s, n)))
            continue;
        if (month_day_year(s, &y, &m, &d) && lex_date_valid(y ? y : 2000, m, d))
            goto found;
        const char *p = skip_sep(s + n, false);
        if ((y = read_year(&p)) != 0 || month_alone_follows(text, s)) {
            d = 0;
            goto found;
        }
        continue;
    found:
        *year = y;
        *month = m;
        *day = d;
        return true;
    }
    return false;
}

/* Scans word by word for a month name followed by a 4-digit year. */
bool
lex_find_month_year(const char *text, int *year, int *month)
{
    for (const char *s = text; *s; s++) {
        if (!isalpha((unsigned char)*s) ||
            (s > text && isalpha((unsigned char)s[-1])))
            continue;
        size_t n = word_len(s);
        int m = lex_month_from_name(s, n);
        if (!m)
            continue;
        const char *p = skip_sep(s + n, true);
        int y = read_year(&p);
        if (y) {
            *year = y;
            *month = m;
            return true;
        }
    }
    return false;
}

/* Looks for 4 digits, a '-' or '_', then 2 digits forming a month. */
bool
lex_name_month_year(const char *name, int *year, int *month)
{
    for (const char *s = name; *s; s++) {
        if (s > name && isdigit((unsigned char)s[-1]))
            continue;
        const char *p = s;
        int y = read_year(&p), m;
        if (!y || (*p != '-' && *p != '_'))
            continue;
        p++;
        const char *q = p;
        if (read_number(&q, 2, &m) && q - p == 2 && m >= 1 && m <= 12) {
            *year = y;
            *month = m;
            return true;
        }
    }
    return false;
}

/* An item more than six months "after" its issue is from the year before. */
int
lex_infer_year(int issue_year, int issue_month, int month)
{
    if (issue_year && issue_month && month - issue_month > 6)
        return issue_year - 1;
    return issue_year;
}

/* The number in the n digits at s, or -1 when one of them is not a digit. */
static int
digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Checks the shape by length and separators, then the digits' ranges. */
bool
lex_iso_date_parse(const char *s, int *year, int *month, int *day)
{
    size_t n = strlen(s);
    if ((n != 4 && n != 7 && n != 10) || (n >= 7 && s[4] != '-') ||
        (n == 10 && s[7] != '-'))
        return false;
    int y = digits(s, 4);
    int m = n >= 7 ? digits(s + 5, 2) : 0;
    int d = n == 10 ? digits(s + 8, 2) : 0;
    if (y < 0 || (n >= 7 && (m < 1 || m > 12)) ||
        (n == 10 && (d < 1 || d > 31)))
        return false;
    *year = y;
    *month = m;
    *day = d;
    return true;
}

/* Gregorian calendar check. */
bool
lex_date_valid(int year, int month, int day)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1])
        return false;
    if (month == 2 && day == 29) {
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap;
    }
    return true;
}

void
lex_utc_timestamp(char *out, size_t outlen)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (!strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm) && outlen)
        out[0] = '\0';
}
