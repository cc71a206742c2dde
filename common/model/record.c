/*
 * record.c - encoding items as display records and decoding them back.
 */
#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "tsv.h"

#define RECORD_VERSION "lexrecord 1"

/* Appends value with backslash, newline and tab escaped. */
static void
put_escaped(lex_buf_t *out, const char *value)
{
    for (const char *p = value; *p; p++) {
        switch (*p) {
        case '\\':
            lex_buf_puts(out, "\\\\");
            break;
        case '\n':
            lex_buf_puts(out, "\\n");
            break;
        case '\t':
            lex_buf_puts(out, "\\t");
            break;
        default:
            lex_buf_putc(out, *p);
        }
    }
}

/* Appends one "key<TAB>value" line; NULL values are left out. */
static void
put_field(lex_buf_t *out, const char *key, const char *value)
{
    if (!value)
        return;
    lex_buf_puts(out, key);
    lex_buf_putc(out, '\t');
    put_escaped(out, value);
    lex_buf_putc(out, '\n');
}

/* Appends one "key<TAB>integer" line. */
static void
put_int(lex_buf_t *out, const char *key, long value)
{
    lex_buf_printf(out, "%s\t%ld\n", key, value);
}

/* Encodes an item and the bulletin facts it is shown with. */
void
lex_record_encode(const lex_bulletin_t *b, const lex_item_t *it, lex_buf_t *out)
{
    char date[16];
    lex_date_format(&it->date, date, sizeof date);
    lex_buf_puts(out, RECORD_VERSION "\n");
    put_field(out, "file", b->path);
    put_field(out, "title", it->title ? it->title : b->title);
    put_int(out, "issue", (long)b->year * 100 + b->month);
    put_int(out, "item", it->number);
    put_int(out, "footnote", it->footnote);
    put_int(out, "line", (long)it->line);
    if (it->message > 0)
        put_int(out, "message", it->message);
    put_field(out, "msgid", it->message_id);
    if (it->page) /* PDFs only, so older records read the same */
        put_int(out, "page", (long)it->page);
    put_field(out, "date", date);
    put_int(out, "approx", it->date.approximate);
    put_field(out, "section", it->section);
    put_field(out, "headline", it->headline);
    put_field(out, "body", it->body);
    for (size_t i = 0; i < it->n_urls; i++)
        put_field(out, "url", it->urls[i]);
    for (size_t i = 0; i < it->n_agencies; i++)
        put_field(out, "agency", it->agencies[i]);
    for (size_t i = 0; i < it->n_laws; i++)
        put_field(out, "law", it->laws[i]);
}

/* Copies n bytes of an escaped value into a new string, unescaping. */
static char *
unescape(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            i++;
            out[o++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

/* Reads the record's "YYYY[-MM[-DD]]" into d; "" or a bad date is 0-0-0. */
static void
parse_date(const char *s, lex_date_t *d)
{
    if (!lex_iso_date_parse(s, &d->year, &d->month, &d->day))
        d->year = d->month = d->day = 0;
}

/* Stores one decoded field into the bulletin or its item. */
static lex_status_t
set_field(lex_bulletin_t *b, lex_item_t *it, const char *key, char *value)
{
    char **slot = NULL;
    if (!strcmp(key, "file"))
        slot = &b->path;
    else if (!strcmp(key, "title"))
        slot = &b->title;
    else if (!strcmp(key, "section"))
        slot = &it->section;
    else if (!strcmp(key, "headline"))
        slot = &it->headline;
    else if (!strcmp(key, "body"))
        slot = &it->body;
    else if (!strcmp(key, "msgid"))
        slot = &it->message_id;
    if (slot) {
        free(*slot);
        *slot = value;
        return LEX_OK;
    }
    lex_status_t st = LEX_OK;
    if (!strcmp(key, "url")) {
        if (!lex_item_add_url(it, value))
            st = LEX_ENOMEM;
    } else if (!strcmp(key, "agency")) {
        if (!lex_item_add_id(&it->agencies, &it->n_agencies, value))
            st = LEX_ENOMEM;
    } else if (!strcmp(key, "law")) {
        if (!lex_item_add_id(&it->laws, &it->n_laws, value))
            st = LEX_ENOMEM;
    } else if (!strcmp(key, "issue")) {
        long v = atol(value);
        b->year = (int)(v / 100);
        b->month = (int)(v % 100);
    } else if (!strcmp(key, "item")) {
        it->number = atoi(value);
    } else if (!strcmp(key, "footnote")) {
        it->footnote = atoi(value);
    } else if (!strcmp(key, "message")) {
        it->message = atoi(value);
    } else if (!strcmp(key, "line")) {
        it->line = (unsigned)strtoul(value, NULL, 10);
    } else if (!strcmp(key, "page")) {
        it->page = (unsigned)strtoul(value, NULL, 10);
    } else if (!strcmp(key, "date")) {
        parse_date(value, &it->date);
    } else if (!strcmp(key, "approx")) {
        it->date.approximate = atoi(value) != 0;
    }
    /* Unknown keys come from newer writers; skipping them is safe. */
    free(value);
    return st;
}

/* Decodes a record into a one-item bulletin. */
lex_status_t
lex_record_decode(const char *data, size_t len, lex_bulletin_t **out,
                  lex_err_t *err)
{
    *out = NULL;
    size_t vlen = strlen(RECORD_VERSION);
    if (len <= vlen || memcmp(data, RECORD_VERSION "\n", vlen + 1) != 0)
        return lex_err_set(err, LEX_EPARSE,
                           "stored record has an unknown version");
    lex_bulletin_t *b = lex_bulletin_new("");
    lex_item_t *it = b ? lex_bulletin_add_item(b) : NULL;
    if (!it) {
        lex_bulletin_free(b);
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    }
    const char *p = data + vlen + 1, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        size_t line_len = (size_t)(eol - p), pos = 0, key_len;
        const char *key_at;
        lex_tsv_next(p, line_len, &pos, &key_at, &key_len);
        if (pos <= line_len && key_len < 16) { /* a TAB ends the key */
            char key[16];
            memcpy(key, key_at, key_len);
            key[key_len] = '\0';
            char *value = unescape(p + pos, line_len - pos);
            if (!value || set_field(b, it, key, value) != LEX_OK) {
                lex_bulletin_free(b);
                return lex_err_set(err, LEX_ENOMEM, "out of memory");
            }
        }
        p = eol + 1;
    }
    *out = b;
    return LEX_OK;
}
