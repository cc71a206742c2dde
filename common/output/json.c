/*
 * json.c - JSON string output: the one escaper, which the structured
 * emitter (sprinter.c) writes every key and string through.
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
