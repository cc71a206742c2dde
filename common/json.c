/*
 * json.c - JSON string output.
 */
#include "json.h"

#include <string.h>

#include "utf8.h"

/* Writes a quoted, escaped JSON string. */
void
lex_json_string_n(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', f);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c == '\t') {
            fputs("\\t", f);
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(f, "\\u%04x", c);
        } else if (c >= 0x80) {
            unsigned cp;
            size_t len = lex_utf8_decode(s + i, n - i, &cp);
            if (len == 0) {
                fputs("\\ufffd", f);
                i++;
            } else {
                fwrite(p + i, 1, len, f);
                i += len;
            }
            continue;
        } else {
            fputc(c, f);
        }
        i++;
    }
    fputc('"', f);
}

/* Writes s as a JSON string or null. */
void
lex_json_string(FILE *f, const char *s)
{
    if (!s)
        fputs("null", f);
    else
        lex_json_string_n(f, s, strlen(s));
}

/* Opens an object: nothing written in it yet. */
void
lex_json_begin(lex_json_object_t *o, FILE *f)
{
    o->f = f;
    o->n = 0;
    fputc('{', f);
}

/* Writes the separator before a member (none before the first) and its
   key, so every member writer below only adds the value. */
static void
member_key(lex_json_object_t *o, const char *key)
{
    if (o->n++)
        fputc(',', o->f);
    lex_json_string(o->f, key);
    fputc(':', o->f);
}

/* Writes a string member, null when the value is missing. */
void
lex_json_member_string(lex_json_object_t *o, const char *key, const char *value)
{
    member_key(o, key);
    lex_json_string(o->f, value);
}

/* Writes a number member. */
void
lex_json_member_int(lex_json_object_t *o, const char *key, long value)
{
    member_key(o, key);
    fprintf(o->f, "%ld", value);
}

/* Writes a number member, or null for a value the caller does not have
   (a footnote number 0 means "no footnote", not footnote zero). */
void
lex_json_member_int_or_null(lex_json_object_t *o, const char *key,
                            bool has_value, long value)
{
    if (has_value) {
        lex_json_member_int(o, key, value);
        return;
    }
    member_key(o, key);
    fputs("null", o->f);
}

/* Writes a boolean member. */
void
lex_json_member_bool(lex_json_object_t *o, const char *key, bool value)
{
    member_key(o, key);
    fputs(value ? "true" : "false", o->f);
}

/* Writes an array of strings as a member. */
void
lex_json_member_strings(lex_json_object_t *o, const char *key,
                        char *const *values, size_t n)
{
    member_key(o, key);
    fputc('[', o->f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', o->f);
        lex_json_string(o->f, values[i]);
    }
    fputc(']', o->f);
}

/* Closes the object. */
void
lex_json_end(lex_json_object_t *o)
{
    fputc('}', o->f);
}
