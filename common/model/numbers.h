/*
 * numbers.h - whole numbers given on the command line.
 *
 * Both programs take bounded whole-number options (--limit, --offset,
 * --wait, --jobs...); each is read by the one rule here, so that every
 * option refuses the same malformed input the same way.
 */
#ifndef LEX_NUMBERS_H
#define LEX_NUMBERS_H

#include <stdbool.h>

/*
 * Reads arg, a whole decimal number in lo..hi, into *out.  False (and
 * *out untouched) for an empty string, trailing characters, a sign that
 * puts it out of range, or a number outside lo..hi.
 */
bool lex_parse_uint(const char *arg, unsigned lo, unsigned hi, unsigned *out);

#endif
