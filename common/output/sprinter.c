/*
 * sprinter.c - the structured JSON emitter (see sprinter.h).
 *
 * Each writer first asks whether its kind of call is allowed here
 * (value_due, or the checks in lex_sp_key and end), which also writes
 * the comma that goes before it; only then does it write its own token.
 * A refused call marks the emitter misused, so one check at the end
 * finds any misuse.
 */
#include "sprinter.h"

#include <math.h>

#include "json.h"

/* Starts with no open container and no value written. */
void
lex_sp_init(lex_sprinter_t *sp, FILE *out)
{
    *sp = (lex_sprinter_t){.out = out};
}

/* Marks the emitter misused; returns false for the caller to return. */
static bool
refuse(lex_sprinter_t *sp)
{
    sp->misused = true;
    return false;
}

/* The innermost open container (depth > 0). */
static lex_sp_level_t *
top(lex_sprinter_t *sp)
{
    return &sp->levels[sp->depth - 1];
}

/*
 * Checks that a value may stand here (after a key, in an array, or at the
 * top level before any other value) and writes the comma an array needs
 * between elements.
 */
static bool
value_due(lex_sprinter_t *sp)
{
    if (sp->misused)
        return false;
    if (sp->depth == 0) {
        if (sp->top_done)
            return refuse(sp);
        sp->top_done = true;
        return true;
    }
    lex_sp_level_t *l = top(sp);
    if (l->is_map) {
        if (!sp->key_done)
            return refuse(sp);
        sp->key_done = false;
        return true;
    }
    if (l->n++)
        fputc(',', sp->out);
    return true;
}

/* Closes the innermost container, refused unless it is of the kind
   being closed and no key awaits its value. */
static bool
end(lex_sprinter_t *sp, bool is_map)
{
    if (sp->misused)
        return false;
    if (sp->depth == 0 || top(sp)->is_map != is_map || sp->key_done)
        return refuse(sp);
    sp->depth--;
    fputc(is_map ? '}' : ']', sp->out);
    return true;
}

/* Opens an object or array as a value. */
static bool
begin(lex_sprinter_t *sp, bool is_map)
{
    if (sp->depth == LEX_SP_MAX_DEPTH && !sp->misused)
        return refuse(sp);
    if (!value_due(sp))
        return false;
    sp->levels[sp->depth++] = (lex_sp_level_t){is_map, 0};
    fputc(is_map ? '{' : '[', sp->out);
    return true;
}

/* An object: members follow as key, value. */
bool
lex_sp_begin_map(lex_sprinter_t *sp)
{
    return begin(sp, true);
}

/* Closes the object. */
bool
lex_sp_end_map(lex_sprinter_t *sp)
{
    return end(sp, true);
}

/* An array: values follow. */
bool
lex_sp_begin_list(lex_sprinter_t *sp)
{
    return begin(sp, false);
}

/* Closes the array. */
bool
lex_sp_end_list(lex_sprinter_t *sp)
{
    return end(sp, false);
}

/* The key, with the comma before every member but the first. */
bool
lex_sp_key(lex_sprinter_t *sp, const char *key)
{
    if (sp->misused)
        return false;
    if (sp->depth == 0 || !top(sp)->is_map || sp->key_done || !key)
        return refuse(sp);
    if (top(sp)->n++)
        fputc(',', sp->out);
    lex_json_string(sp->out, key);
    fputc(':', sp->out);
    sp->key_done = true;
    return true;
}

/* Escaped by json.c, the one JSON string escaper. */
bool
lex_sp_string(lex_sprinter_t *sp, const char *s)
{
    if (!value_due(sp))
        return false;
    lex_json_string(sp->out, s);
    return true;
}

/* Decimal, with a minus sign when negative. */
bool
lex_sp_int(lex_sprinter_t *sp, long value)
{
    if (!value_due(sp))
        return false;
    fprintf(sp->out, "%ld", value);
    return true;
}

/* Decimal. */
bool
lex_sp_uint(lex_sprinter_t *sp, unsigned long value)
{
    if (!value_due(sp))
        return false;
    fprintf(sp->out, "%lu", value);
    return true;
}

/* %.6g, as scores have always been written; JSON has no NaN nor
   infinity, so those are null. */
bool
lex_sp_real(lex_sprinter_t *sp, double value)
{
    if (!isfinite(value))
        return lex_sp_null(sp);
    if (!value_due(sp))
        return false;
    fprintf(sp->out, "%.6g", value);
    return true;
}

/* The literal true or false. */
bool
lex_sp_bool(lex_sprinter_t *sp, bool value)
{
    if (!value_due(sp))
        return false;
    fputs(value ? "true" : "false", sp->out);
    return true;
}

/* The literal null. */
bool
lex_sp_null(lex_sprinter_t *sp)
{
    if (!value_due(sp))
        return false;
    fputs("null", sp->out);
    return true;
}

/* An array holding the strings, in order. */
bool
lex_sp_strings(lex_sprinter_t *sp, char *const *values, size_t n)
{
    if (!lex_sp_begin_list(sp))
        return false;
    for (size_t i = 0; i < n; i++)
        lex_sp_string(sp, values[i]);
    return lex_sp_end_list(sp);
}

/* "key":"value", or "key":null when value is NULL. */
bool
lex_sp_member_string(lex_sprinter_t *sp, const char *key, const char *value)
{
    return lex_sp_key(sp, key) && lex_sp_string(sp, value);
}

/* "key":value. */
bool
lex_sp_member_int(lex_sprinter_t *sp, const char *key, long value)
{
    return lex_sp_key(sp, key) && lex_sp_int(sp, value);
}

/* "key":value or "key":null. */
bool
lex_sp_member_int_or_null(lex_sprinter_t *sp, const char *key, bool has_value,
                          long value)
{
    if (!lex_sp_key(sp, key))
        return false;
    return has_value ? lex_sp_int(sp, value) : lex_sp_null(sp);
}

/* "key":["v0",...]. */
bool
lex_sp_member_strings(lex_sprinter_t *sp, const char *key, char *const *values,
                      size_t n)
{
    return lex_sp_key(sp, key) && lex_sp_strings(sp, values, n);
}

/* Only between top-level values: a newline inside a document or before
   any value would break NDJSON's one document a line. */
bool
lex_sp_newline(lex_sprinter_t *sp)
{
    if (sp->misused)
        return false;
    if (sp->depth != 0 || !sp->top_done)
        return refuse(sp);
    fputc('\n', sp->out);
    sp->top_done = false;
    return true;
}

/* Misuse is sticky, so this is the one check a writer needs. */
bool
lex_sp_ok(const lex_sprinter_t *sp)
{
    return !sp->misused;
}
