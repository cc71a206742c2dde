/*
 * sprinter.h - a structured JSON emitter.
 *
 * Every JSON writer of lexsearch (lexsearch --format json/ndjson,
 * lexindex --dump) says what it writes: open an object, a key, a value,
 * close the object.  The emitter places the braces, brackets, commas and
 * colons, and escapes strings through lex_json_string, so no caller
 * writes punctuation by hand.  It keeps the nesting on a small stack and
 * refuses a call that would make invalid JSON (a value where a key is
 * due, a key in an array, closing an object as an array...): the call
 * writes nothing and returns false, and so does every call after it
 * (lex_sp_ok tells).  Modelled on notmuch's sprinter.
 *
 * Several documents may follow each other on one stream, one a line
 * (NDJSON): after a top-level value, lex_sp_newline ends the line and
 * lets the next document start.
 */
#ifndef LEX_SPRINTER_H
#define LEX_SPRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* How deep objects and arrays may nest (lexsearch needs four). */
#define LEX_SP_MAX_DEPTH 16

/* One open object or array. */
typedef struct {
    bool is_map; /* an object, else an array */
    size_t n;    /* members or elements written so far */
} lex_sp_level_t;

/* A JSON emitter writing to out; set up with lex_sp_init. */
typedef struct {
    FILE *out;
    unsigned depth; /* open objects and arrays */
    bool key_done;  /* in an object: a key is written, its value due */
    bool top_done;  /* a top-level value is written, a newline due */
    bool misused;   /* a call was refused: every later call is too */
    lex_sp_level_t levels[LEX_SP_MAX_DEPTH];
} lex_sprinter_t;

/* Starts an emitter on out, with nothing written yet. */
void lex_sp_init(lex_sprinter_t *sp, FILE *out);

/* Opens an object (a value: after a key, in an array or at the top). */
bool lex_sp_begin_map(lex_sprinter_t *sp);

/* Closes the innermost object; refused while a key awaits its value. */
bool lex_sp_end_map(lex_sprinter_t *sp);

/* Opens an array. */
bool lex_sp_begin_list(lex_sprinter_t *sp);

/* Closes the innermost array. */
bool lex_sp_end_list(lex_sprinter_t *sp);

/* Writes a member's key; only in an object, where a key is due. */
bool lex_sp_key(lex_sprinter_t *sp, const char *key);

/* Writes a string, escaped, or null when s is NULL. */
bool lex_sp_string(lex_sprinter_t *sp, const char *s);

/* Writes a whole number. */
bool lex_sp_int(lex_sprinter_t *sp, long value);

/* Writes a whole number that has no sign. */
bool lex_sp_uint(lex_sprinter_t *sp, unsigned long value);

/* Writes a real number with six significant digits (null if not finite). */
bool lex_sp_real(lex_sprinter_t *sp, double value);

/* Writes true or false. */
bool lex_sp_bool(lex_sprinter_t *sp, bool value);

/* Writes null. */
bool lex_sp_null(lex_sprinter_t *sp);

/* Writes an array of n strings (each null when NULL). */
bool lex_sp_strings(lex_sprinter_t *sp, char *const *values, size_t n);

/* Members in one call: the key, then the value as above. */
bool lex_sp_member_string(lex_sprinter_t *sp, const char *key,
                          const char *value);
bool lex_sp_member_int(lex_sprinter_t *sp, const char *key, long value);
/* "key":value, or "key":null when has_value is false (a footnote number
   0 means "no footnote", not footnote zero). */
bool lex_sp_member_int_or_null(lex_sprinter_t *sp, const char *key,
                               bool has_value, long value);
bool lex_sp_member_strings(lex_sprinter_t *sp, const char *key,
                           char *const *values, size_t n);

/* Ends a line after a complete top-level value (NDJSON, or the last
   line of a document). */
bool lex_sp_newline(lex_sprinter_t *sp);

/* True when no call has been refused so far. */
bool lex_sp_ok(const lex_sprinter_t *sp);

#endif
