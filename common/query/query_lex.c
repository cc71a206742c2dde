/*
 * query_lex.c - the tokenizer of the query language (see query_lex.h).
 *
 * One pass over the bytes: a space skips, a parenthesis is a token, a
 * double quote (ASCII or typographic: lex_quote_len) opens a phrase that
 * runs to the next double quote of any of these kinds (or to the end,
 * unclosed), and anything else is a run up to the next separator.
 * Each run is then cut by split_run into the tokens it reads as.  The
 * classes are ASCII only, so the result does not depend on the locale.
 */
#include "query_lex.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static bool
is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool
is_alpha(unsigned char c)
{
    return is_upper(c) || (c >= 'a' && c <= 'z');
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* ASCII punctuation, as ispunct() in the C locale. */
static bool
is_punct(unsigned char c)
{
    return c > ' ' && c < 0x7f && !is_alpha(c) && !is_digit(c);
}

size_t
lex_quote_len(const char *s, size_t n)
{
    if (n >= 1 && s[0] == '"')
        return 1;
    /* U+201C to U+201F: E2 80 9C .. E2 80 9F */
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        (unsigned char)s[2] >= 0x9C && (unsigned char)s[2] <= 0x9F)
        return 3;
    return 0;
}

/* The offset of the first double quote in s (n bytes), or n for none. */
static size_t
next_quote(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((s[i] == '"' || (unsigned char)s[i] == 0xE2) &&
            lex_quote_len(s + i, n - i))
            return i;
    return n;
}

/* True when a run ends at byte i of s (n bytes): a space, a parenthesis
   or a double quote. */
static bool
ends_run(const char *s, size_t n, size_t i)
{
    char c = s[i];
    return c == ' ' || c == '(' || c == ')' || lex_quote_len(s + i, n - i);
}

/* True when the n bytes at w are "date", in any case. */
static bool
is_date_name(const char *w, size_t n)
{
    static const char name[] = "date";
    if (n != 4)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((w[i] | 0x20) != name[i])
            return false;
    return true;
}

/* The operator that w (n bytes) names on its own: AND ... ADJ/n. */
static lex_op_t
operator_of(const char *w, size_t n, unsigned *window)
{
    static const struct {
        const char *name;
        lex_op_t op;
    } ops[] = {{"AND", LEX_OP_AND}, {"OR", LEX_OP_OR},     {"XOR", LEX_OP_XOR},
               {"NOT", LEX_OP_NOT}, {"NEAR", LEX_OP_NEAR}, {"ADJ", LEX_OP_ADJ}};
    *window = LEX_NEAR_DEFAULT;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t k = strlen(ops[i].name);
        if (n < k || memcmp(w, ops[i].name, k) != 0)
            continue;
        if (n == k)
            return ops[i].op;
        bool proximity = ops[i].op == LEX_OP_NEAR || ops[i].op == LEX_OP_ADJ;
        if (!proximity || w[k] != '/' || n == k + 1)
            continue;
        unsigned long v = 0;
        size_t j = k + 1;
        while (j < n && is_digit((unsigned char)w[j])) {
            v = v * 10 + (unsigned long)(w[j] - '0');
            if (v > UINT_MAX)
                v = UINT_MAX;
            j++;
        }
        if (j == n) {
            *window = (unsigned)v;
            return ops[i].op;
        }
    }
    return LEX_OP_NONE;
}

bool
lex_is_binary_operator(const char *w, size_t n)
{
    unsigned window;
    lex_op_t op = operator_of(w, n, &window);
    return op != LEX_OP_NONE && op != LEX_OP_NOT;
}

/* Appends one token; false when memory ran out. */
static bool
push(lex_tokens_t *t, lex_tok_kind_t kind, size_t start, size_t len,
     size_t run_start, size_t run_len)
{
    lex_token_t *grown = lex_grow(t->tokens, t->n, &t->cap, sizeof *grown);
    if (!grown)
        return false;
    t->tokens = grown;
    t->tokens[t->n++] = (lex_token_t){.kind = kind,
                                      .start = start,
                                      .len = len,
                                      .run_start = run_start,
                                      .run_len = run_len,
                                      .window = LEX_NEAR_DEFAULT,
                                      .closed = true};
    return true;
}

/* A run that is /s, /S, /p or /P with a space or an end on each side. */
static bool
is_connector_run(const lex_tokens_t *t, size_t a, size_t b)
{
    const char *q = t->text;
    return b - a == 2 && q[a] == '/' &&
           (q[a + 1] == 's' || q[a + 1] == 'S' || q[a + 1] == 'p' ||
            q[a + 1] == 'P') &&
           (a == 0 || q[a - 1] == ' ') && (b == t->text_len || q[b] == ' ');
}

/*
 * How many bytes of an operator a run starts with when punctuation
 * follows it ("OR/x", "AND.fine"): Xapian reads the operator, then the
 * rest as a word.  0 otherwise.
 */
static size_t
glued_operator_len(const char *w, size_t n)
{
    size_t k = 0;
    while (k < n && is_upper((unsigned char)w[k]))
        k++;
    if (k == 0 || k == n || !is_punct((unsigned char)w[k]))
        return 0;
    return lex_is_binary_operator(w, k) ? k : 0;
}

/* The kind of a value: WORD, WILDCARD (x*) or CJK (non-ASCII only). */
static lex_tok_kind_t
value_kind(const char *w, size_t n)
{
    if (n >= 2 && w[n - 1] == '*')
        return LEX_TOK_WILDCARD;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] < 0x80)
            return LEX_TOK_WORD;
    return LEX_TOK_CJK;
}

/* The length of a field name (letters) followed by ':' at w; else 0. */
static size_t
field_len(const char *w, size_t n)
{
    size_t k = 0;
    while (k < n && is_alpha((unsigned char)w[k]))
        k++;
    return k > 0 && k < n && w[k] == ':' ? k + 1 : 0;
}

/* Cuts the run [a, b) into its tokens. */
static bool
split_run(lex_tokens_t *t, size_t a, size_t b)
{
    const char *q = t->text;
    size_t ra = a, rn = b - a;
    unsigned window;
    if (is_connector_run(t, a, b))
        return push(t, LEX_TOK_CONNECTOR, a, 2, ra, rn);
    lex_op_t op = operator_of(q + a, b - a, &window);
    size_t glued = op == LEX_OP_NONE ? glued_operator_len(q + a, b - a) : 0;
    if (glued)
        op = operator_of(q + a, glued, &window);
    if (op != LEX_OP_NONE) {
        size_t len = glued ? glued : b - a;
        if (!push(t, LEX_TOK_OPERATOR, a, len, ra, rn))
            return false;
        t->tokens[t->n - 1].op = op;
        t->tokens[t->n - 1].window = window;
        t->tokens[t->n - 1].glued = glued != 0;
        a += len;
    }
    /* a sign takes the rest of the run, or a phrase or group right after */
    bool more =
        b - a > 1 || (b < t->text_len &&
                      (q[b] == '(' || lex_quote_len(q + b, t->text_len - b)));
    if (a < b && more && (q[a] == '+' || q[a] == '-')) {
        if (!push(t, LEX_TOK_SIGN, a, 1, ra, rn))
            return false;
        a++;
    }
    /* a run right after ')' starts no field: "(a)foo:bar" is a word */
    bool after_group = a == ra && a > 0 && q[a - 1] == ')';
    size_t f = a < b && !after_group ? field_len(q + a, b - a) : 0;
    bool date = f && is_date_name(q + a, f - 1);
    if (f) {
        if (!push(t, LEX_TOK_FIELD, a, f, ra, rn))
            return false;
        a += f;
    }
    if (a < b)
        return push(t, date ? LEX_TOK_DATE : value_kind(q + a, b - a), a, b - a,
                    ra, rn);
    return true;
}

/* Appends the phrase whose opening quote is at byte i: up to the next
   double quote of any kind, or to the end when none closes it. */
static bool
push_phrase(lex_tokens_t *t, size_t i)
{
    size_t open = lex_quote_len(t->text + i, t->text_len - i);
    size_t from = i + open;
    size_t at = from + next_quote(t->text + from, t->text_len - from);
    size_t close =
        at < t->text_len ? lex_quote_len(t->text + at, t->text_len - at) : 0;
    size_t end = at + close;
    if (!push(t, LEX_TOK_PHRASE, i, end - i, i, end - i))
        return false;
    lex_token_t *tok = &t->tokens[t->n - 1];
    tok->closed = close != 0;
    tok->open_len = (unsigned char)open;
    tok->close_len = (unsigned char)close;
    return true;
}

/* True for the ASCII punctuation Xapian's parser skips between terms:
   not a byte that joins words into a phrase (. - / : \ @), keeps them
   one term (' & _) or ends one (+ # *), nor a separator. */
static bool
is_skipped_punct(char c)
{
    return c != '\0' && strchr("!$%,;<=>?[]^{|}~`", c) != NULL;
}

const char *
lex_field_name(const char *w, size_t n)
{
    static const char *const fields[] = {"title",    "body", "section",
                                         "bulletin", "site", "date",
                                         "agency",   "law",  "role"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        size_t k = strlen(fields[i]), j = 0;
        while (j < k && j < n &&
               (is_upper((unsigned char)w[j]) ? w[j] + 32 : w[j]) ==
                   fields[i][j])
            j++;
        if (j == k && n == k)
            return fields[i];
    }
    return NULL;
}

bool
lex_is_field_name(const char *w, size_t n)
{
    return lex_field_name(w, n) != NULL;
}

/* True when the bytes [p, b) start with a field of lexsearch-query(7)
   (title:) or are an operator, alone or glued to punctuation (AND,
   OR/x). */
static bool
starts_field_or_operator(const char *q, size_t p, size_t b)
{
    unsigned window;
    size_t f = field_len(q + p, b - p);
    return (f && lex_is_field_name(q + p, f - 1)) ||
           operator_of(q + p, b - p, &window) != LEX_OP_NONE ||
           glued_operator_len(q + p, b - p);
}

/*
 * Cuts the run [a, b) into its tokens, first into runs of their own
 * where punctuation the parser skips is followed by a field or an
 * operator ("data,title:export", "x[AND y"): the parser started a new
 * term after such punctuation and read the field or operator there.
 */
static bool
split_runs(lex_tokens_t *t, size_t a, size_t b)
{
    size_t from = a;
    for (size_t p = a + 1; p < b; p++) {
        if (!is_skipped_punct(t->text[p - 1]) ||
            !starts_field_or_operator(t->text, p, b))
            continue;
        if (!split_run(t, from, p))
            return false;
        from = p;
    }
    return split_run(t, from, b);
}

/* A bare NEAR or ADJ, a run of its own. */
static bool
is_bare_proximity(const lex_token_t *t)
{
    return t->kind == LEX_TOK_OPERATOR && !t->glued && t->len == t->run_len &&
           (t->op == LEX_OP_NEAR || t->op == LEX_OP_ADJ) &&
           t->window == LEX_NEAR_DEFAULT && (t->len == 4 || t->len == 3);
}

/*
 * A bare NEAR or ADJ next to a connector is one of its two words
 * ("x NEAR /s b"), as the connector check reads it: made a word.
 */
static void
words_beside_connectors(lex_tokens_t *t)
{
    for (size_t k = 0; k < t->n; k++) {
        if (t->tokens[k].kind != LEX_TOK_CONNECTOR)
            continue;
        if (k > 0 && is_bare_proximity(&t->tokens[k - 1]))
            t->tokens[k - 1].kind = LEX_TOK_WORD;
        if (k + 1 < t->n && is_bare_proximity(&t->tokens[k + 1]))
            t->tokens[k + 1].kind = LEX_TOK_WORD;
    }
}

lex_status_t
lex_tokenize(const char *text, size_t len, lex_tokens_t *out, lex_err_t *err)
{
    *out = (lex_tokens_t){.text = text, .text_len = len};
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        size_t j = i + 1;
        bool ok = true;
        if (c == ' ') {
            i++;
            continue;
        } else if (c == '(' || c == ')') {
            ok = push(out, c == '(' ? LEX_TOK_LPAREN : LEX_TOK_RPAREN, i, 1, i,
                      1);
        } else if (lex_quote_len(text + i, len - i)) {
            ok = push_phrase(out, i);
            if (ok)
                j = i + out->tokens[out->n - 1].len;
        } else {
            while (j < len && !ends_run(text, len, j))
                j++;
            ok = split_runs(out, i, j);
        }
        if (!ok) {
            lex_tokens_free(out);
            return lex_err_set(err, LEX_ENOMEM, "query: out of memory");
        }
        i = j;
    }
    words_beside_connectors(out);
    return LEX_OK;
}

void
lex_tokens_free(lex_tokens_t *t)
{
    free(t->tokens);
    t->tokens = NULL;
    t->n = t->cap = 0;
}

const char *
lex_tok_kind_name(lex_tok_kind_t k)
{
    static const char *const names[] = {
        "word",  "wildcard", "cjk",       "phrase", "operator", "sign",
        "field", "date",     "connector", "(",      ")"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}
