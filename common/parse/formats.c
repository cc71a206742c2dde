/*
 * formats.c - choosing a parser by file name, and reading plain text in
 * the legacy encodings it may come in.
 *
 * The one table below is the list of formats; adding a parser means
 * adding a row.  A file with no extension is a mail message when it
 * sits in a Maildir's cur/ or new/ folder.  PDF and mail go through
 * media.h, which loads their parsers only when a program meets such a
 * file.
 */
#include "formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "charset.h"
#include "fileio.h"
#include "parse.h"
#include "media.h"
#include "parse_html.h"
#include "parse_mail.h" /* LEX_MAX_MBOX_BYTES */
#include "parse_xml.h"
#include "utf8.h"

static lex_parse_fn parse_text_file;

static const struct {
    const char *ext;
    lex_parse_fn *parse;
} formats[] = {
    {".txt", parse_text_file},      {".html", lex_parse_html},
    {".htm", lex_parse_html},       {".xml", lex_parse_xml},
    {".rss", lex_parse_xml},        {".atom", lex_parse_xml},
    {".eml", lex_media_parse_mail}, {".mbox", lex_media_parse_mbox},
    {".pdf", lex_media_parse_pdf},
};

/* The parser for a file name, or NULL when the extension is unknown. */
static lex_parse_fn *
parser_for(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (!dot || (slash && dot < slash))
        return lex_is_maildir_path(name) ? lex_media_parse_mail : NULL;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (!strcasecmp(dot, formats[i].ext))
            return formats[i].parse;
    return lex_is_maildir_path(name) ? lex_media_parse_mail : NULL;
}

/* True when lexindex has a parser for this file name. */
bool
lex_is_bulletin_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof formats / sizeof formats[0]; i++)
        if (!strcasecmp(dot, formats[i].ext))
            return true;
    return false;
}

/* True when the path's folder is named cur or new (see formats.h). */
bool
lex_is_maildir_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash[1] == '.' || slash[1] == '\0')
        return false;
    const char *dir = slash;
    while (dir > path && dir[-1] != '/')
        dir--;
    size_t n = (size_t)(slash - dir);
    return (n == 3 && !strncmp(dir, "cur", 3)) ||
           (n == 3 && !strncmp(dir, "new", 3));
}

/* The largest file lexindex reads for this name. */
size_t
lex_max_file_bytes(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && !strcasecmp(dot, ".mbox") ? LEX_MAX_MBOX_BYTES
                                            : LEX_MAX_FILE_BYTES;
}

/* True for text the text parser would refuse as not UTF-8. */
static bool
not_utf8(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    bool bom = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                            (u[0] == 0xFE && u[1] == 0xFF));
    if (bom)
        return true;
    if (memchr(data, '\0', len))
        return false; /* binary, or UTF-16 without a mark: refused as such */
    return !lex_utf8_valid(data, len, NULL);
}

/* The 1-based line of byte offset off. */
static unsigned
line_at(const char *data, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

/* The 1-based line of byte offset off in UTF-16 text (LE or BE). */
static unsigned
utf16_line_at(const char *data, size_t off, bool little_endian)
{
    const unsigned char *u = (const unsigned char *)data;
    unsigned line = 1;
    for (size_t i = 0; i + 1 < off; i += 2)
        line += little_endian ? (u[i] == '\n' && u[i + 1] == 0)
                              : (u[i] == 0 && u[i + 1] == '\n');
    return line;
}

/*
 * Parses text converted from charset and notes the conversion on the
 * bulletin, saying whether --encoding (opts) named the charset.
 */
static lex_status_t
parse_converted(const char *path, const char *charset,
                const lex_parse_opts_t *opts, const char *utf8, size_t len,
                lex_bulletin_t **out, lex_err_t *err)
{
    lex_status_t st = lex_parse_text(path, utf8, len, opts, out, err);
    if (st != LEX_OK)
        return st;
    char note[4096 + 128];
    snprintf(note, sizeof note, "%s: not UTF-8; read as %s (%s)", path, charset,
             opts && opts->text_encoding ? "--encoding" : "detected");
    if (!lex_bulletin_add_notice(*out, note)) {
        lex_bulletin_free(*out);
        *out = NULL;
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    }
    return LEX_OK;
}

/*
 * Reads a plain-text bulletin.  Text that is not UTF-8 is read in the
 * charset named by --encoding, else in the one detected (GB18030, Big5,
 * UTF-16); when neither applies, or the detected charset does not fit
 * the bytes after all, the text parser refuses the bytes as today,
 * naming the line and byte offset of the first bad one.
 */
static lex_status_t
parse_text_file(const char *path, const char *data, size_t len,
                const lex_parse_opts_t *opts, lex_bulletin_t **out,
                lex_err_t *err)
{
    if (!not_utf8(data, len))
        return lex_parse_text(path, data, len, opts, out, err);
    const char *named = opts ? opts->text_encoding : NULL;
    const char *charset = named ? named : lex_charset_detect(data, len);
    char *utf8;
    size_t n, bad;
    lex_status_t st =
        charset ? lex_charset_to_utf8(charset, data, len, &utf8, &n, &bad)
                : LEX_EENCODING;
    if (st == LEX_ENOMEM)
        return lex_err_set(err, st, "%s: out of memory", path);
    if (st != LEX_OK && named && bad != LEX_CHARSET_UNKNOWN)
        return lex_err_set(err, st, "%s:%u: not valid %s (byte offset %zu)",
                           path, line_at(data, bad), named, bad);
    if (st != LEX_OK && charset && !strncmp(charset, "UTF-16", 6))
        return lex_err_set(err, st,
                           "%s:%u: invalid UTF-16 (byte offset %zu); convert "
                           "the file to UTF-8",
                           path, utf16_line_at(data, bad, charset[6] != 'B'),
                           bad);
    if (st != LEX_OK)
        return lex_parse_text(path, data, len, opts, out, err);
    st = parse_converted(path, charset, opts, utf8, n, out, err);
    free(utf8);
    return st;
}

/* Dispatches to the format's parser, with what the caller knows. */
lex_status_t
lex_parse_any(const char *path, const char *data, size_t len,
              const lex_parse_opts_t *opts, lex_bulletin_t **out,
              lex_err_t *err)
{
    lex_parse_fn *parse = parser_for(path);
    if (!parse) {
        *out = NULL;
        return lex_err_set(err, LEX_EPARSE, "%s: unknown file type", path);
    }
    return parse(path, data, len, opts, out, err);
}
