/*
 * fuzz_dates.c - fuzz target for the prose date reader (dates.c).
 *
 * Runs every date function over the input and checks that what they
 * report is a possible date: months 1-12, days 0-31, years of at most
 * four digits.
 */
#include "dates.h"
#include "fuzz_common.h"

/* Aborts unless month and day are in range (0 allowed where unknown). */
static void
check_date(int year, int month, int day, bool month_known)
{
    if (year < 0 || year > 9999 || month < !!month_known || month > 12 ||
        day < 0 || day > 31)
        abort();
}

/* Feeds the input to each function of dates.h. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    int y = 0, m = 0, d = 0;
    if (lex_leading_date(text, &y, &m, &d))
        check_date(y, m, d, true);
    if (lex_find_month_year(text, &y, &m))
        check_date(y, m, 0, true);
    if (lex_name_month_year(text, &y, &m))
        check_date(y, m, 0, true);
    if (lex_iso_date_parse(text, &y, &m, &d))
        check_date(y, m, d, false);
    int month = lex_month_from_name(text, size);
    if (month < 0 || month > 12)
        abort();
    if (size >= 3) {
        int issue = lex_infer_year(data[0] * 10, data[1] % 14, data[2] % 14);
        (void)issue;
        (void)lex_date_valid(data[0] * 10, data[1] % 14, data[2] % 33);
    }
    free(text);
    return 0;
}
