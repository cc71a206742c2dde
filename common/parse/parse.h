/*
 * parse.h - the parser interface: bytes in, a bulletin out.
 *
 * Every input format has one parser with the same signature.  On success
 * *out owns a bulletin with at least zero items; on failure *out is NULL
 * and err holds "path[:line]: reason".
 */
#ifndef LEX_PARSE_H
#define LEX_PARSE_H

#include <stdbool.h>
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

/*
 * What a caller knows about a bulletin beyond its bytes.  A zeroed
 * struct (or NULL) means nothing: the parser decides everything from
 * the file, as lex_parse_text does.
 */
typedef struct {
    /* charset of plain text that is not valid UTF-8 (lexindex
       --encoding); NULL: detected (see charset.h) */
    const char *text_encoding;
    /* HTML: the bytes are UTF-8 whatever the page declares (a mail part
       already converted from its MIME charset) */
    bool html_is_utf8;
    /* the bulletin's title from outside the text (a message's Subject);
       it replaces a title line of the text, and its "Month YYYY" names
       the issue before anything else does */
    const char *title;
    /* the issue's year and month when neither title nor text names one
       (a message's Date header); 0 when unknown */
    int issue_year, issue_month;
} lex_parse_opts_t;

/*
 * The signature of every format's parser (lex_parse_text below,
 * lex_parse_html, lex_parse_xml, lex_parse_mail, lex_parse_mbox,
 * lex_parse_pdf), which is what lets formats.c choose one from a table.
 * opts may be NULL; each parser uses what of it applies to its format.
 */
typedef lex_status_t lex_parse_fn(const char *path, const char *data,
                                  size_t len, const lex_parse_opts_t *opts,
                                  lex_bulletin_t **out, lex_err_t *err);

/*
 * The newsletter plain-text layout (see lexsearch-corpus(5)), with the
 * title and issue month of opts; its text_encoding is lex_parse_any's
 * business: this parser takes UTF-8 only.
 */
lex_parse_fn lex_parse_text;

/*
 * lex_parse_text for text rendered from another format: src_lines[i]
 * (i < n_src) is the line of the original file that rendered line i came
 * from, so that error messages name the original line (0: unknown).
 */
lex_status_t lex_parse_text_mapped(const char *path, const char *data,
                                   size_t len, const unsigned *src_lines,
                                   size_t n_src, const lex_parse_opts_t *opts,
                                   lex_bulletin_t **out, lex_err_t *err);

#endif
