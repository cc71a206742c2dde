/*
 * utf8.c - decoding and validating UTF-8, and the parsers' check that
 * their input is UTF-8 text.
 */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* Decodes one sequence; 0 when it is malformed, overlong or a surrogate. */
size_t
lex_utf8_decode(const char *s, size_t n, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    static const unsigned min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len;
    unsigned c;

    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0) {
        len = 2;
        c = p[0] & 0x1Fu;
    } else if ((p[0] & 0xF0) == 0xE0) {
        len = 3;
        c = p[0] & 0x0Fu;
    } else if ((p[0] & 0xF8) == 0xF0) {
        len = 4;
        c = p[0] & 0x07u;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    if (c < min_cp[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t
lex_utf8_next(const char *s, size_t n, size_t i)
{
    unsigned cp;
    size_t len = lex_utf8_decode(s + i, n - i, &cp);
    return i + (len ? len : 1);
}

/* True for a well-formed three-byte sequence at p (lex_utf8_decode's
   rules: no overlong form, no surrogate), without decoding it. */
static bool
three_byte_ok(const unsigned char *p)
{
    if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
        return false;
    unsigned c = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    return c >= 0x800 && (c < 0xD800 || c > 0xDFFF);
}

/* Scans the whole buffer, reporting where the first bad byte is. */
bool
lex_utf8_valid(const char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        uint64_t eight;
        if (n - i >= 8) { /* eight ASCII bytes at once: most of any text */
            memcpy(&eight, s + i, 8);
            if (!(eight & UINT64_C(0x8080808080808080))) {
                i += 8;
                continue;
            }
        }
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (n - i >= 3 && three_byte_ok((const unsigned char *)s + i)) {
            i += 3; /* CJK text is made of these */
            continue;
        }
        size_t len = lex_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            if (bad)
                *bad = i;
            return false;
        }
        i += len;
    }
    return true;
}

/* The characters that can move the cursor, recolour or reorder text. */
bool
lex_utf8_is_control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* A NUL byte first (binary data), then any byte that is not UTF-8. */
lex_status_t
lex_utf8_check_input(const char *path, const char *data, size_t len,
                     const char *advice, lex_err_t *err)
{
    size_t bad;
    const char *nul = memchr(data, '\0', len);
    if (nul)
        return lex_err_set(err, LEX_EENCODING,
                           "%s:%u: NUL byte at offset %zu; this looks like a "
                           "binary file, not a bulletin",
                           path, lex_line_at(data, (size_t)(nul - data)),
                           (size_t)(nul - data));
    if (!lex_utf8_valid(data, len, &bad))
        return lex_err_set(err, LEX_EENCODING,
                           "%s:%u: invalid UTF-8 (byte offset %zu); convert "
                           "the file to UTF-8%s",
                           path, lex_line_at(data, bad), bad, advice);
    return LEX_OK;
}

/* FF FE (little-endian) or FE FF (big-endian). */
bool
lex_utf16_bom(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    return len >= 2 &&
           ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
}

/* Counts the newlines before off. */
unsigned
lex_line_at(const char *data, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}
