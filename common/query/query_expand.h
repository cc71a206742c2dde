/*
 * query_expand.h - the passes over a parsed query (query_tree.h) that
 * turn it into the query lexsearch searches for.
 *
 * lex_query_expand copies the tree of lex_query_parse into a new,
 * expanded tree, in the order the query language has always used:
 *   - connectors /s and /p become NEAR nodes with the index's windows;
 *   - agency:"..." and law:"..." are resolved to the entity's id;
 *   - Chinese runs are cut into the gazetteer's names and the
 *     thesaurus' phrases (cjk_segment.c), each segment a word of its own;
 *   - runs of up to eight plain words that name an entity become
 *     ALT(words, ENTITY) (lex_query_expand_entities);
 *   - the longest run of words whose stems are a thesaurus phrase
 *     becomes its group (SYNONYMS, or TOPIC on a tagged index);
 *   - a hyphenated word and a phrase of two words also match the words
 *     joined: ALT(cross-border, crossborder).
 * The Xapian shim turns the expanded tree into a Xapian::Query
 * (lexdb_query.cc) and lexsearch --explain prints it.  Stemming is
 * Xapian's, so it comes in as a function; nothing here includes Xapian.
 */
#ifndef LEX_QUERY_EXPAND_H
#define LEX_QUERY_EXPAND_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "gazetteer.h"
#include "query_tree.h"
#include "status.h"
#include "thesaurus.h"

/* Appends the stem of the lower-case word w (n bytes) to out. */
typedef void (*lex_stem_fn)(void *ctx, const char *w, size_t n, lex_buf_t *out);

/* Appends to out the stem (by stem) of w (n bytes) lower-cased (ASCII);
   false when memory ran out (out is then failed). */
bool lex_stem_lowered(lex_stem_fn stem, void *ctx, const char *w, size_t n,
                      lex_buf_t *out);

/*
 * A thesaurus with its phrases as stems, made once per thesaurus and kept
 * for every query.  Making it stems nothing: the phrases and words that
 * begin with a letter are stemmed the first time a query word's stem
 * begins with it (the stemmer must keep a word's first byte).
 */
typedef struct lex_stemmed_thesaurus lex_stemmed_thesaurus_t;

lex_status_t lex_stemmed_thesaurus_new(const lex_thesaurus_t *th,
                                       lex_stem_fn stem, void *ctx,
                                       lex_stemmed_thesaurus_t **out);
void lex_stemmed_thesaurus_free(lex_stemmed_thesaurus_t *st);

/* The thesaurus st was made from. */
const lex_thesaurus_t *
lex_stemmed_thesaurus_of(const lex_stemmed_thesaurus_t *st);

/* True when a word of a thesaurus phrase has the stem of word w. */
bool lex_stemmed_thesaurus_has(const lex_stemmed_thesaurus_t *st, const char *w,
                               size_t n);

typedef struct {
    const lex_gazetteer_t *gz; /* NULL: no entity names */
    /* NULL: no synonyms (--exact); also used for the CJK segments */
    const lex_stemmed_thesaurus_t *thesaurus;
    bool topics;        /* groups as TOPIC nodes: the index is tagged */
    bool literal;       /* only connectors and agency:"..." (the words
                           as typed, which rank first) */
    unsigned sentence;  /* NEAR window of /s */
    unsigned paragraph; /* NEAR window of /p */
} lex_qexpand_opts_t;

/* How deep a query may nest (groups in groups...) to be searched. */
#define LEX_QUERY_MAX_DEPTH 256

/*
 * The expanded tree of q (see above) in *out, freed with
 * lex_query_free; q must outlive it.  LEX_EPARSE with "unknown agency
 * 'X' at column N" for an agency:"X" or law:"X" the gazetteer does not
 * know, or "query nested more than 256 deep at column N"; LEX_ENOMEM.
 */
lex_status_t lex_query_expand(const lex_query_t *q,
                              const lex_qexpand_opts_t *opts, lex_query_t **out,
                              lex_err_t *err);

/*
 * The tree expanded without topics made from expanded, a tree of the
 * same query expanded with them and thesaurus (NULL: none, and then
 * expanded holds no TOPIC): a copy with each TOPIC written out as its
 * group's phrases, hyphens joined, node for node what lex_query_expand
 * makes with topics off, without segmenting or looking up anything
 * again.  In *out, freed with lex_query_free; expanded must outlive it.
 * LEX_ENOMEM only.
 */
lex_status_t
lex_query_write_out_groups(const lex_query_t *expanded,
                           const lex_stemmed_thesaurus_t *thesaurus,
                           lex_query_t **out, lex_err_t *err);

/*
 * The entity pass alone: the longest run of up to eight of the n words
 * starting at words[0] that gz knows as an agency's or a law's name, or
 * as the words of a role ("police", "market regulator", "公安":
 * lex_gazetteer_role_named).  Returns how many words it takes (0 when
 * none) and sets *field to the filter that finds its items ("agency",
 * "law" or "role") and *id to the entity's id or the role's name.
 */
size_t lex_query_entity_at(const lex_gazetteer_t *gz, const char *const *words,
                           const size_t *lens, size_t n, const char **field,
                           const char **id);

/*
 * Thesaurus group g of th alone, as the expanded tree of a query naming
 * it (SYNONYMS, hyphens joined): what the indexer tags items with.
 */
lex_status_t lex_query_of_group(const lex_thesaurus_t *th, size_t g,
                                lex_query_t **out, lex_err_t *err);

/* True when q has a wildcard the shim expands itself (WORD*, ASCII). */
bool lex_query_has_wildcard(const lex_query_t *q);

/* True when a node of q has this kind (a TOPIC: the query reads a
   group's tag). */
bool lex_query_has_kind(const lex_query_t *q, lex_qkind_t kind);

/*
 * Spelling correction, the text part: copies text to out, calling fix
 * for each word of three or more letters (a leading + or - kept, not an
 * operator); fix appends a replacement and returns true, or returns
 * false and the word is copied.  True when some word was replaced.
 */
typedef bool (*lex_respell_fn)(void *ctx, const char *w, size_t n,
                               lex_buf_t *out);
bool lex_query_respell(const char *text, size_t len, lex_respell_fn fix,
                       void *ctx, lex_buf_t *out);

/*
 * Calls pair for each two neighbouring words of text (split at blanks)
 * that are plain ASCII words, lower-cased: the proximity boost of the
 * recall tiers.  Stopwords are skipped; anything else between two words
 * parts them.
 */
typedef void (*lex_pair_fn)(void *ctx, const char *a, size_t an, const char *b,
                            size_t bn);
void lex_query_neighbours(const char *text, lex_pair_fn pair, void *ctx);

/* True for an English word that names no topic (a query need not
   match it); any case. */
bool lex_is_stopword(const char *w, size_t n);

/* True for a word of letters, digits, hyphens, apostrophes and non-ASCII
   bytes: the words the passes expand. */
bool lex_query_is_plain_word(const char *w, size_t n);

/*
 * Appends the expanded tree to b in the syntax of Xapian's QueryParser
 * (what lexsearch --explain shows as "rewritten").  With wild_fields,
 * WORD* is written as the internal field wild:WORD (wildtitle:WORD in
 * title:), which the shim's field processor expands.
 */
void lex_query_write(const lex_query_t *q, bool wild_fields, lex_buf_t *b);

/* The same for one node. */
void lex_query_write_node(const lex_qnode_t *n, bool wild_fields, lex_buf_t *b);

#endif
