/*
 * filestate.c - a bulletin file's recorded state as the text the index
 * stores (see filestate.h).
 */
#include "filestate.h"

#include <stdio.h>

void
lex_file_state_format(const lex_file_state_t *st, char *out)
{
    snprintf(out, LEX_FILE_STATE_TEXT, "%llu %lld %llx %lu ", st->size,
             st->mtime_ns, st->hash, st->items);
}

bool
lex_file_state_parse(const char *text, lex_file_state_t *st, size_t *key_at)
{
    int used = 0;
    if (sscanf(text, "%llu %lld %llx %lu %n", &st->size, &st->mtime_ns,
               &st->hash, &st->items, &used) < 4)
        return false;
    if (key_at)
        *key_at = (size_t)used;
    return true;
}
