/*
 * json.h - writing JSON strings.
 *
 * Enough JSON for lexsearch's machine output: strings escaped per
 * RFC 8259 (control characters as \u00XX, invalid UTF-8 replaced by
 * U+FFFD so the output always parses).  Objects and arrays are written
 * through the structured emitter, sprinter.h.
 */
#ifndef LEX_JSON_H
#define LEX_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Writes n bytes of s as a quoted JSON string. */
void lex_json_string_n(FILE *f, const char *s, size_t n);

/* Writes s as a quoted JSON string, or null when s is NULL. */
void lex_json_string(FILE *f, const char *s);

#endif
