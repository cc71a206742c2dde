/*
 * sanitize.c - printing untrusted text without control characters.
 */
#include "sanitize.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned int cp;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    static const unsigned int min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    /* C1 controls (U+0080..U+009F) can act as escape introducers. */
    if (cp >= 0x80 && cp <= 0x9F)
        return 0;
    return len;
}

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
        if (p[i] < 0x20 || p[i] == 0x7F) {
            fputs("\xEF\xBF\xBD", f);
            i++;
            continue;
        }
        size_t len = utf8_seq_len(p + i, n - i);
        if (len == 0) {
            fputs("\xEF\xBF\xBD", f);
            i++;
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
