/*
 * index_terms.c - telling words from filter terms, and the words
 * snippets highlight (see index_terms.h).
 */
#include "index_terms.h"

#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "utf8.h"

bool
lex_term_is_word(const char *term, size_t len, size_t at)
{
    unsigned char c = len > at ? (unsigned char)term[at] : 0;
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* True when the word term (len bytes) is a CJK n-gram: matched as it
   is, never stemmed (Xapian's snippet stems no CJK n-gram to a query
   term; the index holds them unstemmed). */
static bool
is_cjk_ngram(const char *term, size_t len)
{
    unsigned cp = 0;
    return lex_utf8_decode(term, len, &cp) && lex_is_cjk_codepoint(cp);
}

lex_plan_t *
lex_snippet_add_term(lex_plan_t *words, const char *term, size_t len)
{
    size_t title = strlen(LEX_PREFIX_TITLE);
    size_t at = lex_term_is_word(term, len, 0)                           ? 0
                : len >= title && !memcmp(term, LEX_PREFIX_TITLE, title) ? title
                                                                         : len;
    if (!words || !lex_term_is_word(term, len, at))
        return words;
    words = lex_plan_add(words, lex_plan_term(term + at, len - at));
    if (!words || is_cjk_ngram(term + at, len - at))
        return words;
    char *z = malloc(len - at + 2);
    if (z) {
        z[0] = 'Z';
        memcpy(z + 1, term + at, len - at);
    }
    words = lex_plan_add(words, z ? lex_plan_term(z, len - at + 1) : NULL);
    free(z);
    return words;
}
