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
 *     punctuation (12:30, cross-border), the AND of a CJK run's n-grams
 *     at one position, joined by the default operator; a quoted CJK run
 *     is a term per character at one position;
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
 *     (AND_NOT); boolean filters are ORed by field, the fields ANDed in
 *     the order of their names, and FILTER the rest;
 *   - punctuation around a word (outside its tokens) is skipped and
 *     starts or ends a run, punctuation alone is nothing; beside other
 *     clauses a word of several clauses (App下载) is its terms; a
 * field with nothing after its colon is its name as a word;
 *   - a AND -b c is a AND_NOT (b c).
 * Where the parser refused a form and silently read the query again with
 * no operators, signs or fields, the plan is the tree's reading instead:
 * - clauses alone are every item without them (NOT), and -x in an
 * operand of OR, XOR or NOT is NOT x.
 */
#include "query_parsed.h"

#include "analysis.h"
#include "query_near.h"
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
    lex_pkind_t join;       /* words side by side: LEX_P_AND or LEX_P_OR */
    unsigned pos;           /* the position of the last term read */
    const char *prefix;     /* of words: "S" in title:, "" otherwise */
    bool in_field;          /* within title: or body: */
    bool unread;            /* met a form it does not read */
    unsigned in_operator;   /* within an operand of AND, OR, NOT... */
    const lex_qnode_t *at;  /* the node being read */
    const lex_qnode_t *bad; /* the first node it could not read */
    lex_err_t *err;         /* the message of a field's refused value */
    bool refused;           /* err holds it */
} reader_t;

static lex_plan_t *read_node(reader_t *r, const lex_qnode_t *n);
static lex_plan_t *fold(lex_pkind_t op, lex_plan_t *a, lex_plan_t *b);

/* NULL, noting that the node being read is not read (lex_parsed_plan
   refuses the query). */
static lex_plan_t *
unread(reader_t *r)
{
    if (!r->unread)
        r->bad = r->at;
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

/* True when w (n bytes) is a term for the parser: ASCII letters, digits
   and underscores (a word character to Xapian: all_words), not an
   operator (AND, NEAR...). */
static bool
is_term_text(const char *w, size_t n)
{
    bool underscore = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        underscore = underscore || c == '_';
        if (!isalnum(c) && c != '_')
            return false;
    }
    return n && (underscore || lex_query_is_plain_word(w, n));
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

/* The tokens of the word w (n bytes) as the parser cuts it (within
   quotes when quoted) in *t; false with unread set for a form left to
   the parser, or without it when memory ran out.  Signs starting a word
   (the -x of --x, which the parser reads as x) are skipped. */
static bool
tokens_of(reader_t *r, const char *w, size_t n, bool quoted, lex_wtoks_t *t)
{
    size_t skip = 0;
    while (!quoted && skip < n && (w[skip] == '+' || w[skip] == '-'))
        skip++;
    bool parser = false;
    if (lex_word_tokens(r->o->ix, w + skip, n - skip, quoted, t, &parser) !=
        LEX_OK)
        return false;
    t->start += skip;
    t->end += skip;
    t->whole = t->whole && skip == 0;
    if (parser)
        unread(r);
    return !parser;
}

/* A word the parser reads as one term with nothing around it, grouped
   with plain words beside it: ASCII (is_term_text), or a term of other
   characters (café, People's, C++). */
static bool
is_term_word(reader_t *r, const lex_qnode_t *n)
{
    if (n->kind != LEX_Q_WORD)
        return false;
    if (is_term_text(n->text, n->text_len))
        return true;
    lex_wtoks_t t = LEX_WTOKS_INIT;
    bool unread_before = r->unread;
    bool whole = tokens_of(r, n->text, n->text_len, false, &t) && t.whole;
    r->unread = unread_before; /* only asked */
    lex_wtoks_free(&t);
    return whole;
}

/* A word as the parser reads it (query_words.h): one term between the
   punctuation it skips on either side ("[depth", "here;", "café,"),
   nothing when it is all punctuation (",", ":", "#"), or another form
   (a phrase of terms, CJK runs, several terms), which read_word reads. */
typedef struct {
    enum { EDGE_NOTHING, EDGE_TERM, EDGE_OTHER, EDGE_LEFT } kind;
    lex_wtoks_t t;    /* its tokens (EDGE_LEFT: the parser's form or
                         memory ran out, unread says which) */
    bool lead, trail; /* punctuation before, after the tokens */
} edges_t;

/* The edges of the word w (n bytes); free them with edges_free. */
static edges_t
edges_of(reader_t *r, const char *w, size_t n)
{
    edges_t e = {EDGE_LEFT, LEX_WTOKS_INIT, false, false};
    if (!tokens_of(r, w, n, false, &e.t))
        return e;
    e.lead = e.t.n && e.t.start > 0;
    e.trail = e.t.n && e.t.end < n;
    e.kind = e.t.n == 0                                       ? EDGE_NOTHING
             : e.t.n == 1 && e.t.tok[0].kind == LEX_WTOK_TERM ? EDGE_TERM
                                                              : EDGE_OTHER;
    return e;
}

/* Frees the tokens of e. */
static void
edges_free(edges_t *e)
{
    lex_wtoks_free(&e->t);
}

/* True when the n bytes at s are phrase generators, which the parser
   skips between a field's colon and its word (title:-x). */
static bool
all_phrase_generators(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(".-/:\\@", s[i]))
            return false;
    return true;
}

/* True for +x or -x whose x is a word beginning with a sign (--core):
   the parser ignores a sign followed by another and reads the word. */
static bool
is_double_sign(const lex_qnode_t *n)
{
    if ((n->kind != LEX_Q_REQUIRED && n->kind != LEX_Q_EXCLUDED) ||
        n->n_kids != 1 || n->kids[0]->kind != LEX_Q_WORD)
        return false;
    const lex_qnode_t *w = n->kids[0];
    return w->text_len && (w->text[0] == '+' || w->text[0] == '-');
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

/*
 * The plan of the tokens t (query_words.h): its clauses, terms joined
 * by phrase generators made a PHRASE, joined by the default operator
 * left to right; nothing for no token.
 */
static lex_plan_t *
tokens_plan(reader_t *r, const lex_wtoks_t *t)
{
    lex_plan_t *all = NULL, *clause = NULL;
    bool failed = false;
    for (size_t k = 0; k <= t->n && !failed; k++) {
        lex_plan_t *p = k < t->n ? token_clause(r, t, k) : NULL;
        failed = k < t->n && !p;
        if (p && t->tok[k].phrased && clause) {
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
    if (failed) {
        lex_plan_free(all);
        return NULL;
    }
    return all ? all : lex_plan_new(LEX_P_NOTHING);
}

/* The term of the word of e (EDGE_TERM) at the next position. */
static lex_plan_t *
edge_term(reader_t *r, const edges_t *e)
{
    const lex_wtok_t *tok = &e->t.tok[0];
    return token_term(r, e->t.text.data + tok->off, tok->len, ++r->pos);
}

/*
 * The word n (or Chinese run) as the parser reads it: its term, or the
 * term between its punctuation, nothing when it is all punctuation
 * (refused as an operand of AND, OR, NOT..., as the parser refused
 * it: query_tree.c refuses ASCII punctuation there itself), else
 * its tokens' plan (tokens_plan).  Within a field a word must be one
 * clause.
 */
static lex_plan_t *
read_word(reader_t *r, const lex_qnode_t *n)
{
    if (n->kind == LEX_Q_WORD && is_term_text(n->text, n->text_len))
        return word_term(r, n->text, n->text_len);
    edges_t e = edges_of(r, n->text, n->text_len);
    lex_plan_t *p = NULL;
    if (e.kind == EDGE_NOTHING && r->in_operator)
        p = unread(r); /* no operand: the parser refuses the operator */
    else if (e.kind == EDGE_NOTHING)
        p = lex_plan_new(LEX_P_NOTHING);
    else if (e.kind == EDGE_TERM)
        p = edge_term(r, &e);
    else if (e.kind == EDGE_OTHER)
        p = tokens_plan(r, &e.t);
    edges_free(&e);
    return p;
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

/* True for "" or a phrase of punctuation (","), which the parser skips
   (lex_query_says_nothing). */
static bool
is_empty_phrase(const lex_qnode_t *n)
{
    return n->kind == LEX_Q_PHRASE && lex_query_says_nothing(n);
}

/* The phrase n: words of ASCII letters and digits, one space apart, or
   others (quoted_phrase). */
static lex_plan_t *
phrase(reader_t *r, const lex_qnode_t *n)
{
    if (is_empty_phrase(n))
        return lex_plan_new(LEX_P_NOTHING);
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

/* NULL, noting that a field's value was refused: lex_field_plan's
   message, in r->err, is the query's. */
static lex_plan_t *
refused(reader_t *r)
{
    r->refused = true;
    return unread(r);
}

/*
 * The field processor of field on value v (n bytes): lex_field_plan's
 * plan, one position; a refused value (a bad date, an unknown name)
 * refuses the query with its message.
 */
static lex_plan_t *
field_value(reader_t *r, const char *field, const char *v, size_t n)
{
    if (!is_simple_value(v, n))
        return unread(r);
    lex_plan_t *p = NULL;
    lex_status_t st = lex_field_plan(field, v, n, r->o, &p, r->err);
    if (st == LEX_ENOMEM)
        return NULL;
    if (st != LEX_OK || !p)
        return refused(r);
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
 * The parser hands the processor the value's characters up to a space
 * or ')', or between the quotes (section:"courts litigation"), so the
 * same bytes when they are valid UTF-8; a value the tree ended
 * elsewhere (a quote, a control byte) is left to it.
 */
static lex_plan_t *
boolean_value(reader_t *r, const lex_qnode_t *n)
{
    unsigned char after = (unsigned char)n->text[n->text_len];
    if ((!n->quoted && (n->text_len == 0 || (after > ' ' && after != ')'))) ||
        !lex_utf8_valid(n->text, n->text_len, NULL))
        return unread(r);
    for (size_t i = 0; i < n->text_len; i++) {
        unsigned char c = (unsigned char)n->text[i];
        if (c == '"' || c == 0x7f ||
            (!n->quoted && (c <= ' ' || c == '(' || c == ')')))
            return unread(r);
    }
    char name[16];
    size_t len = n->kind == LEX_Q_DATE ? 4 : n->name_len;
    if (len >= sizeof name)
        return unread(r);
    memcpy(name, n->kind == LEX_Q_DATE ? "date" : n->name, len);
    name[len] = '\0';
    lex_plan_t *p = NULL;
    lex_status_t st =
        lex_field_plan(name, n->text, n->text_len, r->o, &p, r->err);
    if (st == LEX_ENOMEM)
        return NULL;
    if (st != LEX_OK || !p)
        return refused(r);
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
   title:) for the field processor; of another word (数据*), the word's
   terms, as Xapian read it (its wildcards are of ASCII words). */
static lex_plan_t *
wildcard(reader_t *r, const lex_qnode_t *n, bool title)
{
    if (!is_ascii_alnum(n->text, n->text_len)) {
        lex_qnode_t word = *n;
        word.kind = LEX_Q_WORD;
        return read_word(r, &word);
    }
    return field_value(r, title ? "wildtitle" : "wild", n->text, n->text_len);
}

/* The edges of the word of title:word or body:word (EDGE_LEFT for
   another kid or a form not read here, unread untouched: the
   caller reads the kid). */
static edges_t
field_word_edges(reader_t *r, const lex_qnode_t *n)
{
    edges_t e = {EDGE_LEFT, LEX_WTOKS_INIT, false, false};
    const lex_qnode_t *k = n->n_kids == 1 ? n->kids[0] : NULL;
    bool unread_before = r->unread;
    if (k && k->kind == LEX_Q_WORD)
        e = edges_of(r, k->text, k->text_len);
    r->unread = unread_before; /* only asked */
    return e;
}

/* True for title:[x (body:[x): the parser skips only phrase generators
   between a field's colon and its word (title:-x), so it reads the
   field's name as a word, then the word's term as another. */
static bool
is_split_field(reader_t *r, const lex_qnode_t *n)
{
    if (n->kind != LEX_Q_FIELD)
        return false;
    edges_t e = field_word_edges(r, n);
    bool split = e.kind == EDGE_TERM &&
                 !all_phrase_generators(n->kids[0]->text, e.t.start);
    edges_free(&e);
    return split;
}

/* title:x or body:x: x with its words prefixed S, or not.  With
   nothing after the colon (title:, title:,) the parser reads the
   field's name as a word. */
static lex_plan_t *
field(reader_t *r, const lex_qnode_t *n)
{
    bool title = field_is(n, "title");
    if (!title && !field_is(n, "body"))
        return unread(r);
    edges_t e = field_word_edges(r, n);
    lex_plan_t *p = NULL;
    if (n->n_kids == 0 || e.kind == EDGE_NOTHING ||
        is_empty_phrase(n->kids[0])) {
        edges_free(&e);
        return word_term(r, n->name, n->name_len);
    }
    if (is_split_field(r, n)) {
        lex_plan_t *name = word_term(r, n->name, n->name_len);
        p = lex_plan_join(r->join, name, edge_term(r, &e));
        edges_free(&e);
        return p;
    }
    edges_free(&e);
    const lex_qnode_t *k = n->n_kids == 1 ? n->kids[0] : NULL;
    if (r->in_field || !k)
        return unread(r);
    if (k->kind == LEX_Q_WILDCARD)
        return wildcard(r, k, title);
    r->in_field = true;
    r->prefix = title ? LEX_PREFIX_TITLE : "";
    p = read_node(r, n->kids[0]);
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

/* True for -x (not --x: is_double_sign). */
static bool
is_hate(const lex_qnode_t *k)
{
    return k->kind == LEX_Q_EXCLUDED && k->n_kids == 1 && !is_double_sign(k);
}

/*
 * What the operand k of AND hates when the parser reads its sign right
 * after AND as AND_NOT: -x, or -x y... (clauses beginning with -x: all
 * of them, x unsigned), into *hated (a node of its own in *clauses for
 * the latter, whose kids the caller frees); false for another operand.
 */
static bool
hated_after_and(const lex_qnode_t *k, const lex_qnode_t **hated,
                lex_qnode_t *clauses, bool *failed)
{
    if (is_hate(k)) {
        *hated = k->kids[0];
        return true;
    }
    if (k->kind != LEX_Q_CLAUSES || !k->n_kids || !is_hate(k->kids[0]))
        return false;
    *clauses = *k;
    clauses->kids = malloc(k->n_kids * sizeof *clauses->kids);
    *failed = clauses->kids == NULL;
    if (clauses->kids) {
        memcpy(clauses->kids, k->kids, k->n_kids * sizeof *clauses->kids);
        clauses->kids[0] = k->kids[0]->kids[0];
    }
    *hated = clauses;
    return true;
}

/* p AND kid k: a AND NOT b and a AND -b are a AND_NOT b. */
static lex_plan_t *
and_kid(reader_t *r, lex_plan_t *p, const lex_qnode_t *k)
{
    const lex_qnode_t *hated = NULL;
    lex_qnode_t clauses = {0};
    bool failed = false;
    if (k->kind == LEX_Q_NOT && k->n_kids == 1)
        hated = k->kids[0];
    else if (!hated_after_and(k, &hated, &clauses, &failed))
        return fold(LEX_P_AND, p, read_node(r, k));
    lex_plan_t *q = failed ? NULL : read_node(r, hated);
    free(clauses.kids);
    return lex_plan_join(LEX_P_AND_NOT, p, q);
}

/* The kids of n joined by op, left to right. */
static lex_plan_t *
fold_kids(reader_t *r, const lex_qnode_t *n, lex_pkind_t op)
{
    if (n->n_kids == 0)
        return unread(r);
    r->in_operator++;
    lex_plan_t *p = read_node(r, n->kids[0]);
    for (size_t i = 1; i < n->n_kids && p; i++)
        p = op == LEX_P_AND ? and_kid(r, p, n->kids[i])
                            : fold(op, p, read_node(r, n->kids[i]));
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

/* a NEAR/w b ... or a ADJ/w b ...: lex_near_plan's plan (query_near.h);
   between single words the NEAR or PHRASE of their terms, the window w
   plus the words but one, as the parser makes it. */
static lex_plan_t *
near(reader_t *r, const lex_qnode_t *n, lex_pkind_t kind)
{
    lex_near_reader_t rd = {r, near_word, near_term, r->prefix};
    lex_plan_t *p = NULL;
    if (lex_near_plan(n, kind, &rd, &p) != LEX_OK)
        return NULL;
    return p ? p : unread(r);
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

/* The boolean filters of one field, ORed (the parser's grouping). */
typedef struct {
    const char *field; /* "date", "section"... */
    size_t len;
    lex_plan_t *plan;
} filter_group_t;

/* The most fields of boolean filters (date:, section:, bulletin:,
   site:). */
#define MAX_FILTER_FIELDS 4

/* Clauses side by side, sorted the parser's way. */
typedef struct {
    plans_t run;   /* the plain terms since the last other clause */
    plans_t plain; /* the clauses (with AND, the + ones too) */
    plans_t love;  /* with OR, the + clauses */
    plans_t hate;  /* the - clauses */
    filter_group_t filters[MAX_FILTER_FIELDS]; /* in the order met */
    size_t n_filters;
    bool failed; /* memory ran out for a filter */
} sides_t;

/* True when some list of s failed. */
static bool
sides_failed(const sides_t *s)
{
    return s->run.failed || s->plain.failed || s->love.failed ||
           s->hate.failed || s->failed;
}

/* Frees the lists of s. */
static void
sides_free(sides_t *s)
{
    plans_free(&s->run);
    plans_free(&s->plain);
    plans_free(&s->love);
    plans_free(&s->hate);
    for (size_t i = 0; i < s->n_filters; i++)
        lex_plan_free(s->filters[i].plan);
}

/* The field of the boolean filter k, as the parser groups it. */
static const char *
filter_field(const lex_qnode_t *k, size_t *len)
{
    *len = k->kind == LEX_Q_DATE ? 4 : k->name_len;
    return k->kind == LEX_Q_DATE ? "date" : k->name;
}

/* Adds the boolean filter k (+k is the same) to its field's group in s:
   ORed with the others of its field. */
static void
add_filter(reader_t *r, const lex_qnode_t *k, sides_t *s)
{
    size_t len, i = 0;
    const char *name = filter_field(k, &len);
    while (i < s->n_filters && (s->filters[i].len != len ||
                                memcmp(s->filters[i].field, name, len) != 0))
        i++;
    if (i == MAX_FILTER_FIELDS) {
        unread(r);
        return;
    }
    lex_plan_t *p = boolean_value(r, k);
    if (!p) {
        s->failed = !r->unread;
        return;
    }
    filter_group_t *g = &s->filters[i];
    if (i == s->n_filters) {
        *g = (filter_group_t){name, len, p};
        s->n_filters++;
    } else {
        g->plan = fold(LEX_P_OR, g->plan, p);
        s->failed = g->plan == NULL;
    }
}

/* True when the field a sorts before b: the parser ANDs the groups in
   the order of their names. */
static bool
field_before(const filter_group_t *a, const filter_group_t *b)
{
    int c = memcmp(a->field, b->field, a->len < b->len ? a->len : b->len);
    return c < 0 || (c == 0 && a->len < b->len);
}

/* The filters of s: each field's group, ANDed in the order of the
   fields' names; NULL for none. */
static lex_plan_t *
merge_filters(sides_t *s)
{
    filter_group_t *f = s->filters;
    for (size_t i = 1; i < s->n_filters; i++)
        for (size_t j = i; j > 0 && field_before(&f[j], &f[j - 1]); j--) {
            filter_group_t t = f[j];
            f[j] = f[j - 1];
            f[j - 1] = t;
        }
    lex_plan_t *p = s->n_filters ? f[0].plan : NULL;
    for (size_t i = 1; i < s->n_filters; i++)
        p = fold(LEX_P_AND, p, f[i].plan);
    s->n_filters = 0;
    return p;
}

/* True for a field with nothing after its colon (title:, section:),
   whose name the parser reads as a word. */
static bool
is_bare_field(const lex_qnode_t *k)
{
    return (k->kind == LEX_Q_FIELD && k->n_kids == 0) ||
           (k->kind == LEX_Q_FILTER && !k->quoted && k->text_len == 0);
}

/*
 * Sorts the word k, which is not a plain term, into s: the term between
 * its punctuation (edges_of) joins the run of terms, after punctuation
 * it starts one and before punctuation it ends it; all punctuation, it
 * is nothing but ends the run; a phrase of terms (12:30) is a clause of
 * its own, and so is another form (App下载, CJK runs): its terms.
 */
static void
sort_word(reader_t *r, const lex_qnode_t *k, sides_t *s)
{
    edges_t e = edges_of(r, k->text, k->text_len);
    if (e.kind == EDGE_LEFT) {
        s->failed = !r->unread;
    } else if (e.kind == EDGE_TERM) {
        if (e.lead)
            end_run(r, &s->run, &s->plain);
        plans_add(&s->run, edge_term(r, &e));
        if (e.trail)
            end_run(r, &s->run, &s->plain);
    } else {
        end_run(r, &s->run, &s->plain);
        if (e.kind == EDGE_OTHER)
            plans_add(&s->plain, tokens_plan(r, &e.t));
    }
    edges_free(&e);
}

/* Sorts +k or -k (kid i of n) into s: a - clause is the parser's hate,
   a + clause its love (with AND, a plain clause); +filter and -filter
   are a filter and a hated one. */
static void
sort_signed(reader_t *r, const lex_qnode_t *k, sides_t *s)
{
    const lex_qnode_t *x = k->n_kids == 1 ? k->kids[0] : NULL;
    if (x && is_boolean(x)) {
        if (k->kind == LEX_Q_REQUIRED)
            add_filter(r, x, s);
        else
            plans_add(&s->hate, boolean_value(r, x));
        if (!r->unread)
            end_run(r, &s->run, &s->plain);
        return;
    }
    end_run(r, &s->run, &s->plain);
    lex_plan_t *p = x ? read_node(r, x) : unread(r);
    plans_add(k->kind == LEX_Q_EXCLUDED ? &s->hate
              : r->join == LEX_P_AND    ? &s->plain
                                        : &s->love,
              p);
}

/* Sorts kid i of n into s. */
static void
sort_clause(reader_t *r, const lex_qnode_t *n, size_t i, sides_t *s)
{
    const lex_qnode_t *k = n->kids[i];
    if (is_double_sign(k))
        k = k->kids[0];
    if (k->kind == LEX_Q_REQUIRED || k->kind == LEX_Q_EXCLUDED) {
        sort_signed(r, k, s);
    } else if (is_boolean(k) && !is_bare_field(k)) {
        end_run(r, &s->run, &s->plain);
        add_filter(r, k, s);
    } else if (k->kind == LEX_Q_NOT) {
        unread(r); /* NOT takes the clauses after it */
    } else if (is_bare_field(k) || is_split_field(r, k)) {
        /* the name, a colon, maybe a word after punctuation */
        plans_add(&s->run, word_term(r, k->name, k->name_len));
        end_run(r, &s->run, &s->plain);
        if (k->kind == LEX_Q_FIELD && k->n_kids)
            sort_word(r, k->kids[0], s);
    } else if (is_run_term(r, k)) {
        plans_add(&s->run, read_node(r, k));
    } else if (k->kind == LEX_Q_WORD || k->kind == LEX_Q_CJK) {
        sort_word(r, k, s);
    } else {
        end_run(r, &s->run, &s->plain);
        lex_plan_t *p = read_node(r, k);
        if (p && p->kind == LEX_P_NOTHING) /* "", (): no clause */
            lex_plan_free(p);
        else
            plans_add(&s->plain, p);
    }
}

/* Every item but those of hate (the - clauses alone): what the parser
   does of NOT x.  The parser itself refused - clauses alone and read
   the query again without operators, signs or fields ("-export -data"
   searched for both words). */
static lex_plan_t *
all_but(lex_plan_t *hate)
{
    return lex_plan_join(LEX_P_AND_NOT, lex_plan_new(LEX_P_ALL), hate);
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
    if (!s.plain.n && !s.love.n && !s.n_filters) {
        p = s.hate.n ? all_but(fold_all(&s.hate, LEX_P_OR))
                     : lex_plan_new(LEX_P_NOTHING); /* punctuation only */
        sides_free(&s);
        return p;
    }
    lex_plan_t *wanted = fold_all(&s.love, LEX_P_AND);
    lex_plan_t *rest = fold_all(&s.plain, r->join);
    p = wanted && rest ? lex_plan_join(LEX_P_AND_MAYBE, wanted, rest)
        : wanted       ? wanted
                       : rest;
    if (s.n_filters) {
        lex_plan_t *f = merge_filters(&s);
        p = p ? lex_plan_join(LEX_P_FILTER, p, f) : lex_plan_scale(f, 0);
    }
    if (s.hate.n)
        p = lex_plan_join(LEX_P_AND_NOT, p, fold_all(&s.hate, LEX_P_OR));
    sides_free(&s);
    return p;
}

/* -x not beside other clauses (alone, an operand of OR...): every item
   without x, as NOT x; --x is the word x. */
static lex_plan_t *
read_excluded(reader_t *r, const lex_qnode_t *n)
{
    if (n->n_kids != 1)
        return unread(r);
    const lex_qnode_t *x = n->kids[0];
    if (is_double_sign(n))
        return read_node(r, x);
    lex_plan_t *p = is_boolean(x) && !is_bare_field(x) ? boolean_value(r, x)
                                                       : read_node(r, x);
    return p ? all_but(p) : NULL;
}

/* The plan of node n, of its kind. */
static lex_plan_t *
read_kind(reader_t *r, const lex_qnode_t *n)
{
    lex_plan_t *p;
    switch (n->kind) {
    case LEX_Q_WORD:
    case LEX_Q_CJK:
        return read_word(r, n);
    case LEX_Q_PHRASE:
        return phrase(r, n);
    case LEX_Q_WILDCARD:
        return wildcard(r, n, false);
    case LEX_Q_FIELD:
        return field(r, n);
    case LEX_Q_DATE:
        return lex_plan_scale(boolean_value(r, n), 0);
    case LEX_Q_FILTER:
        if (is_bare_field(n))
            return word_term(r, n->name, n->name_len);
        if (is_boolean(n))
            return lex_plan_scale(boolean_value(r, n), 0);
        return n->quoted ? unread(r) : field_name_value(r, n);
    case LEX_Q_REQUIRED: /* +x alone: x */
        return n->n_kids == 1 ? read_node(r, n->kids[0]) : unread(r);
    case LEX_Q_EXCLUDED:
        return read_excluded(r, n);
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
        return n->n_kids ? side_by_side(r, n) : lex_plan_new(LEX_P_NOTHING);
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
        p = all_but(read_node(r, n->kids[0]));
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

/* The plan of node n, noting it as the node being read. */
static lex_plan_t *
read_node(reader_t *r, const lex_qnode_t *n)
{
    if (r->unread)
        return NULL;
    const lex_qnode_t *was = r->at;
    r->at = n;
    lex_plan_t *p = read_kind(r, n);
    r->at = was;
    return p;
}

/* LEX_EPARSE with a message naming node n (NULL: the whole query) and
   its column. */
static lex_status_t
refuse(const lex_qnode_t *n, lex_err_t *err)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_write_node(n, false, &b);
    lex_status_t st =
        lex_buf_failed(&b)
            ? lex_err_set(err, LEX_ENOMEM, "query: out of memory")
            : lex_err_set(err, LEX_EPARSE, "cannot read '%s' at column %zu",
                          lex_buf_str(&b), n->column ? n->column : 1);
    lex_buf_free(&b);
    return st;
}

lex_status_t
lex_parsed_plan(const lex_qnode_t *n, lex_pkind_t join,
                const lex_qlower_opts_t *o, lex_plan_t **out, lex_err_t *err)
{
    reader_t r = {o, join, 0, "", false, false, 0, n, NULL, err, false};
    *out = read_node(&r, n);
    if (r.unread) {
        lex_plan_free(*out);
        *out = NULL;
        return r.refused ? LEX_EPARSE : refuse(r.bad ? r.bad : n, err);
    }
    return *out ? LEX_OK : LEX_ENOMEM;
}

lex_status_t
lex_parsed_clause_plan(const lex_qnode_t *top, size_t i, size_t j,
                       lex_pkind_t join, const lex_qlower_opts_t *o,
                       lex_plan_t **out, lex_err_t *err)
{
    lex_qnode_t clauses = *top;
    clauses.kind = LEX_Q_CLAUSES;
    clauses.n_kids = clauses.kids_cap = j - i;
    clauses.kids = malloc((j - i) * sizeof *clauses.kids);
    if (!clauses.kids)
        return LEX_ENOMEM;
    memcpy(clauses.kids, top->kids + i, (j - i) * sizeof *clauses.kids);
    const lex_qnode_t *first = clauses.kids[0];
    if ((first->kind == LEX_Q_REQUIRED || first->kind == LEX_Q_EXCLUDED) &&
        first->n_kids == 1)
        clauses.kids[0] = first->kids[0];
    lex_status_t st = lex_parsed_plan(&clauses, join, o, out, err);
    free(clauses.kids);
    return st;
}
