/*
 * charset.c - detection (uchardet) and strict conversion (iconv) of
 * legacy encodings to UTF-8.
 */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uchardet.h>

#include "buf.h"

/* Bytes uchardet looks at: enough to tell GB18030 from Big5. */
#define DETECT_BYTES (256u * 1024u)

/* Drops a leading U+FEFF (EF BB BF) from a converted buffer. */
static void
drop_bom(char *s, size_t *len)
{
    if (*len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        memmove(s, s + 3, *len - 3 + 1);
        *len -= 3;
    }
}

/* Converts with cd into a growing buffer; see lex_charset_to_utf8. */
static lex_status_t
convert(iconv_t cd, const char *data, size_t len, char **out, size_t *out_len,
        size_t *bad)
{
    size_t cap = len * 2 + 16, used = 0;
    char *buf = malloc(cap);
    char *in = (char *)data;
    size_t left = len;
    while (buf) {
        char *o = buf + used;
        size_t room = cap - used - 1;
        size_t r = iconv(cd, left ? &in : NULL, left ? &left : NULL, &o, &room);
        used = (size_t)(o - buf);
        if (r != (size_t)-1 && left == 0) {
            buf[used] = '\0';
            drop_bom(buf, &used);
            *out = buf;
            *out_len = used;
            return LEX_OK;
        }
        if (r == (size_t)-1 && errno != E2BIG) {
            free(buf); /* EILSEQ, or EINVAL: a sequence cut short at the end */
            *bad = (size_t)(in - data);
            return LEX_EENCODING;
        }
        if (r == (size_t)-1) {
            char *bigger = lex_grow(buf, cap, &cap, 1); /* full: doubles */
            if (!bigger)
                break;
            buf = bigger;
        }
    }
    free(buf);
    return LEX_ENOMEM;
}

/* Converts strictly to UTF-8 (see charset.h). */
lex_status_t
lex_charset_to_utf8(const char *from, const char *data, size_t len, char **out,
                    size_t *out_len, size_t *bad)
{
    *out = NULL;
    *out_len = 0;
    *bad = 0;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        *bad = LEX_CHARSET_UNKNOWN;
        return LEX_EENCODING;
    }
    lex_status_t st = convert(cd, data, len, out, out_len, bad);
    iconv_close(cd);
    return st;
}

/* True when iconv converts from name to UTF-8. */
bool
lex_charset_known(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

/* The charset lexindex converts for a name uchardet gave, or NULL. */
static const char *
accepted(const char *name)
{
    static const struct {
        const char *detected, *read_as;
    } table[] = {
        {"GB18030", "GB18030"},   {"GB2312", "GB18030"},
        {"GBK", "GB18030"},       {"BIG5", "BIG5-HKSCS"},
        {"UTF-16LE", "UTF-16LE"}, {"UTF-16BE", "UTF-16BE"},
        {"UTF-16", "UTF-16"},
    };
    for (size_t i = 0; name && i < sizeof table / sizeof table[0]; i++)
        if (!strcasecmp(name, table[i].detected))
            return table[i].read_as;
    return NULL;
}

/* Detects GB18030, Big5 or UTF-16 (see charset.h). */
const char *
lex_charset_detect(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return "UTF-16LE";
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return "UTF-16BE";
    uchardet_t ud = uchardet_new();
    if (!ud)
        return NULL;
    const char *found = NULL;
    if (uchardet_handle_data(ud, data,
                             len < DETECT_BYTES ? len : DETECT_BYTES) == 0) {
        uchardet_data_end(ud);
        found = accepted(uchardet_get_charset(ud));
    }
    uchardet_delete(ud);
    return found;
}
