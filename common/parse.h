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

/*
 * Limits on one bulletin file, documented in lexsearch-corpus(5) LIMITS
 * (the file size limit is LEX_MAX_FILE_BYTES in fileio.h).  Each one
 * exceeded rejects the file with LEX_ELIMIT and a message naming it, and
 * together they bound the memory a hostile file can make a parser use.
 */
#define LEX_MAX_LINE_BYTES (1u << 20) /* one line of text (1 MiB) */
#define LEX_MAX_ITEMS 10000           /* items in one file */
#define LEX_MAX_BLOCKS                                                         \
    1000000               /* paragraphs, or reference entries, in a file       \
                           */
#define LEX_MAX_URLS 100  /* citation URLs kept for one item */
#define LEX_MAX_DEPTH 256 /* nested HTML or XML elements */

/* The newsletter plain-text layout (see lexsearch-corpus(5)). */
lex_status_t lex_parse_text(const char *path, const char *data, size_t len,
                            lex_bulletin_t **out, lex_err_t *err);

/*
 * lex_parse_text for text rendered from another format: src_lines[i]
 * (i < n_src) is the line of the original file that rendered line i came
 * from, so that error messages name the original line (0: unknown).
 */
lex_status_t lex_parse_text_mapped(const char *path, const char *data,
                                   size_t len, const unsigned *src_lines,
                                   size_t n_src, lex_bulletin_t **out,
                                   lex_err_t *err);

#endif
