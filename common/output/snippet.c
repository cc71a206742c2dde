/*
 * snippet.c - plain text and highlight spans from a marked-up snippet.
 */
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The HTML entities MSet::snippet() produces, and what they stand for. */
static const struct {
    const char *entity;
    char ch;
} entities[] = {
    {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
    {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''},
};

/* Length of the entity at s (0 if none) and the character it encodes. */
static size_t
match_entity(const char *s, char *ch)
{
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        size_t n = strlen(entities[i].entity);
        if (!strncmp(s, entities[i].entity, n)) {
            *ch = entities[i].ch;
            return n;
        }
    }
    return 0;
}

/* Appends a span, growing the array; false on allocation failure. */
static bool
push_span(lex_span_t **spans, size_t *n, size_t start, size_t length)
{
    lex_span_t *p = realloc(*spans, (*n + 1) * sizeof *p);
    if (!p)
        return false;
    p[*n].start = start;
    p[*n].length = length;
    *spans = p;
    (*n)++;
    return true;
}

/* Unescapes the snippet and records where each highlight lies. */
lex_status_t
lex_snippet_unmark(const char *marked, char **plain, lex_span_t **spans,
                   size_t *n_spans)
{
    lex_buf_t out = LEX_BUF_INIT;
    size_t open_at = 0;
    bool open = false, ok = true;
    *spans = NULL;
    *n_spans = 0;
    lex_buf_puts(&out, "");
    for (const char *p = marked; *p && ok; p++) {
        char ch;
        size_t n;
        if (*p == LEX_HI_START[0]) {
            open = true;
            open_at = out.len;
        } else if (*p == LEX_HI_END[0]) {
            if (open && out.len > open_at)
                ok = push_span(spans, n_spans, open_at, out.len - open_at);
            open = false;
        } else if (*p == '&' && (n = match_entity(p, &ch)) > 0) {
            lex_buf_putc(&out, ch);
            p += n - 1;
        } else {
            lex_buf_putc(&out, *p);
        }
    }
    if (!ok || lex_buf_failed(&out)) {
        lex_buf_free(&out);
        free(*spans);
        *spans = NULL;
        *n_spans = 0;
        return LEX_ENOMEM;
    }
    *plain = lex_buf_steal(&out);
    return *plain ? LEX_OK : LEX_ENOMEM;
}
