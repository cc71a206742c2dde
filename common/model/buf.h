/*
 * buf.h - a growable, always NUL-terminated byte buffer.
 *
 * Used wherever text is assembled piece by piece: parsers building item
 * bodies, the record encoder, printers.  Allocation failure is sticky:
 * after the first failed append every later call is a no-op and
 * lex_buf_failed() reports it, so a sequence of appends needs one check.
 * Beside it, the allocation helpers everything else uses: lex_grow for
 * an array with a capacity, lex_strings_add for a list of strings and
 * lex_memdup_str for a counted span as a C string.
 */
#ifndef LEX_BUF_H
#define LEX_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
    bool failed;
} lex_buf_t;

#define LEX_BUF_INIT                                                           \
    {                                                                          \
        NULL, 0, 0, false                                                      \
    }

void lex_buf_append(lex_buf_t *b, const char *s, size_t n);
void lex_buf_puts(lex_buf_t *b, const char *s);
void lex_buf_putc(lex_buf_t *b, char c);
void lex_buf_printf(lex_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void lex_buf_reset(lex_buf_t *b);
/* Shortens b to its first len bytes (len at most its length). */
void lex_buf_truncate(lex_buf_t *b, size_t len);
bool lex_buf_failed(const lex_buf_t *b);
/* Returns the contents ("" when empty); valid until the next append. */
const char *lex_buf_str(const lex_buf_t *b);
/* Hands the heap string to the caller (NULL on failure) and resets b. */
char *lex_buf_steal(lex_buf_t *b);
void lex_buf_free(lex_buf_t *b);

/*
 * Makes room for one more element in the array p of n elements, each of
 * size bytes, with capacity *cap, doubling the capacity (16 at first) when
 * full.  Returns the array, perhaps moved, and updates *cap; returns NULL
 * on overflow or failure, leaving p and *cap as they were.  The one copy
 * of the realloc-doubling pattern:
 *     T *more = lex_grow(a, n, &cap, sizeof *a);
 *     if (!more) return no_memory;
 *     a = more; a[n++] = x;
 */
void *lex_grow(void *p, size_t n, size_t *cap, size_t size);

/*
 * A heap copy of the n bytes at s with a NUL after them (a NUL among
 * them is copied like any byte, unlike strndup); NULL when out of memory.
 */
char *lex_memdup_str(const char *s, size_t n);

/*
 * Appends a NUL-terminated copy of the len bytes at s to the array
 * *list of *n heap strings, which grows by one (these lists are short:
 * an item's links, agencies, an alias list).  Returns false when out of
 * memory, with *n unchanged and the list still the caller's to free.
 */
bool lex_strings_add(char ***list, size_t *n, const char *s, size_t len);

/* Frees the n strings of list, then list itself (NULL is fine). */
void lex_strings_free(char **list, size_t n);

#endif
