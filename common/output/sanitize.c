/*
 * sanitize.c - printing untrusted text without control characters.
 */
#include "sanitize.h"

#include <string.h>

#include "utf8.h"

/* Writes text with every control character neutralised. */
void
lex_fput_safe(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] == '\n' || p[i] == '\t' || p[i] == '\r') {
            fputc(' ', f);
            i++;
            continue;
        }
        unsigned cp;
        size_t len = lex_utf8_decode(s + i, n - i, &cp);
        if (len == 0 || lex_utf8_is_control(cp)) {
            fputs("\xEF\xBF\xBD", f);
            i += len ? len : 1;
            continue;
        }
        fwrite(p + i, 1, len, f);
        i += len;
    }
}

/* Writes a NUL-terminated string safely. */
void
lex_fputs_safe(FILE *f, const char *s)
{
    if (s)
        lex_fput_safe(f, s, strlen(s));
}

/* Writes each line safely, keeping the line breaks. */
void
lex_fputs_lines(FILE *f, const char *s)
{
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        lex_fput_safe(f, s, n);
        if (nl)
            fputc('\n', f);
        s += n + (nl ? 1 : 0);
    }
}
