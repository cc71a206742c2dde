/*
 * buf.c - growable byte buffer with sticky allocation failure.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for n more bytes plus the terminator; false on failure. */
static bool
buf_reserve(lex_buf_t *b, size_t n)
{
    if (b->failed)
        return false;
    if (n > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

/* Appends n bytes of s. */
void
lex_buf_append(lex_buf_t *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Appends a NUL-terminated string. */
void
lex_buf_puts(lex_buf_t *b, const char *s)
{
    lex_buf_append(b, s, strlen(s));
}

/* Appends one byte. */
void
lex_buf_putc(lex_buf_t *b, char c)
{
    lex_buf_append(b, &c, 1);
}

/* Appends printf-formatted text. */
void
lex_buf_printf(lex_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Empties the buffer but keeps its storage (and clears a failure). */
void
lex_buf_reset(lex_buf_t *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

/* Drops the bytes after the first len, keeping the buffer's storage
   and its failure state: a writer takes back what it just wrote. */
void
lex_buf_truncate(lex_buf_t *b, size_t len)
{
    if (len >= b->len)
        return;
    b->len = len;
    b->data[len] = '\0';
}

/* True once any append has failed for lack of memory. */
bool
lex_buf_failed(const lex_buf_t *b)
{
    return b->failed;
}

/* The contents as a C string; "" for an untouched buffer. */
const char *
lex_buf_str(const lex_buf_t *b)
{
    return b->data ? b->data : "";
}

/* Transfers ownership of the string to the caller. */
char *
lex_buf_steal(lex_buf_t *b)
{
    char *s = NULL;
    if (!b->failed) {
        s = b->data ? b->data : strdup("");
        b->data = NULL; /* the caller's now, not lex_buf_free's */
    }
    lex_buf_free(b);
    return s;
}

/* Releases the storage and leaves b as LEX_BUF_INIT, ready for reuse. */
void
lex_buf_free(lex_buf_t *b)
{
    free(b->data);
    *b = (lex_buf_t)LEX_BUF_INIT;
}

/* Doubles the capacity; checks that c * size cannot overflow. */
void *
lex_grow(void *p, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 16;
    if (c < *cap || (size && c > SIZE_MAX / size))
        return NULL;
    void *q = realloc(p, c * size);
    if (q)
        *cap = c;
    return q;
}

/* Copies n bytes and terminates them. */
char *
lex_memdup_str(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Grows the list by one slot and fills it with a copy of s. */
bool
lex_strings_add(char ***list, size_t *n, const char *s, size_t len)
{
    char **more = realloc(*list, (*n + 1) * sizeof *more);
    if (!more)
        return false;
    *list = more;
    if (!(more[*n] = strndup(s, len)))
        return false;
    (*n)++;
    return true;
}

/* Frees a list lex_strings_add built, strings first. */
void
lex_strings_free(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}
