/*
 * sanitize.h - keeping bulletin text from driving the terminal.
 *
 * Parsers already remove control characters from bulletin text; printers
 * pass everything through these functions as well, so that a damaged
 * index or a future parser bug still cannot put an escape sequence on a
 * user's terminal.
 */
#ifndef LEX_SANITIZE_H
#define LEX_SANITIZE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes n bytes of s to f, replacing C0/C1 control characters, DEL and
 * bytes that are not valid UTF-8 with U+FFFD or a space (newlines and
 * tabs become spaces).
 */
void lex_fput_safe(FILE *f, const char *s, size_t n);

/* lex_fputs_safe, but newlines are kept: for multi-line reports. */
void lex_fputs_lines(FILE *f, const char *s);

/* lex_fput_safe for a NUL-terminated string; NULL prints nothing. */
void lex_fputs_safe(FILE *f, const char *s);

#endif
