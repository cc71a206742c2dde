/*
 * topics.c - the thesaurus groups an item matches (topics.h).
 *
 * A group is planned from its expanded tree (lex_query_of_group): its
 * English words and phrases by query_parsed.c as the QueryParser read
 * them, its Chinese phrases by query_cjk.c, each plan's positions moved
 * to follow the phrase before, the phrases ORed left to right.
 *
 * Each group's plan is copied into one array of nodes in preorder, a
 * node's kids right after it, each node knowing the size of its subtree;
 * leaves hold the number of their term.  The terms are numbered in a
 * hash table, and each term lists the groups naming it, so that an item
 * is matched only against the groups naming one of its terms: most items
 * have the words of a few groups only.
 */
#include "topics.h"

#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "query_cjk.h"
#include "query_parsed.h"

/* One node of a group: a term or an operator over the nodes after it. */
typedef struct {
    lex_pkind_t kind; /* LEX_P_TERM, LEX_P_OR, LEX_P_AND or LEX_P_PHRASE */
    size_t size;      /* nodes in its subtree, itself included */
    size_t term;      /* LEX_P_TERM: its number */
} topic_node_t;

/* A term some group names, and the groups that do, ascending. */
typedef struct {
    char *text;
    size_t len;
    size_t *groups;
    size_t n_groups, cap_groups;
} topic_term_t;

struct lex_topics {
    char id[LEX_TOPICS_ID_SIZE];
    topic_node_t *nodes; /* every group's, one after the other */
    size_t n_nodes, cap_nodes;
    size_t *roots; /* the first node of each group */
    size_t n_groups, cap_roots;
    topic_term_t *terms;
    size_t n_terms, cap_terms;
    size_t *slots; /* open addressing: a term's number + 1, 0 when free */
    size_t n_slots;
};

void
lex_topics_fingerprint(const lex_thesaurus_t *th, char id[LEX_TOPICS_ID_SIZE])
{
    snprintf(id, LEX_TOPICS_ID_SIZE, "topics-2-%016llx",
             th ? (unsigned long long)th->hash : 0ULL);
}

lex_topics_t *
lex_topics_new(const lex_thesaurus_t *th)
{
    lex_topics_t *t = calloc(1, sizeof *t);
    if (t)
        lex_topics_fingerprint(th, t->id);
    return t;
}

/*
 * The slot holding the term s (n bytes), or the free slot where it
 * would go.  The table has a free slot: it is at most half full.
 */
static size_t
find_slot(const lex_topics_t *t, const char *s, size_t n)
{
    size_t mask = t->n_slots - 1;
    for (size_t i = lex_hash64(s, n) & mask;; i = (i + 1) & mask) {
        size_t id = t->slots[i];
        if (id == 0)
            return i;
        const topic_term_t *e = &t->terms[id - 1];
        if (e->len == n && memcmp(e->text, s, n) == 0)
            return i;
    }
}

/* Doubles the hash table (64 slots at first) and files every term
   again; false when memory ran out. */
static bool
grow_slots(lex_topics_t *t)
{
    size_t n_slots = t->n_slots ? 2 * t->n_slots : 64;
    size_t *slots = calloc(n_slots, sizeof *slots);
    if (!slots)
        return false;
    free(t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    for (size_t i = 0; i < t->n_terms; i++)
        t->slots[find_slot(t, t->terms[i].text, t->terms[i].len)] = i + 1;
    return true;
}

size_t
lex_topics_term(const lex_topics_t *t, const char *term, size_t n)
{
    if (t->n_slots == 0)
        return LEX_TOPICS_NO_TERM;
    size_t id = t->slots[find_slot(t, term, n)];
    return id ? id - 1 : LEX_TOPICS_NO_TERM;
}

/* The number of term (n bytes), numbering it when new; *id is
   LEX_TOPICS_NO_TERM when memory ran out. */
static lex_status_t
intern_term(lex_topics_t *t, const char *term, size_t n, size_t *id)
{
    *id = lex_topics_term(t, term, n);
    if (*id != LEX_TOPICS_NO_TERM)
        return LEX_OK;
    if (2 * (t->n_terms + 1) > t->n_slots && !grow_slots(t))
        return LEX_ENOMEM;
    topic_term_t *more =
        lex_grow(t->terms, t->n_terms, &t->cap_terms, sizeof *t->terms);
    char *text = malloc(n + 1);
    if (more)
        t->terms = more;
    if (!more || !text) {
        free(text);
        return LEX_ENOMEM;
    }
    memcpy(text, term, n);
    text[n] = '\0';
    t->terms[t->n_terms] = (topic_term_t){.text = text, .len = n};
    t->slots[find_slot(t, term, n)] = t->n_terms + 1;
    *id = t->n_terms++;
    return LEX_OK;
}

/*
 * Appends p (and its kids) to t's nodes; LEX_EUSAGE for an operation
 * the tagger does not evaluate, LEX_ENOMEM when memory ran out.
 */
static lex_status_t
add_node(lex_topics_t *t, const lex_plan_t *p)
{
    if (p->kind != LEX_P_TERM && p->kind != LEX_P_OR && p->kind != LEX_P_AND &&
        p->kind != LEX_P_PHRASE)
        return LEX_EUSAGE;
    if (p->kind != LEX_P_TERM && p->n_kids == 0)
        return LEX_EUSAGE;
    topic_node_t *more =
        lex_grow(t->nodes, t->n_nodes, &t->cap_nodes, sizeof *t->nodes);
    if (!more)
        return LEX_ENOMEM;
    t->nodes = more;
    size_t at = t->n_nodes++;
    t->nodes[at] = (topic_node_t){.kind = p->kind, .size = 1};
    if (p->kind == LEX_P_TERM)
        return intern_term(t, p->term, p->term_len, &t->nodes[at].term);
    for (size_t i = 0; i < p->n_kids; i++) {
        if (p->kind == LEX_P_PHRASE && p->kids[i]->kind != LEX_P_TERM)
            return LEX_EUSAGE;
        lex_status_t st = add_node(t, p->kids[i]);
        if (st != LEX_OK)
            return st;
    }
    t->nodes[at].size = t->n_nodes - at;
    return LEX_OK;
}

/* Takes group g off the lists of the terms naming it (the last group
   added, so the last of each list). */
static void
forget_group(lex_topics_t *t, size_t g)
{
    for (size_t i = 0; i < t->n_terms; i++) {
        topic_term_t *e = &t->terms[i];
        if (e->n_groups > 0 && e->groups[e->n_groups - 1] == g)
            e->n_groups--;
    }
}

/* Lists group g, whose nodes begin at first, under each term it names. */
static lex_status_t
list_group(lex_topics_t *t, size_t g, size_t first)
{
    for (size_t i = first; i < t->n_nodes; i++) {
        if (t->nodes[i].kind != LEX_P_TERM)
            continue;
        topic_term_t *e = &t->terms[t->nodes[i].term];
        if (e->n_groups > 0 && e->groups[e->n_groups - 1] == g)
            continue;
        size_t *more =
            lex_grow(e->groups, e->n_groups, &e->cap_groups, sizeof *more);
        if (!more)
            return LEX_ENOMEM;
        e->groups = more;
        e->groups[e->n_groups++] = g;
    }
    return LEX_OK;
}

lex_status_t
lex_topics_add(lex_topics_t *t, const lex_plan_t *group)
{
    size_t first = t->n_nodes, g = t->n_groups;
    size_t *more = lex_grow(t->roots, g, &t->cap_roots, sizeof *more);
    if (!more)
        return LEX_ENOMEM;
    t->roots = more;
    lex_status_t st = add_node(t, group);
    if (st == LEX_OK)
        st = list_group(t, g, first);
    if (st != LEX_OK) { /* t stays as it was, a term or two more */
        forget_group(t, g);
        t->n_nodes = first;
        return st;
    }
    t->roots[t->n_groups++] = first;
    return LEX_OK;
}

/* Planning one group: lex_parsed_plan's options (a stemmer only) and
   the position of the last term planned. */
typedef struct {
    lex_qindex_t ix;
    lex_qlower_opts_t o;
    unsigned pos;
    size_t group;
    lex_err_t *err;
} group_reader_t;

/*
 * Moves every term of p by positions: a term at none (a Chinese n-gram)
 * goes to by + 1, so a Chinese phrase takes one position, as in the
 * parser; *last gets the highest position.
 */
static void
place_terms(lex_plan_t *p, unsigned by, unsigned *last)
{
    if (p->kind == LEX_P_TERM) {
        p->pos = (p->pos ? p->pos : 1) + by;
        if (p->pos > *last)
            *last = p->pos;
    }
    for (size_t i = 0; i < p->n_kids; i++)
        place_terms(p->kids[i], by, last);
}

/* a OR b as the parser joins "a OR b": b one more kid of a when a is
   an OR already. */
static lex_plan_t *
or_fold(lex_plan_t *a, lex_plan_t *b)
{
    if (a && a->kind == LEX_P_OR && !a->shares)
        return lex_plan_add(a, b);
    return lex_plan_join(LEX_P_OR, a, b);
}

/*
 * The words of the English phrase s (n bytes) one space apart, malloc'd,
 * their length in *len: within quotes the parser reads hyphens as it
 * reads spaces ("cross-border transfer" is a phrase of three words).
 */
static char *
phrase_words(const char *s, size_t n, size_t *len)
{
    char *w = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; w && i < n; i++) {
        bool word = isalnum((unsigned char)s[i]);
        if (word && k > 0 && !isalnum((unsigned char)s[i - 1]))
            w[k++] = ' ';
        if (word)
            w[k++] = s[i];
    }
    *len = k;
    return w;
}

/* lex_parsed_plan of n into *out, NULL there when it is refused. */
static lex_status_t
read_phrase(const group_reader_t *r, const lex_qnode_t *n, lex_plan_t **out)
{
    lex_err_t err = {0};
    lex_status_t st = lex_parsed_plan(n, LEX_P_AND, &r->o, out, &err);
    return st == LEX_EPARSE ? LEX_OK : st;
}

/* The plan of a phrase n of the group (a word, a quoted phrase or a
   Chinese phrase), or NULL when it cannot be read (NOTHING for one of
   no word, like '-'). */
static lex_status_t
phrase_plan(const group_reader_t *r, const lex_qnode_t *n, lex_plan_t **out)
{
    if (n->kind == LEX_Q_CJK)
        return lex_cjk_plan(n->text, n->text_len, NULL, NULL, out);
    if (n->kind != LEX_Q_PHRASE)
        return read_phrase(r, n, out);
    lex_qnode_t words = *n;
    char *text = phrase_words(n->text, n->text_len, &words.text_len);
    if (!text)
        return LEX_ENOMEM;
    words.text = text;
    lex_status_t st = read_phrase(r, &words, out);
    free(text);
    return st;
}

/* The plan of node n of a group's tree (its phrases, ORed: the group
   and the ALT of a word and its joined form) into *out. */
static lex_status_t
group_node_plan(group_reader_t *r, const lex_qnode_t *n, lex_plan_t **out)
{
    *out = NULL;
    if (n->kind != LEX_Q_SYNONYMS && n->kind != LEX_Q_ALT) {
        lex_status_t st = phrase_plan(r, n, out);
        if (st != LEX_OK)
            return lex_err_set(r->err, st, "out of memory");
        if (*out && lex_plan_is_nothing(*out)) { /* "-": no term to tag */
            lex_plan_free(*out);
            *out = NULL;
        }
        if (!*out)
            return lex_err_set(r->err, LEX_EUSAGE,
                               "thesaurus group %zu: the phrase '%.*s' "
                               "cannot be tagged",
                               r->group + 1, (int)n->text_len, n->text);
        unsigned last = r->pos;
        place_terms(*out, r->pos, &last);
        r->pos = last;
        return LEX_OK;
    }
    lex_plan_t *any = NULL;
    for (size_t i = 0; i < n->n_kids; i++) {
        lex_plan_t *k;
        lex_status_t st = group_node_plan(r, n->kids[i], &k);
        if (st != LEX_OK) {
            lex_plan_free(any);
            return st;
        }
        if (!(any = any ? or_fold(any, k) : k))
            return lex_err_set(r->err, LEX_ENOMEM, "out of memory");
    }
    *out = any ? any : lex_plan_new(LEX_P_NOTHING);
    return *out ? LEX_OK : lex_err_set(r->err, LEX_ENOMEM, "out of memory");
}

lex_status_t
lex_group_plan(const lex_thesaurus_t *th, size_t g, lex_stem_fn stem, void *ctx,
               lex_plan_t **out, lex_err_t *err)
{
    lex_query_t *q = NULL;
    *out = NULL;
    lex_status_t st = lex_query_of_group(th, g, &q, err);
    if (st != LEX_OK)
        return st;
    group_reader_t r = {
        .ix = {.ctx = ctx, .stem = stem}, .group = g, .err = err};
    r.o.ix = &r.ix;
    st = group_node_plan(&r, lex_query_root(q), out);
    lex_query_free(q);
    return st;
}

lex_status_t
lex_topics_compile(const lex_thesaurus_t *th, lex_stem_fn stem, void *ctx,
                   lex_topics_t **out, lex_err_t *err)
{
    *out = NULL;
    if (!th || th->n == 0)
        return LEX_OK;
    lex_topics_t *t = lex_topics_new(th);
    lex_status_t st = t ? LEX_OK : LEX_ENOMEM;
    for (size_t g = 0; g < th->n && st == LEX_OK; g++) {
        lex_plan_t *plan = NULL;
        st = lex_group_plan(th, g, stem, ctx, &plan, err);
        if (st == LEX_OK && (st = lex_topics_add(t, plan)) == LEX_EUSAGE)
            lex_err_set(err, st,
                        "thesaurus group %zu: not a plan of "
                        "phrases the tagger evaluates",
                        g + 1);
        lex_plan_free(plan);
    }
    if (st != LEX_OK) {
        lex_topics_free(t);
        return st == LEX_EUSAGE ? LEX_OK
                                : lex_err_set(err, LEX_ENOMEM, "out of memory");
    }
    *out = t;
    return LEX_OK;
}

size_t
lex_topics_n_groups(const lex_topics_t *t)
{
    return t->n_groups;
}

const char *
lex_topics_id(const lex_topics_t *t)
{
    return t->id;
}

/* For bsearch over positions. */
static int
compare_positions(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* True when term occurs at pos. */
static bool
occurs_at(const lex_topic_term_t *term, size_t pos)
{
    if (pos > UINT_MAX)
        return false;
    unsigned key = (unsigned)pos;
    return bsearch(&key, term->pos, term->n_pos, sizeof *term->pos,
                   compare_positions) != NULL;
}

/* True when the len terms of kid follow each other from start on. */
static bool
phrase_at(const topic_node_t *kid, size_t len, const lex_topic_term_t **doc,
          unsigned start)
{
    for (size_t i = 1; i < len; i++)
        if (!occurs_at(doc[kid[i].term], (size_t)start + i))
            return false;
    return true;
}

/* True when the words of phrase n follow each other in the item. */
static bool
phrase_matches(const topic_node_t *n, const lex_topic_term_t **doc)
{
    const topic_node_t *kid = n + 1; /* all terms, one node each */
    size_t len = n->size - 1;
    for (size_t i = 0; i < len; i++)
        if (!doc[kid[i].term])
            return false;
    const lex_topic_term_t *first = doc[kid[0].term];
    for (size_t p = 0; p < first->n_pos; p++)
        if (phrase_at(kid, len, doc, first->pos[p]))
            return true;
    return false;
}

/* True when the item, whose terms doc gives by number (NULL for one it
   lacks), matches node n. */
static bool
matches(const topic_node_t *n, const lex_topic_term_t **doc)
{
    if (n->kind == LEX_P_TERM)
        return doc[n->term] != NULL;
    if (n->kind == LEX_P_PHRASE)
        return phrase_matches(n, doc);
    bool all = n->kind == LEX_P_AND; /* else OR: any */
    for (const topic_node_t *k = n + 1; k < n + n->size; k += k->size)
        if (matches(k, doc) != all)
            return !all;
    return all;
}

lex_status_t
lex_topics_match(const lex_topics_t *t, const lex_topic_term_t *terms,
                 size_t n_terms, size_t *groups, size_t *n_groups)
{
    *n_groups = 0;
    if (n_terms == 0 || t->n_groups == 0)
        return LEX_OK;
    const lex_topic_term_t **doc = calloc(t->n_terms, sizeof *doc);
    bool *candidate = calloc(t->n_groups, sizeof *candidate);
    if (!doc || !candidate) {
        free(doc);
        free(candidate);
        return LEX_ENOMEM;
    }
    for (size_t i = 0; i < n_terms; i++) {
        if (terms[i].term >= t->n_terms)
            continue;
        const topic_term_t *e = &t->terms[terms[i].term];
        doc[terms[i].term] = &terms[i];
        for (size_t j = 0; j < e->n_groups; j++)
            candidate[e->groups[j]] = true;
    }
    for (size_t g = 0; g < t->n_groups; g++)
        if (candidate[g] && matches(&t->nodes[t->roots[g]], doc))
            groups[(*n_groups)++] = g;
    free(doc);
    free(candidate);
    return LEX_OK;
}

void
lex_topics_free(lex_topics_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_terms; i++) {
        free(t->terms[i].text);
        free(t->terms[i].groups);
    }
    free(t->terms);
    free(t->slots);
    free(t->nodes);
    free(t->roots);
    free(t);
}
