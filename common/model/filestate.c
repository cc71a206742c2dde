/*
 * filestate.c - a bulletin file's recorded state as the text the index
 * stores (see filestate.h).
 */
#include "filestate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

void
lex_file_state_format(const lex_file_state_t *st, char *out)
{
    snprintf(out, LEX_FILE_STATE_TEXT, "%llu %lld %llx %lu ", st->size,
             st->mtime_ns, st->hash, st->items);
}

/*
 * Reads the four numbers with strtoull and friends, as sscanf's "%llu
 * %lld %llx %lu %n" would: a run that changes nothing reads every file's
 * state twice (lexdb_file_state, lexdb_each_file), and sscanf was a
 * quarter of such a run.
 */
bool
lex_file_state_parse(const char *text, lex_file_state_t *st, size_t *key_at)
{
    char *end;
    const char *p = text;
    st->size = strtoull(p, &end, 10);
    if (end == p)
        return false;
    st->mtime_ns = strtoll(p = end, &end, 10);
    if (end == p)
        return false;
    st->hash = strtoull(p = end, &end, 16);
    if (end == p)
        return false;
    st->items = strtoul(p = end, &end, 10);
    if (end == p)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (key_at)
        *key_at = (size_t)(end - text);
    return true;
}
