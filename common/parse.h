/*
 * parse.h - the parser interface: bytes in, a bulletin out.
 *
 * Every input format has one parser with the same signature.  On success
 * *out owns a bulletin with at least zero items; on failure *out is NULL
 * and err holds "path[:line]: reason".
 */
#ifndef LEX_PARSE_H
#define LEX_PARSE_H

#include <stddef.h>

#include "bulletin.h"
#include "status.h"

/* The newsletter plain-text layout (see lexsearch-corpus(5)). */
lex_status_t lex_parse_text(const char *path, const char *data, size_t len,
                            lex_bulletin_t **out, lex_err_t *err);

#endif
