/*
 * sanitize.c - printing untrusted text without control characters.
 */
#include "sanitize.h"

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

/* The length of the character at s (n bytes left) when it may be
   printed as it is, else 0 and its length (at least 1) in *skip: a
   line break or tab (a space then), a control character, a bidi
   override or a byte that is not UTF-8 (U+FFFD then). */
static size_t
printable_at(const char *s, size_t n, size_t *skip)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 0x20 && c < 0x7F)
        return 1;
    unsigned cp;
    size_t len = lex_utf8_decode(s, n, &cp);
    if (len && !lex_utf8_is_control(cp))
        return len;
    *skip = len ? len : 1;
    return 0;
}

/*
 * Writes text with every control character neutralised: line breaks and
 * tabs become spaces, other controls and bytes that are not UTF-8 become
 * U+FFFD.  The printable runs between them go out in one fwrite each, not
 * a character at a time (a page of hits is some 5,000 characters).
 */
void
lex_fput_safe(FILE *f, const char *s, size_t n)
{
    size_t run = 0, i = 0, skip = 1;
    while (i < n) {
        size_t len = printable_at(s + i, n - i, &skip);
        if (len) {
            i += len;
            continue;
        }
        fwrite(s + run, 1, i - run, f);
        bool space = s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
        fputs(space ? " " : "\xEF\xBF\xBD", f);
        i += skip;
        run = i;
    }
    fwrite(s + run, 1, n - run, f);
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
