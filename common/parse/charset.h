/*
 * charset.h - turning text in the encodings Chinese sources use into
 * UTF-8.
 *
 * Every parser reads UTF-8.  Plain text that is not valid UTF-8 is
 * detected (uchardet) as GB18030, Big5 or UTF-16, or read in the charset
 * the user names (lexindex --encoding), and converted with iconv; mail
 * parts are converted from their MIME charset.  Conversion is strict: a
 * byte that is not valid in the charset stops it, so text is never
 * indexed as mojibake.
 */
#ifndef LEX_CHARSET_H
#define LEX_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* *bad when the charset itself is unknown to iconv. */
#define LEX_CHARSET_UNKNOWN ((size_t)-1)

/*
 * Converts len bytes in charset from into a new NUL-terminated UTF-8
 * buffer (*out, *out_len bytes before the NUL; a leading byte order
 * mark is dropped).  LEX_EENCODING when a byte is not valid in the
 * charset (its offset in *bad) or when iconv does not know the charset
 * (*bad is LEX_CHARSET_UNKNOWN); LEX_ENOMEM.
 */
lex_status_t lex_charset_to_utf8(const char *from, const char *data, size_t len,
                                 char **out, size_t *out_len, size_t *bad);

/* True when iconv can convert from the named charset to UTF-8. */
bool lex_charset_known(const char *name);

/*
 * The charset plain text that is not UTF-8 is in, among those lexindex
 * converts: "UTF-16LE" or "UTF-16BE" (byte order mark), else what
 * uchardet detects when it is GB18030 (or its subsets GB2312 and GBK,
 * read as GB18030), Big5 or UTF-16; NULL for anything else, which is
 * then rejected as invalid UTF-8.
 */
const char *lex_charset_detect(const char *data, size_t len);

#endif
