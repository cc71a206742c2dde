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
 *   - a word of other characters is the parser's terms of it
 *     (query_words.h): a term, the PHRASE of terms joined by
 *     punctuation (12:30), the AND of a CJK run's n-grams at one
 *     position, joined by the default operator; a quoted CJK run is a
 *     term per character at one position;
 *   - a word of no term is nothing, but an operand of none is refused
 *     by the parser; beside other clauses a word must be one clause (a
 *     term with nothing around it joins the run of terms beside it);
 *   - a field processor's value (wild:, agency:, role:, topic:...) is
 *     lex_field_plan's plan, and takes one position;
 *   - a AND b AND c is one AND, and so is (a AND b) AND c: an AND, OR or
 *     XOR joined on the left to one of its kind gets one more kid (fold);
 *     a NOT b NOT c nests;
 *   - a NEAR/n b NEAR/n c is one NEAR of window n plus the words but one;
 *   - words side by side: runs of plain terms (words, title:word, field
 *     values) are one group, joined by the default operator; with AND,
 *     +x is one more clause, with OR the + clauses are ANDed and the
 *     rest is optional (AND_MAYBE); the - clauses are ORed and taken out
 *     (AND_NOT).
 */
#include "query_parsed.h"

#include "analysis.h"
#include "query_words.h"
#include "utf8.h"

#include <ctype.h>
#include <stdint.h>
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
    bool single;          /* the word read now must be one clause: a
                             clause beside others */
} reader_t;

static lex_plan_t *read_node(reader_t *r, const lex_qnode_t *n);
static lex_plan_t *fold(lex_pkind_t op, lex_plan_t *a, lex_plan_t *b);

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

/* A word of ASCII letters and digits, no operator (AND, NEAR...). */
static bool
is_ascii_term_word(const lex_qnode_t *n)
{
    return n->kind == LEX_Q_WORD && is_ascii_alnum(n->text, n->text_len) &&
           lex_query_is_plain_word(n->text, n->text_len);
}

/* The tokens of the text s (n bytes) as the parser cuts it (within
   quotes when quoted) in *t; false with unread set for a form left to
   the parser, or without it when memory ran out. */
static bool
tokens_of(reader_t *r, const char *s, size_t n, bool quoted, lex_wtoks_t *t)
{
    bool parser = false;
    if (lex_word_tokens(r->o->ix, s, n, quoted, t, &parser) != LEX_OK)
        return false;
    if (parser)
        unread(r);
    return !parser;
}

/* A word the parser reads as one term, with nothing around it: plain
   ASCII, or a term of other characters (café, People's, C++). */
static bool
is_term_word(reader_t *r, const lex_qnode_t *n)
{
    if (n->kind != LEX_Q_WORD)
        return false;
    if (is_ascii_term_word(n))
        return true;
    lex_wtoks_t t = LEX_WTOKS_INIT;
    bool unread_before = r->unread;
    bool whole = tokens_of(r, n->text, n->text_len, false, &t) && t.whole;
    r->unread = unread_before; /* only asked */
    lex_wtoks_free(&t);
    return whole;
}

/* word_term, for lex_plan_phrase_of. */
static lex_plan_t *
reader_word_term(void *r, const char *w, size_t n)
{
    return word_term(r, w, n);
}

/* The term of token w (n bytes, as the parser built it) at position
   pos: its lower-case form (Xapian's Unicode rules), stemmed, behind
   the reader's prefix. */
static lex_plan_t *
token_term(reader_t *r, const char *w, size_t n, unsigned pos)
{
    const lex_qindex_t *ix = r->o->ix;
    lex_buf_t low = LEX_BUF_INIT, t = LEX_BUF_INIT;
    lex_plan_t *p = NULL;
    lex_word_lower(ix, w, n, &low);
    lex_buf_puts(&t, r->prefix);
    if (!lex_buf_failed(&low))
        ix->stem(ix->ctx, lex_buf_str(&low), low.len, &t);
    if (!lex_buf_failed(&t) && !lex_buf_failed(&low))
        p = lex_plan_term_at(lex_buf_str(&t), t.len, 1, pos);
    lex_buf_free(&low);
    lex_buf_free(&t);
    return p;
}

/* The term of bytes [from, to) of the lower-cased run s at pos, behind
   the reader's prefix, added to the operator p. */
static lex_plan_t *
add_gram(reader_t *r, lex_plan_t *p, const char *s, size_t from, size_t to,
         unsigned pos)
{
    lex_buf_t t = LEX_BUF_INIT;
    lex_buf_puts(&t, r->prefix);
    lex_buf_append(&t, s + from, to - from);
    p = lex_plan_add(p, lex_buf_failed(&t)
                            ? NULL
                            : lex_plan_term_at(lex_buf_str(&t), t.len, 1, pos));
    lex_buf_free(&t);
    return p;
}

/*
 * A run of CJK characters w (n bytes) at position pos, as the parser
 * reads it: outside quotes (into NULL) the AND of its n-grams, character,
 * pair, character..., all at pos, one character its term alone; within
 * quotes each character a term (stemmed) at pos, added to phrase.
 */
static lex_plan_t *
cjk_run(reader_t *r, lex_plan_t *phrase, const char *w, size_t n, unsigned pos)
{
    lex_buf_t low = LEX_BUF_INIT;
    lex_word_lower(r->o->ix, w, n, &low);
    const char *s = lex_buf_str(&low);
    lex_plan_t *p = phrase ? phrase : lex_plan_new(LEX_P_AND);
    size_t prev = SIZE_MAX;
    for (size_t i = 0; i < low.len && p;) {
        unsigned cp;
        size_t len = lex_utf8_decode(s + i, low.len - i, &cp);
        len = len ? len : 1;
        if (phrase)
            p = lex_plan_add(p, token_term(r, s + i, len, pos));
        else {
            if (prev != SIZE_MAX)
                p = add_gram(r, p, s, prev, i + len, pos);
            p = add_gram(r, p, s, i, i + len, pos);
        }
        prev = i;
        i += len;
    }
    if (lex_buf_failed(&low)) {
        lex_plan_free(p);
        p = NULL;
    }
    lex_buf_free(&low);
    if (!phrase && p && p->n_kids == 1) {
        lex_plan_t *only = p->kids[0];
        p->n_kids = 0;
        lex_plan_free(p);
        p = only;
    }
    return p;
}

/* The clause of token k of t: a term or a CJK run, at the next
   position. */
static lex_plan_t *
token_clause(reader_t *r, const lex_wtoks_t *t, size_t k)
{
    const lex_wtok_t *tok = &t->tok[k];
    const char *w = t->text.data + tok->off;
    if (tok->kind == LEX_WTOK_CJK)
        return cjk_run(r, NULL, w, tok->len, ++r->pos);
    return token_term(r, w, tok->len, ++r->pos);
}

/* True when t is one clause the parser reads apart from words beside
   it: a term with nothing around it, or terms joined into a phrase
   (12:30, www.cac.gov.cn). */
static bool
is_one_clause(const lex_wtoks_t *t)
{
    if (t->whole)
        return true;
    if (t->n < 2)
        return false;
    for (size_t k = 0; k < t->n; k++)
        if (t->tok[k].kind != LEX_WTOK_TERM || t->tok[k].phrased != (k > 0))
            return false;
    return true;
}

/*
 * The word n as the parser reads it (query_words.h): its clauses, terms
 * joined by phrase generators made a PHRASE, joined by the default
 * operator left to right; nothing for a word of no term (left to the
 * parser as an operand, which it refuses).  A word beside other
 * clauses, or within a field, must be one clause.
 */
static lex_plan_t *
word(reader_t *r, const lex_qnode_t *n)
{
    bool single = r->single || r->in_field;
    r->single = false;
    lex_wtoks_t t = LEX_WTOKS_INIT;
    bool ok = tokens_of(r, n->text, n->text_len, false, &t);
    /* a word of no term as an operand: the parser refuses the operator */
    if (ok && ((single && !is_one_clause(&t)) || (!t.n && r->in_operator)))
        ok = unread(r) != NULL;
    if (!ok) {
        lex_wtoks_free(&t);
        return NULL;
    }
    lex_plan_t *all = NULL, *clause = NULL;
    bool failed = false;
    for (size_t k = 0; k <= t.n && !failed; k++) {
        lex_plan_t *p = k < t.n ? token_clause(r, &t, k) : NULL;
        failed = k < t.n && !p;
        if (p && t.tok[k].phrased && clause) {
            if (clause->kind != LEX_P_PHRASE)
                clause = lex_plan_add(lex_plan_new(LEX_P_PHRASE), clause);
            clause = lex_plan_add(clause, p);
            if (clause)
                clause->window = (unsigned)clause->n_kids;
            failed = !clause;
            continue;
        }
        if (clause)
            all = all ? fold(r->join, all, clause) : clause;
        clause = p;
    }
    lex_plan_free(clause);
    lex_wtoks_free(&t);
    if (failed) {
        lex_plan_free(all);
        return NULL;
    }
    return all ? all : lex_plan_new(LEX_P_NOTHING);
}
/* The phrase n of other words (People's, 个人 信息, cross-border) as
   the parser reads it within quotes: the PHRASE of its terms, each CJK
   character a term at the position of its run. */
static lex_plan_t *
quoted_phrase(reader_t *r, const lex_qnode_t *n)
{
    lex_wtoks_t t = LEX_WTOKS_INIT;
    if (!tokens_of(r, n->text, n->text_len, true, &t)) {
        lex_wtoks_free(&t);
        return NULL;
    }
    if (t.n == 0) {
        lex_wtoks_free(&t);
        return unread(r); /* "" around no term: the parser refuses it */
    }
    lex_plan_t *p = lex_plan_new(LEX_P_PHRASE);
    for (size_t k = 0; k < t.n && p; k++) {
        const lex_wtok_t *tok = &t.tok[k];
        const char *w = t.text.data + tok->off;
        if (tok->kind == LEX_WTOK_CJK)
            p = cjk_run(r, p, w, tok->len, ++r->pos);
        else
            p = lex_plan_add(p, token_term(r, w, tok->len, ++r->pos));
    }
    lex_wtoks_free(&t);
    if (p && p->n_kids == 1) {
        lex_plan_t *only = p->kids[0];
        p->n_kids = 0;
        lex_plan_free(p);
        return only;
    }
    if (p)
        p->window = (unsigned)p->n_kids;
    return p;
}

/* The phrase n: words of ASCII letters and digits, one space apart, or
   others (quoted_phrase). */
static lex_plan_t *
phrase(reader_t *r, const lex_qnode_t *n)
{
    size_t words = lex_plan_ascii_words(n->text, n->text_len);
    if (words == 0)
        return quoted_phrase(r, n);
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

/* a NEAR/w b ... or a ADJ/w b ...: NEAR or PHRASE over the words' terms,
   the window w plus the words but one.  Only between plain words (the
   parser reads NEAR next to anything else as a word). */
static lex_plan_t *
near(reader_t *r, const lex_qnode_t *n, lex_pkind_t kind)
{
    if (n->n_kids < 2 || r->in_field)
        return unread(r);
    for (size_t i = 0; i < n->n_kids; i++)
        if (!is_term_word(r, n->kids[i]))
            return unread(r);
    lex_plan_t *p = lex_plan_new(kind);
    if (p)
        p->window = n->window + (unsigned)n->n_kids - 1;
    for (size_t i = 0; i < n->n_kids && p; i++)
        p = lex_plan_add(p, read_node(r, n->kids[i]));
    return p;
}

/* True for a clause the parser takes as one term of a run of words side
   by side: a word, title:word, a field processor's value. */
static bool
is_run_term(reader_t *r, const lex_qnode_t *k)
{
    switch (k->kind) {
    case LEX_Q_WORD:
        return is_term_word(r, k);
    case LEX_Q_WILDCARD:
    case LEX_Q_ENTITY:
    case LEX_Q_TOPIC:
        return true;
    case LEX_Q_FILTER:
        return !is_boolean(k);
    case LEX_Q_FIELD:
        return k->n_kids == 1 && (is_term_word(r, k->kids[0]) ||
                                  k->kids[0]->kind == LEX_Q_WILDCARD);
    default:
        return false;
    }
}

/* True for a NEAR, ADJ or connector next to a plain term in clauses side
   by side (kid i of n): the parser then reads NEAR/n as two words. */
static bool
is_near_as_words(reader_t *r, const lex_qnode_t *n, size_t i)
{
    lex_qkind_t kind = n->kids[i]->kind;
    if (kind != LEX_Q_NEAR && kind != LEX_Q_ADJ && kind != LEX_Q_CONNECTOR)
        return false;
    return (i > 0 && is_run_term(r, n->kids[i - 1])) ||
           (i + 1 < n->n_kids && is_run_term(r, n->kids[i + 1]));
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
    } else if (k->kind == LEX_Q_NOT || is_near_as_words(r, n, i)) {
        unread(r); /* NOT takes the clauses after it */
    } else if (is_run_term(r, k)) {
        plans_add(&s->run, read_node(r, k));
    } else {
        end_run(r, &s->run, &s->plain);
        /* a word beside other clauses must be one clause */
        r->single =
            n->n_kids > 1 && (k->kind == LEX_Q_WORD || k->kind == LEX_Q_CJK);
        plans_add(&s->plain, read_node(r, k));
        r->single = false;
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
        return is_ascii_term_word(n) ? word_term(r, n->text, n->text_len)
                                     : word(r, n);
    case LEX_Q_CJK:
        return word(r, n);
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
    reader_t r = {o, join, 0, "", false, false, 0, false};
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
