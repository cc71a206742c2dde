/*
 * utf8.h - the one UTF-8 decoder in the project.
 *
 * Bulletin files are untrusted bytes.  Parsers validate them with these
 * functions before anything else looks at the text, and both the parsers
 * (when cleaning text for the index) and the printers (as a last line of
 * defence before the terminal) use the same notion of what a control
 * character is.
 */
#ifndef LEX_UTF8_H
#define LEX_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/*
 * Decodes the UTF-8 sequence at s (at most n bytes, n > 0).  Returns its
 * length and stores the code point in *cp, or returns 0 when the bytes
 * are not a valid, shortest-form sequence of a Unicode scalar value.
 */
size_t lex_utf8_decode(const char *s, size_t n, unsigned *cp);

/*
 * The byte after the character at byte i of s (n bytes, i < n): the end
 * of its sequence, or i + 1 when the byte at i begins none, so that a
 * walk over text that is not UTF-8 counts each bad byte as a character
 * and always moves on.
 */
size_t lex_utf8_next(const char *s, size_t n, size_t i);

/*
 * True when all n bytes are valid UTF-8.  Otherwise stores the offset of
 * the first bad byte in *bad (when bad is not NULL).
 */
bool lex_utf8_valid(const char *s, size_t n, size_t *bad);

/*
 * True for code points that must never reach the index or a terminal:
 * C0 and C1 controls, DEL, the line/paragraph separators and the
 * bidirectional overrides and isolates that can disguise text.
 */
bool lex_utf8_is_control(unsigned cp);

/*
 * The input-byte check every parser of text read as UTF-8 makes first:
 * LEX_OK, or LEX_EENCODING with one of
 *   "path:LINE: NUL byte at offset N; this looks like a binary file, not
 *    a bulletin"
 *   "path:LINE: invalid UTF-8 (byte offset N); convert the file to
 *    UTF-8ADVICE"
 * where ADVICE is appended as given ("" for none).
 */
lex_status_t lex_utf8_check_input(const char *path, const char *data,
                                  size_t len, const char *advice,
                                  lex_err_t *err);

/* True when data opens with a UTF-16 byte order mark (either order). */
bool lex_utf16_bom(const char *data, size_t len);

/* The 1-based line of byte offset off of data. */
unsigned lex_line_at(const char *data, size_t off);

#endif
