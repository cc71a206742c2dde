/*
 * query_words.h - the terms Xapian's QueryParser cuts a word of the
 * query into, in C.
 *
 * A word of the query tree is what the user typed between spaces:
 * "12:30", "www.cac.gov.cn", "People's", "C++", "U.S.A.", "café",
 * "App下载", "GB/T35273标准".  Xapian's parser (lexdb_query.cc's
 * configuration: FLAG_CJK_NGRAM, FLAG_BOOLEAN...) reads such a word as
 * a row of tokens: terms, each built of word characters with a few
 * infix characters kept (the apostrophe of People's, the comma of 1,000,
 * the suffix of C++ when the index has that term), runs of Chinese,
 * Japanese or Korean characters (searched as n-grams), and terms joined
 * to the one before by phrase generators (. - / : \ @), which make a
 * phrase.  Inside double quotes the same terms are read with every
 * other character a separator.  This layer gives that row of tokens;
 * query_parsed.c plans it.  A word holding a form whose reading depends
 * on more than the word (a bracket, a quote, a sign at its start, an
 * operator or field name after punctuation, a wildcard, white space) is
 * left to the parser.
 *
 * Case and word characters beyond ASCII are Xapian's Unicode rules,
 * asked of the index through lex_qindex_t's lower and char_class; which
 * code points are CJK is Xapian 1.4's table (checked against its
 * parser's output).  Nothing here includes Xapian.
 */
#ifndef LEX_QUERY_WORDS_H
#define LEX_QUERY_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "query_lower.h"
#include "status.h"

typedef enum {
    LEX_WTOK_TERM, /* a term: lower-case it, stem it */
    LEX_WTOK_CJK   /* a run of CJK characters: its n-grams */
} lex_wtok_kind_t;

typedef struct {
    lex_wtok_kind_t kind;
    bool phrased;    /* TERM: joined to the term before by phrase
                        generators (the 30 of 12:30) */
    size_t off, len; /* its text in the reading's text, as the parser
                        built it (apostrophes made ASCII, zero-width
                        characters dropped), not lower-cased */
} lex_wtok_t;

typedef struct {
    lex_wtok_t *tok;
    size_t n, cap;
    lex_buf_t text;
    bool whole;        /* one TERM spanning the whole word, no punctuation
                          around it: the parser groups it with words beside it
                          as it groups plain words */
    size_t start, end; /* the bytes of the word from the first token's
                          start to the last one's end: punctuation the
                          parser skips lies outside them */
} lex_wtoks_t;

#define LEX_WTOKS_INIT                                                         \
    {                                                                          \
        NULL, 0, 0, LEX_BUF_INIT, false, 0, 0                                  \
    }

/*
 * Reads the word s (n bytes of UTF-8) as Xapian's parser does, within
 * double quotes when quoted, into out (emptied first); *parser is set
 * when the word holds a form left to the parser (out then means
 * nothing).  LEX_ENOMEM when memory ran out.
 */
lex_status_t lex_word_tokens(const lex_qindex_t *ix, const char *s, size_t n,
                             bool quoted, lex_wtoks_t *out, bool *parser);

/* Appends the word w (n bytes) lower-cased as Xapian's parser lowers a
   term: through ix->lower, or ASCII letters only when it is NULL (a
   reading without it holds no other). */
void lex_word_lower(const lex_qindex_t *ix, const char *w, size_t n,
                    lex_buf_t *out);

/* Frees the tokens of t. */
void lex_wtoks_free(lex_wtoks_t *t);

#endif
