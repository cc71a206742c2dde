/*
 * query_plan.h - a query as the Xapian operations that run it, in C.
 *
 * The query front-end (query_tree.h, query_expand.h) says what the user
 * asked for; a plan says how the index is searched for it: terms,
 * phrases, value ranges and fixed weights joined by Xapian's operators
 * (AND, OR, AND_MAYBE, FILTER, SYNONYM, ...), one node per operation.
 * Plans are built and combined in C; the shim turns a finished plan into
 * a Xapian::Query node by node (lexdb_plan.cc) and does nothing else
 * with it, so that how a query is searched is decided, tested and
 * printed in C.
 *
 * Ownership: every constructor returns a new node the caller owns (free
 * with lex_plan_free), or NULL when memory ran out.  The combinators
 * take ownership of the plans given to them, and accept NULL for a plan
 * whose construction failed: they then free the rest and return NULL,
 * so a whole expression needs one check at its end.
 */
#ifndef LEX_QUERY_PLAN_H
#define LEX_QUERY_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

typedef enum {
    LEX_P_NOTHING,      /* matches no item (Xapian's empty query) */
    LEX_P_ALL,          /* matches every item, weight 0 */
    LEX_P_TERM,         /* term; wqf; pos (0: no position) */
    LEX_P_WILDCARD,     /* term: every term beginning with it, ORed */
    LEX_P_FIXED_WEIGHT, /* every item, with weight factor */
    LEX_P_VALUE_RANGE,  /* slot's value within lo..hi */
    LEX_P_VALUE_GE,     /* slot's value >= lo */
    LEX_P_VALUE_LE,     /* slot's value <= hi */
    LEX_P_DOCIDS,       /* the items docids names, weight 0: one database */
    /* operators over kids */
    LEX_P_AND,
    LEX_P_OR,
    LEX_P_AND_NOT,
    LEX_P_XOR,
    LEX_P_AND_MAYBE,
    LEX_P_FILTER,
    LEX_P_SYNONYM,
    LEX_P_MAX,
    LEX_P_NEAR,         /* window: 0 for the number of kids */
    LEX_P_PHRASE,       /* window: 0 for the number of kids */
    LEX_P_ELITE_SET,    /* window: how many kids are kept */
    LEX_P_SCALE_WEIGHT, /* one kid, its weight times factor */
} lex_pkind_t;

typedef struct lex_plan lex_plan_t;

struct lex_plan {
    lex_pkind_t kind;
    char *term; /* TERM, WILDCARD: owned, NUL-terminated */
    size_t term_len;
    unsigned wqf;     /* TERM: within-query frequency (1 by default) */
    unsigned pos;     /* TERM: position in the query, 0 for none */
    unsigned slot;    /* VALUE_*: the value slot */
    char *lo;         /* VALUE_RANGE, VALUE_GE: owned, NUL-terminated */
    char *hi;         /* VALUE_RANGE, VALUE_LE */
    unsigned window;  /* NEAR, PHRASE, ELITE_SET */
    double factor;    /* SCALE_WEIGHT, FIXED_WEIGHT */
    unsigned *docids; /* DOCIDS: owned, ascending, each once */
    size_t n_docids;
    unsigned shares; /* owners besides the first (lex_plan_share) */
    lex_plan_t **kids;
    size_t n_kids;
    size_t kids_cap;
};

/* A node of kind with no term and no kids (NOTHING, ALL, or an
   operator to add kids to). */
lex_plan_t *lex_plan_new(lex_pkind_t kind);

/* The term t (n bytes), wqf 1, no position. */
lex_plan_t *lex_plan_term(const char *t, size_t n);

/* The term t at position pos of the query, with wqf. */
lex_plan_t *lex_plan_term_at(const char *t, size_t n, unsigned wqf,
                             unsigned pos);

/* Every term beginning with prefix (n bytes). */
lex_plan_t *lex_plan_wildcard(const char *prefix, size_t n);

/* Every item, weighing weight (Xapian's FixedWeightPostingSource). */
lex_plan_t *lex_plan_fixed_weight(double weight);

/* Items whose value in slot lies in lo..hi; lo or hi NULL or "" for an
   open end (VALUE_LE or VALUE_GE then). */
lex_plan_t *lex_plan_value_range(unsigned slot, const char *lo, const char *hi);

/*
 * The items of docids (n of them, any order, repeats allowed), weighing
 * nothing: a filter that picks out known matches (Xapian's docids of one
 * database: not over shards, where a docid names an item of one shard
 * only, nor over a remote one).  A posting source, where the items'
 * unique-id terms would open one posting list each.
 */
lex_plan_t *lex_plan_docids(const unsigned *docids, size_t n);

/* Adds kid as parent's last kid and returns parent; NULL (both freed)
   when either is NULL or memory ran out. */
lex_plan_t *lex_plan_add(lex_plan_t *parent, lex_plan_t *kid);

/* The plan of one word of a phrase (w, n bytes), for lex_plan_phrase_of. */
typedef lex_plan_t *(*lex_plan_word_fn)(void *ctx, const char *w, size_t n);

/* The PHRASE of the parts of text (len bytes) between single sep bytes,
   parts of them (its window), each the plan word gives: a hyphenated
   word, or quoted words.  NULL when memory ran out. */
lex_plan_t *lex_plan_phrase_of(const char *text, size_t len, char sep,
                               size_t parts, lex_plan_word_fn word, void *ctx);

/* The number of words of text (len bytes) when it is words of ASCII
   letters and digits one space apart, the parts of lex_plan_phrase_of;
   0 when it holds anything else. */
size_t lex_plan_ascii_words(const char *text, size_t len);

/* a kind b: a new operator node of two kids (takes both). */
lex_plan_t *lex_plan_join(lex_pkind_t kind, lex_plan_t *a, lex_plan_t *b);

/* kid's weight times factor (takes kid). */
lex_plan_t *lex_plan_scale(lex_plan_t *kid, double factor);

/* p with one more owner (each frees it once): the same clause in
   several places of a plan, translated once (lex_plan_copy would make
   the shim build it again for each place).  NULL stays NULL. */
lex_plan_t *lex_plan_share(lex_plan_t *p);

/* A deep copy of p; NULL when p is NULL or memory ran out. */
lex_plan_t *lex_plan_copy(const lex_plan_t *p);

/* A copy of the node p alone: its kind, term and parameters, no kids
   (to add new ones); NULL when memory ran out. */
lex_plan_t *lex_plan_copy_node(const lex_plan_t *p);

/* True when a and b are the same operations on the same terms with the
   same parameters, kid by kid (a term's position compared too). */
bool lex_plan_same(const lex_plan_t *a, const lex_plan_t *b);

/* True when the term pair is two ideographs, one of them the ideograph
   the term one is: every item with the pair has it (Xapian's CJK n-grams
   index both characters of every pair they index). */
bool lex_plan_pair_holds(const lex_plan_t *pair, const lex_plan_t *one);

/*
 * p (shared, or a new node sharing its untouched kids) with each (FILTER
 * X X) in it as X: the same items and weights, X run once instead of
 * twice; and so with each (FILTER X' X) where X' is the OR X with kids
 * counted, (AND kid (FIXED w)), which match what the kids match.  A copy
 * that holds a fixed weight stays, as Xapian 1.4 counts a fixed weight
 * under a filter as a matching subquery in its percentages (a term there
 * counts as none).  It changes Xapian's estimate of the matches (the
 * filter's estimate assumes its two sides independent).  NULL when
 * memory ran out.
 */
lex_plan_t *lex_plan_without_self_filters(lex_plan_t *p);

/*
 * A plan that matches the items p matches, for a place where p's weight
 * is not counted (the right of a FILTER, which Xapian weighs 0): each
 * AND with the ANDs under it flattened into it, a kid that matches as
 * one before it dropped, and a single Chinese character dropped where a
 * pair of characters holding it is required too (Xapian's CJK n-grams
 * index both characters of every pair they index).  A long pasted query
 * requires each of its clauses in two such places besides its weighed
 * one, and Xapian opens a posting list for each term each time.  A kid
 * that holds a fixed weight stays, as Xapian 1.4 counts a fixed weight
 * under a filter among the matching subqueries of its percentages (a
 * term there counts as none).  The right of a FILTER weighs nothing, but
 * its estimate of the matches may change (see
 * lex_plan_without_self_filters).  p is kept; NULL when p is NULL or
 * memory ran out.
 */
lex_plan_t *lex_plan_matching(lex_plan_t *p);

/*
 * p (shared, or a new node sharing its untouched kids) with each PHRASE
 * or NEAR of terms that every item of matched matches (matched is it,
 * or requires it through AND, FILTER, SCALE_WEIGHT or the left of
 * AND_NOT) as the AND of its terms: the same items and weights among
 * those of matched, with no positions read.  For a plan searched only
 * together with matched (ANDed with it), which checks the positions
 * once.  NULL when memory ran out.
 */
lex_plan_t *lex_plan_unpositioned(lex_plan_t *p, const lex_plan_t *matched);

/*
 * p (shared, or a new node sharing its untouched kids) with each
 * AND_MAYBE whose right side is an OR holding a PHRASE or NEAR (under
 * SCALE_WEIGHTs or not) as AND_MAYBEs of that OR's kids one after the
 * other: (AND_MAYBE L (SCALE_WEIGHT f (OR a b))) as (AND_MAYBE
 * (AND_MAYBE L (SCALE_WEIGHT f a)) (SCALE_WEIGHT f b)), the same items
 * and weights.  Xapian 1.4 can weigh such an OR wrongly where it only
 * checks the items of the left side: a kid whose positions do not match
 * item d is taken to be at d + 1, though it stands at the next item
 * with all its terms; when the other kid matches d + 1, the OR adds the
 * first kid's weight in that later item to d + 1's, so that a score
 * depends on the items that follow in docid order (an order that
 * differs between one index and its shards).  NULL when memory ran out.
 */
lex_plan_t *lex_plan_maybe_one_by_one(lex_plan_t *p);

/* True when p holds a fixed weight (a role's or a group tag's match). */
bool lex_plan_has_fixed_weight(const lex_plan_t *p);

/* True for NOTHING (an operator of no kids is not folded here). */
bool lex_plan_is_nothing(const lex_plan_t *p);

/* Frees p and its kids, or drops one owner of a shared p; NULL is
   fine. */
void lex_plan_free(lex_plan_t *p);

/*
 * Writes p to out on one line, as a Lisp-like expression that names
 * every operation, term and parameter: (AND_MAYBE (OR "a" "b") (FIXED
 * 100)).  For --explain and the tests.  Terms are printed as JSON
 * strings, so that any byte shows.
 */
void lex_plan_write(const lex_plan_t *p, lex_buf_t *out);

/* The name of kind as lex_plan_write prints it ("AND_MAYBE"). */
const char *lex_plan_kind_name(lex_pkind_t kind);

#endif
