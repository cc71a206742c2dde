/*
 * query_tree.h - a query of lexsearch-query(7), parsed once into a tree.
 *
 * lex_query_parse tokenizes the query (query_lex.h), refuses what the
 * language does not allow, with the column at fault, and builds a tree
 * of words, phrases, wildcards, fields, filters, connectors and operators,
 * each node with its column.  The Xapian shim (lexdb_query.cc) calls it
 * before anything else; lexsearch --explain prints the tree.  C only.
 */
#ifndef LEX_QUERY_TREE_H
#define LEX_QUERY_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "status.h"

typedef enum {
    LEX_Q_CLAUSES,   /* clauses side by side (recall first) */
    LEX_Q_GROUP,     /* ( ... ); no kid when empty */
    LEX_Q_AND,       /* a AND b AND ... */
    LEX_Q_OR,        /* a OR b OR ... */
    LEX_Q_XOR,       /* a XOR b XOR ... */
    LEX_Q_AND_NOT,   /* a NOT b */
    LEX_Q_NOT,       /* NOT b, at the start of an expression */
    LEX_Q_NEAR,      /* a NEAR/n b ...; window */
    LEX_Q_ADJ,       /* a ADJ/n b ...; window */
    LEX_Q_CONNECTOR, /* a /s b, a /p b; connector is 's' or 'p' */
    LEX_Q_REQUIRED,  /* +x */
    LEX_Q_EXCLUDED,  /* -x */
    LEX_Q_FIELD,     /* title:x, body:x; name; one kid (none if empty) */
    LEX_Q_FILTER,    /* section: bulletin: site: agency: law:; name, text */
    LEX_Q_DATE,      /* date:A..B; text, lo, hi */
    LEX_Q_WORD,      /* text */
    LEX_Q_WILDCARD,  /* text, without the '*' */
    LEX_Q_CJK,       /* text: a run of CJK characters */
    LEX_Q_PHRASE,    /* text, without the quotes */
    /* made by the expansion passes only (query_expand.h) */
    LEX_Q_ALT,      /* the kid as written, then other forms of it: OR */
    LEX_Q_SYNONYMS, /* a thesaurus group, its phrases as kids; window:
                       the group's index */
    LEX_Q_TOPIC,    /* a thesaurus group as the term of the items the
                       indexer tagged with it; window: the group's index */
    LEX_Q_ENTITY    /* an entity's term; name "agency" or "law", text: id */
} lex_qkind_t;

typedef struct lex_qnode lex_qnode_t;

struct lex_qnode {
    lex_qkind_t kind;
    size_t column;    /* 1-based byte column: of the operator, field or
                         word; of the first kid for CLAUSES */
    size_t start;     /* the column where the node's text begins */
    const char *name; /* FIELD, FILTER: the field, no colon, in lower
                         case (lex_field_name) */
    size_t name_len;
    const char *text; /* the word, phrase or value (into the query) */
    size_t text_len;
    bool quoted;     /* FILTER, DATE: the value was a quoted phrase */
    unsigned window; /* NEAR, ADJ */
    char connector;  /* CONNECTOR: 's' or 'p' */
    char lo[16];     /* DATE: YYYYMMDD bounds, "" for an open end */
    char hi[16];
    lex_qnode_t **kids;
    size_t n_kids;
    size_t kids_cap;
};

typedef struct lex_query lex_query_t;

/*
 * Parses text (len bytes).  On LEX_OK, *out is the tree (free with
 * lex_query_free).  A malformed query gives LEX_EPARSE and a message in
 * err ending "at column N" (exactly those of lexsearch-query(7), ERRORS);
 * LEX_ENOMEM when memory ran out.  Linear in the length of the query.
 */
lex_status_t lex_query_parse(const char *text, size_t len, lex_query_t **out,
                             lex_err_t *err);

/*
 * Makes the "at column N" that ends err, a refusal of text, count
 * characters as lexsearch-query(7) says, where the parser and the passes
 * after it count bytes (a Chinese character is three); each byte that
 * is not UTF-8 counts as one.  A message that does not end so is kept.
 */
void lex_query_column_in_characters(const char *text, lex_err_t *err);

/* The root of the tree; NULL for a query with nothing in it. */
const lex_qnode_t *lex_query_root(const lex_query_t *q);

/*
 * Appends the tree to b as indented text, one node a line: its kind,
 * what it holds and "@" its column; kids two spaces further in.  The
 * format is stable (tests compare it).
 */
void lex_query_print(const lex_query_t *q, lex_buf_t *b);

/*
 * Appends the query to b as Xapian's parser reads it: the text as typed,
 * with each connector node (/s, /p) written as NEAR/sentence or
 * NEAR/paragraph, the windows the index keeps between sentences and
 * paragraphs.
 */
void lex_query_expand_connectors(const lex_query_t *q, unsigned sentence,
                                 unsigned paragraph, lex_buf_t *b);

void lex_query_free(lex_query_t *q);

/*
 * Building a tree by hand (the expansion passes of query_expand.c make
 * the expanded tree this way).  lex_query_new makes an empty query over
 * text (copied; nodes may point into lex_query_text); lex_query_node a
 * node owned by q; lex_query_add_kid appends kid to parent;
 * lex_query_keep a copy of s[0..n) owned by q, NUL-terminated.  Each
 * returns NULL (false) when memory ran out.
 */
lex_query_t *lex_query_new(const char *text, size_t len);
const char *lex_query_text(const lex_query_t *q);
lex_qnode_t *lex_query_node(lex_query_t *q, lex_qkind_t kind, size_t column);
bool lex_query_add_kid(lex_qnode_t *parent, lex_qnode_t *kid);
const char *lex_query_keep(lex_query_t *q, const char *s, size_t n);
void lex_query_set_root(lex_query_t *q, lex_qnode_t *root);

/*
 * True when n holds no word: a phrase of spaces and ASCII punctuation
 * ("", ", "), a word of ASCII punctuation (",", "--", ";"), or either
 * signed.  Side by side with other clauses such a node is skipped, as
 * Xapian's parser skipped it (query_expand.c drops it).
 */
bool lex_query_says_nothing(const lex_qnode_t *n);

/* The help that follows a bad date. */
#define LEX_QUERY_DATE_HELP                                                    \
    "(use YYYY, YYYY-MM or YYYY-MM-DD, and A..B, A.. or ..B for ranges)"

/*
 * Reads the value of date: (A..B, A.., ..B or A; each YYYY, YYYY-MM or
 * YYYY-MM-DD) into YYYYMMDD bounds, "" for an open end; a year or month
 * spans from day 00 to day 99.  False when the value is none of these.
 */
bool lex_query_date_range(const char *v, size_t n, char lo[16], char hi[16]);

#endif
