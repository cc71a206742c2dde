/*
 * mkmail.c - builds newsletter messages from bulletin fixtures, for the
 * mail tests (tests/cli/t37-mail.sh).
 *
 *   mkmail [--subject S] [--date DATE] [--id MESSAGE-ID]
 *          [--charset CS] [--encoding qp|base64|8bit]
 *          [--html FILE] [--text FILE] [--from-line]
 *
 * writes one MIME message on stdout, made with GMime: the HTML file as a
 * text/html part, the text file as text/plain, both as a
 * multipart/alternative (plain first, as mail clients do).  The files
 * are UTF-8; --charset converts the parts to CS (and declares it), and
 * --encoding picks the transfer encoding.  --from-line writes the mbox
 * "From " separator first and quotes body lines that open with "From ",
 * so that messages can be concatenated into an mbox file.
 */
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

typedef struct {
    const char *subject, *date, *id, *charset, *encoding, *html, *text;
    bool from_line;
} options_t;

/* Reads a whole file; exits on failure (a test tool). */
static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n < cap)
            continue;
        char *bigger = realloc(buf, cap *= 2);
        if (!bigger)
            exit(1);
        buf = bigger;
    }
    fclose(f);
    if (!buf)
        exit(1);
    *len = n;
    return buf;
}

/* Converts UTF-8 text to charset cs; exits when it cannot. */
static char *
convert(const char *cs, char *in, size_t *len)
{
    iconv_t cd = iconv_open(cs, "UTF-8");
    if (cd == (iconv_t)-1) {
        fprintf(stderr, "mkmail: unknown charset %s\n", cs);
        exit(1);
    }
    size_t cap = *len * 4 + 16, left = *len, room = cap;
    char *out = malloc(cap), *o = out, *i = in;
    if (!out || iconv(cd, &i, &left, &o, &room) == (size_t)-1) {
        fprintf(stderr, "mkmail: text not representable in %s\n", cs);
        exit(1);
    }
    iconv_close(cd);
    *len = (size_t)(o - out);
    free(in);
    return out;
}

/* The transfer encoding named on the command line. */
static GMimeContentEncoding
encoding_of(const char *name)
{
    if (!name || !strcmp(name, "8bit"))
        return GMIME_CONTENT_ENCODING_8BIT;
    if (!strcmp(name, "qp"))
        return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
    if (!strcmp(name, "base64"))
        return GMIME_CONTENT_ENCODING_BASE64;
    fprintf(stderr, "mkmail: unknown encoding %s\n", name);
    exit(2);
}

/* A text/SUBTYPE part holding the file, converted and encoded. */
static GMimeObject *
text_part(const options_t *o, const char *subtype, const char *path)
{
    size_t len;
    char *data = slurp(path, &len);
    const char *cs = o->charset ? o->charset : "utf-8";
    if (o->charset)
        data = convert(o->charset, data, &len);
    GMimePart *part = GMIME_PART(g_mime_text_part_new_with_subtype(subtype));
    GMimeStream *s = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeDataWrapper *w =
        g_mime_data_wrapper_new_with_stream(s, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(part, w);
    g_object_unref(w);
    g_object_unref(s);
    free(data);
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", cs);
    g_mime_part_set_content_encoding(part, encoding_of(o->encoding));
    return GMIME_OBJECT(part);
}

/* The message's body: one part, or both as multipart/alternative. */
static GMimeObject *
body_of(const options_t *o)
{
    if (!o->html || !o->text)
        return text_part(o, o->html ? "html" : "plain",
                         o->html ? o->html : o->text);
    GMimeMultipart *mp = g_mime_multipart_new_with_subtype("alternative");
    GMimeObject *plain = text_part(o, "plain", o->text);
    GMimeObject *html = text_part(o, "html", o->html);
    g_mime_multipart_add(mp, plain);
    g_mime_multipart_add(mp, html);
    g_object_unref(plain);
    g_object_unref(html);
    return GMIME_OBJECT(mp);
}

/* Builds the message the options describe. */
static GMimeMessage *
build(const options_t *o)
{
    GMimeMessage *msg = g_mime_message_new(TRUE);
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, "Newsletter",
                               "news@example.com");
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, "Reader",
                               "reader@example.com");
    g_mime_message_set_subject(msg, o->subject ? o->subject : "Bulletin",
                               o->charset ? o->charset : "utf-8");
    if (o->date) {
        GDateTime *d = g_mime_utils_header_decode_date(o->date);
        if (d) {
            g_mime_message_set_date(msg, d);
            g_date_time_unref(d);
        }
    }
    if (o->id)
        g_mime_message_set_message_id(msg, o->id);
    GMimeObject *body = body_of(o);
    g_mime_message_set_mime_part(msg, body);
    g_object_unref(body);
    return msg;
}

/* Writes the message, mbox-quoted after a "From " line when asked. */
static void
write_message(GMimeMessage *msg, bool from_line)
{
    GMimeStream *mem = g_mime_stream_mem_new();
    g_mime_object_write_to_stream(GMIME_OBJECT(msg), NULL, mem);
    GByteArray *b = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    if (from_line)
        fputs("From news@example.com Mon Jan  1 00:00:00 2024\n", stdout);
    size_t start = 0;
    for (size_t i = 0; i <= b->len; i++) {
        if (i < b->len && b->data[i] != '\n')
            continue;
        if (from_line && i - start >= 5 && !memcmp(b->data + start, "From ", 5))
            fputc('>', stdout);
        fwrite(b->data + start, 1, i - start, stdout);
        if (i < b->len)
            fputc('\n', stdout);
        start = i + 1;
    }
    if (from_line)
        fputc('\n', stdout);
    g_object_unref(mem);
}

int
main(int argc, char **argv)
{
    options_t o = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "--subject")    ? &o.subject
                            : !strcmp(a, "--date")     ? &o.date
                            : !strcmp(a, "--id")       ? &o.id
                            : !strcmp(a, "--charset")  ? &o.charset
                            : !strcmp(a, "--encoding") ? &o.encoding
                            : !strcmp(a, "--html")     ? &o.html
                            : !strcmp(a, "--text")     ? &o.text
                                                       : NULL;
        if (!strcmp(a, "--from-line"))
            o.from_line = true;
        else if (slot && i + 1 < argc)
            *slot = argv[++i];
        else {
            fprintf(stderr, "mkmail: bad argument %s\n", a);
            return 2;
        }
    }
    if (!o.html && !o.text) {
        fputs("mkmail: --html or --text is needed\n", stderr);
        return 2;
    }
    g_mime_init();
    GMimeMessage *msg = build(&o);
    write_message(msg, o.from_line);
    g_object_unref(msg);
    g_mime_shutdown();
    return 0;
}
