/*
 * tsv.c - the one TAB-separated field splitter (see tsv.h).
 */
#include "tsv.h"

#include <string.h>

/* *pos past len marks the end: the last field moved it to len + 1. */
bool
lex_tsv_next(const char *line, size_t len, size_t *pos, const char **field,
             size_t *n)
{
    if (*pos > len)
        return false;
    const char *tab = memchr(line + *pos, '\t', len - *pos);
    size_t end = tab ? (size_t)(tab - line) : len;
    *field = line + *pos;
    *n = end - *pos;
    *pos = end + 1;
    return true;
}
