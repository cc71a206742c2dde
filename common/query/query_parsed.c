/*
 * query_parsed.c - the QueryParser's reading of operators, signs, fields
 * and groups, in C.
 *
 * See query_parsed.h.  A reader walks a node in the order of its text,
 * as the parser did, numbering the terms it meets; each function returns
 * the plan of its node, or NULL with unread set for a form left to the
 * parser (NULL without it: memory ran out).  The parser's rules kept
 * here, each checked against its Xapian::Query descriptions:
 *   - a word is the stem of its lower-case form, prefixed S in title:,
 *     at the next position; a phrase the PHRASE of its words;
 *   - a field processor's value (wild:, agency:, role:, topic:...) is
 *     lex_field_plan's plan, and takes one position;
 *   - a AND b AND c is one AND, and so is (a AND b) AND c: an AND, OR or
 *     XOR joined on the left to one of its kind gets one more kid (fold);
 *     a NOT b NOT c nests;
 *   - a NEAR/n b NEAR/n c is one NEAR of window n plus the words but one;
 *     phrases, hyphenated words, Chinese runs and OR groups beside NEAR
 *     or ADJ, which the parser misread, are query_near.c's plans, and so
 *     is a NEAR among words side by side (the parser read it as words);
 *   - words side by side: runs of plain terms (words, title:word, field
 *     values) are one group, joined by the default operator; with AND,
 *     +x is one more clause, with OR the + clauses are ANDed and the
 *     rest is optional (AND_MAYBE); the - clauses are ORed and taken out
 *     (AND_NOT).
 */
#include "query_parsed.h"

#include "analysis.h"
#include "query_near.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The state of one reading. */
typedef struct {
    const lex_qlower_opts_t *o;
    lex_pkind_t join;     /* words side by side: LEX_P_AND or LEX_P_OR */
    unsigned pos;         /* the position of the last term read */
    const char *prefix;   /* of words: "S" in title:, "" otherwise */
    bool in_field;        /* within title: or body: */
    bool unread;          /* met a form left to the parser */
    unsigned in_operator; /* within an operand of AND, OR, NOT... */
} reader_t;

static lex_plan_t *read_node(reader_t *r, const lex_qnode_t *n);

/* NULL, noting that the parser reads the node. */
static lex_plan_t *
unread(reader_t *r)
{
    r->unread = true;
    return NULL;
}

/* True when w (n bytes) is ASCII letters and digits only. */
static bool
is_ascii_alnum(const char *w, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)w[i]))
            return false;
    return true;
}

/* The term of the word w (n bytes, ASCII letters and digits) at the
   next position: its lower-case stem behind the reader's prefix. */
static lex_plan_t *
word_term(reader_t *r, const char *w, size_t n)
{
    lex_buf_t stem = LEX_BUF_INIT, t = LEX_BUF_INIT;
    lex_plan_t *p = NULL;
    lex_buf_puts(&t, r->prefix);
    if (lex_stem_lowered(r->o->ix->stem, r->o->ix->ctx, w, n, &stem)) {
        lex_buf_append(&t, lex_buf_str(&stem), stem.len);
        if (!lex_buf_failed(&t))
            p = lex_plan_term_at(lex_buf_str(&t), t.len, 1, ++r->pos);
    }
    lex_buf_free(&stem);
    lex_buf_free(&t);
    return p;
}

/* A word the parser reads as a term: ASCII letters and digits, no
   operator (AND, NEAR...). */
static bool
is_term_word(const lex_qnode_t *n)
{
    return n->kind == LEX_Q_WORD && is_ascii_alnum(n->text, n->text_len) &&
           lex_query_is_plain_word(n->text, n->text_len);
}

/* word_term, for lex_plan_phrase_of. */
static lex_plan_t *
reader_word_term(void *r, const char *w, size_t n)
{
    return word_term(r, w, n);
}

/* A word of ASCII letters and digits joined by single hyphens
   (cross-border): the parser's PHRASE of its parts. */
static lex_plan_t *
hyphenated(reader_t *r, const lex_qnode_t *n)
{
    size_t parts = 1;
    for (size_t i = 0; i < n->text_len; i++) {
        char c = n->text[i];
        if (c == '-' && i > 0 && i + 1 < n->text_len && n->text[i - 1] != '-')
            parts++;
        else if (!isalnum((unsigned char)c))
            return unread(r);
    }
    if (parts < 2 || n->text[n->text_len - 1] == '-')
        return unread(r);
    return lex_plan_phrase_of(n->text, n->text_len, '-', parts,
                              reader_word_term, r);
}

/* The phrase n: words of ASCII letters and digits, one space apart. */
static lex_plan_t *
phrase(reader_t *r, const lex_qnode_t *n)
{
    size_t words = lex_plan_ascii_words(n->text, n->text_len);
    if (words == 0)
        return unread(r);
    if (words == 1)
        return word_term(r, n->text, n->text_len);
    return lex_plan_phrase_of(n->text, n->text_len, ' ', words,
                              reader_word_term, r);
}

/* True when v (n bytes) is a value the parser hands a field processor
   whole: letters, digits and underscores. */
static bool
is_simple_value(const char *v, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)v[i]) && v[i] != '_')
            return false;
    return true;
}

/*
 * The field processor of field on value v (n bytes): lex_field_plan's
 * plan, one position.  A refused value (the parser reports it), a plan
 * matching nothing or one the parser could merge into an operator of
 * its own are left to the parser.
 */
static lex_plan_t *
field_value(reader_t *r, const char *field, const char *v, size_t n)
{
    if (!is_simple_value(v, n))
        return unread(r);
    lex_plan_t *p = NULL;
    lex_err_t err;
    lex_status_t st = lex_field_plan(field, v, n, r->o, &p, &err);
    if (st == LEX_ENOMEM)
        return NULL;
    if (st != LEX_OK || !p)
        return unread(r);
    switch (p->kind) {
    case LEX_P_NOTHING:
    case LEX_P_AND:
    case LEX_P_OR:
    case LEX_P_XOR:
        lex_plan_free(p);
        return unread(r);
    default:
        break;
    }
    r->pos++;
    return p;
}

/* True when the field n is named name. */
static bool
field_is(const lex_qnode_t *n, const char *name)
{
    return n->name_len == strlen(name) &&
           memcmp(n->name, name, n->name_len) == 0;
}

/* True for a filter the parser reads as a boolean prefix (date:,
   section:, bulletin:, site:); agency: and law: are not. */
static bool
is_boolean(const lex_qnode_t *n)
{
    return n->kind == LEX_Q_DATE ||
           (n->kind == LEX_Q_FILTER &&
            (field_is(n, "section") || field_is(n, "bulletin") ||
             field_is(n, "site")));
}

/*
 * The plan of a boolean filter: its field processor's, at no position.
 * A quoted value, or one with a byte that could end it early (space,
 * bracket, quote, control or non-ASCII), is left to the parser.
 */
static lex_plan_t *
boolean_value(reader_t *r, const lex_qnode_t *n)
{
    if (n->quoted || n->text_len == 0)
        return unread(r);
    for (size_t i = 0; i < n->text_len; i++) {
        unsigned char c = (unsigned char)n->text[i];
        if (c <= ' ' || c >= 0x7f || c == '(' || c == ')' || c == '"')
            return unread(r);
    }
    char name[16];
    size_t len = n->kind == LEX_Q_DATE ? 4 : n->name_len;
    if (len >= sizeof name)
        return unread(r);
    memcpy(name, n->kind == LEX_Q_DATE ? "date" : n->name, len);
    name[len] = '\0';
    lex_plan_t *p = NULL;
    lex_err_t err;
    lex_status_t st =
        lex_field_plan(name, n->text, n->text_len, r->o, &p, &err);
    if (st == LEX_ENOMEM)
        return NULL;
    if (st != LEX_OK || !p || p->n_kids) {
        lex_plan_free(p);
        return unread(r);
    }
    return p;
}

/* The value of the field n (role:, agency:...) through its processor. */
static lex_plan_t *
field_name_value(reader_t *r, const lex_qnode_t *n)
{
    char name[16];
    if (n->name_len >= sizeof name)
        return unread(r);
    memcpy(name, n->name, n->name_len);
    name[n->name_len] = '\0';
    return field_value(r, name, n->text, n->text_len);
}

/* The wildcard n (WORD*), written wild:WORD (wildtitle:WORD directly in
   title:) for the field processor; other wildcards the parser reads. */
static lex_plan_t *
wildcard(reader_t *r, const lex_qnode_t *n, bool title)
{
    if (!is_ascii_alnum(n->text, n->text_len))
        return unread(r);
    return field_value(r, title ? "wildtitle" : "wild", n->text, n->text_len);
}

/* title:x or body:x: x with its words prefixed S, or not. */
static lex_plan_t *
field(reader_t *r, const lex_qnode_t *n)
{
    bool title = field_is(n, "title");
    if (r->in_field || n->n_kids != 1 || (!title && !field_is(n, "body")))
        return unread(r);
    if (n->kids[0]->kind == LEX_Q_WILDCARD)
        return wildcard(r, n->kids[0], title);
    r->in_field = true;
    r->prefix = title ? LEX_PREFIX_TITLE : "";
    lex_plan_t *p = read_node(r, n->kids[0]);
    r->in_field = false;
    r->prefix = "";
    return p;
}

/* a op b, as the parser joins them: b one more kid of a when a is an
   operator of the same kind it made (AND, OR, XOR). */
static lex_plan_t *
fold(lex_pkind_t op, lex_plan_t *a, lex_plan_t *b)
{
    if (a && a->kind == op && !a->shares &&
        (op == LEX_P_AND || op == LEX_P_OR || op == LEX_P_XOR))
        return lex_plan_add(a, b);
    return lex_plan_join(op, a, b);
}

/* The kids of n joined by op, left to right; a AND NOT b is a AND_NOT
   b. */
static lex_plan_t *
fold_kids(reader_t *r, const lex_qnode_t *n, lex_pkind_t op)
{
    if (n->n_kids == 0)
        return unread(r);
    r->in_operator++;
    lex_plan_t *p = read_node(r, n->kids[0]);
    for (size_t i = 1; i < n->n_kids && p; i++) {
        const lex_qnode_t *k = n->kids[i];
        if (op == LEX_P_AND && k->kind == LEX_Q_NOT && k->n_kids == 1)
            p = lex_plan_join(LEX_P_AND_NOT, p, read_node(r, k->kids[0]));
        else
            p = fold(op, p, read_node(r, k));
    }
    r->in_operator--;
    return p;
}

/* The word w (n bytes) behind prefix as the reader plans a word alone,
   for lex_near_plan; *left when it leaves such a word to the parser. */
static lex_plan_t *
near_word(void *ctx, const char *w, size_t n, const char *prefix, bool *left)
{
    reader_t *r = ctx;
    lex_qnode_t word = {.kind = LEX_Q_WORD, .text = w, .text_len = n};
    const char *was = r->prefix;
    r->prefix = prefix;
    lex_plan_t *p = read_node(r, &word);
    r->prefix = was;
    *left = r->unread;
    r->unread = false;
    return p;
}

/* The term t (n bytes) at the next position, for lex_near_plan. */
static lex_plan_t *
near_term(void *ctx, const char *t, size_t n)
{
    reader_t *r = ctx;
    return lex_plan_term_at(t, n, 1, ++r->pos);
}

/* The text t (n bytes) for the parser, one position, for
   lex_near_plan. */
static lex_plan_t *
near_parse(void *ctx, const char *t, size_t n)
{
    reader_t *r = ctx;
    r->pos++;
    return lex_plan_parse(t, n, r->join);
}

/* a NEAR/w b ... or a ADJ/w b ...: lex_near_plan's plan (query_near.h);
   between single words the NEAR or PHRASE of their terms, the window w
   plus the words but one, as the parser makes it. */
static lex_plan_t *
near(reader_t *r, const lex_qnode_t *n, lex_pkind_t kind)
{
    lex_near_reader_t rd = {r, near_word, near_term, near_parse, r->prefix};
    lex_plan_t *p = NULL;
    if (lex_near_plan(n, kind, &rd, &p) != LEX_OK)
        return NULL;
    return p ? p : unread(r);
}

/* True for a clause the parser takes as one term of a run of words side
   by side: a word, title:word, a field processor's value. */
static bool
is_run_term(const lex_qnode_t *k)
{
    switch (k->kind) {
    case LEX_Q_WORD:
        return is_term_word(k);
    case LEX_Q_WILDCARD:
    case LEX_Q_ENTITY:
    case LEX_Q_TOPIC:
        return true;
    case LEX_Q_FILTER:
        return !is_boolean(k);
    case LEX_Q_FIELD:
        return k->n_kids == 1 &&
               (is_term_word(k->kids[0]) || k->kids[0]->kind == LEX_Q_WILDCARD);
    default:
        return false;
    }
}

/* Plans of clauses in the order typed. */
typedef struct {
    lex_plan_t **p;
    size_t n, cap;
    bool failed;
} plans_t;

/* Appends p (NULL: failed) to s. */
static void
plans_add(plans_t *s, lex_plan_t *p)
{
    lex_plan_t **more =
        p ? lex_grow(s->p, s->n + 1, &s->cap, sizeof *s->p) : NULL;
    if (!more) {
        lex_plan_free(p);
        s->failed = true;
        return;
    }
    s->p = more;
    s->p[s->n++] = p;
}

/* Frees the plans of s. */
static void
plans_free(plans_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        lex_plan_free(s->p[i]);
    free(s->p);
}

/* The plans of s joined by op left to right (fold); NULL for none. */
static lex_plan_t *
fold_all(plans_t *s, lex_pkind_t op)
{
    lex_plan_t *p = s->n ? s->p[0] : NULL;
    for (size_t i = 1; i < s->n; i++)
        p = fold(op, p, s->p[i]);
    s->n = 0;
    return p;
}

/* Moves the run of terms in run, as one clause (an operator of join
   over two or more), to clauses. */
static void
end_run(reader_t *r, plans_t *run, plans_t *clauses)
{
    if (run->n == 0)
        return;
    lex_plan_t *p = run->p[0];
    if (run->n > 1) {
        size_t i = 0;
        p = lex_plan_new(r->join);
        for (; i < run->n && p; i++)
            p = lex_plan_add(p, run->p[i]);
        for (; i < run->n; i++)
            lex_plan_free(run->p[i]);
    }
    run->n = 0;
    plans_add(clauses, p);
}

/* Clauses side by side, sorted the parser's way. */
typedef struct {
    plans_t run;               /* the plain terms since the last other clause */
    plans_t plain;             /* the clauses (with AND, the + ones too) */
    plans_t love;              /* with OR, the + clauses */
    plans_t hate;              /* the - clauses */
    plans_t filters;           /* boolean filters, of one field */
    const lex_qnode_t *filter; /* the first of them */
} sides_t;

/* True when some list of s failed. */
static bool
sides_failed(const sides_t *s)
{
    return s->run.failed || s->plain.failed || s->love.failed ||
           s->hate.failed || s->filters.failed;
}

/* Frees the lists of s. */
static void
sides_free(sides_t *s)
{
    plans_free(&s->run);
    plans_free(&s->plain);
    plans_free(&s->love);
    plans_free(&s->hate);
    plans_free(&s->filters);
}

/* Sorts kid i of n into s. */
static void
sort_clause(reader_t *r, const lex_qnode_t *n, size_t i, sides_t *s)
{
    const lex_qnode_t *k = n->kids[i];
    if (k->kind == LEX_Q_REQUIRED || k->kind == LEX_Q_EXCLUDED) {
        if (r->in_operator) {
            unread(r); /* the parser refuses some: a OR -b c */
            return;
        }
        end_run(r, &s->run, &s->plain);
        lex_plan_t *p = k->n_kids == 1 ? read_node(r, k->kids[0]) : unread(r);
        plans_add(k->kind == LEX_Q_EXCLUDED ? &s->hate
                  : r->join == LEX_P_AND    ? &s->plain
                                            : &s->love,
                  p);
    } else if (is_boolean(k)) {
        /* filters of several fields: ANDed in an order of the parser's */
        bool other =
            s->filter &&
            (s->filter->kind != k->kind || s->filter->name_len != k->name_len ||
             memcmp(s->filter->name, k->name, k->name_len) != 0);
        if (other) {
            unread(r);
            return;
        }
        s->filter = k;
        end_run(r, &s->run, &s->plain);
        plans_add(&s->filters, boolean_value(r, k));
    } else if (k->kind == LEX_Q_NOT) {
        unread(r); /* NOT takes the clauses after it */
    } else if (is_run_term(k)) {
        plans_add(&s->run, read_node(r, k));
    } else {
        end_run(r, &s->run, &s->plain);
        plans_add(&s->plain, read_node(r, k));
    }
}

/* Clauses side by side: the parser's love (+), hate (-), filters and
   the rest. */
static lex_plan_t *
side_by_side(reader_t *r, const lex_qnode_t *n)
{
    sides_t s = {0};
    for (size_t i = 0; i < n->n_kids && !r->unread && !sides_failed(&s); i++)
        sort_clause(r, n, i, &s);
    end_run(r, &s.run, &s.plain);
    lex_plan_t *p = NULL;
    if (r->unread || sides_failed(&s)) {
        sides_free(&s);
        return NULL;
    }
    if (!s.plain.n && !s.love.n && !s.filters.n) {
        sides_free(&s);
        return unread(r); /* only - clauses: the parser reads them otherwise */
    }
    lex_plan_t *wanted = fold_all(&s.love, LEX_P_AND);
    lex_plan_t *rest = fold_all(&s.plain, r->join);
    p = wanted && rest ? lex_plan_join(LEX_P_AND_MAYBE, wanted, rest)
        : wanted       ? wanted
                       : rest;
    if (s.filters.n) {
        lex_plan_t *f = fold_all(&s.filters, LEX_P_OR);
        p = p ? lex_plan_join(LEX_P_FILTER, p, f) : lex_plan_scale(f, 0);
    }
    if (s.hate.n)
        p = lex_plan_join(LEX_P_AND_NOT, p, fold_all(&s.hate, LEX_P_OR));
    sides_free(&s);
    return p;
}

/* The plan of node n, as the parser reads its text. */
static lex_plan_t *
read_node(reader_t *r, const lex_qnode_t *n)
{
    lex_plan_t *p = NULL;
    if (r->unread)
        return NULL;
    switch (n->kind) {
    case LEX_Q_WORD:
        return is_term_word(n) ? word_term(r, n->text, n->text_len)
                               : hyphenated(r, n);
    case LEX_Q_PHRASE:
        return phrase(r, n);
    case LEX_Q_WILDCARD:
        return wildcard(r, n, false);
    case LEX_Q_FIELD:
        return field(r, n);
    case LEX_Q_DATE:
        return lex_plan_scale(boolean_value(r, n), 0);
    case LEX_Q_FILTER:
        if (is_boolean(n))
            return lex_plan_scale(boolean_value(r, n), 0);
        return n->quoted ? unread(r) : field_name_value(r, n);
    case LEX_Q_ENTITY:
        return field_value(r,
                           n->name[0] == 'r'   ? "role"
                           : n->name[0] == 'a' ? "agency"
                                               : "law",
                           n->text, n->text_len);
    case LEX_Q_TOPIC: {
        char g[24];
        int k = snprintf(g, sizeof g, "%u", n->window);
        return field_value(r, "topic", g, (size_t)k);
    }
    case LEX_Q_GROUP:
        if (n->n_kids == 1)
            return read_node(r, n->kids[0]);
        return n->n_kids ? side_by_side(r, n) : unread(r);
    case LEX_Q_CLAUSES:
        return side_by_side(r, n);
    case LEX_Q_ALT:
    case LEX_Q_SYNONYMS:
    case LEX_Q_OR:
        return fold_kids(r, n, LEX_P_OR);
    case LEX_Q_AND:
        return fold_kids(r, n, LEX_P_AND);
    case LEX_Q_XOR:
        return fold_kids(r, n, LEX_P_XOR);
    case LEX_Q_AND_NOT:
        return n->n_kids == 2 ? fold_kids(r, n, LEX_P_AND_NOT) : unread(r);
    case LEX_Q_NOT:
        if (n->n_kids != 1)
            return unread(r);
        r->in_operator++;
        p = lex_plan_join(LEX_P_AND_NOT, lex_plan_new(LEX_P_ALL),
                          read_node(r, n->kids[0]));
        r->in_operator--;
        return p;
    case LEX_Q_NEAR:
    case LEX_Q_CONNECTOR:
        return near(r, n, LEX_P_NEAR);
    case LEX_Q_ADJ:
        return near(r, n, LEX_P_PHRASE);
    default:
        return unread(r);
    }
}

lex_status_t
lex_parsed_plan(const lex_qnode_t *n, lex_pkind_t join,
                const lex_qlower_opts_t *o, lex_plan_t **out)
{
    reader_t r = {o, join, 0, "", false, false, 0};
    const lex_qnode_t *top = n;
    /* +x or -x alone: the parser reads x */
    if ((n->kind == LEX_Q_REQUIRED || n->kind == LEX_Q_EXCLUDED) &&
        n->n_kids == 1)
        top = n->kids[0];
    *out = read_node(&r, top);
    if (r.unread) {
        lex_plan_free(*out);
        *out = NULL;
        return LEX_OK;
    }
    return *out ? LEX_OK : LEX_ENOMEM;
}
