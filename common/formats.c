/*
 * formats.c - choosing a parser by file extension.
 *
 * The one table below is the list of formats; adding a parser means
 * adding a row.
 */
#include "formats.h"

#include <strings.h>
#include <string.h>

#include "parse.h"
#include "parse_html.h"
#include "parse_pdf.h"
#include "parse_xml.h"

typedef lex_status_t (*parse_fn)(const char *, const char *, size_t,
                                 lex_bulletin_t **, lex_err_t *);

static const struct {
    const char *ext;
    parse_fn parse;
} formats[] = {
    {".txt", lex_parse_text}, {".html", lex_parse_html},
    {".htm", lex_parse_html}, {".xml", lex_parse_xml},
    {".rss", lex_parse_xml},  {".atom", lex_parse_xml},
    {".pdf", lex_parse_pdf},
};

/* The parser for a file name, or NULL when the extension is unknown. */
static parse_fn
parser_for(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return NULL;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (!strcasecmp(dot, formats[i].ext))
            return formats[i].parse;
    return NULL;
}

/* True when lexindex has a parser for this file name. */
bool
lex_is_bulletin_name(const char *name)
{
    return parser_for(name) != NULL;
}

/* Dispatches to the format's parser. */
lex_status_t
lex_parse_any(const char *path, const char *data, size_t len,
              lex_bulletin_t **out, lex_err_t *err)
{
    parse_fn parse = parser_for(path);
    if (!parse) {
        *out = NULL;
        return lex_err_set(err, LEX_EPARSE, "%s: unknown file type", path);
    }
    return parse(path, data, len, out, err);
}
