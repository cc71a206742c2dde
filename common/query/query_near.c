/*
 * query_near.c - NEAR and ADJ over words, phrases and OR groups.
 *
 * See query_near.h.  A NEAR chain (a NEAR b NEAR/5 c, or NEAR nested
 * directly in NEAR) is one proximity search of the widest window, as
 * Xapian's parser reads it.  Each operand is read into its alternatives:
 * the single words (an OR of their terms, which Xapian takes inside
 * NEAR) and each phrase, a sequence of terms (a quoted phrase, a
 * hyphenated word, a Chinese run as its characters).  Each choice of one
 * alternative per operand is a NEAR (PHRASE for ADJ) over all its terms,
 * FILTERed by the phrases of the choice; the choices are ORed.
 */
#include "query_near.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "buf.h"
#include "query_cjk.h"
#include "query_expand.h"
#include "utf8.h"

/* Operands nested deeper than this are not read (the expansion refuses
   such a query first). */
#define MAX_DEPTH 256

/* The longest operand text a refusal quotes. */
#define QUOTE_MAX 60

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

/* How a word (no space) stands next to NEAR. */
typedef enum {
    WORD_BAD,        /* Xapian would cut it into several words */
    WORD_TERM,       /* one term */
    WORD_HYPHENATED, /* words joined by single hyphens: a phrase */
    WORD_CHINESE     /* ideographs only: a phrase of its characters */
} word_form_t;

/* True when byte i of w (n bytes) is a '.' or ',' between two digits,
   which Xapian keeps inside a number (3.5, 1,000). */
static bool
in_number(const char *w, size_t n, size_t i)
{
    return i > 0 && i + 1 < n && isdigit((unsigned char)w[i - 1]) &&
           isdigit((unsigned char)w[i + 1]);
}

/*
 * The form of the word w (n bytes): one term when it is letters and
 * digits of any script but the CJK ones, apostrophes, underscores and
 * '.' or ',' inside numbers, with at least one letter, digit or
 * underscore; parts of such joined by single hyphens; ideographs only;
 * or none of these.
 */
static word_form_t
word_form(const char *w, size_t n)
{
    size_t hyphens = 0, cjk = 0, chars = 0, letters = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)w[i];
        chars++;
        if (c >= 0x80) {
            unsigned cp = 0;
            size_t len = lex_utf8_decode(w + i, n - i, &cp);
            if (len == 0 || (lex_is_cjk_codepoint(cp) && !lex_is_ideograph(cp)))
                return WORD_BAD;
            cjk += lex_is_ideograph(cp);
            letters++;
            i += len;
            continue;
        }
        if (c == '-') {
            if (letters == 0 || i + 1 == n)
                return WORD_BAD; /* a part without a letter */
            hyphens++;
            letters = 0;
        } else if (isalnum(c) || c == '_') {
            letters++;
        } else if (c != '\'' &&
                   !((c == '.' || c == ',') && in_number(w, n, i))) {
            return WORD_BAD;
        }
        i++;
    }
    if (letters == 0 || (cjk && (cjk != chars || hyphens)))
        return WORD_BAD;
    return cjk ? WORD_CHINESE : hyphens ? WORD_HYPHENATED : WORD_TERM;
}

/* The number of words of a phrase (text, len bytes), each of the forms
   above; 0 when one is not, or there is none. */
static size_t
phrase_words(const char *text, size_t len, size_t *multi)
{
    size_t words = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != ' ')
            j++;
        if (j > i) {
            word_form_t f = word_form(text + i, j - i);
            if (f == WORD_BAD)
                return 0;
            words += f == WORD_TERM ? 1 : 2;
        }
        i = j + 1;
    }
    *multi += words > 1;
    return words;
}

/* ------------------------------------------------------------------ */
/* The check                                                           */
/* ------------------------------------------------------------------ */

/* True when a node of kind k continues a chain of kind chain: NEAR and
   connectors (NEAR underneath) together, ADJ with ADJ. */
static bool
same_chain(lex_qkind_t chain, lex_qkind_t k)
{
    if (chain == LEX_Q_ADJ)
        return k == LEX_Q_ADJ;
    return k == LEX_Q_NEAR || k == LEX_Q_CONNECTOR;
}

/* True when field n is title: or body:. */
static bool
is_text_field(const lex_qnode_t *n)
{
    return (n->name_len == 5 && strncasecmp(n->name, "title", 5) == 0) ||
           (n->name_len == 4 && strncasecmp(n->name, "body", 4) == 0);
}

/*
 * The node at fault in the operand n of a chain (NULL when n is fine);
 * *multi counts its phrases (the alternatives beyond the single words).
 * in_group: within a group or field (a chain there is not the one
 * outside; title: and body: nest, as the parser reads them).
 */
static const lex_qnode_t *
check_operand(const lex_qnode_t *n, lex_qkind_t chain, bool in_group,
              size_t depth, size_t *multi)
{
    if (depth > MAX_DEPTH)
        return NULL;
    switch (n->kind) {
    case LEX_Q_WORD:
    case LEX_Q_CJK: {
        word_form_t f = word_form(n->text, n->text_len);
        if (f == WORD_BAD || (f == WORD_CHINESE && n->kind == LEX_Q_WORD))
            return n;
        *multi += f != WORD_TERM;
        return NULL;
    }
    case LEX_Q_PHRASE:
        return phrase_words(n->text, n->text_len, multi) ? NULL : n;
    case LEX_Q_FIELD:
        if (n->n_kids != 1 || !is_text_field(n))
            return n;
        return check_operand(n->kids[0], chain, true, depth + 1, multi);
    case LEX_Q_GROUP:
        if (n->n_kids != 1)
            return n;
        return check_operand(n->kids[0], chain, true, depth + 1, multi);
    case LEX_Q_OR:
        for (size_t i = 0; i < n->n_kids; i++) {
            const lex_qnode_t *bad =
                check_operand(n->kids[i], chain, true, depth + 1, multi);
            if (bad)
                return bad;
        }
        return NULL;
    case LEX_Q_NEAR:
    case LEX_Q_ADJ:
    case LEX_Q_CONNECTOR:
        if (in_group || !same_chain(chain, n->kind))
            return n;
        for (size_t i = 0; i < n->n_kids; i++) {
            const lex_qnode_t *bad =
                check_operand(n->kids[i], chain, false, depth + 1, multi);
            if (bad)
                return bad;
        }
        return NULL;
    default:
        return n;
    }
}

/* The refusal of operand op of a chain, bad the node at fault in it. */
static lex_status_t
refuse(const lex_qnode_t *op, const lex_qnode_t *bad, lex_err_t *err)
{
    if (bad->kind == LEX_Q_WILDCARD)
        return lex_err_set(err, LEX_EPARSE,
                           "NEAR and ADJ join words, not a wildcard ('%.*s*') "
                           "at column %zu",
                           (int)bad->text_len, bad->text, bad->column);
    const lex_qnode_t *shown = bad->kind == LEX_Q_WORD ||
                                       bad->kind == LEX_Q_PHRASE ||
                                       bad->kind == LEX_Q_CJK
                                   ? bad
                                   : op;
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_write_node(shown, false, &b);
    if (lex_buf_failed(&b)) {
        lex_buf_free(&b);
        return lex_err_set(err, LEX_ENOMEM, "query: out of memory");
    }
    int len = b.len > QUOTE_MAX ? QUOTE_MAX : (int)b.len;
    lex_status_t st = lex_err_set(
        err, LEX_EPARSE,
        "NEAR and ADJ join words, phrases and OR groups of them, not "
        "'%.*s%s' at column %zu",
        len, lex_buf_str(&b), b.len > QUOTE_MAX ? "..." : "", shown->start);
    lex_buf_free(&b);
    return st;
}

lex_status_t
lex_query_check_near(const lex_qnode_t *n, lex_err_t *err)
{
    if (n->kind != LEX_Q_NEAR && n->kind != LEX_Q_ADJ &&
        n->kind != LEX_Q_CONNECTOR)
        return LEX_OK;
    size_t choices = 1;
    for (size_t i = 0; i < n->n_kids; i++) {
        size_t multi = 0;
        const lex_qnode_t *k = n->kids[i];
        if (same_chain(n->kind, k->kind))
            continue; /* checked as a node of its own */
        const lex_qnode_t *bad = check_operand(k, n->kind, false, 0, &multi);
        if (bad)
            return refuse(k, bad, err);
        choices *= multi + 1;
        if (choices > LEX_NEAR_MAX_CHOICES)
            return lex_err_set(err, LEX_EPARSE,
                               "NEAR and ADJ join at most %d choices of "
                               "phrases at column %zu",
                               LEX_NEAR_MAX_CHOICES, n->column);
    }
    return LEX_OK;
}

/* ------------------------------------------------------------------ */
/* The plan                                                            */
/* ------------------------------------------------------------------ */

/* A phrase: the plans of its words, in order. */
typedef struct {
    lex_plan_t **slot;
    size_t n, cap;
} seq_t;

/* One operand: its phrases, and the OR of its single words (or one
   word's term; NULL for none). */
typedef struct {
    seq_t *alt;
    size_t n, cap;
    lex_plan_t *words;
} operand_t;

/* The state of one chain's planning. */
typedef struct {
    const lex_near_reader_t *rd;
    const char *prefix; /* of the words read now */
    bool nomem;
    bool bad;  /* a form the check refuses */
    bool left; /* a word the reader does not plan */
    operand_t *op;
    size_t n_ops, ops_cap;
    unsigned window; /* the widest of the chain */
} planner_t;

/* Frees the plans of s. */
static void
seq_free(seq_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        lex_plan_free(s->slot[i]);
    free(s->slot);
    s->slot = NULL;
    s->n = s->cap = 0;
}

/* Appends t (NULL: out of memory) to s. */
static void
seq_add(planner_t *p, seq_t *s, lex_plan_t *t)
{
    lex_plan_t **more =
        t ? lex_grow(s->slot, s->n + 1, &s->cap, sizeof *s->slot) : NULL;
    if (!more) {
        lex_plan_free(t);
        p->nomem = true;
        return;
    }
    s->slot = more;
    s->slot[s->n++] = t;
}

/* Appends the term of the one-term word w (n bytes) to s: the reader's,
   or the parser's reading of it when the reader does not plan it. */
static void
add_term_word(planner_t *p, seq_t *s, const char *w, size_t n)
{
    bool left = false;
    lex_plan_t *t = p->rd->word(p->rd->ctx, w, n, p->prefix, &left);
    if (t && t->kind != LEX_P_TERM) {
        lex_plan_free(t);
        t = NULL;
        left = true;
    }
    if (!t && !left) {
        p->nomem = true;
        return;
    }
    if (left) /* the chain is not planned: refused */
        p->left = true;
    else
        seq_add(p, s, t);
}

/* Appends the terms of the characters of the Chinese word w (n bytes),
   behind the prefix, to s. */
static void
add_characters(planner_t *p, seq_t *s, const char *w, size_t n)
{
    for (size_t i = 0; i < n && !p->nomem;) {
        unsigned cp = 0;
        size_t len = lex_utf8_decode(w + i, n - i, &cp);
        lex_buf_t b = LEX_BUF_INIT;
        lex_buf_puts(&b, p->prefix);
        lex_buf_append(&b, w + i, len);
        seq_add(p, s,
                lex_buf_failed(&b)
                    ? NULL
                    : p->rd->term(p->rd->ctx, lex_buf_str(&b), b.len));
        lex_buf_free(&b);
        i += len ? len : 1;
    }
}

/* Appends the terms of the word w (n bytes, no space) to s. */
static void
add_word(planner_t *p, seq_t *s, const char *w, size_t n)
{
    switch (word_form(w, n)) {
    case WORD_TERM:
        add_term_word(p, s, w, n);
        break;
    case WORD_HYPHENATED:
        for (size_t i = 0; i < n && !p->nomem;) {
            size_t j = i;
            while (j < n && w[j] != '-')
                j++;
            add_term_word(p, s, w + i, j - i);
            i = j + 1;
        }
        break;
    case WORD_CHINESE:
        add_characters(p, s, w, n);
        break;
    case WORD_BAD:
        p->bad = true;
        break;
    }
}

/* Adds the alternative s (taken) to o: a single word to its words, a
   phrase to its phrases. */
static void
add_alternative(planner_t *p, operand_t *o, seq_t *s)
{
    if (p->nomem || p->bad || s->n == 0) {
        p->bad = p->bad || (!p->nomem && s->n == 0);
        seq_free(s);
        return;
    }
    if (s->n == 1) {
        lex_plan_t *t = s->slot[0];
        s->n = 0;
        seq_free(s);
        if (!o->words)
            o->words = t;
        else if (o->words->kind == LEX_P_OR)
            o->words = lex_plan_add(o->words, t);
        else
            o->words = lex_plan_join(LEX_P_OR, o->words, t);
        p->nomem = p->nomem || !o->words;
        return;
    }
    seq_t *more = lex_grow(o->alt, o->n + 1, &o->cap, sizeof *o->alt);
    if (!more) {
        seq_free(s);
        p->nomem = true;
        return;
    }
    o->alt = more;
    o->alt[o->n++] = *s;
}

/* True for a form of an alternative (ALT) that has no place in a
   proximity search: an entity's or a group's term has no positions. */
static bool
is_positionless(const lex_qnode_t *n)
{
    return n->kind == LEX_Q_ENTITY || n->kind == LEX_Q_TOPIC;
}

/* Reads the operand n (or a part of it) into o. */
static void
read_operand(planner_t *p, const lex_qnode_t *n, operand_t *o, size_t depth)
{
    seq_t s = {0};
    const char *was = p->prefix;
    if (p->nomem || p->bad || depth > MAX_DEPTH) {
        p->bad = p->bad || depth > MAX_DEPTH;
        return;
    }
    switch (n->kind) {
    case LEX_Q_WORD:
    case LEX_Q_CJK:
        add_word(p, &s, n->text, n->text_len);
        add_alternative(p, o, &s);
        return;
    case LEX_Q_PHRASE:
        for (size_t i = 0; i < n->text_len;) {
            size_t j = i;
            while (j < n->text_len && n->text[j] != ' ')
                j++;
            if (j > i)
                add_word(p, &s, n->text + i, j - i);
            i = j + 1;
        }
        add_alternative(p, o, &s);
        return;
    case LEX_Q_FIELD:
        if (n->n_kids != 1 || !is_text_field(n)) {
            p->bad = true;
            return;
        }
        p->prefix = n->name_len == 5 ? LEX_PREFIX_TITLE : "";
        read_operand(p, n->kids[0], o, depth + 1);
        p->prefix = was;
        return;
    case LEX_Q_GROUP:
        if (n->n_kids != 1)
            p->bad = true;
        else
            read_operand(p, n->kids[0], o, depth + 1);
        return;
    case LEX_Q_OR:
    case LEX_Q_ALT:
    case LEX_Q_SYNONYMS:
        for (size_t i = 0; i < n->n_kids; i++)
            if (i == 0 || n->kind != LEX_Q_ALT || !is_positionless(n->kids[i]))
                read_operand(p, n->kids[i], o, depth + 1);
        return;
    default:
        p->bad = true;
        return;
    }
}

/* Reads the operands of the chain n (kind chain), nested links of the
   same chain flattened, into p. */
static void
read_chain(planner_t *p, const lex_qnode_t *n, lex_qkind_t chain, size_t depth)
{
    if (n->window > p->window)
        p->window = n->window;
    for (size_t i = 0; i < n->n_kids && !p->nomem && !p->bad; i++) {
        const lex_qnode_t *k = n->kids[i];
        if (same_chain(chain, k->kind) && depth < MAX_DEPTH) {
            read_chain(p, k, chain, depth + 1);
            continue;
        }
        operand_t *more =
            lex_grow(p->op, p->n_ops + 1, &p->ops_cap, sizeof *p->op);
        if (!more) {
            p->nomem = true;
            return;
        }
        p->op = more;
        p->op[p->n_ops] = (operand_t){0};
        read_operand(p, k, &p->op[p->n_ops++], depth + 1);
    }
}

/* The number of alternatives of o. */
static size_t
alternatives(const operand_t *o)
{
    return o->n + (o->words != NULL);
}

/* The plan of choice c (digits in the base of each operand's number of
   alternatives): the proximity search over all its words, FILTERed by
   its phrases. */
static lex_plan_t *
choice_plan(const planner_t *p, size_t c, lex_pkind_t kind)
{
    lex_plan_t *near = lex_plan_new(kind), *phrases = NULL;
    size_t words = 0;
    for (size_t i = 0; i < p->n_ops && near; i++) {
        const operand_t *o = &p->op[i];
        size_t k = c % alternatives(o);
        c /= alternatives(o);
        if (k == o->n) {
            near = lex_plan_add(near, lex_plan_copy(o->words));
            words++;
            continue;
        }
        const seq_t *s = &o->alt[k];
        lex_plan_t *phrase = lex_plan_new(LEX_P_PHRASE);
        if (phrase)
            phrase->window = (unsigned)s->n;
        for (size_t j = 0; j < s->n; j++) {
            near = lex_plan_add(near, lex_plan_copy(s->slot[j]));
            phrase = lex_plan_add(phrase, lex_plan_copy(s->slot[j]));
        }
        words += s->n;
        phrases = !phrases ? phrase
                  : phrases->kind == LEX_P_AND
                      ? lex_plan_add(phrases, phrase)
                      : lex_plan_join(LEX_P_AND, phrases, phrase);
        if (!phrases) {
            lex_plan_free(near);
            return NULL;
        }
    }
    if (near)
        near->window = p->window + (unsigned)words - 1;
    if (!phrases)
        return near;
    return lex_plan_join(LEX_P_FILTER, near, phrases);
}

/* The OR of the plans of every choice (the one plan when there is one). */
static lex_plan_t *
chain_plan(const planner_t *p, lex_pkind_t kind)
{
    size_t choices = 1;
    for (size_t i = 0; i < p->n_ops; i++)
        choices *= alternatives(&p->op[i]);
    if (choices == 1)
        return choice_plan(p, 0, kind);
    lex_plan_t *any = lex_plan_new(LEX_P_OR);
    for (size_t c = 0; c < choices && any; c++)
        any = lex_plan_add(any, choice_plan(p, c, kind));
    return any;
}

/* Frees the operands of p. */
static void
planner_free(planner_t *p)
{
    for (size_t i = 0; i < p->n_ops; i++) {
        for (size_t j = 0; j < p->op[i].n; j++)
            seq_free(&p->op[i].alt[j]);
        free(p->op[i].alt);
        lex_plan_free(p->op[i].words);
    }
    free(p->op);
}

lex_status_t
lex_near_plan(const lex_qnode_t *n, lex_pkind_t kind,
              const lex_near_reader_t *rd, lex_plan_t **out)
{
    planner_t p = {.rd = rd, .prefix = rd->prefix};
    *out = NULL;
    read_chain(&p, n, n->kind, 0);
    size_t choices = 1;
    for (size_t i = 0; i < p.n_ops && !p.nomem && !p.bad; i++) {
        choices *= alternatives(&p.op[i]);
        p.bad = choices == 0 || choices > LEX_NEAR_MAX_CHOICES;
    }
    p.bad = p.bad || p.n_ops < 2;
    if (!p.nomem && !p.bad && !p.left)
        *out = chain_plan(&p, kind);
    bool failed = p.nomem || (!*out && !p.bad && !p.left);
    planner_free(&p);
    return failed ? LEX_ENOMEM : LEX_OK;
}
