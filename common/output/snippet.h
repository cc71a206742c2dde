/*
 * snippet.h - turning Xapian's marked-up snippets into plain text + spans.
 *
 * Xapian's MSet::snippet() HTML-escapes the text it returns and wraps
 * each matched word in caller-chosen markers.  The shim asks for the
 * control bytes LEX_HI_START and LEX_HI_END as markers (bulletin text
 * never contains control bytes: the parsers remove them), and this module
 * turns the result into the form every printer wants: plain text with no
 * entities, plus the byte spans to highlight.
 */
#ifndef LEX_SNIPPET_H
#define LEX_SNIPPET_H

#include <stddef.h>

#include "status.h"

#define LEX_HI_START "\x01"
#define LEX_HI_END "\x02"

typedef struct {
    size_t start;
    size_t length;
} lex_span_t;

/*
 * Converts a marked snippet into plain text (*plain, heap) and an array
 * of highlight spans (*spans, heap, *n_spans entries; NULL when none).
 */
lex_status_t lex_snippet_unmark(const char *marked, char **plain,
                                lex_span_t **spans, size_t *n_spans);

#endif
