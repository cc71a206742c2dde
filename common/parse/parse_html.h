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

/*
 * Parses one HTML bulletin; same contract as lex_parse_text (parse.h).
 * A page whose opts say html_is_utf8 (a mail part already converted) is
 * read as UTF-8 whatever its <meta charset> says.
 */
lex_parse_fn lex_parse_html;

#endif
