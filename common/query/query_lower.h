/*
 * query_lower.h - the plan of an expanded query: how lexsearch searches
 * for what the user asked.
 *
 * The front-end parses a query into a tree (query_tree.h) and expands it
 * (query_expand.h); this layer lowers the expanded tree into a plan of
 * Xapian operations (query_plan.h): the stems of words, phrases, Chinese
 * n-grams, alternatives, thesaurus groups, entities, roles and topics,
 * the recall tiers of words side by side (items matching enough of them,
 * those matching all first, then by how many they match), the weight of
 * synonyms against the words as typed and their translations, and the
 * proximity boost.  It also makes the spelling correction and the text
 * of lexsearch --explain.
 *
 * What needs the index comes in as functions (lex_qindex_t): Xapian's
 * stemmer, its Unicode lower-casing and character classes, whether a
 * term exists, the spelling suggestion, the words
 * and terms beginning with a prefix.  Operators, signs, fields,
 * filters and wildcards are planned as Xapian's QueryParser read them
 * (query_parsed.h), words of any script as it cut them (query_words.h,
 * with Xapian's Unicode rules asked of the index); a form no rule reads
 * is refused with its column.  Nothing here includes Xapian.
 */
#ifndef LEX_QUERY_LOWER_H
#define LEX_QUERY_LOWER_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "gazetteer.h"
#include "query_expand.h"
#include "query_plan.h"
#include "query_tree.h"
#include "status.h"

/* Called with each word or term w (n bytes) of an enumeration. */
typedef void (*lex_word_fn)(void *each_ctx, const char *w, size_t n);

/* What the lowering asks of the index; every function gets ctx. */
typedef struct {
    void *ctx;
    lex_stem_fn stem; /* appends the stem of a lower-case word */
    /* true when some item has the term t */
    bool (*term_exists)(void *ctx, const char *t, size_t n);
    /* appends the index's nearest spelling of the word w ("" for none) */
    void (*suggest)(void *ctx, const char *w, size_t n, lex_buf_t *out);
    /* calls each for every word of the spelling table, then for every
       term, that begins with prefix (spelling false: terms) */
    void (*starting)(void *ctx, bool spelling, const char *prefix, size_t n,
                     lex_word_fn each, void *each_ctx);
    /* how many items hold the term t, for a long Chinese run
       (query_cjk.h); NULL: not asked (an empty index) */
    unsigned long (*term_freq)(void *ctx, const char *t, size_t n);
    /* appends the UTF-8 word w lower-cased as Xapian's parser lowers a
       term (Xapian::Unicode::tolower); NULL: words of non-ASCII letters
       are left to the parser */
    void (*lower)(void *ctx, const char *w, size_t n, lex_buf_t *out);
    /* the LEX_QCHAR_ bits of the code point cp (>= 0x80) by Xapian's
       Unicode rules; NULL as for lower */
    unsigned (*char_class)(void *ctx, unsigned cp);
} lex_qindex_t;

/* Bits of lex_qindex_t's char_class: a word character of Xapian's
   parser (letters, marks, numbers, connectors), a decimal digit, white
   space. */
#define LEX_QCHAR_WORD 1u
#define LEX_QCHAR_DIGIT 2u
#define LEX_QCHAR_SPACE 4u

typedef struct {
    const lex_qindex_t *ix;
    const lex_gazetteer_t *gz; /* NULL: no entities */
    /* the thesaurus as stems; NULL for --exact or none */
    const lex_stemmed_thesaurus_t *thesaurus;
    bool topics;          /* groups as their tag terms (a tagged index) */
    bool proximity_apart; /* the proximity boost in *proximity, not in
                             the query */
    unsigned sentence;    /* NEAR windows of /s and /p */
    unsigned paragraph;
} lex_qlower_opts_t;

typedef struct {
    lex_plan_t *query;     /* the query searched */
    lex_plan_t *all_words; /* items matching every word; NULL when the
                              query is not recall-first, or is long
                              (lexsearch-query(7)): they are neither
                              counted nor paged apart then */
    lex_plan_t *proximity; /* with proximity_apart; NULL when none */
    bool read_topic;       /* the query reads a group's tag (TOPIC) */
    /* with read_topic, the query with its groups written out as their
       phrases and the proximity bonus in it (what a lowering with topics
       and proximity_apart off makes), for highlighting; NULL otherwise */
    lex_plan_t *written_out;
} lex_qlowered_t;

/*
 * Parses, expands and lowers the query text (len bytes) into out (free
 * with lex_qlowered_free).  LEX_EPARSE with the message of the front-end
 * for a query it refuses; LEX_ENOMEM.
 */
lex_status_t lex_query_lower(const char *text, size_t len,
                             const lex_qlower_opts_t *o, lex_qlowered_t *out,
                             lex_err_t *err);

void lex_qlowered_free(lex_qlowered_t *out);

/*
 * The plan of one node of an expanded tree, words side by side joined by
 * op (LEX_P_AND or LEX_P_OR); NULL when memory ran out.
 */
lex_plan_t *lex_plan_of_node(const lex_qnode_t *n, lex_pkind_t op,
                             const lex_qlower_opts_t *o);

/* The items of the agencies in role (its name or one of its words, n
   bytes), a match weighing as a thesaurus group's; NOTHING for an
   unknown role. */
lex_plan_t *lex_role_plan(const lex_gazetteer_t *gz, const char *role,
                          size_t n);

/* Items tagged with thesaurus group g (its number, n bytes), a match
   weighing a fixed 1: the tag is a boolean term. */
lex_plan_t *lex_topic_plan(const char *g, size_t n);

/*
 * The user's query with each word that no item, thesaurus phrase (of st,
 * NULL for none) or gazetteer name has replaced by the index's nearest
 * word, in out; false when every word is known (out then holds nothing).
 */
bool lex_query_correction(const char *text, size_t len,
                          const lex_stemmed_thesaurus_t *st,
                          const lex_gazetteer_t *gz, const lex_qindex_t *ix,
                          lex_buf_t *out);

/*
 * The value v (n bytes) of the field named field (date, section,
 * bulletin, site, agency, law, role, topic, wild, wildtitle) as a plan;
 * LEX_EPARSE with a message for a bad date or an unknown agency, law or
 * role; LEX_ENOMEM.
 */
lex_status_t lex_field_plan(const char *field, const char *v, size_t n,
                            const lex_qlower_opts_t *o, lex_plan_t **out,
                            lex_err_t *err);

/*
 * How lexsearch reads text, for lexsearch --explain: the query, its tree,
 * the expanded tree, the rewritten text, synonyms, stemming, groups and
 * spelling lines, appended to out (the plan searched, its terms and its
 * Xapian form follow: lex_search_explain).  o->thesaurus is NULL for
 * --exact (exact); tagged: the index is tagged with a thesaurus.
 */
lex_status_t lex_query_explain(const char *text, size_t len,
                               const lex_qlower_opts_t *o, bool exact,
                               bool tagged, lex_buf_t *out, lex_err_t *err);

#endif
