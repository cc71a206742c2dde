/*
 * parse_html.h - bulletins saved as HTML pages.
 *
 * The HTML parser renders the page's content into the plain-text
 * newsletter layout and hands that to lex_parse_text, so a saved page
 * yields the same items as the text form of the same bulletin; only the
 * items' line numbers are mapped back to the HTML source.
 */
#ifndef LEX_PARSE_HTML_H
#define LEX_PARSE_HTML_H

#include <stddef.h>

#include "bulletin.h"
#include "parse.h"
#include "status.h"

/* Parses one HTML bulletin; same contract as lex_parse_text (parse.h). */
lex_status_t lex_parse_html(const char *path, const char *data, size_t len,
                            lex_bulletin_t **out, lex_err_t *err);

/* lex_parse_html with what the caller knows (parse.h; opts may be NULL). */
lex_status_t lex_parse_html_with(const char *path, const char *data, size_t len,
                                 const lex_parse_opts_t *opts,
                                 lex_bulletin_t **out, lex_err_t *err);

#endif
