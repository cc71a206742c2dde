/*
 * parse_mail.c - newsletters as MIME messages, one (.eml, Maildir) or
 * many in a file (mbox), read with GMime 3.
 *
 * GMime parses the message and decodes the transfer encoding; this
 * module picks the part to read (the first text/html that is not an
 * attachment, else the first text/plain), converts it strictly from its
 * declared charset (charset.h) and hands it to the HTML or text parser
 * with the Subject as title and the Date as the issue (parse.h).  The
 * items then learn their message: its number in the file, its
 * Message-ID and, in an mbox, its Subject.
 *
 * Hostile mail is bounded: multipart nesting (LEX_MAX_MIME_DEPTH, and
 * GMime's own nesting guard), the encoded size of the part read
 * (LEX_MAX_PART_BYTES, checked before decoding) and the messages of an
 * mbox (LEX_MAX_MESSAGES, counted before parsing).  A structure GMime
 * calls critical (a multipart without a boundary, a part with neither
 * headers nor content) or a truncated message rejects the message.
 */
#include "parse_mail.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "buf.h"
#include "charset.h"
#include "hash.h"
#include "parse_html.h"
#include "utf8.h"

/* The first problem GMime's parser reported, 0 when none. */
typedef struct {
    GMimeParserWarning issue;
} mime_issues_t;

/* The message being read and how to name it in messages. */
typedef struct {
    const char *label; /* "path" or "path:message N" */
    int number;        /* 1-based message number in the file */
    GMimeMessage *msg;
    const char *raw; /* the message's bytes (for an id when it has none) */
    size_t raw_len;
} message_t;

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

/* Initialises GMime once per process (it is not safe to do twice). */
static void
init_gmime(void)
{
    g_mime_init();
}

/* GMime's parser warning callback: keeps the first issue that matters. */
static void
note_issue(gint64 offset, GMimeParserWarning code, const gchar *item,
           gpointer data)
{
    (void)offset;
    (void)item;
    mime_issues_t *issues = data;
    switch (code) {
    case GMIME_CRIT_NESTING_OVERFLOW:
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
    case GMIME_WARN_TRUNCATED_MESSAGE:
    case GMIME_WARN_MALFORMED_MULTIPART:
        if (!issues->issue || code == GMIME_CRIT_NESTING_OVERFLOW)
            issues->issue = code;
        break;
    default:
        break;
    }
}

/* The reason given for a GMime issue. */
static const char *
issue_reason(GMimeParserWarning code)
{
    switch (code) {
    case GMIME_CRIT_NESTING_OVERFLOW:
        return "MIME parts nested deeper than the limit of 32";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        return "broken MIME structure: a multipart without a boundary";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        return "broken MIME structure: a part with neither headers nor "
               "content";
    case GMIME_WARN_TRUNCATED_MESSAGE:
        return "broken MIME structure: the message ends inside a multipart";
    default:
        return "broken MIME structure: a multipart without parts";
    }
}

/* Parser options: mail headers in 8-bit fall back to UTF-8, then GB18030. */
static GMimeParserOptions *
new_options(mime_issues_t *issues)
{
    static const char *fallback[] = {"UTF-8", "GB18030", NULL};
    GMimeParserOptions *o = g_mime_parser_options_new();
    g_mime_parser_options_set_fallback_charsets(o, fallback);
    g_mime_parser_options_set_warning_callback(o, note_issue, issues);
    return o;
}

/* A parser over the n bytes at data (copied into a memory stream). */
static GMimeParser *
new_parser(const char *data, size_t len, GMimeFormat format)
{
    GMimeStream *s = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *p = g_mime_parser_new_with_stream(s);
    g_object_unref(s);
    g_mime_parser_set_format(p, format);
    return p;
}

/* ---- choosing the part ------------------------------------------------ */

/* True for a text/SUBTYPE leaf that is not an attachment. */
static bool
is_text_part(GMimeObject *o, const char *subtype)
{
    return GMIME_IS_PART(o) && !g_mime_part_is_attachment(GMIME_PART(o)) &&
           g_mime_content_type_is_type(g_mime_object_get_content_type(o),
                                       "text", subtype);
}

/*
 * The first non-attachment text/SUBTYPE part under o, depth first;
 * *too_deep is set when multiparts nest deeper than LEX_MAX_MIME_DEPTH.
 * Embedded messages (message/rfc822, forwards) are not looked into.
 */
static GMimeObject *
find_part(GMimeObject *o, const char *subtype, int depth, bool *too_deep)
{
    if (depth > LEX_MAX_MIME_DEPTH) {
        *too_deep = true;
        return NULL;
    }
    if (is_text_part(o, subtype))
        return o;
    if (!GMIME_IS_MULTIPART(o))
        return NULL;
    GMimeMultipart *mp = GMIME_MULTIPART(o);
    int n = g_mime_multipart_get_count(mp);
    for (int i = 0; i < n && !*too_deep; i++) {
        GMimeObject *found = find_part(g_mime_multipart_get_part(mp, i),
                                       subtype, depth + 1, too_deep);
        if (found)
            return found;
    }
    return NULL;
}

/* ---- decoding the part ------------------------------------------------ */

/*
 * The part's content, transfer encoding removed, as a new buffer: no
 * more than LEX_MAX_PART_BYTES of it as encoded, so a huge base64 part
 * is refused before it is decoded.
 */
static lex_status_t
decoded_content(const message_t *m, GMimePart *part, char **out, size_t *len,
                lex_err_t *err)
{
    GMimeDataWrapper *w = g_mime_part_get_content(part);
    GMimeStream *raw = w ? g_mime_data_wrapper_get_stream(w) : NULL;
    if (!raw)
        return lex_err_set(err, LEX_EPARSE, "%s: the text part is empty",
                           m->label);
    gint64 encoded = g_mime_stream_length(raw);
    if (encoded < 0 || (guint64)encoded > LEX_MAX_PART_BYTES)
        return lex_err_set(err, LEX_ELIMIT,
                           "%s: text part larger than the %u MiB limit",
                           m->label, LEX_MAX_PART_BYTES >> 20);
    GMimeStream *mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(w, mem);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    *len = bytes->len;
    *out = malloc(bytes->len + 1);
    if (*out) {
        if (bytes->len) /* an empty array's data is NULL */
            memcpy(*out, bytes->data, bytes->len);
        (*out)[bytes->len] = '\0';
    }
    g_object_unref(mem);
    return *out ? LEX_OK
                : lex_err_set(err, LEX_ENOMEM, "%s: out of memory", m->label);
}

/* True for the names of UTF-8 and of its subset US-ASCII. */
static bool
is_utf8_name(const char *charset)
{
    return !charset || !strcasecmp(charset, "utf-8") ||
           !strcasecmp(charset, "utf8") || !strcasecmp(charset, "us-ascii");
}

/*
 * The charset name as a message may show it: printable ASCII only
 * (anything else becomes '?'), at most 40 bytes.  The name is the
 * sender's; it must not smuggle controls into an error line.
 */
static void
printable_name(const char *name, char *out, size_t size)
{
    size_t o = 0;
    for (; *name && o + 1 < size && o < 40; name++)
        out[o++] = *name > 0x20 && *name < 0x7F ? *name : '?';
    out[o] = '\0';
}

/*
 * Converts a decoded part to UTF-8 from its declared charset (none
 * declared: UTF-8, which US-ASCII is part of).  An unknown charset, or
 * bytes not valid in the declared one, reject the message.
 */
static lex_status_t
to_utf8(const message_t *m, const char *charset, char **text, size_t *len,
        lex_err_t *err)
{
    size_t bad;
    char shown[48];
    printable_name(charset ? charset : "UTF-8", shown, sizeof shown);
    if (is_utf8_name(charset)) {
        if (lex_utf8_valid(*text, *len, &bad))
            return LEX_OK;
        return lex_err_set(err, LEX_EENCODING,
                           "%s: text part is not valid %s as declared (byte "
                           "offset %zu)",
                           m->label, shown, bad);
    }
    const char *name = g_mime_charset_iconv_name(charset);
    char *utf8;
    size_t n;
    lex_status_t st = lex_charset_to_utf8(name, *text, *len, &utf8, &n, &bad);
    if (st == LEX_ENOMEM)
        return lex_err_set(err, st, "%s: out of memory", m->label);
    if (st != LEX_OK && bad == LEX_CHARSET_UNKNOWN)
        return lex_err_set(err, st, "%s: unknown charset \"%s\"", m->label,
                           shown);
    if (st != LEX_OK)
        return lex_err_set(err, st,
                           "%s: text part is not valid %s as declared (byte "
                           "offset %zu)",
                           m->label, shown, bad);
    free(*text);
    *text = utf8;
    *len = n;
    return LEX_OK;
}

/* ---- the bulletin ------------------------------------------------------ */

/*
 * A copy of a header's decoded text fit for the index and a terminal:
 * valid UTF-8 only, controls dropped, each run of white space one
 * space, no space at either end.  NULL when nothing is left (or on
 * ENOMEM).  Headers are the sender's, as hostile as the body.
 */
static char *
clean_header(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s), o = 0;
    char *out = malloc(n + 1);
    bool space = false;
    for (size_t i = 0; out && i < n;) {
        unsigned cp;
        size_t len = lex_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            i++; /* not UTF-8: GMime decodes to UTF-8, so never in practice */
            continue;
        }
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n')
            space = o > 0;
        else if (!lex_utf8_is_control(cp)) {
            if (space)
                out[o++] = ' ';
            space = false;
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    if (out)
        out[o] = '\0';
    if (out && o == 0) {
        free(out);
        out = NULL;
    }
    return out;
}

/*
 * The id items of the message are known by: its Message-ID, else a hash
 * of its bytes (stable while the message is), as "no-id-HEX".
 */
static char *
message_id_of(const message_t *m)
{
    char *id = clean_header(g_mime_message_get_message_id(m->msg));
    if (id && !strchr(id, ' '))
        return id;
    free(id);
    char buf[32];
    snprintf(buf, sizeof buf, "no-id-%016llx",
             (unsigned long long)lex_hash64(m->raw, m->raw_len));
    return strdup(buf);
}

/* Marks every item with its message's number and id; false on ENOMEM. */
static bool
mark_items(lex_bulletin_t *b, const message_t *m)
{
    char *id = message_id_of(m);
    for (size_t i = 0; id && i < b->n_items; i++) {
        lex_item_t *it = &b->items[i];
        it->message = m->number;
        it->line = 0; /* a line of the decoded part means nothing to users */
        if (!(it->message_id = strdup(id))) {
            free(id);
            return false;
        }
    }
    bool ok = id != NULL;
    free(id);
    return ok;
}

/* Reads the chosen part with the HTML or the text parser. */
static lex_status_t
parse_part(const message_t *m, GMimeObject *part, bool html,
           lex_bulletin_t **out, lex_err_t *err)
{
    char *text;
    size_t len = 0;
    lex_status_t st = decoded_content(m, GMIME_PART(part), &text, &len, err);
    if (st != LEX_OK)
        return st;
    st = to_utf8(m, g_mime_object_get_content_type_parameter(part, "charset"),
                 &text, &len, err);
    if (st == LEX_OK) {
        char *subject = clean_header(g_mime_message_get_subject(m->msg));
        lex_parse_opts_t o = {.html_is_utf8 = true, .title = subject};
        GDateTime *d = g_mime_message_get_date(m->msg);
        if (d) {
            o.issue_year = g_date_time_get_year(d);
            o.issue_month = g_date_time_get_month(d);
        }
        lex_parse_fn *parse = html ? lex_parse_html : lex_parse_text;
        st = parse(m->label, text, len, &o, out, err);
        free(subject);
    }
    free(text);
    return st;
}

/* Parses one message of the file into a bulletin of its items. */
static lex_status_t
parse_message(const message_t *m, lex_bulletin_t **out, lex_err_t *err)
{
    *out = NULL;
    bool too_deep = false, html = true;
    GMimeObject *root = g_mime_message_get_mime_part(m->msg);
    GMimeObject *part = root ? find_part(root, "html", 0, &too_deep) : NULL;
    if (!part && !too_deep) {
        html = false;
        part = root ? find_part(root, "plain", 0, &too_deep) : NULL;
    }
    if (too_deep)
        return lex_err_set(err, LEX_ELIMIT,
                           "%s: MIME parts nested deeper than the limit of %d",
                           m->label, LEX_MAX_MIME_DEPTH);
    if (!part)
        return lex_err_set(err, LEX_EPARSE,
                           "%s: no text/html or text/plain part to read",
                           m->label);
    lex_status_t st = parse_part(m, part, html, out, err);
    if (st == LEX_OK && !mark_items(*out, m)) {
        lex_bulletin_free(*out);
        *out = NULL;
        st = lex_err_set(err, LEX_ENOMEM, "%s: out of memory", m->label);
    }
    return st;
}

/*
 * Reads the message GMime's parser is at into *msg; a message GMime
 * could not read, or read with a critical issue, is an error.
 */
static lex_status_t
next_message(GMimeParser *p, const char *label, GMimeMessage **msg,
             lex_err_t *err)
{
    mime_issues_t issues = {0};
    GMimeParserOptions *o = new_options(&issues);
    *msg = g_mime_parser_construct_message(p, o);
    g_mime_parser_options_free(o);
    if (!*msg)
        return lex_err_set(err, LEX_EPARSE,
                           "%s: not a mail message (no headers)", label);
    if (!issues.issue)
        return LEX_OK;
    g_object_unref(*msg);
    *msg = NULL;
    return lex_err_set(err,
                       issues.issue == GMIME_CRIT_NESTING_OVERFLOW ? LEX_ELIMIT
                                                                   : LEX_EPARSE,
                       "%s: %s", label, issue_reason(issues.issue));
}

/* Parses one message (see parse_mail.h). */
lex_status_t
lex_parse_mail(const char *path, const char *data, size_t len,
               const lex_parse_opts_t *opts, lex_bulletin_t **out,
               lex_err_t *err)
{
    (void)opts; /* the message's own headers say what opts would */
    *out = NULL;
    pthread_once(&gmime_once, init_gmime);
    GMimeParser *p = new_parser(data, len, GMIME_FORMAT_MESSAGE);
    message_t m = {path, 1, NULL, data, len};
    lex_status_t st = next_message(p, path, &m.msg, err);
    g_object_unref(p);
    if (st != LEX_OK)
        return st;
    st = parse_message(&m, out, err);
    g_object_unref(m.msg);
    return st;
}

/* ---- mbox --------------------------------------------------------------- */

/* The number of "From " separator lines, counted up to limit + 1. */
static size_t
count_messages(const char *data, size_t len, size_t limit)
{
    size_t n = 0;
    for (size_t i = 0; i + 5 <= len && n <= limit; i++) {
        if (!memcmp(data + i, "From ", 5))
            n++;
        const char *nl = memchr(data + i, '\n', len - i);
        if (!nl)
            break;
        i = (size_t)(nl - data);
    }
    return n;
}

/*
 * Moves the items of m onto the end of b's, each keeping its number and
 * learning m's title (its Subject); m is freed.  false on ENOMEM.
 */
static bool
move_items(lex_bulletin_t *b, lex_bulletin_t *m)
{
    for (size_t i = 0; i < m->n_items; i++)
        if (m->title && !(m->items[i].title = strdup(m->title)))
            return false;
    if (b->n_items + m->n_items > b->cap_items) {
        size_t cap = (b->n_items + m->n_items) * 2;
        lex_item_t *items = realloc(b->items, cap * sizeof *items);
        if (!items)
            return false;
        b->items = items;
        b->cap_items = cap;
    }
    memcpy(b->items + b->n_items, m->items, m->n_items * sizeof *m->items);
    b->n_items += m->n_items;
    if (!b->year) {
        b->year = m->year;
        b->month = m->month;
    }
    m->n_items = 0; /* the items are b's now */
    lex_bulletin_free(m);
    return true;
}

/*
 * Adds message m's items to b.  A message with no items is passed over
 * with a notice; any other problem is the error of the whole file.
 */
static lex_status_t
add_message(lex_bulletin_t *b, const message_t *m, lex_err_t *err)
{
    lex_bulletin_t *mb;
    lex_err_t merr;
    lex_status_t st = parse_message(m, &mb, &merr);
    if (st == LEX_EPARSE && (strstr(merr.msg, ": no bulletin items found") ||
                             strstr(merr.msg, ": empty file"))) {
        lex_buf_t note = LEX_BUF_INIT;
        lex_buf_printf(&note, "%s: no bulletin items; message passed over",
                       m->label);
        bool ok = !lex_buf_failed(&note) &&
                  lex_bulletin_add_notice(b, lex_buf_str(&note));
        lex_buf_free(&note);
        return ok ? LEX_OK
                  : lex_err_set(err, LEX_ENOMEM, "%s: out of memory", b->path);
    }
    if (st != LEX_OK) {
        *err = merr;
        return st;
    }
    if (!move_items(b, mb)) {
        lex_bulletin_free(mb);
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", b->path);
    }
    return LEX_OK;
}

/* Walks the messages of an mbox, adding each one's items to b. */
static lex_status_t
read_mbox(GMimeParser *p, const char *data, size_t len, lex_bulletin_t *b,
          lex_err_t *err)
{
    lex_status_t st = LEX_OK;
    for (int n = 1; st == LEX_OK && !g_mime_parser_eos(p); n++) {
        char label[64 + 4096];
        snprintf(label, sizeof label, "%s:message %d", b->path, n);
        gint64 start = g_mime_parser_tell(p);
        message_t m = {label, n, NULL, NULL, 0};
        if ((st = next_message(p, label, &m.msg, err)) != LEX_OK)
            return st;
        gint64 end = g_mime_parser_tell(p);
        if (start >= 0 && end >= start && (size_t)end <= len) {
            m.raw = data + start;
            m.raw_len = (size_t)(end - start);
        }
        st = add_message(b, &m, err);
        g_object_unref(m.msg);
    }
    return st;
}

/* Parses an mbox file (see parse_mail.h). */
lex_status_t
lex_parse_mbox(const char *path, const char *data, size_t len,
               const lex_parse_opts_t *opts, lex_bulletin_t **out,
               lex_err_t *err)
{
    (void)opts; /* each message's own headers say what opts would */
    *out = NULL;
    if (len < 5 || memcmp(data, "From ", 5))
        return lex_err_set(err, LEX_EPARSE,
                           "%s: not an mbox file (it does not open with a "
                           "\"From \" line)",
                           path);
    if (count_messages(data, len, LEX_MAX_MESSAGES) > LEX_MAX_MESSAGES)
        return lex_err_set(err, LEX_ELIMIT,
                           "%s: more messages than the limit of %d per mbox",
                           path, LEX_MAX_MESSAGES);
    pthread_once(&gmime_once, init_gmime);
    lex_bulletin_t *b = lex_bulletin_new(path);
    if (!b)
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    GMimeParser *p = new_parser(data, len, GMIME_FORMAT_MBOX);
    lex_status_t st = read_mbox(p, data, len, b, err);
    g_object_unref(p);
    if (st == LEX_OK && b->n_items == 0)
        st = lex_err_set(err, LEX_EPARSE,
                         "%s: no bulletin items found in any message", path);
    if (st != LEX_OK) {
        lex_bulletin_free(b);
        return st;
    }
    *out = b;
    return LEX_OK;
}
