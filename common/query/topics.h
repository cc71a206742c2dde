/*
 * topics.h - the thesaurus groups an item matches, found at index time.
 *
 * A query phrase found in the legal thesaurus stands for its whole group
 * (lexsearch-query(7)).  Written out, a group is a dozen phrases; each
 * phrase of a query costs Xapian a position check in every item that has
 * its words, and "personal information" has them in a third of all items.
 * So lexindex evaluates each group once per item, while the item's terms
 * and positions are still in memory, and the shim adds one boolean term
 * per group the item matches (lexdb_topics.cc).  A query then reads that
 * one posting list instead.
 *
 * A group is evaluated by exactly the query Xapian's QueryParser made of
 * its written-out phrases, planned here in C (lex_group_plan) as terms
 * joined by OR, AND and PHRASE, so that the term finds what the
 * written-out phrases would.
 * The group numbers mean something only with the thesaurus they were
 * made with: the index records its fingerprint, and queries go back to
 * the written-out phrases when it differs.
 */
#ifndef LEX_TOPICS_H
#define LEX_TOPICS_H

#include <stddef.h>
#include <stdint.h>

#include "query_expand.h"
#include "query_plan.h"
#include "status.h"
#include "thesaurus.h"

/* The size of a fingerprint, its NUL included. */
#define LEX_TOPICS_ID_SIZE 32

/* lex_topics_term's answer for a term no group names. */
#define LEX_TOPICS_NO_TERM SIZE_MAX

typedef struct lex_topics lex_topics_t;

/* One term of an item that a group names, with where it occurs. */
typedef struct {
    size_t term;         /* its number (lex_topics_term) */
    const unsigned *pos; /* its positions in the item, ascending */
    size_t n_pos;
} lex_topic_term_t;

/*
 * The fingerprint of th (NULL: no thesaurus) as the index records it:
 * it names the thesaurus and the way groups are tagged, so a change to
 * either gives another.
 */
void lex_topics_fingerprint(const lex_thesaurus_t *th,
                            char id[LEX_TOPICS_ID_SIZE]);

/*
 * Thesaurus group g of th as a plan: the query Xapian's QueryParser made
 * of its phrases written out ("cross-border transfer" OR ("data export"
 * OR dataexport) OR 数据出境 ...), with the same terms, positions and
 * operators: each English word its stem by stem (ctx), a phrase (its
 * hyphens read as spaces) the PHRASE of its words, a hyphenated word the
 * PHRASE of its parts, a Chinese phrase the AND of its n-grams at one
 * position, ORs folded as the parser folds them.  LEX_EUSAGE, with a
 * message naming the phrase, for a form planned nowhere in C (a word
 * that begins or ends with a hyphen, a non-ASCII phrase that is not all
 * Chinese ideographs); LEX_ENOMEM.
 */
lex_status_t lex_group_plan(const lex_thesaurus_t *th, size_t g,
                            lex_stem_fn stem, void *ctx, lex_plan_t **out,
                            lex_err_t *err);

/*
 * The tagger of th's groups, each as lex_group_plan plans it with stem
 * (ctx), into *out (free with lex_topics_free).  *out is NULL, with
 * LEX_OK, when th is NULL or empty, or when a group holds a phrase
 * lex_group_plan does not plan or a plan the tagger does not evaluate
 * (err then says which): items are not tagged, and queries write the
 * groups out.  LEX_ENOMEM.
 */
lex_status_t lex_topics_compile(const lex_thesaurus_t *th, lex_stem_fn stem,
                                void *ctx, lex_topics_t **out, lex_err_t *err);

/* A tagger with no group yet, for the groups of th; NULL when memory
   ran out. */
lex_topics_t *lex_topics_new(const lex_thesaurus_t *th);

/*
 * Adds the next group (numbered from 0 in the order added), as the plan
 * its written-out query makes.  LEX_EUSAGE when the plan holds anything
 * but terms joined by OR, AND and PHRASE (of terms only), or an operator
 * of no kids: the thesaurus cannot be tagged then.  LEX_ENOMEM when
 * memory ran out.  The plan stays the caller's.
 */
lex_status_t lex_topics_add(lex_topics_t *t, const lex_plan_t *group);

/* The number of the groups added. */
size_t lex_topics_n_groups(const lex_topics_t *t);

/* The fingerprint of the thesaurus t was made for. */
const char *lex_topics_id(const lex_topics_t *t);

/* The number of term (n bytes) if a group names it, else
   LEX_TOPICS_NO_TERM. */
size_t lex_topics_term(const lex_topics_t *t, const char *term, size_t n);

/*
 * The groups an item matches, ascending, into groups (room for
 * lex_topics_n_groups) and their count into *n_groups.  terms are the
 * item's terms that a group names (in any order), each with its
 * positions.  LEX_ENOMEM when memory ran out.
 */
lex_status_t lex_topics_match(const lex_topics_t *t,
                              const lex_topic_term_t *terms, size_t n_terms,
                              size_t *groups, size_t *n_groups);

/* Frees t; NULL is fine. */
void lex_topics_free(lex_topics_t *t);

#endif
