/*
 * query_lex.h - the tokenizer of the query language of lexsearch-query(7).
 *
 * A query is cut once, left to right, into tokens that each know their
 * byte offset (the column of an error is that offset plus one) and their
 * kind.  Spaces, parentheses and double quotes separate (the ASCII one
 * and the typographic “ ” „ ‟, any of which closes a phrase any opened);
 * every other byte
 * belongs to a run, and a run is then read as a connector, an operator,
 * or a sign, a field prefix and a value (word, wildcard, date, CJK).
 * query_tree.c parses the tokens into a tree and checks them; nothing
 * here refuses a query.  C only: no Xapian.
 */
#ifndef LEX_QUERY_LEX_H
#define LEX_QUERY_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

typedef enum {
    LEX_TOK_WORD,      /* a plain word: data, cross-border, 12:30 */
    LEX_TOK_WILDCARD,  /* a word ending in '*': regulat* */
    LEX_TOK_CJK,       /* a run of CJK (non-ASCII) bytes: 数据出境 */
    LEX_TOK_PHRASE,    /* "..." or “...”, the quotes included */
    LEX_TOK_OPERATOR,  /* AND OR NOT XOR NEAR NEAR/n ADJ ADJ/n */
    LEX_TOK_SIGN,      /* + or - in front of a word, phrase or field */
    LEX_TOK_FIELD,     /* name: (title:, section:, date:, or unknown) */
    LEX_TOK_DATE,      /* the value after date: up to a space or ')' */
    LEX_TOK_CONNECTOR, /* /s or /p with a space (or an end) each side */
    LEX_TOK_LPAREN,
    LEX_TOK_RPAREN
} lex_tok_kind_t;

typedef enum {
    LEX_OP_NONE,
    LEX_OP_AND,
    LEX_OP_OR,
    LEX_OP_NOT,
    LEX_OP_XOR,
    LEX_OP_NEAR,
    LEX_OP_ADJ
} lex_op_t;

typedef struct {
    lex_tok_kind_t kind;
    size_t start; /* byte offset in the query; the column is start + 1 */
    size_t len;   /* bytes, quotes of a phrase included */
    /* the run of bytes between separators this token was cut from (the
       token itself for phrases and parentheses) */
    size_t run_start, run_len;
    lex_op_t op;     /* LEX_TOK_OPERATOR: which */
    unsigned window; /* NEAR/ADJ: n (10 when not given) */
    bool glued;      /* an operator followed at once by punctuation */
    bool closed;     /* LEX_TOK_PHRASE: has its closing quote */
    /* LEX_TOK_PHRASE: the bytes of its opening and closing quotes (1 for
       '"', 3 for a typographic quote, 0 for no closing quote) */
    unsigned char open_len, close_len;
} lex_token_t;

/* The tokens of one query; the query itself is not copied. */
typedef struct {
    const char *text;
    size_t text_len;
    lex_token_t *tokens;
    size_t n;
    size_t cap;
} lex_tokens_t;

/* The window of NEAR and ADJ when no /n is given. */
#define LEX_NEAR_DEFAULT 10

/*
 * Cuts text (len bytes) into out->tokens, in one pass.  Never refuses a
 * query; fails only for want of memory (LEX_ENOMEM, with err).  Free
 * with lex_tokens_free.
 */
lex_status_t lex_tokenize(const char *text, size_t len, lex_tokens_t *out,
                          lex_err_t *err);

void lex_tokens_free(lex_tokens_t *t);

/* The bytes of the double quote s (n bytes) starts with: 1 for '"', 3
   for U+201C to U+201F (“ ” „ ‟), 0 for none. */
size_t lex_quote_len(const char *s, size_t n);

/* The field of lexsearch-query(7) that w (n bytes, no colon) names, in
   any case, as the lower-case constant the query layer compares with
   ("title", "body", "section", "bulletin", "site", "date", "agency",
   "law" or "role"); NULL for none. */
const char *lex_field_name(const char *w, size_t n);

/* True when w (n bytes, no colon) names a field: lex_field_name. */
bool lex_is_field_name(const char *w, size_t n);

/* True when w (n bytes) is AND, OR, XOR, NEAR, ADJ, NEAR/n or ADJ/n. */
bool lex_is_binary_operator(const char *w, size_t n);

/* A short constant name of a token kind, for tests and debugging. */
const char *lex_tok_kind_name(lex_tok_kind_t k);

#endif
