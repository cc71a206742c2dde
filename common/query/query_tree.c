/*
 * query_tree.c - parses a query into a tree (see query_tree.h).
 *
 * Three checks run over the tokens first, in the order and with the
 * messages lexsearch has always given (tests/cli/t90-query.sh asserts
 * them): check_syntax (quotes, parentheses, fields, dates),
 * check_operators (operators with nothing to join, wildcards next to NEAR
 * and ADJ) and check_connectors (/s and /p join two single words).  Then
 * build_tree reads the tokens once with an operator-precedence parser
 * whose stacks live on the heap, so that neither deep nesting nor a long
 * query costs more than its length, and every node records its column.
 * Last, lex_query_check_near (query_near.h) refuses the operands no
 * proximity search can take (signs, filters, AND groups...) at theirs.
 */
#include "query_tree.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dates.h"
#include "query_lex.h"
#include "query_near.h"
#include "utf8.h"

struct lex_query {
    char *text; /* a copy of the query; nodes point into it */
    size_t len;
    lex_tokens_t toks;
    lex_qnode_t *root;
    lex_qnode_t **nodes; /* every node, for lex_query_free */
    size_t n_nodes, nodes_cap;
    char **kept; /* strings of lex_query_keep */
    size_t n_kept, kept_cap;
};

/* Makes room for one more element of size elem in *arr (lex_grow);
   false on ENOMEM. */
static bool
grow(void *arr, size_t n, size_t *cap, size_t elem)
{
    void *p = lex_grow(*(void **)arr, n, cap, elem);
    if (!p)
        return false;
    *(void **)arr = p;
    return true;
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

/* One end of a date: YYYY, YYYY-MM or YYYY-MM-DD (lex_iso_date_parse)
   as a YYYYMMDD bound; an unknown month or day spans the whole year or
   month: 00..99. */
static bool
date_bound(const char *s, bool upper, char out[16])
{
    int y, m, d;
    if (!lex_iso_date_parse(s, &y, &m, &d))
        return false;
    snprintf(out, 16, "%04d%02d%02d", y, m ? m : (upper ? 99 : 0),
             d ? d : (upper ? 99 : 0));
    return true;
}

bool
lex_query_date_range(const char *v, size_t n, char lo[16], char hi[16])
{
    lo[0] = hi[0] = '\0';
    size_t dots = n;
    for (size_t i = 0; i + 1 < n; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            dots = i;
            break;
        }
    size_t a_len = dots, b_off = dots == n ? 0 : dots + 2;
    size_t b_len = dots == n ? n : n - b_off;
    char *a = lex_memdup_str(v, a_len), *b = lex_memdup_str(v + b_off, b_len);
    bool ok = a && b && (a_len == 0 || date_bound(a, false, lo)) &&
              (b_len == 0 || date_bound(b, true, hi)) &&
              !(a_len == 0 && b_len == 0);
    free(a);
    free(b);
    return ok;
}

/* ------------------------------------------------------------------ */
/* The checks                                                          */
/* ------------------------------------------------------------------ */

/* Sets err to "MSG at column COL" and returns LEX_EPARSE. */
#define REFUSE(err, col, fmt, ...)                                             \
    lex_err_set(err, LEX_EPARSE, fmt " at column %zu", __VA_ARGS__, (col))

void
lex_query_column_in_characters(const char *text, lex_err_t *err)
{
    static const char tail[] = " at column ";
    char *at = NULL, *end = NULL;
    for (char *p = strstr(err->msg, tail); p; p = strstr(p + 1, tail))
        at = p;
    const char *digits = at ? at + sizeof tail - 1 : NULL;
    unsigned long long col = digits ? strtoull(digits, &end, 10) : 0;
    size_t len = strlen(text);
    if (!digits || end == digits || *end || col == 0 || col - 1 > len)
        return;
    size_t chars = 0;
    for (size_t i = 0; i < col - 1; chars++)
        i = lex_utf8_next(text, len, i);
    snprintf(at, sizeof err->msg - (size_t)(at - err->msg), "%s%zu", tail,
             chars + 1);
}

/*
 * Refuses a query that is not valid UTF-8, at the column of its first bad
 * byte: such bytes can only be a terminal or a script in the wrong
 * encoding, and neither the index nor Xapian's parser (which leaked on
 * some of them) should guess what was meant.
 */
static lex_status_t
check_utf8(const char *q, size_t len, lex_err_t *err)
{
    size_t bad = 0;
    if (lex_utf8_valid(q, len, &bad))
        return LEX_OK;
    return REFUSE(err, bad + 1, "%s",
                  "invalid UTF-8 (the query must be UTF-8)");
}

static bool
is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_alnum(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* True when the token is the first one cut from a run of bytes. */
static bool
starts_run(const lex_token_t *t)
{
    return t->kind != LEX_TOK_PHRASE && t->kind != LEX_TOK_LPAREN &&
           t->kind != LEX_TOK_RPAREN && t->start == t->run_start;
}

/* True when the n bytes at w are s, compared in ASCII lower case. */
static bool
same_name(const char *w, size_t n, const char *s)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]) != s[i])
            return false;
    return true;
}

/*
 * The field named before the colon at q[i], if it is one: letters that
 * start the run or follow '+' or '-' (a colon inside a word, as in
 * "12:30", names none).  Refuses URLs, unknown fields and bad dates.
 */
static lex_status_t
check_colon(const char *q, size_t len, size_t i, lex_err_t *err)
{
    if (i == 0 || !is_alpha((unsigned char)q[i - 1]))
        return LEX_OK;
    size_t w = i;
    while (w > 0 && is_alpha((unsigned char)q[w - 1]))
        w--;
    if (w > 0 && !strchr(" (+-\"", q[w - 1]))
        return LEX_OK;
    const char *name = q + w;
    size_t n = i - w;
    if (same_name(name, n, "http") || same_name(name, n, "https"))
        return REFUSE(err, w + 1, "%s",
                      "a URL is not a query; search its domain with "
                      "site:DOMAIN");
    if (!lex_is_field_name(name, n))
        return REFUSE(err, w + 1,
                      "unknown field '%.*s:' (fields: title, body, section, "
                      "bulletin, site, date, agency, law, role)",
                      (int)n, name);
    if (!same_name(name, n, "date"))
        return LEX_OK;
    size_t end = i + 1;
    while (end < len && q[end] != ' ' && q[end] != ')')
        end++;
    char lo[16], hi[16];
    if (!lex_query_date_range(q + i + 1, end - i - 1, lo, hi))
        return REFUSE(err, w + 1, "bad date '%.*s' " LEX_QUERY_DATE_HELP,
                      (int)(end - w), name);
    return LEX_OK;
}

/*
 * Refuses unbalanced quotes and parentheses, unknown fields, URLs and
 * bad dates, left to right, then an unclosed quote, then an unclosed
 * parenthesis, each with its column.  Xapian's parser would guess.
 */
static lex_status_t
check_syntax(const lex_tokens_t *t, lex_err_t *err)
{
    size_t depth = 0, last_open = 0; /* the innermost unclosed '(' */
    size_t *opens = NULL, cap = 0;
    lex_status_t st = LEX_OK;
    for (size_t k = 0; k < t->n && st == LEX_OK; k++) {
        const lex_token_t *tok = &t->tokens[k];
        if (tok->kind == LEX_TOK_LPAREN) {
            if (!grow(&opens, depth, &cap, sizeof *opens))
                st = lex_err_set(err, LEX_ENOMEM, "query: out of memory");
            else
                opens[depth++] = tok->start;
        } else if (tok->kind == LEX_TOK_RPAREN) {
            if (depth == 0)
                st = REFUSE(err, tok->start + 1, "%s", "unmatched ')'");
            else
                depth--;
        } else if (starts_run(tok)) {
            for (size_t i = tok->run_start;
                 i < tok->run_start + tok->run_len && st == LEX_OK; i++)
                if (t->text[i] == ':')
                    st = check_colon(t->text, t->text_len, i, err);
        }
    }
    if (depth)
        last_open = opens[depth - 1];
    free(opens);
    if (st != LEX_OK)
        return st;
    if (t->n && t->tokens[t->n - 1].kind == LEX_TOK_PHRASE &&
        !t->tokens[t->n - 1].closed)
        return REFUSE(err, t->tokens[t->n - 1].start + 1, "%s",
                      "unclosed quote");
    if (depth)
        return REFUSE(err, last_open + 1, "%s", "unclosed '('");
    return LEX_OK;
}

/* The bytes of the run a token was cut from. */
typedef struct {
    const char *s;
    size_t n;
    size_t col;
} run_t;

static bool
run_starts_with(run_t r, const char *p)
{
    size_t n = strlen(p);
    return r.n >= n && memcmp(r.s, p, n) == 0;
}

static bool
run_is(run_t r, const char *p)
{
    return r.n == strlen(p) && memcmp(r.s, p, r.n) == 0;
}

static bool
run_is_proximity(run_t r)
{
    return run_starts_with(r, "NEAR") || run_starts_with(r, "ADJ");
}

/* The operator a run starts with when punctuation follows it (OR/x). */
static size_t
glued_len(run_t r)
{
    size_t k = 0;
    while (k < r.n && r.s[k] >= 'A' && r.s[k] <= 'Z')
        k++;
    if (k == 0 || k == r.n || is_alnum((unsigned char)r.s[k]) ||
        (unsigned char)r.s[k] <= ' ' || (unsigned char)r.s[k] >= 0x7f)
        return 0;
    return lex_is_binary_operator(r.s, k) ? k : 0;
}

/* What check_operators remembers between runs. */
typedef struct {
    bool want_operand; /* at the start of the query or of a group */
    run_t prev_op;     /* the last binary operator or NOT, if pending */
    run_t prev_word;   /* the last run */
    size_t prev_col;   /* the column of the last run */
    run_t empty;       /* a phrase of no word since the last operand */
} opstate_t;

/* The refusal of the phrase of no word e next to an operator. */
#define REFUSE_EMPTY(err, e)                                                   \
    REFUSE(err, (e).col, "'%.*s' holds no word to search for", (int)(e).n,     \
           (e).s)

static lex_status_t check_operator_run(opstate_t *s, run_t w, lex_err_t *err);

/*
 * A run that starts with an operator glued to punctuation ("XOR,",
 * "OR/x", "XOR,,NEAR/1"): Xapian reads the operator, skips the
 * punctuation and reads what follows as a run of its own, which may be
 * another operator.  Both are checked as the runs they read as.
 */
static lex_status_t
check_glued_run(opstate_t *s, run_t w, size_t glued, lex_err_t *err)
{
    lex_status_t st = check_operator_run(s, (run_t){w.s, glued, w.col}, err);
    if (st != LEX_OK)
        return st;
    size_t k = glued;
    while (k < w.n && !is_alnum((unsigned char)w.s[k]) &&
           (unsigned char)w.s[k] < 0x80)
        k++;
    if (k == w.n)
        return LEX_OK;
    return check_operator_run(s, (run_t){w.s + k, w.n - k, w.col + k}, err);
}

/* True for bytes that hold no word: spaces and ASCII punctuation but
   '_' (a word byte), parentheses and '"' (which a phrase cannot hold). */
static bool
holds_no_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != ' ' &&
            (!ispunct(c) || c == '_' || c == '(' || c == ')' || c == '"'))
            return false;
    }
    return true;
}

bool
lex_query_says_nothing(const lex_qnode_t *n)
{
    while ((n->kind == LEX_Q_REQUIRED || n->kind == LEX_Q_EXCLUDED) &&
           n->n_kids == 1)
        n = n->kids[0];
    if (n->kind == LEX_Q_PHRASE)
        return holds_no_word(n->text, n->text_len);
    return n->kind == LEX_Q_WORD && n->text_len > 0 &&
           holds_no_word(n->text, n->text_len) &&
           memchr(n->text, ' ', n->text_len) == NULL;
}

/* True when the run is ASCII punctuation only (",", ":", "--"), which
   Xapian skips: no operand. */
static bool
run_is_punctuation(run_t w)
{
    for (size_t i = 0; i < w.n; i++)
        if (!ispunct((unsigned char)w.s[i]) || w.s[i] == '_')
            return false;
    return true;
}

/* One run, for check_operators. */
static lex_status_t
check_operator_run(opstate_t *s, run_t w, lex_err_t *err)
{
    if (run_is_punctuation(w))
        return LEX_OK;
    bool binary = lex_is_binary_operator(w.s, w.n);
    size_t glued = binary ? 0 : glued_len(w);
    if (glued)
        return check_glued_run(s, w, glued, err);
    if (binary && run_is_proximity(w) && s->prev_word.n &&
        s->prev_word.s[s->prev_word.n - 1] == '*')
        return REFUSE(err, s->prev_col,
                      "NEAR and ADJ join words, not a wildcard ('%.*s')",
                      (int)s->prev_word.n, s->prev_word.s);
    if (!binary && w.s[w.n - 1] == '*' && run_is_proximity(s->prev_op))
        return REFUSE(err, w.col,
                      "NEAR and ADJ join words, not a wildcard ('%.*s')",
                      (int)w.n, w.s);
    s->prev_word = w;
    if (binary && s->want_operand && s->empty.n)
        return REFUSE_EMPTY(err, s->empty);
    if (binary && s->want_operand)
        return REFUSE(err, w.col, "'%.*s' needs a word or group before it",
                      (int)w.n, w.s);
    s->empty = (run_t){NULL, 0, 0};
    bool is_not = run_is(w, "NOT");
    s->want_operand = binary || is_not;
    s->prev_op = binary || is_not ? w : (run_t){NULL, 0, 0};
    s->prev_col = w.col;
    return LEX_OK;
}

/*
 * Refuses a joining operator with nothing to join on one side ("OR x",
 * "x AND", "a OR AND b", "(OR a)", "OR/x" at the start), a phrase of no
 * word as its operand ('a AND ""', naming the phrase), and a wildcard
 * next to NEAR or ADJ, naming the column.  Xapian would refuse most of
 * these too, but its parser leaks memory on that path.
 */
static lex_status_t
check_operators(const lex_tokens_t *t, lex_err_t *err)
{
    opstate_t s = {.want_operand = true};
    for (size_t k = 0; k < t->n; k++) {
        const lex_token_t *tok = &t->tokens[k];
        if (tok->kind == LEX_TOK_PHRASE &&
            holds_no_word(t->text + tok->start + tok->open_len,
                          tok->len - tok->open_len - tok->close_len)) {
            run_t e = {t->text + tok->start, tok->len, tok->start + 1};
            if (s.want_operand && s.prev_op.n)
                return REFUSE_EMPTY(err, e);
            s.empty = e; /* no operand: side by side, it is skipped */
        } else if (tok->kind == LEX_TOK_PHRASE) {
            s.want_operand = false;
            s.empty = (run_t){NULL, 0, 0};
        } else if (tok->kind == LEX_TOK_LPAREN || tok->kind == LEX_TOK_RPAREN) {
            bool close = tok->kind == LEX_TOK_RPAREN;
            if (close && s.want_operand && s.prev_op.n)
                return REFUSE(err, s.prev_col,
                              "'%.*s' needs a word or group after it",
                              (int)s.prev_op.n, s.prev_op.s);
            s.want_operand = !close;
            s.prev_op = (run_t){NULL, 0, 0};
        } else if (starts_run(tok)) {
            run_t w = {t->text + tok->run_start, tok->run_len,
                       tok->run_start + 1};
            lex_status_t st = check_operator_run(&s, w, err);
            if (st != LEX_OK)
                return st;
        }
    }
    if (s.want_operand && s.prev_op.n)
        return REFUSE(err, s.prev_col, "'%.*s' needs a word or group after it",
                      (int)s.prev_op.n, s.prev_op.s);
    return LEX_OK;
}

/* The space-delimited word before (or after) the connector at q[i]. */
static run_t
word_around(const lex_tokens_t *t, size_t i, bool before)
{
    const char *q = t->text;
    size_t a, b;
    if (before) {
        b = i;
        while (b > 0 && q[b - 1] == ' ')
            b--;
        a = b;
        while (a > 0 && q[a - 1] != ' ')
            a--;
    } else {
        a = i + 2;
        while (a < t->text_len && q[a] == ' ')
            a++;
        b = a;
        while (b < t->text_len && q[b] != ' ')
            b++;
    }
    return (run_t){q + a, b - a, a + 1};
}

/* A single word: letters, digits, apostrophes and non-ASCII, and not a
   boolean operator. */
static bool
is_single_word(run_t w)
{
    if (w.n == 0 || run_is(w, "AND") || run_is(w, "OR") || run_is(w, "NOT") ||
        run_is(w, "XOR"))
        return false;
    for (size_t i = 0; i < w.n; i++) {
        unsigned char c = (unsigned char)w.s[i];
        if (!(is_alnum(c) || c >= 0x80 || c == '\''))
            return false;
    }
    return true;
}

/*
 * /s and /p join two single words (NEAR, underneath, knows no more);
 * anything else next to them is refused rather than misread.
 */
static lex_status_t
check_connectors(const lex_tokens_t *t, lex_err_t *err)
{
    for (size_t k = 0; k < t->n; k++) {
        const lex_token_t *tok = &t->tokens[k];
        if (tok->kind != LEX_TOK_CONNECTOR)
            continue;
        if (!is_single_word(word_around(t, tok->start, true)) ||
            !is_single_word(word_around(t, tok->start, false)))
            return REFUSE(err, tok->start + 1,
                          "/%c joins two single words (no phrases, hyphens, "
                          "fields or brackets)",
                          t->text[tok->start + 1]);
    }
    return LEX_OK;
}

/* ------------------------------------------------------------------ */
/* The tree                                                            */
/* ------------------------------------------------------------------ */

/* A new node of the query (owned by q->nodes), or NULL. */
static lex_qnode_t *
new_node(lex_query_t *q, lex_qkind_t kind, size_t column)
{
    if (!grow(&q->nodes, q->n_nodes, &q->nodes_cap, sizeof *q->nodes))
        return NULL;
    lex_qnode_t *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->column = column;
    n->start = column;
    q->nodes[q->n_nodes++] = n;
    return n;
}

static bool
add_kid(lex_qnode_t *parent, lex_qnode_t *kid)
{
    if (!grow(&parent->kids, parent->n_kids, &parent->kids_cap,
              sizeof *parent->kids))
        return false;
    parent->kids[parent->n_kids++] = kid;
    return true;
}

/* An operator waiting on the parser's stack. */
typedef struct {
    lex_qkind_t kind; /* a binary or prefix node kind, or LEX_Q_GROUP */
    bool prefix;      /* +, -, title:, NOT b: takes the next operand */
    int prec;         /* binary: how tightly it binds */
    size_t column;
    size_t height; /* operands on the stack when it was pushed */
    unsigned window;
    char connector;
    const char *name;
    size_t name_len;
} pending_t;

/* The parser's state: the operands made so far and the operators waiting. */
typedef struct {
    lex_query_t *q;
    lex_qnode_t **operands;
    size_t n_operands, operands_cap;
    pending_t *ops;
    size_t n_ops, ops_cap;
    bool want_operand;
    bool nomem;
} parser_t;

/* Puts a finished operand on the stack. */
static void
push_operand(parser_t *p, lex_qnode_t *n)
{
    if (!n || !grow(&p->operands, p->n_operands, &p->operands_cap,
                    sizeof *p->operands)) {
        p->nomem = true;
        return;
    }
    p->operands[p->n_operands++] = n;
    p->want_operand = false;
}

/* True when the left operand can take the right one as one more kid:
   a OR b OR c is one OR of three. */
static bool
can_flatten(const pending_t *op, const lex_qnode_t *left)
{
    return !op->prefix && op->kind != LEX_Q_CONNECTOR &&
           op->kind != LEX_Q_AND_NOT && left->kind == op->kind &&
           left->window == op->window;
}

/* Pops the operator on top of the stack into a node over its operands
   (a prefix or a group over those pushed after it, a binary operator
   over the one before it too), and pushes that node. */
static void
reduce(parser_t *p)
{
    pending_t op = p->ops[--p->n_ops];
    size_t from = op.prefix || op.height == 0 ? op.height : op.height - 1;
    if (from > p->n_operands)
        from = p->n_operands;
    if (from < p->n_operands && can_flatten(&op, p->operands[from])) {
        lex_qnode_t *left = p->operands[from];
        for (size_t i = from + 1; i < p->n_operands; i++)
            if (!add_kid(left, p->operands[i]))
                p->nomem = true;
        p->n_operands = from + 1;
        return;
    }
    lex_qnode_t *n = new_node(p->q, op.kind, op.column);
    if (!n) {
        p->nomem = true;
        return;
    }
    n->window = op.window;
    n->connector = op.connector;
    n->name = op.name;
    n->name_len = op.name_len;
    for (size_t i = from; i < p->n_operands; i++)
        if (!add_kid(n, p->operands[i]))
            p->nomem = true;
    n->start = op.prefix || !n->n_kids ? op.column : n->kids[0]->start;
    if (n->kind == LEX_Q_CLAUSES)
        n->column = n->start;
    p->n_operands = from;
    push_operand(p, n);
}

/* Applies the prefixes (+, -, title:, NOT) waiting for the operand just
   pushed, innermost first. */
static void
apply_prefixes(parser_t *p)
{
    while (!p->nomem && p->n_ops && p->ops[p->n_ops - 1].prefix &&
           p->ops[p->n_ops - 1].kind != LEX_Q_GROUP)
        reduce(p);
}

/* An operand: pushed, then taken by the prefixes before it. */
static void
operand(parser_t *p, lex_qnode_t *n)
{
    push_operand(p, n);
    apply_prefixes(p);
}

static void
push_op(parser_t *p, pending_t op)
{
    if (!grow(&p->ops, p->n_ops, &p->ops_cap, sizeof *p->ops)) {
        p->nomem = true;
        return;
    }
    op.height = p->n_operands;
    p->ops[p->n_ops++] = op;
    p->want_operand = true;
}

/* Reduces the operators that bind at least as tightly as prec. */
static void
reduce_to(parser_t *p, int prec)
{
    while (!p->nomem && p->n_ops && p->ops[p->n_ops - 1].kind != LEX_Q_GROUP &&
           (p->ops[p->n_ops - 1].prefix || p->ops[p->n_ops - 1].prec >= prec))
        reduce(p);
}

/* A binary operator arrives: a OR b, a NEAR/3 b, or two operands side
   by side (CLAUSES). */
static void
binary_op(parser_t *p, lex_qkind_t kind, int prec, size_t column,
          unsigned window, char connector)
{
    if (p->want_operand)
        return; /* nothing on its left: refused by the checks */
    reduce_to(p, prec);
    push_op(p, (pending_t){.kind = kind,
                           .prec = prec,
                           .column = column,
                           .window = window,
                           .connector = connector});
}

enum { PREC_OR = 1, PREC_XOR, PREC_AND, PREC_CLAUSES, PREC_NEAR };

/* Before an operand that stands next to the one before it. */
static void
side_by_side(parser_t *p, size_t column)
{
    if (!p->want_operand)
        binary_op(p, LEX_Q_CLAUSES, PREC_CLAUSES, column, 0, 0);
}

static void
prefix(parser_t *p, lex_qkind_t kind, size_t column, const char *name,
       size_t name_len)
{
    side_by_side(p, column);
    push_op(p, (pending_t){.kind = kind,
                           .prefix = true,
                           .column = column,
                           .name = name,
                           .name_len = name_len});
}

/* A leaf node: a word, wildcard, CJK run or phrase. */
static lex_qnode_t *
leaf(parser_t *p, const lex_token_t *tok)
{
    static const lex_qkind_t kinds[] = {
        [LEX_TOK_WORD] = LEX_Q_WORD, [LEX_TOK_WILDCARD] = LEX_Q_WILDCARD,
        [LEX_TOK_CJK] = LEX_Q_CJK,   [LEX_TOK_PHRASE] = LEX_Q_PHRASE,
        [LEX_TOK_DATE] = LEX_Q_WORD,
    };
    lex_qnode_t *n = new_node(p->q, kinds[tok->kind], tok->start + 1);
    if (!n)
        return NULL;
    n->text = p->q->text + tok->start;
    n->text_len = tok->len;
    if (tok->kind == LEX_TOK_WILDCARD)
        n->text_len--;
    if (tok->kind == LEX_TOK_PHRASE) {
        n->text += tok->open_len;
        n->text_len -= tok->open_len + tok->close_len;
    }
    return n;
}

/* True when token k + 1 follows token k with nothing between them. */
static bool
adjacent(const lex_tokens_t *t, size_t k)
{
    return k + 1 < t->n &&
           t->tokens[k + 1].start == t->tokens[k].start + t->tokens[k].len;
}

/* The name of the field token f as the query layer compares it: lower
   case (Title: is title:), or as written when no field has it. */
static const char *
field_name(const parser_t *p, const lex_token_t *f, size_t *len)
{
    const char *canon = lex_field_name(p->q->text + f->start, f->len - 1);
    *len = canon ? strlen(canon) : f->len - 1;
    return canon ? canon : p->q->text + f->start;
}

/*
 * A filter (section:, date:...) and its value: the rest of the run, or a
 * phrase right after the colon.  Returns how many tokens it took.
 */
static size_t
filter(parser_t *p, const lex_tokens_t *t, size_t k, bool date)
{
    const lex_token_t *f = &t->tokens[k];
    lex_qnode_t *n =
        new_node(p->q, date ? LEX_Q_DATE : LEX_Q_FILTER, f->start + 1);
    if (!n) {
        p->nomem = true;
        return 1;
    }
    n->name = field_name(p, f, &n->name_len);
    size_t used = 1;
    if (adjacent(t, k) && t->tokens[k + 1].kind != LEX_TOK_LPAREN &&
        t->tokens[k + 1].kind != LEX_TOK_RPAREN) {
        lex_qnode_t *v = leaf(p, &t->tokens[k + 1]);
        if (!v) {
            p->nomem = true;
            return 1;
        }
        n->text = v->text;
        n->text_len = v->text_len;
        n->quoted = t->tokens[k + 1].kind == LEX_TOK_PHRASE;
        used = 2;
    }
    if (date && !lex_query_date_range(n->text, n->text_len, n->lo, n->hi))
        n->lo[0] = n->hi[0] = '\0';
    side_by_side(p, f->start + 1);
    operand(p, n);
    return used;
}

/* A field name: title:/body: take the operand after them; the filter
   fields a value. */
static size_t
field(parser_t *p, const lex_tokens_t *t, size_t k)
{
    const lex_token_t *f = &t->tokens[k];
    size_t n;
    const char *name = field_name(p, f, &n);
    if (!same_name(name, n, "title") && !same_name(name, n, "body"))
        return filter(p, t, k, same_name(name, n, "date"));
    if (adjacent(t, k)) {
        prefix(p, LEX_Q_FIELD, f->start + 1, name, n);
        return 1;
    }
    lex_qnode_t *empty = new_node(p->q, LEX_Q_FIELD, f->start + 1);
    if (empty) {
        empty->name = name;
        empty->name_len = n;
    }
    side_by_side(p, f->start + 1);
    operand(p, empty);
    return 1;
}

/* An operator token: AND, OR, XOR, NEAR/n, ADJ/n, or NOT (binary after
   an operand, a prefix otherwise). */
static void
operator(parser_t *p, const lex_token_t *tok)
{
    size_t col = tok->start + 1;
    switch (tok->op) {
    case LEX_OP_OR:
        binary_op(p, LEX_Q_OR, PREC_OR, col, 0, 0);
        break;
    case LEX_OP_XOR:
        binary_op(p, LEX_Q_XOR, PREC_XOR, col, 0, 0);
        break;
    case LEX_OP_AND:
        binary_op(p, LEX_Q_AND, PREC_AND, col, 0, 0);
        break;
    case LEX_OP_NEAR:
    case LEX_OP_ADJ:
        binary_op(p, tok->op == LEX_OP_NEAR ? LEX_Q_NEAR : LEX_Q_ADJ, PREC_NEAR,
                  col, tok->window, 0);
        break;
    case LEX_OP_NOT:
        if (p->want_operand)
            prefix(p, LEX_Q_NOT, col, NULL, 0);
        else
            binary_op(p, LEX_Q_AND_NOT, PREC_AND, col, 0, 0);
        break;
    case LEX_OP_NONE:
        break;
    }
}

/* ')' closes the innermost group (a stray one is ignored). */
static void
close_group(parser_t *p)
{
    while (!p->nomem && p->n_ops && p->ops[p->n_ops - 1].kind != LEX_Q_GROUP)
        reduce(p);
    if (!p->n_ops || p->nomem)
        return;
    p->ops[p->n_ops - 1].prefix = true; /* takes what it holds */
    reduce(p);
    p->want_operand = false;
    apply_prefixes(p);
}

/* One token into the parser; returns how many tokens it took. */
static size_t
feed(parser_t *p, const lex_tokens_t *t, size_t k)
{
    const lex_token_t *tok = &t->tokens[k];
    size_t col = tok->start + 1;
    switch (tok->kind) {
    case LEX_TOK_WORD:
    case LEX_TOK_WILDCARD:
    case LEX_TOK_CJK:
    case LEX_TOK_PHRASE:
    case LEX_TOK_DATE:
        side_by_side(p, col);
        operand(p, leaf(p, tok));
        return 1;
    case LEX_TOK_OPERATOR:
        operator(p, tok);
        return 1;
    case LEX_TOK_SIGN:
        prefix(p, t->text[tok->start] == '+' ? LEX_Q_REQUIRED : LEX_Q_EXCLUDED,
               col, NULL, 0);
        return 1;
    case LEX_TOK_FIELD:
        return field(p, t, k);
    case LEX_TOK_CONNECTOR: {
        char c = t->text[tok->start + 1];
        binary_op(p, LEX_Q_CONNECTOR, PREC_NEAR, col, 0,
                  c == 'S' || c == 's' ? 's' : 'p');
        return 1;
    }
    case LEX_TOK_LPAREN:
        side_by_side(p, col);
        push_op(p, (pending_t){.kind = LEX_Q_GROUP, .column = col});
        return 1;
    case LEX_TOK_RPAREN:
        close_group(p);
        return 1;
    }
    return 1;
}

/* Reads the tokens into q->root. */
static lex_status_t
build_tree(lex_query_t *q, lex_err_t *err)
{
    parser_t p = {.q = q, .want_operand = true};
    for (size_t k = 0; k < q->toks.n && !p.nomem;)
        k += feed(&p, &q->toks, k);
    while (!p.nomem && p.n_ops) {
        if (p.ops[p.n_ops - 1].kind == LEX_Q_GROUP)
            p.ops[p.n_ops - 1].prefix = true; /* an unclosed group */
        reduce(&p);
    }
    if (!p.nomem && p.n_operands > 1) {
        /* cannot happen: every operand is joined; keep them all */
        lex_qnode_t *all = new_node(q, LEX_Q_CLAUSES, p.operands[0]->column);
        for (size_t i = 0; all && i < p.n_operands; i++)
            if (!add_kid(all, p.operands[i]))
                p.nomem = true;
        p.operands[0] = all;
        p.n_operands = all ? 1 : 0;
        p.nomem = p.nomem || !all;
    }
    q->root = p.n_operands ? p.operands[0] : NULL;
    free(p.operands);
    free(p.ops);
    if (p.nomem)
        return lex_err_set(err, LEX_ENOMEM, "query: out of memory");
    return LEX_OK;
}

/* True when n only leaves out: -x, or a group or clauses of - clauses
   only ((-b -c)). */
static bool
only_leaves_out(const lex_qnode_t *n)
{
    if (n->kind == LEX_Q_EXCLUDED)
        return true;
    if ((n->kind != LEX_Q_GROUP && n->kind != LEX_Q_CLAUSES) || !n->n_kids)
        return false;
    for (size_t i = 0; i < n->n_kids; i++)
        if (!only_leaves_out(n->kids[i]))
            return false;
    return true;
}

/*
 * Refuses NOT -x (a NOT -b, NOT (-b -c)): NOT of what '-' leaves out
 * keeps the items with x, the opposite of what the two signs seem to
 * ask; the user says which was meant.
 */
static lex_status_t
check_double_negation(const lex_qnode_t *n, lex_err_t *err)
{
    if (n->kind != LEX_Q_AND_NOT && n->kind != LEX_Q_NOT)
        return LEX_OK;
    for (size_t i = n->kind == LEX_Q_AND_NOT ? 1 : 0; i < n->n_kids; i++)
        if (only_leaves_out(n->kids[i]))
            return REFUSE(err, n->kids[i]->column, "%s",
                          "'-' after NOT is a double negation, which keeps "
                          "the word; write NOT x to leave x out");
    return LEX_OK;
}

lex_status_t
lex_query_parse(const char *text, size_t len, lex_query_t **out, lex_err_t *err)
{
    *out = NULL;
    lex_query_t *q = calloc(1, sizeof *q);
    if (!q || !(q->text = lex_memdup_str(text, len))) {
        free(q);
        return lex_err_set(err, LEX_ENOMEM, "query: out of memory");
    }
    q->len = len;
    lex_status_t st = check_utf8(q->text, len, err);
    if (st == LEX_OK)
        st = lex_tokenize(q->text, len, &q->toks, err);
    if (st == LEX_OK)
        st = check_syntax(&q->toks, err);
    if (st == LEX_OK)
        st = check_operators(&q->toks, err);
    if (st == LEX_OK)
        st = check_connectors(&q->toks, err);
    if (st == LEX_OK)
        st = build_tree(q, err);
    for (size_t i = 0; st == LEX_OK && i < q->n_nodes; i++)
        st = lex_query_check_near(q->nodes[i], err);
    for (size_t i = 0; st == LEX_OK && i < q->n_nodes; i++)
        st = check_double_negation(q->nodes[i], err);
    if (st != LEX_OK) {
        lex_query_free(q);
        return st;
    }
    *out = q;
    return LEX_OK;
}

const lex_qnode_t *
lex_query_root(const lex_query_t *q)
{
    return q ? q->root : NULL;
}

/* ------------------------------------------------------------------ */
/* The printer                                                         */
/* ------------------------------------------------------------------ */

static const char *
kind_name(lex_qkind_t k)
{
    static const char *const names[] = {
        [LEX_Q_CLAUSES] = "clauses",   [LEX_Q_GROUP] = "group",
        [LEX_Q_AND] = "and",           [LEX_Q_OR] = "or",
        [LEX_Q_XOR] = "xor",           [LEX_Q_AND_NOT] = "and_not",
        [LEX_Q_NOT] = "not",           [LEX_Q_NEAR] = "near",
        [LEX_Q_ADJ] = "adj",           [LEX_Q_CONNECTOR] = "connector",
        [LEX_Q_REQUIRED] = "required", [LEX_Q_EXCLUDED] = "excluded",
        [LEX_Q_FIELD] = "field",       [LEX_Q_FILTER] = "filter",
        [LEX_Q_DATE] = "date",         [LEX_Q_WORD] = "word",
        [LEX_Q_WILDCARD] = "wildcard", [LEX_Q_CJK] = "cjk",
        [LEX_Q_PHRASE] = "phrase",     [LEX_Q_ALT] = "alt",
        [LEX_Q_SYNONYMS] = "synonyms", [LEX_Q_TOPIC] = "topic",
        [LEX_Q_ENTITY] = "entity"};
    return names[k];
}

/* Deepest level indented; deeper levels give their depth instead. */
#define PRINT_MAX_INDENT 32

/* One line of the printed tree. */
static void
print_node(const lex_qnode_t *n, size_t depth, lex_buf_t *b)
{
    size_t indent = depth < PRINT_MAX_INDENT ? depth : PRINT_MAX_INDENT;
    lex_buf_printf(b, "%*s", (int)(2 * indent), "");
    if (depth > PRINT_MAX_INDENT)
        lex_buf_printf(b, "[depth %zu] ", depth);
    lex_buf_puts(b, kind_name(n->kind));
    switch (n->kind) {
    case LEX_Q_NEAR:
    case LEX_Q_ADJ:
        lex_buf_printf(b, "/%u", n->window);
        break;
    case LEX_Q_CONNECTOR:
        lex_buf_printf(b, " /%c", n->connector);
        break;
    case LEX_Q_FIELD:
        lex_buf_printf(b, " %.*s:", (int)n->name_len, n->name);
        break;
    case LEX_Q_FILTER:
    case LEX_Q_DATE:
        lex_buf_printf(b, " %.*s:%s%.*s%s", (int)n->name_len, n->name,
                       n->quoted ? "\"" : "", (int)n->text_len, n->text,
                       n->quoted ? "\"" : "");
        if (n->kind == LEX_Q_DATE)
            lex_buf_printf(b, " [%s..%s]", n->lo, n->hi);
        break;
    case LEX_Q_PHRASE:
        lex_buf_printf(b, " \"%.*s\"", (int)n->text_len, n->text);
        break;
    case LEX_Q_WORD:
    case LEX_Q_CJK:
        lex_buf_printf(b, " %.*s", (int)n->text_len, n->text);
        break;
    case LEX_Q_WILDCARD:
        lex_buf_printf(b, " %.*s*", (int)n->text_len, n->text);
        break;
    case LEX_Q_SYNONYMS:
    case LEX_Q_TOPIC:
        lex_buf_printf(b, " #%u", n->window);
        break;
    case LEX_Q_ENTITY:
        lex_buf_printf(b, " %.*s:%.*s", (int)n->name_len, n->name,
                       (int)n->text_len, n->text);
        break;
    default:
        break;
    }
    lex_buf_printf(b, " @%zu\n", n->column);
}

void
lex_query_print(const lex_query_t *q, lex_buf_t *b)
{
    if (!q || !q->root) {
        lex_buf_puts(b, "(empty)\n");
        return;
    }
    /* depth-first with a stack of its own: groups may nest deeply */
    typedef struct {
        const lex_qnode_t *n;
        size_t depth;
    } frame_t;
    frame_t *stack = NULL;
    size_t n = 0, cap = 0;
    if (!grow(&stack, n, &cap, sizeof *stack)) {
        lex_buf_puts(b, "(out of memory)\n");
        return;
    }
    stack[n++] = (frame_t){q->root, 0};
    while (n) {
        frame_t f = stack[--n];
        print_node(f.n, f.depth, b);
        for (size_t i = f.n->n_kids; i > 0; i--) {
            if (!grow(&stack, n, &cap, sizeof *stack)) {
                lex_buf_puts(b, "(out of memory)\n");
                free(stack);
                return;
            }
            stack[n++] = (frame_t){f.n->kids[i - 1], f.depth + 1};
        }
    }
    free(stack);
}

/* qsort order of connector nodes: by column. */
static int
by_column(const void *a, const void *b)
{
    size_t x = (*(const lex_qnode_t *const *)a)->column;
    size_t y = (*(const lex_qnode_t *const *)b)->column;
    return x < y ? -1 : x > y;
}

void
lex_query_expand_connectors(const lex_query_t *q, unsigned sentence,
                            unsigned paragraph, lex_buf_t *b)
{
    const lex_qnode_t **conn = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < q->n_nodes; i++) {
        if (q->nodes[i]->kind != LEX_Q_CONNECTOR)
            continue;
        if (!grow(&conn, n, &cap, sizeof *conn)) {
            free(conn);
            b->failed = true;
            return;
        }
        conn[n++] = q->nodes[i];
    }
    if (n > 1)
        qsort(conn, n, sizeof *conn, by_column);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t col = conn[i]->column - 1;
        lex_buf_append(b, q->text + at, col - at);
        lex_buf_printf(b, "NEAR/%u",
                       conn[i]->connector == 's' ? sentence : paragraph);
        at = col + 2;
    }
    lex_buf_append(b, q->text + at, q->len - at);
    free(conn);
}

void
lex_query_free(lex_query_t *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n_nodes; i++) {
        free(q->nodes[i]->kids);
        free(q->nodes[i]);
    }
    free(q->nodes);
    for (size_t i = 0; i < q->n_kept; i++)
        free(q->kept[i]);
    free(q->kept);
    lex_tokens_free(&q->toks);
    free(q->text);
    free(q);
}

lex_query_t *
lex_query_new(const char *text, size_t len)
{
    lex_query_t *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->text = lex_memdup_str(text, len);
    q->len = len;
    if (!q->text) {
        free(q);
        return NULL;
    }
    return q;
}

const char *
lex_query_text(const lex_query_t *q)
{
    return q->text;
}

lex_qnode_t *
lex_query_node(lex_query_t *q, lex_qkind_t kind, size_t column)
{
    return new_node(q, kind, column);
}

bool
lex_query_add_kid(lex_qnode_t *parent, lex_qnode_t *kid)
{
    return add_kid(parent, kid);
}

const char *
lex_query_keep(lex_query_t *q, const char *s, size_t n)
{
    char *c = lex_memdup_str(s, n);
    if (!c || !grow(&q->kept, q->n_kept, &q->kept_cap, sizeof *q->kept)) {
        free(c);
        return NULL;
    }
    q->kept[q->n_kept++] = c;
    return c;
}

void
lex_query_set_root(lex_query_t *q, lex_qnode_t *root)
{
    q->root = root;
}
