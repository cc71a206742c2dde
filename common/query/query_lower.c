/*
 * query_lower.c - the plan of an expanded query tree.
 *
 * See query_lower.h.  Each node of the expanded tree becomes the
 * operations Xapian's QueryParser would have made of its text, so that
 * ranking does not change: a word is its stem, a phrase the PHRASE of
 * its stems, a Chinese word its n-grams, an alternative or a thesaurus
 * group the OR of its forms.  Words side by side become the recall
 * tiers (recall_first); build_plan puts the synonyms, translations,
 * proximity and all-words boosts around them.  A node whose form is not
 * planned here is planned as the QueryParser read its text
 * (query_parsed.c), which refuses, with the column, a form no rule
 * reads.
 */
#include "query_lower.h"

#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "hash.h"
#include "query_cjk.h"
#include "query_parsed.h"
#include "utf8.h"

/* How much a match through the thesaurus counts against a literal one. */
#define SYNONYM_WEIGHT 0.5
/* A match of a role's agencies (role:NAME), as a thesaurus group's. */
#define ROLE_WEIGHT 0.5
/* A match of a thesaurus group's tag (topic:N): the tag is a boolean
   term (a weighted one would lengthen every tagged item and so change
   the ranking of every other query), so a match gets a fixed weight. */
#define TOPIC_WEIGHT 1.0
/* Weight added to items that match every word, so that they rank first. */
#define ALL_WORDS_BOOST 1000.0
/* Weight added for each optional clause an item matches, so that items
   rank by how many they match (more than any BM25 weight of a clause). */
#define CLAUSE_COUNT_BOOST 100.0
/* How much a proximity match of two neighbouring query words counts,
   and the window within which they count as near. */
#define PROXIMITY_WEIGHT 1.0
#define PROXIMITY_WINDOW 4
/* At least k of n clauses as an OR of ANDs only up to this many ANDs
   (3 of 11; 4 of 12 is 495). */
#define MAX_COMBINATIONS 256
/* A query of more optional clauses than this (a pasted page, not a
   question) keeps only this many, its rarest, and no proximity,
   synonym or translation boosts (lexsearch-query(7)). */
#define LONG_QUERY_CLAUSES 32

/* A clause's frequency not asked yet (clause_memo_t). */
#define FREQ_UNKNOWN ULONG_MAX

/*
 * The clauses one build planned (clauses_of), by the index of their
 * first kid in the top CLAUSES node of its tree, for a second build of
 * the same query with other options (the plan with groups written out)
 * to reuse: a clause the same in both trees is planned, and its
 * frequency asked of the index, once.
 */
typedef struct {
    const lex_qnode_t *top; /* the top the clauses are of; NULL: none */
    lex_plan_t **plan;      /* of the clause of kids [i, end[i]); NULL
                               when no clause begins at kid i */
    size_t *end;
    unsigned long *freq; /* its matches_about, or FREQ_UNKNOWN */
} clause_memo_t;

/* The state of one lowering: options, and the join of words side by
   side in the clauses read now. */
typedef struct {
    const lex_qlower_opts_t *o;
    lex_pkind_t join;
    bool long_query;             /* over LONG_QUERY_CLAUSES: boosts left
                                    out */
    clause_memo_t *memo;         /* where clauses_of records its clauses;
                                    NULL: nowhere */
    const clause_memo_t *before; /* the clauses of a first build */
    lex_err_t *err;              /* the message of a refusal */
    bool refused;                /* a clause was refused */
} lower_t;

static lex_plan_t *build(lower_t *l, const lex_qnode_t *n, lex_pkind_t op);

/* The stem of the ASCII word w (n bytes), lower-cased, as a term. */
static lex_plan_t *
stem_term(const lex_qlower_opts_t *o, const char *w, size_t n)
{
    lex_buf_t stem = LEX_BUF_INIT;
    lex_plan_t *t = lex_stem_lowered(o->ix->stem, o->ix->ctx, w, n, &stem)
                        ? lex_plan_term(lex_buf_str(&stem), stem.len)
                        : NULL;
    lex_buf_free(&stem);
    return t;
}

/* Notes st, the status of a reading that made no plan: a refusal
   (its message in l->err) ends the lowering. */
static lex_plan_t *
failed_reading(lower_t *l, lex_status_t st)
{
    if (st == LEX_EPARSE)
        l->refused = true;
    return NULL;
}

/* The node n read alone (lex_parsed_plan); NULL when it is refused
   (l->refused) or memory ran out. */
static lex_plan_t *
parsed_alone(lower_t *l, const lex_qnode_t *n)
{
    lex_plan_t *planned = NULL;
    if (l->refused)
        return NULL;
    lex_status_t st = lex_parsed_plan(n, l->join, l->o, &planned, l->err);
    return st == LEX_OK ? planned : failed_reading(l, st);
}

/* The term prefix followed by s (n bytes). */
static lex_plan_t *
prefixed_term(const char *prefix, const char *s, size_t n)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_puts(&b, prefix);
    lex_buf_append(&b, s, n);
    lex_plan_t *t =
        lex_buf_failed(&b) ? NULL : lex_plan_term(lex_buf_str(&b), b.len);
    lex_buf_free(&b);
    return t;
}

/* True when w (n bytes) is letters and digits only. */
static bool
is_alnum_word(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)w[i]))
            return false;
    return true;
}

/* stem_term, for lex_plan_phrase_of. */
static lex_plan_t *
opts_stem_term(void *o, const char *w, size_t n)
{
    return stem_term(o, w, n);
}

/* The stems of a phrase of ASCII words side by side; NULL in *out and
   false when it holds anything else (query_parsed.c reads it then). */
static bool
phrase_plan(const lex_qlower_opts_t *o, const lex_qnode_t *n, lex_plan_t **out)
{
    size_t words = lex_plan_ascii_words(n->text, n->text_len);
    if (words == 0)
        return false;
    lex_plan_t *p = lex_plan_phrase_of(n->text, n->text_len, ' ', words,
                                       opts_stem_term, (void *)o);
    if (p && words == 1) {
        lex_plan_t *only = p->kids[0];
        p->n_kids = 0;
        lex_plan_free(p);
        p = only;
    }
    *out = p;
    return true;
}

lex_plan_t *
lex_role_plan(const lex_gazetteer_t *gz, const char *role, size_t n)
{
    char *name = malloc(n + 1);
    if (!name)
        return NULL;
    memcpy(name, role, n);
    name[n] = '\0';
    const char **ids = NULL;
    size_t k = gz ? lex_gazetteer_role_agencies(gz, name, &ids) : 0;
    free(name);
    if (k == 0) {
        free(ids);
        return lex_plan_new(LEX_P_NOTHING);
    }
    lex_plan_t *any = lex_plan_new(LEX_P_OR);
    for (size_t i = 0; i < k; i++)
        any = lex_plan_add(
            any, prefixed_term(LEX_PREFIX_AGENCY, ids[i], strlen(ids[i])));
    free(ids);
    return lex_plan_join(LEX_P_FILTER, lex_plan_fixed_weight(ROLE_WEIGHT), any);
}

lex_plan_t *
lex_topic_plan(const char *g, size_t n)
{
    return lex_plan_join(LEX_P_FILTER, lex_plan_fixed_weight(TOPIC_WEIGHT),
                         prefixed_term(LEX_PREFIX_TOPIC, g, n));
}

/* Planned here, not by the parser: a kid of CLAUSES that the parser
   would not read as a filter, a + or a - (those change how it joins
   the clauses). */
static bool
joins_plainly(const lex_qnode_t *n)
{
    switch (n->kind) {
    case LEX_Q_WORD:
    case LEX_Q_PHRASE:
    case LEX_Q_CJK:
    case LEX_Q_WILDCARD:
    case LEX_Q_ALT:
    case LEX_Q_SYNONYMS:
    case LEX_Q_TOPIC:
    case LEX_Q_ENTITY:
    case LEX_Q_FIELD:
        return true;
    case LEX_Q_FILTER: /* agency: and law: are plain terms */
        return (n->name_len == 6 && memcmp(n->name, "agency", 6) == 0) ||
               (n->name_len == 3 && memcmp(n->name, "law", 3) == 0);
    default:
        return false;
    }
}

/* The kids of n joined by op; query_parsed.c's reading when a kid
   would change how it joins them. */
static lex_plan_t *
joined(lower_t *l, const lex_qnode_t *n, lex_pkind_t op)
{
    for (size_t i = 0; i < n->n_kids; i++)
        if (!joins_plainly(n->kids[i]))
            return parsed_alone(l, n);
    lex_plan_t *p = lex_plan_new(op);
    for (size_t i = 0; i < n->n_kids && p; i++)
        p = lex_plan_add(p, build(l, n->kids[i], op));
    return p;
}

/* The OR of the plans of n's kids (an alternative, a group). */
static lex_plan_t *
any_kid(lower_t *l, const lex_qnode_t *n)
{
    lex_plan_t *p = lex_plan_new(LEX_P_OR);
    for (size_t i = 0; i < n->n_kids && p; i++)
        p = lex_plan_add(p, build(l, n->kids[i], LEX_P_AND));
    return p;
}

/*
 * The plan of a node of the expanded tree, as Xapian's parser would read
 * the node's text (so that ranking does not change); op joins words side
 * by side.
 */
static lex_plan_t *
build(lower_t *l, const lex_qnode_t *n, lex_pkind_t op)
{
    lex_plan_t *p = NULL;
    switch (n->kind) {
    case LEX_Q_WORD:
        if (!lex_query_is_plain_word(n->text, n->text_len) ||
            !is_alnum_word(n->text, n->text_len))
            break;
        return stem_term(l->o, n->text, n->text_len);
    case LEX_Q_PHRASE:
        if (phrase_plan(l->o, n, &p))
            return p;
        break;
    case LEX_Q_CJK:
        if (lex_cjk_plan(n->text, n->text_len, l->o->ix->term_freq,
                         l->o->ix->ctx, &p) != LEX_OK)
            return NULL;
        if (p)
            return p;
        break;
    case LEX_Q_ALT:
    case LEX_Q_SYNONYMS:
        return any_kid(l, n);
    case LEX_Q_TOPIC: {
        char g[24];
        int k = snprintf(g, sizeof g, "%u", n->window);
        return lex_topic_plan(g, (size_t)k);
    }
    case LEX_Q_ENTITY:
        if (n->name[0] == 'r')
            return lex_role_plan(l->o->gz, n->text, n->text_len);
        return prefixed_term(n->name[0] == 'a' ? LEX_PREFIX_AGENCY
                                               : LEX_PREFIX_LAW,
                             n->text, n->text_len);
    case LEX_Q_CLAUSES:
        return joined(l, n, op);
    case LEX_Q_GROUP:
        if (n->n_kids == 1 && n->kids[0]->kind == LEX_Q_CLAUSES)
            return joined(l, n->kids[0], LEX_P_AND);
        break;
    default:
        break;
    }
    return parsed_alone(l, n);
}

lex_plan_t *
lex_plan_of_node(const lex_qnode_t *n, lex_pkind_t op,
                 const lex_qlower_opts_t *o)
{
    lex_err_t err = {0};
    lower_t l = {o, LEX_P_AND, false, NULL, NULL, &err, false};
    return build(&l, n, op);
}

/* The plan of a whole expanded tree, words side by side joined by op. */
static lex_plan_t *
build_root(lower_t *l, const lex_query_t *tree, lex_pkind_t op)
{
    const lex_qnode_t *root = lex_query_root(tree);
    return root ? build(l, root, op) : lex_plan_new(LEX_P_NOTHING);
}

/*
 * How many of n optional clauses an item must match to be returned: one
 * of one or two, two of three, and a third (rounded down, at least one)
 * of four or more.  Items rank by how many they match (clause_count), so
 * a low bar only adds items below the better ones: a question of seven
 * concepts whose relevant items each name two of them (the words of the
 * page differ from the query's) still finds them, where "more than half"
 * returned a single item.  Three clauses keep two: a typo in one of three
 * words would otherwise find as much as its correction, which is then
 * not applied (lexsearch's spelling rule).
 */
static size_t
clauses_needed(size_t n)
{
    return n <= 2 ? 1 : n == 3 ? 2 : n / 3 > 1 ? n / 3 : 1;
}

/* n choose k, saturating at limit + 1. */
static size_t
combinations(size_t n, size_t k, size_t limit)
{
    size_t c = 1;
    for (size_t i = 0; i < k; i++) {
        c = c * (n - i) / (i + 1);
        if (c > limit)
            return limit + 1;
    }
    return c;
}

/* The OR (or another operator) of copies of the n plans qs. */
static lex_plan_t *
copies(lex_pkind_t op, lex_plan_t *const *qs, size_t n)
{
    lex_plan_t *p = lex_plan_new(op);
    for (size_t i = 0; i < n && p; i++)
        p = lex_plan_add(p, lex_plan_share(qs[i]));
    return p;
}

/* Items matching at least k of the n clauses qs (no weight of its own):
   the OR of the ANDs of each k of them. */
static lex_plan_t *
at_least(lex_plan_t *const *qs, size_t n, size_t k)
{
    lex_plan_t *ors = lex_plan_new(LEX_P_OR);
    size_t pick[MAX_COMBINATIONS];
    for (size_t i = 0; i < k; i++)
        pick[i] = i;
    while (ors) {
        lex_plan_t *and_of = lex_plan_new(LEX_P_AND);
        for (size_t i = 0; i < k && and_of; i++)
            and_of = lex_plan_add(and_of, lex_plan_share(qs[pick[i]]));
        ors = lex_plan_add(ors, and_of);
        size_t i = k;
        while (i > 0 && pick[i - 1] == n - k + i - 1)
            i--;
        if (i == 0)
            break;
        pick[i - 1]++;
        for (size_t j = i; j < k; j++)
            pick[j] = pick[j - 1] + 1;
    }
    return ors;
}

/*
 * The OR of the n clauses counted (the clauses qs as counted_clauses
 * weighs them), of the items that match enough of qs (clauses_needed);
 * of any one when that takes more than MAX_COMBINATIONS ANDs, as of a
 * long query's 32.  Any one is the OR itself.  A shorter query keeps the
 * filter all the same: without it, or with a smaller one, Xapian's
 * estimate of the matches above 1,000 (the product of a FILTER's sides')
 * would change, and so would the order Xapian runs the filter in (CAC
 * 国家网信办: 15% more instructions).  A long query has none, as each of
 * its clauses opens a posting list per term; unless a clause holds a
 * fixed weight (Xapian 1.4 counts one under a filter in its
 * percentages), and then the OR of qs as lex_plan_matching makes it.
 */
static lex_plan_t *
enough_clauses(lex_plan_t *const *counted, lex_plan_t *const *qs, size_t n,
               bool long_query)
{
    size_t k = clauses_needed(n);
    lex_plan_t *any = copies(LEX_P_OR, counted, n);
    if (k > 1 && combinations(n, k, MAX_COMBINATIONS) <= MAX_COMBINATIONS)
        return lex_plan_join(LEX_P_FILTER, any, at_least(qs, n, k));
    lex_plan_t *plain = copies(LEX_P_OR, qs, n);
    if (!long_query)
        return lex_plan_join(LEX_P_FILTER, any, plain);
    if (!any || !plain || !lex_plan_has_fixed_weight(plain)) {
        lex_plan_free(plain);
        return any;
    }
    lex_plan_t *matching = lex_plan_matching(plain);
    lex_plan_free(plain);
    return lex_plan_join(LEX_P_FILTER, any, matching);
}

/*
 * Each clause qs[i] weighed with CLAUSE_COUNT_BOOST added, into
 * counted[i]: (AND clause (FIXED 100)), which matches the items the
 * clause matches, so that their OR adds the boost once per clause an
 * item matches without a second posting list for each of its terms
 * (those of a pasted page's 32 clauses cost a fifth of its time).  A
 * clause that holds a fixed weight stays as it is, and clause_count
 * counts it: Xapian 1.4 counts a fixed weight under a filter among the
 * matching subqueries of its percentages (a term there counts as none),
 * which the FILTER form keeps.  False when memory ran out.
 */
static bool
counted_clauses(lex_plan_t *const *qs, size_t n, lex_plan_t **counted)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        counted[i] =
            lex_plan_has_fixed_weight(qs[i])
                ? lex_plan_share(qs[i])
                : lex_plan_join(LEX_P_AND, lex_plan_share(qs[i]),
                                lex_plan_fixed_weight(CLAUSE_COUNT_BOOST));
        ok = ok && counted[i];
    }
    return ok;
}

/*
 * most (taken), with the weight CLAUSE_COUNT_BOOST added for each clause
 * of qs that an item matches and that counted_clauses left as it was
 * (it holds a fixed weight).  With the boost counted_clauses adds, the
 * items of a long query that match all clauses come first, then those
 * that match all but one, and so on, each by its BM25 weight.
 */
static lex_plan_t *
clause_count(lex_plan_t *most, lex_plan_t *const *qs, size_t n)
{
    lex_plan_t *count = lex_plan_new(LEX_P_OR);
    for (size_t i = 0; i < n && count; i++)
        if (lex_plan_has_fixed_weight(qs[i]))
            count = lex_plan_add(
                count, lex_plan_join(LEX_P_FILTER,
                                     lex_plan_fixed_weight(CLAUSE_COUNT_BOOST),
                                     lex_plan_matching(qs[i])));
    if (count && !count->n_kids) {
        lex_plan_free(count);
        return most;
    }
    return lex_plan_join(LEX_P_AND_MAYBE, most, count);
}

/*
 * The weighed clauses qs (n) of a recall-first query, of the items that
 * match enough of them (enough_clauses), ranked by how many they match
 * (counted_clauses, clause_count).  NULL when memory ran out.
 */
static lex_plan_t *
ranked_clauses(lex_plan_t *const *qs, size_t n, bool long_query)
{
    lex_plan_t **counted = calloc(n, sizeof *counted);
    lex_plan_t *most = counted && counted_clauses(qs, n, counted)
                           ? enough_clauses(counted, qs, n, long_query)
                           : NULL;
    for (size_t i = 0; counted && i < n; i++)
        lex_plan_free(counted[i]);
    free(counted);
    return most ? clause_count(most, qs, n) : NULL;
}

/* True for a kid of the top CLAUSES glued to the one before it, with no
   space between them ("(listed first);"): the two are one clause. */
static bool
glued(const lex_qnode_t *top, size_t i, const char *text)
{
    const lex_qnode_t *k = top->kids[i];
    return i && k->start >= 2 && k->start != top->kids[i - 1]->start &&
           text[k->start - 2] != ' ';
}

/* True for an operator, which keeps its meaning: no recall tiers. */
static bool
is_operator_node(const lex_qnode_t *n)
{
    switch (n->kind) {
    case LEX_Q_AND:
    case LEX_Q_OR:
    case LEX_Q_XOR:
    case LEX_Q_AND_NOT:
    case LEX_Q_NOT:
    case LEX_Q_NEAR:
    case LEX_Q_ADJ:
    case LEX_Q_CONNECTOR:
        return true;
    default:
        return false;
    }
}

/* The kinds of clause recall_first sorts side by side clauses into. */
enum { OPTIONAL, REQUIRED, EXCLUDED, STOPPED, N_SORTS };

/* Which of those the clause that starts with kid k is. */
static int
sort_of(const lex_qnode_t *k)
{
    if (k->kind == LEX_Q_EXCLUDED)
        return EXCLUDED;
    if (k->kind == LEX_Q_REQUIRED || k->kind == LEX_Q_FILTER ||
        k->kind == LEX_Q_DATE)
        return REQUIRED;
    if (k->kind == LEX_Q_WORD &&
        lex_query_is_plain_word(k->text, k->text_len) &&
        lex_is_stopword(k->text, k->text_len))
        return STOPPED;
    return OPTIONAL;
}

/* The plan of kids [i, j) of top, one clause (signs are the caller's):
   a kid alone built, glued kids side by side (lex_parsed_clause_plan),
   or read by the parser as one text when they hold a form it leaves. */
static lex_plan_t *
clause_plan(lower_t *l, const lex_qnode_t *top, size_t i, size_t j)
{
    const lex_qnode_t *k = top->kids[i];
    bool signed_ = k->kind == LEX_Q_REQUIRED || k->kind == LEX_Q_EXCLUDED;
    if (j == i + 1)
        return build(l, signed_ && k->n_kids ? k->kids[0] : k, LEX_P_AND);
    lex_plan_t *together = NULL;
    if (l->refused)
        return NULL;
    lex_status_t st =
        lex_parsed_clause_plan(top, i, j, l->join, l->o, &together, l->err);
    return st == LEX_OK ? together : failed_reading(l, st);
}

/* Clauses sorted by kind, as plans. */
typedef struct {
    lex_plan_t **of[N_SORTS];
    size_t *at[N_SORTS]; /* the index of each one's first kid */
    size_t n[N_SORTS];
    size_t cap[N_SORTS];
    size_t cap_at[N_SORTS];
} sorted_t;

/* Frees the plans of s. */
static void
sorted_free(sorted_t *s)
{
    for (int k = 0; k < N_SORTS; k++) {
        for (size_t i = 0; i < s->n[k]; i++)
            lex_plan_free(s->of[k][i]);
        free(s->of[k]);
        free(s->at[k]);
    }
}

/* Adds p, the clause of kids from kid at on, to the clauses of sort k
   (p NULL when unplanned: planned only if kept, keep_rarest); false
   (p freed) when out of memory. */
static bool
sorted_add(sorted_t *s, int k, lex_plan_t *p, size_t at, bool unplanned)
{
    lex_plan_t **more = p || unplanned ? lex_grow(s->of[k], s->n[k] + 1,
                                                  &s->cap[k], sizeof *more)
                                       : NULL;
    if (more)
        s->of[k] = more;
    size_t *ats =
        more ? lex_grow(s->at[k], s->n[k] + 1, &s->cap_at[k], sizeof *ats)
             : NULL;
    if (!ats) {
        lex_plan_free(p);
        return false;
    }
    s->at[k] = ats;
    s->at[k][s->n[k]] = at;
    s->of[k][s->n[k]++] = p;
    return true;
}

/* True when the nodes a and b and their kids say the same: planned
   alike. */
static bool
same_node(const lex_qnode_t *a, const lex_qnode_t *b)
{
    if (a->kind != b->kind || a->column != b->column || a->start != b->start ||
        a->name_len != b->name_len || a->text_len != b->text_len ||
        a->quoted != b->quoted || a->window != b->window ||
        a->connector != b->connector || strcmp(a->lo, b->lo) != 0 ||
        strcmp(a->hi, b->hi) != 0 || a->n_kids != b->n_kids ||
        (a->name_len && memcmp(a->name, b->name, a->name_len) != 0) ||
        (a->text_len && memcmp(a->text, b->text, a->text_len) != 0))
        return false;
    for (size_t i = 0; i < a->n_kids; i++)
        if (!same_node(a->kids[i], b->kids[i]))
            return false;
    return true;
}

/* The plan of the clause of kids [i, j) of top that the first build
   made of the same kids (l->before), shared; NULL when there is none. */
static lex_plan_t *
planned_before(const lower_t *l, const lex_qnode_t *top, size_t i, size_t j)
{
    const clause_memo_t *m = l->before;
    if (!m || !m->top || m->top->n_kids != top->n_kids || !m->plan[i] ||
        m->end[i] != j)
        return NULL;
    for (size_t g = i; g < j; g++)
        if (!same_node(m->top->kids[g], top->kids[g]))
            return NULL;
    return lex_plan_share(m->plan[i]);
}

/* Frees the plans and arrays of memo m (of a top of n kids). */
static void
memo_free(clause_memo_t *m)
{
    for (size_t i = 0; m->top && i < m->top->n_kids; i++)
        lex_plan_free(m->plan[i]);
    free(m->plan);
    free(m->end);
    free(m->freq);
    memset(m, 0, sizeof *m);
}

/* Makes l->memo ready for the clauses of top (kept as l->memo->top
   only when it is); false when out of memory. */
static bool
memo_start(lower_t *l, const lex_qnode_t *top)
{
    clause_memo_t *m = l->memo;
    if (!m)
        return true;
    size_t n = top->n_kids ? top->n_kids : 1;
    m->plan = calloc(n, sizeof *m->plan);
    m->end = calloc(n, sizeof *m->end);
    m->freq = malloc(n * sizeof *m->freq);
    if (!m->plan || !m->end || !m->freq) {
        memo_free(m);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        m->freq[i] = FREQ_UNKNOWN;
    m->top = top;
    return true;
}

/* Records c, the clause of kids [i, j), in l->memo. */
static void
memo_note(lower_t *l, size_t i, size_t j, lex_plan_t *c)
{
    if (!l->memo || !l->memo->top || !c)
        return;
    l->memo->plan[i] = lex_plan_share(c);
    l->memo->end[i] = j;
}

/* The end of the clause that begins at kid i of top: the first kid
   after it not glued to the one before. */
static size_t
clause_end(const lex_qnode_t *top, size_t i, const char *text)
{
    size_t j = i + 1;
    while (j < top->n_kids && glued(top, j, text))
        j++;
    return j;
}

/* A long query's choice of its rarest clauses (defined below). */
typedef struct chooser chooser_t;
static bool chooser_start(chooser_t *ch, const lower_t *l,
                          const lex_qnode_t *top, const char *text);
static bool estimated(chooser_t *ch, lower_t *l, const lex_qnode_t *top,
                      size_t i, size_t j, int sort);
static int sort_at(const chooser_t *ch, size_t i);

/*
 * The clauses of the expanded tree side by side, each planned alone (or
 * taken from a first build: planned_before), sorted into s; 0 when its
 * top is not clauses or holds an operator, -1 when one is refused
 * (l->refused) or out of memory.  Of a long query, a clause among those
 * it keeps the rarest of whose frequency ch can tell from its words is
 * left unplanned (NULL), its frequency noted in ch.
 */
static int
clauses_of(lower_t *l, const lex_query_t *tree, sorted_t *s, chooser_t *ch)
{
    const lex_qnode_t *top = lex_query_root(tree);
    if (!top || top->kind != LEX_Q_CLAUSES)
        return 0;
    for (size_t i = 0; i < top->n_kids; i++)
        if (is_operator_node(top->kids[i]))
            return 0;
    const char *text = lex_query_text(tree);
    if (!memo_start(l, top) || !chooser_start(ch, l, top, text))
        return -1;
    for (size_t i = 0; i < top->n_kids;) {
        size_t j = clause_end(top, i, text);
        int k = sort_at(ch, i);
        lex_plan_t *c = planned_before(l, top, i, j);
        bool later = !c && estimated(ch, l, top, i, j, k);
        if (!c && !later)
            c = clause_plan(l, top, i, j);
        memo_note(l, i, j, c);
        if (!sorted_add(s, k, c, i, later))
            return -1;
        i = j;
    }
    return 1;
}

/* a joined with each of the n plans of qs by op: ((a op q0) op q1)... */
static lex_plan_t *
fold_in(lex_pkind_t op, lex_plan_t *a, lex_plan_t *const *qs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        a = lex_plan_join(op, a, lex_plan_share(qs[i]));
    return a;
}

/*
 * The index's frequencies of the terms keep_rarest asked about, each
 * term asked once: a pasted page says its commonest words (and a
 * Chinese one its commonest characters) over and over.
 */
typedef struct {
    const lex_qindex_t *ix;
    lex_table_t by_term;
    char **terms;
    unsigned long *freq;
    size_t n, cap_terms, cap_freq;
} freqs_t;

/* Term i of the frequencies ctx. */
static const char *
term_of(const void *ctx, uint32_t i)
{
    return ((const freqs_t *)ctx)->terms[i];
}

/* Frees the terms and arrays of f. */
static void
freqs_free(freqs_t *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->terms[i]);
    free(f->terms);
    free(f->freq);
    lex_table_free(&f->by_term);
}

/* Files term t (n bytes) with its frequency k in f; false if no memory
   (f unchanged). */
static bool
freqs_add(freqs_t *f, const char *t, size_t n, unsigned long k)
{
    char **terms = lex_grow(f->terms, f->n + 1, &f->cap_terms, sizeof *terms);
    if (terms)
        f->terms = terms;
    unsigned long *freq =
        terms ? lex_grow(f->freq, f->n + 1, &f->cap_freq, sizeof *freq) : NULL;
    if (freq)
        f->freq = freq;
    char *copy = freq && lex_table_reserve(&f->by_term) ? strndup(t, n) : NULL;
    if (!copy)
        return false;
    f->terms[f->n] = copy;
    f->freq[f->n] = k;
    lex_table_fill(&f->by_term, lex_table_slot(&f->by_term, copy, n),
                   (uint32_t)f->n++);
    return true;
}

/* The frequency of a term filed by file_unasked, not asked yet. */
#define NOT_ASKED (ULONG_MAX - 1)

/*
 * How many items hold the term t (n bytes, NUL-terminated after them),
 * the index asked the first time only (and every time when memory ran
 * out); ULONG_MAX when the index is not asked (no term_freq).
 */
static unsigned long
term_freq(freqs_t *f, const char *t, size_t n)
{
    if (!f->ix->term_freq)
        return ULONG_MAX;
    uint32_t i =
        f->by_term.slots ? *lex_table_slot(&f->by_term, t, n) : LEX_TABLE_EMPTY;
    if (i != LEX_TABLE_EMPTY && f->freq[i] != NOT_ASKED)
        return f->freq[i];
    unsigned long k = f->ix->term_freq(f->ix->ctx, t, n);
    if (i != LEX_TABLE_EMPTY)
        f->freq[i] = k;
    else if (f->by_term.slots)
        freqs_add(f, t, n, k); /* without memory, asked again next time */
    return k;
}

/* Files the term t (n bytes) in f to be asked about (ask_filed) unless
   it is filed already; false when out of memory. */
static bool
file_unasked(freqs_t *f, const char *t, size_t n)
{
    return *lex_table_slot(&f->by_term, t, n) != LEX_TABLE_EMPTY ||
           freqs_add(f, t, n, NOT_ASKED);
}

/* True when the n bytes at s are ideographs, at least one. */
static bool
all_ideographs(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = lex_utf8_decode(s + i, n - i, &cp);
        if (len == 0 || !lex_is_ideograph(cp))
            return false;
        i += len;
    }
    return n > 0;
}

/*
 * The length of the n-gram of the Chinese word s (n bytes, all
 * ideographs) that a frequency is asked of at byte i: the pair of
 * neighbours from i, or the word when it is one character; 0 at the
 * last character of a longer word.  Its characters are not asked: every
 * item with a pair has both (Xapian's CJK n-grams), so none is rarer
 * than a pair that holds it, and the rarest n-gram of the word is a pair.
 */
static size_t
asked_ngram_len(const char *s, size_t n, size_t i)
{
    size_t second = lex_utf8_next(s, n, i);
    if (second >= n)
        return i == 0 ? second : 0;
    return lex_utf8_next(s, n, second) - i;
}

/* Files the n-grams that ngrams_freq asks about of the Chinese word s (n
   bytes) (asked_ngram_len); false when out of memory. */
static bool
file_ngrams(freqs_t *f, const char *s, size_t n)
{
    if (!all_ideographs(s, n))
        return true;
    for (size_t i = 0, len; (len = asked_ngram_len(s, n, i)) > 0;
         i = lex_utf8_next(s, n, i))
        if (!file_unasked(f, s + i, len))
            return false;
    return true;
}

/* Files the n-grams of the Chinese words of the node n that node_freq
   reads: n's own, or its forms' (an alternative, a group); false when
   out of memory. */
static bool
file_node_ngrams(freqs_t *f, const lex_qnode_t *n)
{
    if (n->kind == LEX_Q_CJK)
        return file_ngrams(f, n->text, n->text_len);
    if (n->kind != LEX_Q_ALT && n->kind != LEX_Q_SYNONYMS)
        return true;
    for (size_t i = 0; i < n->n_kids; i++)
        if (!file_node_ngrams(f, n->kids[i]))
            return false;
    return true;
}

/* A term of f to ask about: its text and its index in f. */
typedef struct {
    const char *term;
    uint32_t i;
} unasked_t;

/* Orders terms as Xapian's keys order them: byte by byte (qsort). */
static int
by_key(const void *a, const void *b)
{
    return strcmp(((const unasked_t *)a)->term, ((const unasked_t *)b)->term);
}

/*
 * Asks the index about the terms filed in f from the first-th on that
 * are not asked yet, in the order of their keys.  Xapian's B-tree
 * cursor then reads each leaf block once, where the n-grams of a pasted
 * page asked in the text's order each read a block of their own (3,424
 * reads for bench-cjk.sh's zh-prose).  When out of memory, none is
 * asked here (term_freq asks each when it is met).
 */
static void
ask_filed(freqs_t *f, size_t first)
{
    unasked_t *u = malloc((f->n > first ? f->n - first : 1) * sizeof *u);
    if (!u)
        return;
    size_t k = 0;
    for (size_t i = first; i < f->n; i++)
        if (f->freq[i] == NOT_ASKED)
            u[k++] = (unasked_t){f->terms[i], (uint32_t)i};
    qsort(u, k, sizeof *u, by_key);
    for (size_t i = 0; i < k; i++)
        f->freq[u[i].i] =
            f->ix->term_freq(f->ix->ctx, u[i].term, strlen(u[i].term));
    free(u);
}

/*
 * True when kid i of the AND p is one ideograph that a pair of them
 * beside it holds (lex_plan_pair_holds; lex_cjk_plan lays out a word's
 * n-grams so): it is never rarer than the pair, and its frequency need
 * not be asked.
 */
static bool
implied_by_pair(const lex_plan_t *p, size_t i)
{
    return (i > 0 && lex_plan_pair_holds(p->kids[i - 1], p->kids[i])) ||
           (i + 1 < p->n_kids &&
            lex_plan_pair_holds(p->kids[i + 1], p->kids[i]));
}

/*
 * About how many items the plan p matches, from its terms' frequencies
 * (f): an OR as many as its commonest kid, an AND as its rarest, a
 * boosted or filtered plan as what it boosts; ULONG_MAX for what the
 * index is not asked about (a wildcard, every item, or no term_freq).
 */
static unsigned long
matches_about(freqs_t *f, const lex_plan_t *p)
{
    bool any = false, every = false;
    switch (p->kind) {
    case LEX_P_NOTHING:
        return 0;
    case LEX_P_TERM:
        return term_freq(f, p->term, p->term_len);
    case LEX_P_OR:
    case LEX_P_XOR:
    case LEX_P_SYNONYM:
    case LEX_P_MAX:
    case LEX_P_ELITE_SET:
        any = true;
        break;
    case LEX_P_AND:
    case LEX_P_FILTER:
    case LEX_P_NEAR:
    case LEX_P_PHRASE:
        every = true;
        break;
    case LEX_P_AND_MAYBE:
    case LEX_P_AND_NOT:
    case LEX_P_SCALE_WEIGHT:
        return p->n_kids ? matches_about(f, p->kids[0]) : 0;
    default:
        return ULONG_MAX;
    }
    unsigned long m = every ? ULONG_MAX : 0;
    for (size_t i = 0; i < p->n_kids; i++) {
        if (p->kind == LEX_P_AND && implied_by_pair(p, i))
            continue;
        unsigned long k = matches_about(f, p->kids[i]);
        if (any ? k > m : k < m)
            m = k;
    }
    return m;
}

/*
 * matches_about the clause q, which begins at kid at: as the first
 * build (l->before) counted it when q is its plan, and recorded in
 * l->memo.
 */
static unsigned long
clause_freq(const lower_t *l, freqs_t *f, const lex_plan_t *q, size_t at)
{
    const clause_memo_t *b = l->before;
    unsigned long k = b && b->top && b->top->n_kids > at && b->plan[at] == q &&
                              b->freq[at] != FREQ_UNKNOWN
                          ? b->freq[at]
                          : matches_about(f, q);
    if (l->memo && l->memo->top)
        l->memo->freq[at] = k;
    return k;
}

/*
 * The choice of a long query's rarest clauses: the frequencies asked of
 * the index (each term once), and those of the clauses clauses_of left
 * unplanned, found from their words as matches_about would find them
 * from their plans.  So a pasted page's hundreds of clauses are not
 * planned only to be counted and thrown away: only the kept ones are.
 */
struct chooser {
    freqs_t f;
    unsigned char *sorts; /* by a clause's first kid: its sort_of */
    unsigned long *est;   /* by a clause's first kid: its frequency, when
                             unplanned */
    int sort;             /* the sort of clause the rarest are kept of */
    bool on;              /* more than LONG_QUERY_CLAUSES of them */
};

/* Frees what ch holds. */
static void
chooser_free(chooser_t *ch)
{
    freqs_free(&ch->f);
    free(ch->sorts);
    free(ch->est);
}

/*
 * Asks the index about the n-grams of the Chinese words of the clauses
 * ch chooses among, all at once in the order of their keys
 * (ask_filed), before their frequencies are read clause by clause.  A
 * first build (l->before) has them asked already.
 */
static void
ask_ngrams_first(chooser_t *ch, const lex_qnode_t *top, const char *text)
{
    size_t first = ch->f.n;
    for (size_t i = 0; i < top->n_kids; i = clause_end(top, i, text))
        if (ch->sorts[i] == ch->sort && !file_node_ngrams(&ch->f, top->kids[i]))
            break; /* out of memory: the rest are asked as they are met */
    ask_filed(&ch->f, first);
}

/*
 * Readies ch for the clauses of top: the sort of each (sort_of, asked
 * once), which sort recall_first keeps the rarest of (the optional
 * clauses, or the stopped words when there are none) and whether there
 * are more than LONG_QUERY_CLAUSES of them; false when out of memory.
 */
static bool
chooser_start(chooser_t *ch, const lower_t *l, const lex_qnode_t *top,
              const char *text)
{
    size_t n[N_SORTS] = {0};
    ch->sorts = malloc(top->n_kids ? top->n_kids : 1);
    if (!ch->sorts)
        return false;
    for (size_t i = 0; i < top->n_kids; i = clause_end(top, i, text)) {
        ch->sorts[i] = (unsigned char)sort_of(top->kids[i]);
        n[ch->sorts[i]]++;
    }
    ch->sort = n[OPTIONAL] ? OPTIONAL : STOPPED;
    ch->on = n[ch->sort] > LONG_QUERY_CLAUSES;
    if (!ch->on)
        return true;
    ch->f.ix = l->o->ix;
    (void)lex_table_init(&ch->f.by_term, 10, term_of,
                         &ch->f); /* or ask each time */
    ch->est = malloc(top->n_kids * sizeof *ch->est);
    if (ch->est && ch->f.by_term.slots && ch->f.ix->term_freq && !l->before)
        ask_ngrams_first(ch, top, text);
    return ch->est != NULL;
}

/* The sort of the clause that begins at kid i (chooser_start). */
static int
sort_at(const chooser_t *ch, size_t i)
{
    return ch->sorts[i];
}

/*
 * Into *freq, matches_about of lex_cjk_plan's plan of the Chinese word
 * s (n bytes): the lowest frequency of its n-grams, since the plan
 * requires them all (a long run lacking one is nothing: 0) and a long
 * run keeps its rarest; found from its pairs alone (asked_ngram_len).
 * As lex_cjk_plan, it asks no more after an n-gram no item holds.
 * False when s is empty or holds anything but ideographs (the parser
 * reads it: planned).
 */
static bool
ngrams_freq(freqs_t *f, const char *s, size_t n, unsigned long *freq)
{
    if (!all_ideographs(s, n))
        return false;
    unsigned long m = ULONG_MAX;
    for (size_t i = 0, len; m && (len = asked_ngram_len(s, n, i)) > 0;
         i = lex_utf8_next(s, n, i)) {
        unsigned long k = term_freq(f, s + i, len);
        m = k < m ? k : m;
    }
    *freq = m;
    return true;
}

/* Into *freq, the frequency of the stem of the ASCII word w (n bytes),
   stem_term's term; false when memory ran out. */
static bool
stem_freq(freqs_t *f, const lex_qlower_opts_t *o, const char *w, size_t n,
          unsigned long *freq)
{
    lex_buf_t stem = LEX_BUF_INIT;
    bool ok = lex_stem_lowered(o->ix->stem, o->ix->ctx, w, n, &stem);
    if (ok)
        *freq = term_freq(f, lex_buf_str(&stem), stem.len);
    lex_buf_free(&stem);
    return ok;
}

/* Into *freq, matches_about of the plan of the word n (its stem, as
   build plans it); false when build would read it otherwise, or memory
   ran out. */
static bool
word_freq(freqs_t *f, const lex_qlower_opts_t *o, const lex_qnode_t *n,
          unsigned long *freq)
{
    return lex_query_is_plain_word(n->text, n->text_len) &&
           is_alnum_word(n->text, n->text_len) &&
           stem_freq(f, o, n->text, n->text_len, freq);
}

/* Into *freq, matches_about of phrase_plan's plan of the phrase n: the
   lowest frequency of its words' stems (the PHRASE requires them all);
   false when it is not ASCII words (the parser reads it), or memory ran
   out. */
static bool
phrase_freq(freqs_t *f, const lex_qlower_opts_t *o, const lex_qnode_t *n,
            unsigned long *freq)
{
    if (lex_plan_ascii_words(n->text, n->text_len) == 0)
        return false;
    unsigned long m = ULONG_MAX;
    for (size_t i = 0; i < n->text_len;) {
        size_t j = i;
        while (j < n->text_len && n->text[j] != ' ')
            j++;
        unsigned long k;
        if (!stem_freq(f, o, n->text + i, j - i, &k))
            return false;
        m = k < m ? k : m;
        i = j + 1;
    }
    *freq = m;
    return true;
}

/* Into *freq, matches_about of build's plan of the agency or law n (its
   prefixed term); false for a role (planned), or when memory ran out. */
static bool
entity_freq(freqs_t *f, const lex_qnode_t *n, unsigned long *freq)
{
    if (n->name[0] == 'r')
        return false;
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_puts(&b, n->name[0] == 'a' ? LEX_PREFIX_AGENCY : LEX_PREFIX_LAW);
    lex_buf_append(&b, n->text, n->text_len);
    bool ok = !lex_buf_failed(&b);
    if (ok)
        *freq = term_freq(f, lex_buf_str(&b), b.len);
    lex_buf_free(&b);
    return ok;
}

/* Into *freq, matches_about of lex_topic_plan's plan of the tag n
   (a fixed weight filtering its term: the term's frequency); false when
   out of memory. */
static bool
topic_freq(freqs_t *f, const lex_qnode_t *n, unsigned long *freq)
{
    lex_buf_t b = LEX_BUF_INIT;
    char g[24];
    int k = snprintf(g, sizeof g, "%u", n->window);
    lex_buf_puts(&b, LEX_PREFIX_TOPIC);
    lex_buf_append(&b, g, (size_t)k);
    bool ok = !lex_buf_failed(&b);
    if (ok)
        *freq = term_freq(f, lex_buf_str(&b), b.len);
    lex_buf_free(&b);
    return ok;
}

static bool node_freq(chooser_t *ch, lower_t *l, const lex_qnode_t *n,
                      unsigned long *freq);

/* Into *freq, matches_about of any_kid's plan of n: the OR of its kids,
   as many as its commonest (0 for none); false as node_freq. */
static bool
any_kid_freq(chooser_t *ch, lower_t *l, const lex_qnode_t *n,
             unsigned long *freq)
{
    unsigned long m = 0;
    for (size_t i = 0; i < n->n_kids; i++) {
        unsigned long k;
        if (!node_freq(ch, l, n->kids[i], &k))
            return false;
        m = k > m ? k : m;
    }
    *freq = m;
    return true;
}

/*
 * Into *freq, matches_about of build's plan of the node n (words side
 * by side joined by AND), found from its words where that plan is made
 * of them alone (a word's stem, a Chinese word's n-grams, a phrase's
 * stems, an agency's or law's term, the OR of an alternative's or a
 * group's forms, a tag's term); of any other node,
 * from its plan, made and freed.  False when that plan was not made
 * (refused, l->refused, or out of memory).
 */
static bool
node_freq(chooser_t *ch, lower_t *l, const lex_qnode_t *n, unsigned long *freq)
{
    switch (n->kind) {
    case LEX_Q_WORD:
        if (word_freq(&ch->f, l->o, n, freq))
            return true;
        break;
    case LEX_Q_CJK:
        if (ngrams_freq(&ch->f, n->text, n->text_len, freq))
            return true;
        break;
    case LEX_Q_PHRASE:
        if (phrase_freq(&ch->f, l->o, n, freq))
            return true;
        break;
    case LEX_Q_ENTITY:
        if (entity_freq(&ch->f, n, freq))
            return true;
        break;
    case LEX_Q_ALT:
    case LEX_Q_SYNONYMS:
        return any_kid_freq(ch, l, n, freq);
    case LEX_Q_TOPIC:
        return topic_freq(&ch->f, n, freq);
    default:
        break;
    }
    lex_plan_t *p = build(l, n, LEX_P_AND);
    if (p)
        *freq = matches_about(&ch->f, p);
    lex_plan_free(p);
    return p != NULL;
}

/* Into *freq, the frequency the first build (l->before) found of the
   clause of the same kids [i, j) of top; false when it found none. */
static bool
freq_before(const lower_t *l, const lex_qnode_t *top, size_t i, size_t j,
            unsigned long *freq)
{
    const clause_memo_t *m = l->before;
    if (!m || !m->top || m->top->n_kids != top->n_kids || m->end[i] != j ||
        m->freq[i] == FREQ_UNKNOWN)
        return false;
    for (size_t g = i; g < j; g++)
        if (!same_node(m->top->kids[g], top->kids[g]))
            return false;
    *freq = m->freq[i];
    return true;
}

/* True for a node node_freq finds the frequency of from its words,
   its own plan not made. */
static bool
freq_from_words(const lex_qnode_t *n)
{
    return n->kind == LEX_Q_WORD || n->kind == LEX_Q_CJK ||
           n->kind == LEX_Q_PHRASE || n->kind == LEX_Q_ENTITY ||
           n->kind == LEX_Q_ALT || n->kind == LEX_Q_SYNONYMS ||
           n->kind == LEX_Q_TOPIC;
}

/*
 * True when the clause of kids [i, j) of top, of sort sort, is one ch
 * chooses among and its frequency is known (found by a first build) or
 * found from its words (node_freq of a lone kid that freq_from_words),
 * noted in ch->est and l->memo: it is planned only if kept.
 */
static bool
estimated(chooser_t *ch, lower_t *l, const lex_qnode_t *top, size_t i, size_t j,
          int sort)
{
    if (!ch->on || sort != ch->sort)
        return false;
    const lex_qnode_t *n = top->kids[i];
    unsigned long k = 0;
    bool found = freq_before(l, top, i, j, &k);
    if (!found && j == i + 1 && freq_from_words(n))
        found = node_freq(ch, l, n, &k);
    if (found)
        ch->est[i] = k;
    if (found && l->memo && l->memo->top) {
        l->memo->freq[i] = k;
        l->memo->end[i] = j;
    }
    return found;
}

/* Plans into *q the kept clause that begins at kid i of tree's top,
   which clauses_of left unplanned; false when out of memory. */
static bool
plan_kept(lower_t *l, const lex_query_t *tree, size_t i, lex_plan_t **q)
{
    const lex_qnode_t *top = lex_query_root(tree);
    size_t j = clause_end(top, i, lex_query_text(tree));
    *q = clause_plan(l, top, i, j);
    memo_note(l, i, j, *q);
    return *q != NULL;
}

/* A clause of keep_rarest: its frequency and its place. */
typedef struct {
    unsigned long freq;
    size_t i;
} ranked_t;

/* The rarer of two clauses first, of two as rare the earlier (qsort). */
static int
rarer_first(const void *a, const void *b)
{
    const ranked_t *x = a, *y = b;
    if (x->freq != y->freq)
        return x->freq < y->freq ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Keeps in qs (n plans, *n updated; at, the index of each one's first
 * kid of tree's top, kept alongside) the LONG_QUERY_CLAUSES that match
 * the fewest items (matches_about, or ch's estimate of an unplanned
 * one; one that matches none counts as common), in their order,
 * freeing the others and planning the kept unplanned ones: the clauses
 * of a pasted page that say most about it, so that its search takes
 * no longer than a question's.  Ties keep the earlier clause.  False
 * when out of memory (qs unchanged, or kept with a NULL plan).
 */
static bool
keep_rarest(lower_t *l, chooser_t *ch, const lex_query_t *tree, lex_plan_t **qs,
            size_t *at, size_t *n)
{
    ranked_t *r = malloc(*n * sizeof *r);
    bool *keep = calloc(*n ? *n : 1, sizeof *keep);
    if (!r || !keep) {
        free(r);
        free(keep);
        return false;
    }
    for (size_t i = 0; i < *n; i++) {
        r[i].freq =
            qs[i] ? clause_freq(l, &ch->f, qs[i], at[i]) : ch->est[at[i]];
        if (r[i].freq == 0) /* matches nothing: says nothing */
            r[i].freq = ULONG_MAX;
        r[i].i = i;
    }
    qsort(r, *n, sizeof *r, rarer_first);
    for (size_t k = 0; k < *n && k < LONG_QUERY_CLAUSES; k++)
        keep[r[k].i] = true;
    size_t kept = 0;
    bool planned = true;
    for (size_t i = 0; i < *n; i++) {
        if (keep[i]) {
            if (!qs[i]) {
                planned = plan_kept(l, tree, at[i], &qs[i]) && planned;
                /* chosen by its estimate, which must be what its plan
                   counts: node_freq reads words as build plans them */
                assert(!qs[i] ||
                       matches_about(&ch->f, qs[i]) == ch->est[at[i]]);
            }
            at[kept] = at[i];
            qs[kept++] = qs[i];
        } else
            lex_plan_free(qs[i]);
    }
    free(r);
    free(keep);
    *n = kept;
    return planned;
}

/*
 * The recall-first plan of a query made of clauses side by side: items
 * that match enough of the optional clauses (clauses_needed), those
 * matching all of them first (ALL_WORDS_BOOST, in build_plan), then by
 * how many they match (clause_count), +clauses and filters required,
 * -clauses excluded.  *all gets the plan of the items that match every
 * clause.  0 when the query does not have that shape (operators), or
 * has fewer than two clauses that matter; -1 when out of memory.
 */
static int
recall_first(lower_t *l, const lex_query_t *tree, lex_plan_t **ranked,
             lex_plan_t **all)
{
    sorted_t s = {0};
    chooser_t ch = {0};
    int shaped = clauses_of(l, tree, &s, &ch);
    if (shaped <= 0) {
        sorted_free(&s);
        chooser_free(&ch);
        return shaped;
    }
    int opt = s.n[OPTIONAL] ? OPTIONAL : STOPPED;
    l->long_query = s.n[opt] > LONG_QUERY_CLAUSES;
    bool kept = !l->long_query ||
                keep_rarest(l, &ch, tree, s.of[opt], s.at[opt], &s.n[opt]);
    chooser_free(&ch);
    if (!kept) {
        sorted_free(&s);
        return -1;
    }
    lex_plan_t *const *qs = s.of[opt];
    size_t n = s.n[opt];
    if (n < 2) {
        sorted_free(&s);
        return 0;
    }
    lex_plan_t *most = ranked_clauses(qs, n, l->long_query);
    *all = copies(LEX_P_AND, qs, n);
    most = fold_in(LEX_P_AND, most, s.of[REQUIRED], s.n[REQUIRED]);
    *all = fold_in(LEX_P_AND, *all, s.of[REQUIRED], s.n[REQUIRED]);
    most = fold_in(LEX_P_AND_NOT, most, s.of[EXCLUDED], s.n[EXCLUDED]);
    *all = fold_in(LEX_P_AND_NOT, *all, s.of[EXCLUDED], s.n[EXCLUDED]);
    *ranked = most;
    sorted_free(&s);
    if (!most || !*all) {
        lex_plan_free(most);
        lex_plan_free(*all);
        *ranked = *all = NULL;
        return -1;
    }
    return 1;
}

/*
 * Adds to out the phrases of each thesaurus group under n (of the tree
 * with its groups written out) that are in the other script than the
 * words typed there: the Chinese phrases of a group typed in English,
 * the English ones of a group typed in Chinese.  These are the typed
 * words' translations: an item written in the other language can only
 * say them so, and must not rank as a mere synonym's match.  Returns
 * out, NULL when out of memory.
 */
static lex_plan_t *
collect_translations(lower_t *l, const char *text, const lex_qnode_t *n,
                     lex_plan_t *out)
{
    if (n->kind != LEX_Q_SYNONYMS) {
        for (size_t i = 0; i < n->n_kids && out; i++)
            out = collect_translations(l, text, n->kids[i], out);
        return out;
    }
    bool chinese = n->column > 0 && (unsigned char)text[n->column - 1] >= 0x80;
    for (size_t i = 0; i < n->n_kids && out; i++) {
        if ((n->kids[i]->kind == LEX_Q_CJK) == chinese)
            continue;
        lex_plan_t *t = build(l, n->kids[i], LEX_P_AND);
        if (!chinese) /* its n-grams weigh as one word */
            t = lex_plan_add(t ? lex_plan_new(LEX_P_SYNONYM) : NULL, t);
        out = lex_plan_add(out, t);
    }
    return out;
}

/*
 * The words as typed (as_typed, joined by op) or their translations
 * through the thesaurus (collect_translations), which rank a match in
 * either language first: of "protection of minors" a Chinese item
 * saying 未成年人 weighs as an English one saying "minors", not as one
 * saying "children".
 */
static lex_plan_t *
typed_or_translated(lower_t *l, const lex_query_t *as_typed,
                    const lex_query_t *written_out, lex_pkind_t op)
{
    lex_pkind_t was = l->join;
    l->join = op;
    lex_plan_t *typed = build_root(l, as_typed, op);
    lex_plan_t *any = lex_plan_new(LEX_P_OR);
    if (lex_query_root(written_out) && any)
        any = collect_translations(l, lex_query_text(written_out),
                                   lex_query_root(written_out), any);
    l->join = was;
    if (any && any->n_kids == 0) {
        lex_plan_free(any);
        return typed;
    }
    return lex_plan_add(any, typed);
}

/* The number of terms of p when it is a phrase of terms alone, whose
   every term an item matching it matches; 0 otherwise. */
static size_t
phrase_terms(const lex_plan_t *p)
{
    if (p->kind != LEX_P_PHRASE)
        return 0;
    for (size_t i = 0; i < p->n_kids; i++)
        if (p->kids[i]->kind != LEX_P_TERM)
            return 0;
    return p->n_kids;
}

/* True when every item that t (the right of a typed AND_NOT) matches,
   e (the right of the synonyms' AND_NOT) matches too: t is a term of e,
   or e itself, compared without its position in the query. */
static bool
excluded_by(const lex_plan_t *t, const lex_plan_t *e)
{
    if (t->kind == LEX_P_TERM && e->kind == LEX_P_TERM)
        return t->term_len == e->term_len &&
               memcmp(t->term, e->term, t->term_len) == 0;
    if (e->kind == LEX_P_OR)
        for (size_t i = 0; i < e->n_kids; i++)
            if (excluded_by(t, e->kids[i]))
                return true;
    return lex_plan_same(t, e);
}

/*
 * The phrase p (shared) weighed factor times, searched once, with a
 * (FIXED 0) for each of its n terms: Xapian's percentages count the
 * weighted terms of a query and those an item matches, and these stand
 * for the terms of the copy of p that this one replaces (a fixed weight
 * counts as one subquery, matched wherever p matches), so that every
 * percentage stays what it was.
 */
static lex_plan_t *
phrase_once(lex_plan_t *p, double factor, size_t n)
{
    lex_plan_t *and_of = lex_plan_add(
        lex_plan_new(LEX_P_AND), lex_plan_scale(lex_plan_share(p), factor));
    for (size_t i = 0; i < n; i++)
        and_of = lex_plan_add(and_of, lex_plan_fixed_weight(0));
    return and_of;
}

/*
 * The synonyms' plan x weighed s times with the words as typed t added
 * where they match, (AND_MAYBE (SCALE_WEIGHT s x) t), in a form that
 * searches t's phrase once, into *out: when t is a phrase that is one of
 * the kids of x, an OR, (OR (AND (SCALE_WEIGHT 1+s t) (FIXED 0)...)
 * (SCALE_WEIGHT s other)...); and so on the left of an AND_NOT whose
 * exclusion covers t's.  The same items with the same weights (OR adds
 * them up; the right of an AND_NOT weighs nothing) and percentages
 * (phrase_once).  1 when folded, 0 when x and t have no such shape,
 * -1 when memory ran out.
 */
static int
fold_typed(lex_plan_t *x, lex_plan_t *t, double s, lex_plan_t **out)
{
    size_t n = phrase_terms(t);
    if (x->kind == LEX_P_AND_NOT && t->kind == LEX_P_AND_NOT &&
        x->n_kids == 2 && t->n_kids == 2 &&
        excluded_by(t->kids[1], x->kids[1])) {
        lex_plan_t *left = NULL;
        int r = fold_typed(x->kids[0], t->kids[0], s, &left);
        if (r == 1)
            *out =
                lex_plan_join(LEX_P_AND_NOT, left, lex_plan_share(x->kids[1]));
        return r == 1 && !*out ? -1 : r;
    }
    if (x->kind != LEX_P_OR || n == 0)
        return 0;
    size_t at = x->n_kids;
    for (size_t i = 0; i < x->n_kids && at == x->n_kids; i++)
        if (lex_plan_same(x->kids[i], t))
            at = i;
    if (at == x->n_kids)
        return 0;
    lex_plan_t *p = lex_plan_new(LEX_P_OR);
    for (size_t i = 0; i < x->n_kids && p; i++)
        p = lex_plan_add(
            p, i == at ? phrase_once(t, 1 + s, n)
                       : lex_plan_scale(lex_plan_share(x->kids[i]), s));
    *out = p;
    return p ? 1 : -1;
}

/* q, the synonyms' plan, weighed SYNONYM_WEIGHT times, with typed (the
   words as typed or their translations) ranking first: fold_typed's
   form when it has one, else (AND_MAYBE (SCALE_WEIGHT 0.5 q) typed).
   Takes both. */
static lex_plan_t *
with_typed(lex_plan_t *q, lex_plan_t *typed)
{
    lex_plan_t *folded = NULL;
    int r = q && typed ? fold_typed(q, typed, SYNONYM_WEIGHT, &folded) : 0;
    if (r != 0) {
        lex_plan_free(q);
        lex_plan_free(typed);
        return folded;
    }
    return lex_plan_join(LEX_P_AND_MAYBE, lex_plan_scale(q, SYNONYM_WEIGHT),
                         typed);
}

/* Adds the NEAR pair of two neighbouring words' stems (lex_pair_fn). */
static void
add_near_pair(void *ctx, const char *a, size_t an, const char *b, size_t bn)
{
    void **c = ctx;
    const lex_qlower_opts_t *o = c[0];
    lex_plan_t *pair = lex_plan_new(LEX_P_NEAR);
    if (pair)
        pair->window = PROXIMITY_WINDOW;
    pair = lex_plan_add(pair, stem_term(o, a, an));
    pair = lex_plan_add(pair, stem_term(o, b, bn));
    c[1] = lex_plan_add(c[1], pair);
}

/* Neighbouring words of the query near each other in an item; NOTHING
   when there are none. */
static lex_plan_t *
proximity_plan(const lex_qlower_opts_t *o, const char *text)
{
    void *c[2] = {(void *)o, lex_plan_new(LEX_P_OR)};
    if (c[1])
        lex_query_neighbours(text, add_near_pair, c);
    lex_plan_t *pairs = c[1];
    if (pairs && pairs->n_kids == 0) {
        lex_plan_free(pairs);
        return lex_plan_new(LEX_P_NOTHING);
    }
    return lex_plan_scale(pairs, PROXIMITY_WEIGHT);
}

/* tree expanded with opts o and thesaurus st, topics and literal. */
static lex_status_t
expand(const lex_query_t *tree, const lex_qlower_opts_t *o,
       const lex_stemmed_thesaurus_t *st, bool topics, bool literal,
       lex_query_t **out, lex_err_t *err)
{
    lex_qexpand_opts_t x = {o->gz,   st,          topics,
                            literal, o->sentence, o->paragraph};
    return lex_query_expand(tree, &x, out, err);
}

/* The expanded tree as the parser's text, in out (reset first). */
static void
written(const lex_query_t *q, bool wild, lex_buf_t *out)
{
    lex_buf_reset(out);
    lex_query_write(q, wild, out);
}

/* The trees of one lowering. */
typedef struct {
    lex_query_t *tree, *expanded, *as_typed, *groups;
} trees_t;

/* Frees the trees of t. */
static void
trees_free(trees_t *t)
{
    lex_query_free(t->tree);
    lex_query_free(t->expanded);
    lex_query_free(t->as_typed);
    lex_query_free(t->groups);
}

/* Parses text and makes the expanded tree build_plan searches. */
static lex_status_t
make_trees(const char *text, size_t len, const lex_qlower_opts_t *o, trees_t *t,
           lex_err_t *err)
{
    lex_status_t st = lex_query_parse(text, len, &t->tree, err);
    if (st == LEX_OK)
        st = expand(t->tree, o, o->thesaurus, o->topics, false, &t->expanded,
                    err);
    return st;
}

/*
 * Makes t->groups, the tree with the groups written out, from the tree
 * expanded with topics (t->expanded): a copy that writes out its TOPIC
 * nodes, so that the query is segmented and its names and phrases
 * looked up once, not once per tree.
 */
static lex_status_t
make_groups(const lex_qlower_opts_t *o, trees_t *t, lex_err_t *err)
{
    return t->groups ? LEX_OK
                     : lex_query_write_out_groups(t->expanded, o->thesaurus,
                                                  &t->groups, err);
}

/*
 * Makes the trees that weigh synonyms below the words as typed: the
 * words as typed and, with topics, the groups written out.  Only a query
 * that is not long needs them (a long one gets no such boost), so a
 * pasted page is expanded once, not three times.
 */
static lex_status_t
make_typed_trees(const lex_qlower_opts_t *o, trees_t *t, lex_err_t *err)
{
    lex_status_t st =
        t->as_typed ? LEX_OK
                    : expand(t->tree, o, NULL, false, true, &t->as_typed, err);
    if (st == LEX_OK && o->topics)
        st = make_groups(o, t, err);
    return st;
}

/* True when the expanded tree of t, written out, is the words as typed:
   no synonym, entity or other form was added; false when memory ran
   out (*failed set). */
static bool
same_as_typed(const trees_t *t, bool *failed)
{
    lex_buf_t rewritten = LEX_BUF_INIT, literal = LEX_BUF_INIT;
    written(t->expanded, true, &rewritten);
    written(t->as_typed, true, &literal);
    *failed = lex_buf_failed(&rewritten) || lex_buf_failed(&literal);
    bool same = rewritten.len == literal.len &&
                (!rewritten.len ||
                 memcmp(rewritten.data, literal.data, rewritten.len) == 0);
    lex_buf_free(&rewritten);
    lex_buf_free(&literal);
    return same;
}

/*
 * The plan of the expanded trees t of text: the recall tiers or the
 * tree as it is; synonyms weighed below the words as typed or their
 * translations; then, of a recall-first query, the proximity of
 * neighbouring words and the items with every word.  A long query's
 * items with every word are not handed out as out->all_words: the shim
 * would page by them and count them, two more searches of 32 clauses
 * for a count that a pasted page always has near 0.  Its clauses are
 * recorded in memo (NULL: not), and those planned alike by a first build
 * (before, NULL for none) taken from it.
 */
static lex_status_t
build_plan(const char *text, trees_t *t, const lex_qlower_opts_t *o,
           clause_memo_t *memo, const clause_memo_t *before,
           lex_qlowered_t *out, lex_err_t *err)
{
    lower_t l = {o, LEX_P_AND, false, memo, before, err, false};
    lex_plan_t *q = NULL, *all = NULL;
    int tiered = recall_first(&l, t->expanded, &q, &all);
    if (tiered < 0)
        return l.refused ? LEX_EPARSE : LEX_ENOMEM;
    if (!tiered)
        q = build_root(&l, t->expanded, LEX_P_AND);
    bool failed = false, same = true;
    if (!l.long_query) {
        lex_status_t st = make_typed_trees(o, t, err);
        if (st != LEX_OK) {
            lex_plan_free(q);
            lex_plan_free(all);
            return st;
        }
        same = same_as_typed(t, &failed);
    }
    if (!same) { /* synonyms widen the match; the words as typed, or
                    their translations, still rank first */
        lex_pkind_t op = tiered ? LEX_P_OR : LEX_P_AND;
        q = with_typed(
            q, typed_or_translated(&l, t->as_typed,
                                   t->groups ? t->groups : t->expanded, op));
    }
    if (tiered) { /* neighbouring words near each other, then items with
                     every word */
        lex_plan_t *near = l.long_query ? lex_plan_new(LEX_P_NOTHING)
                                        : proximity_plan(o, text);
        if (o->proximity_apart && near && !lex_plan_is_nothing(near))
            out->proximity = near;
        else if (near && !lex_plan_is_nothing(near))
            q = lex_plan_join(LEX_P_AND_MAYBE, q, near);
        else if (!near)
            failed = true;
        else
            lex_plan_free(near);
        q = lex_plan_join(LEX_P_AND_MAYBE, q,
                          lex_plan_join(LEX_P_FILTER,
                                        lex_plan_fixed_weight(ALL_WORDS_BOOST),
                                        lex_plan_matching(all)));
    }
    if (l.refused) { /* err says why */
        lex_plan_free(q);
        lex_plan_free(all);
        return LEX_EPARSE;
    }
    out->query = q;
    bool had_all = all != NULL;
    if (l.long_query) { /* those items still rank first, uncounted */
        lex_plan_free(all);
        all = NULL;
    }
    out->all_words = all;
    return failed || !q || (tiered && !had_all) ? LEX_ENOMEM : LEX_OK;
}

/*
 * The plan of the query of the trees t with its groups written out as
 * their phrases and the proximity bonus in it, into out->written_out:
 * what a
 * second lowering with topics and proximity_apart off would make, built
 * on the trees t already holds (the parsed tree, the groups written
 * out, the words as typed), which it takes, so that the query is parsed
 * and expanded once; the clauses the same as in the first build (before)
 * are taken from it.
 */
static lex_status_t
written_out_plan(trees_t *t, const lex_qlower_opts_t *o,
                 const clause_memo_t *before, lex_qlowered_t *out,
                 lex_err_t *err)
{
    lex_qlower_opts_t plain = *o;
    plain.topics = false;
    plain.proximity_apart = false;
    lex_status_t st = make_groups(o, t, err);
    trees_t w = {t->tree, t->groups, t->as_typed, NULL};
    t->tree = t->groups = t->as_typed = NULL;
    lex_qlowered_t low;
    memset(&low, 0, sizeof low);
    if (st == LEX_OK)
        st = build_plan(lex_query_text(w.tree), &w, &plain, NULL, before, &low,
                        err);
    out->written_out = low.query;
    low.query = NULL;
    lex_qlowered_free(&low);
    trees_free(&w);
    return st;
}

lex_status_t
lex_query_lower(const char *text, size_t len, const lex_qlower_opts_t *o,
                lex_qlowered_t *out, lex_err_t *err)
{
    memset(out, 0, sizeof *out);
    trees_t t = {0};
    clause_memo_t memo = {0};
    lex_status_t st = make_trees(text, len, o, &t, err);
    if (st == LEX_OK) {
        out->read_topic = lex_query_has_kind(t.expanded, LEX_Q_TOPIC);
        st = build_plan(lex_query_text(t.tree), &t, o,
                        out->read_topic ? &memo : NULL, NULL, out, err);
    }
    if (st == LEX_OK && out->read_topic)
        st = written_out_plan(&t, o, &memo, out, err);
    memo_free(&memo); /* before t.expanded, its top */
    trees_free(&t);
    if (st != LEX_OK)
        lex_qlowered_free(out);
    if (st == LEX_ENOMEM)
        lex_err_set(err, LEX_ENOMEM, "out of memory");
    return st;
}

void
lex_qlowered_free(lex_qlowered_t *out)
{
    lex_plan_free(out->query);
    lex_plan_free(out->all_words);
    lex_plan_free(out->proximity);
    lex_plan_free(out->written_out);
    out->query = out->all_words = out->proximity = NULL;
    out->written_out = NULL;
}
