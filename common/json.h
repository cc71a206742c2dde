/*
 * json.h - writing JSON strings.
 *
 * Enough JSON for lexsearch's machine output: strings escaped per
 * RFC 8259 (control characters as \u00XX, invalid UTF-8 replaced by
 * U+FFFD so the output always parses), and a flat object writer that
 * places the braces, commas and colons, so a caller only names members.
 */
#ifndef LEX_JSON_H
#define LEX_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes n bytes of s as a quoted JSON string. */
void lex_json_string_n(FILE *f, const char *s, size_t n);

/* Writes s as a quoted JSON string, or null when s is NULL. */
void lex_json_string(FILE *f, const char *s);

/* A JSON object being written to f: n is the count of members so far. */
typedef struct {
    FILE *f;
    size_t n;
} lex_json_object_t;

/* Opens an object on f. */
void lex_json_begin(lex_json_object_t *o, FILE *f);

/* Writes "key":"value" (null when value is NULL). */
void lex_json_member_string(lex_json_object_t *o, const char *key,
                            const char *value);

/* Writes "key":value for a whole number. */
void lex_json_member_int(lex_json_object_t *o, const char *key, long value);

/* Writes "key":value, or "key":null when has_value is false. */
void lex_json_member_int_or_null(lex_json_object_t *o, const char *key,
                                 bool has_value, long value);

/* Writes "key":true or "key":false. */
void lex_json_member_bool(lex_json_object_t *o, const char *key, bool value);

/* Writes "key":["v0","v1",...] for n strings. */
void lex_json_member_strings(lex_json_object_t *o, const char *key,
                             char *const *values, size_t n);

/* Closes the object. */
void lex_json_end(lex_json_object_t *o);

#endif
