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

/*
 * Decodes the UTF-8 sequence at s (at most n bytes, n > 0).  Returns its
 * length and stores the code point in *cp, or returns 0 when the bytes
 * are not a valid, shortest-form sequence of a Unicode scalar value.
 */
size_t lex_utf8_decode(const char *s, size_t n, unsigned *cp);

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

#endif
