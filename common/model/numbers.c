/*
 * numbers.c - whole numbers given on the command line (see numbers.h).
 */
#include "numbers.h"

#include <stdlib.h>

bool
lex_parse_uint(const char *arg, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || v < (long)lo || v > (long)hi)
        return false;
    *out = (unsigned)v;
    return true;
}
