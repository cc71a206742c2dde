/*
 * query_words.c - a word of the query cut into terms the way Xapian's
 * QueryParser cuts it.
 *
 * See query_words.h.  The word is decoded into code points once, each
 * with its class (word character, digit, space, CJK); a reader then
 * walks them as the parser's lexer walks a query without spaces:
 *   - a term starts at a word character: initials separated by dots
 *     (U.S.A.) are one term; a CJK character starts a run of them;
 *     otherwise word characters, and one character between two of them
 *     that the parser keeps (an apostrophe, &, a middle dot; between
 *     digits also , . ;) or drops (zero-width characters); a run of
 *     CJK characters ends it;
 *   - + or # right after a term (up to three) belong to it (C++, C#)
 *     when the index has that term, or lacks the term without them;
 *   - phrase generators (. - / : \ @) between two terms make the second
 *     one phrased; any other character is skipped.
 * Within quotes every non-word character is a separator.
 */
#include "query_words.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "query_lex.h"
#include "utf8.h"

/* The class bits of a code point, beyond query_lower.h's LEX_QCHAR_. */
#define CJK_BIT 8u

/* Xapian 1.4's zero-width characters, dropped within a term. */
#define IGNORED UINT32_MAX

/* One code point of the word. */
typedef struct {
    unsigned cp;
    unsigned cls;    /* LEX_QCHAR_ bits, CJK_BIT */
    size_t off, len; /* its bytes in the word */
} cpt_t;

/* The state of one reading. */
typedef struct {
    const lex_qindex_t *ix;
    const char *s;
    cpt_t *c;
    size_t m;        /* the number of code points */
    size_t i;        /* the next one to read */
    bool parser;     /* met a form left to the parser */
    bool acronym;    /* the last term was initials (U.S.A.) */
    size_t term_end; /* where the last term ended */
    bool failed;     /* memory ran out */
    lex_wtoks_t *out;
} wreader_t;

/* The class of an ASCII code point, as Xapian's Unicode tables have
   it: letters, digits and _ are word characters. */
static unsigned
ascii_class(unsigned cp)
{
    if (cp >= '0' && cp <= '9')
        return LEX_QCHAR_WORD | LEX_QCHAR_DIGIT;
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_')
        return LEX_QCHAR_WORD;
    if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
        return LEX_QCHAR_SPACE;
    return 0;
}

/* Decodes the word into r->c; false (r->parser or r->failed set) for
   invalid UTF-8, a control character, or a non-ASCII character with no
   Unicode callbacks. */
static bool
decode(wreader_t *r, size_t n)
{
    r->c = malloc((n ? n : 1) * sizeof *r->c);
    if (!r->c) {
        r->failed = true;
        return false;
    }
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = lex_utf8_decode(r->s + i, n - i, &cp);
        if (len == 0 || cp < 0x20 || cp == 0x7f ||
            (cp >= 0x80 && (!r->ix->lower || !r->ix->char_class))) {
            r->parser = true;
            return false;
        }
        unsigned cls =
            cp < 0x80 ? ascii_class(cp) : r->ix->char_class(r->ix->ctx, cp);
        if ((cls & LEX_QCHAR_WORD) && lex_is_cjk_codepoint(cp))
            cls |= CJK_BIT;
        r->c[r->m++] = (cpt_t){cp, cls, i, len};
        i += len;
    }
    return true;
}

/* True when code point k of r exists and is a word character. */
static bool
is_word_at(const wreader_t *r, size_t k)
{
    return k < r->m && (r->c[k].cls & LEX_QCHAR_WORD);
}

/* True for the characters that join two terms into a phrase. */
static bool
is_phrase_generator(unsigned cp)
{
    return cp && cp < 0x80 && strchr(".-/:\\@", (int)cp);
}

/* The character a term keeps for ch between two word characters (ch,
   or ' for the curly apostrophes), IGNORED for a zero-width one, 0 for
   one that ends the term. */
static unsigned
infix(unsigned ch)
{
    if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027)
        return ch;
    if (ch == 0x2019 || ch == 0x201b)
        return '\'';
    if ((ch >= 0x200b && ch <= 0x200d) || ch == 0x2060 || ch == 0xfeff)
        return IGNORED;
    return 0;
}

/* infix between two digits: also the separators of numbers. */
static unsigned
infix_digit(unsigned ch)
{
    switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037e:
    case 0x0589:
    case 0x060d:
    case 0x07f8:
    case 0x2044:
    case 0xfe10:
    case 0xfe13:
    case 0xfe14:
        return ch;
    default:
        break;
    }
    if ((ch >= 0x200b && ch <= 0x200d) || ch == 0x2060 || ch == 0xfeff)
        return IGNORED;
    return 0;
}

/* Appends a token of kind whose text starts at byte off of out->text. */
static void
push(wreader_t *r, lex_wtok_kind_t kind, bool phrased, size_t off)
{
    lex_wtoks_t *t = r->out;
    lex_wtok_t *more = lex_grow(t->tok, t->n + 1, &t->cap, sizeof *more);
    if (!more || lex_buf_failed(&t->text)) {
        r->failed = true;
        return;
    }
    t->tok = more;
    t->tok[t->n++] = (lex_wtok_t){kind, phrased, off, t->text.len - off};
}

/* Appends code point k's bytes to the text. */
static void
put(wreader_t *r, size_t k)
{
    lex_buf_append(&r->out->text, r->s + r->c[k].off, r->c[k].len);
}

/* Initials separated by dots from r->i (U.S.A.): the term, true;
   false when there are not two of them or a word character follows. */
static bool
acronym(wreader_t *r, size_t off)
{
    size_t p = r->i, count = 0;
    if (!(r->c[p].cp >= 'A' && r->c[p].cp <= 'Z'))
        return false;
    do {
        count++;
        p++;
    } while (p < r->m && r->c[p].cp == '.' && ++p < r->m && r->c[p].cp >= 'A' &&
             r->c[p].cp <= 'Z');
    if (count < 2 || is_word_at(r, p))
        return false;
    for (size_t k = r->i; k < p; k++)
        if (r->c[k].cp != '.')
            put(r, k);
    r->i = p;
    r->acronym = true;
    push(r, LEX_WTOK_TERM, false, off);
    return true;
}

void
lex_word_lower(const lex_qindex_t *ix, const char *w, size_t n, lex_buf_t *out)
{
    if (ix->lower) {
        ix->lower(ix->ctx, w, n, out);
        return;
    }
    for (size_t i = 0; i < n; i++)
        lex_buf_putc(
            out, (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]));
}

/* True when t, lower-cased, is a term of the index. */
static bool
has_term(wreader_t *r, const char *t, size_t n)
{
    lex_buf_t low = LEX_BUF_INIT;
    bool yes = false;
    lex_word_lower(r->ix, t, n, &low);
    if (lex_buf_failed(&low))
        r->failed = true;
    else
        yes = r->ix->term_exists(r->ix->ctx, lex_buf_str(&low), low.len);
    lex_buf_free(&low);
    return yes;
}

/* The + and # after the term at off (C++, C#): kept when the index has
   the term with them, or lacks it without them. */
static void
suffix(wreader_t *r, size_t off)
{
    size_t p = r->i, k = 0;
    while (p < r->m && (r->c[p].cp == '+' || r->c[p].cp == '#') && k < 4)
        p++, k++;
    if (k == 0 || k > 3 || is_word_at(r, p))
        return;
    if (!r->ix->term_exists) {
        r->parser = true;
        return;
    }
    lex_buf_t *t = &r->out->text;
    size_t bare = t->len - off;
    for (size_t q = r->i; q < p; q++)
        put(r, q);
    if (lex_buf_failed(t)) {
        r->failed = true;
        return;
    }
    if (has_term(r, t->data + off, t->len - off) ||
        !has_term(r, t->data + off, bare))
        r->i = p;
    else
        t->len = off + bare;
}

/* The term of word characters from r->i (not CJK, not initials). */
static void
plain_term(wreader_t *r, size_t off)
{
    size_t k = r->i;
    bool prev_digit = r->c[k].cls & LEX_QCHAR_DIGIT;
    put(r, k);
    for (k++; k < r->m; k++) {
        const cpt_t *c = &r->c[k];
        if (c->cls & CJK_BIT)
            break;
        if (c->cls & LEX_QCHAR_WORD) {
            put(r, k);
            prev_digit = c->cls & LEX_QCHAR_DIGIT;
            continue;
        }
        if (!is_word_at(r, k + 1))
            break;
        unsigned kept = prev_digit && (r->c[k + 1].cls & LEX_QCHAR_DIGIT)
                            ? infix_digit(c->cp)
                            : infix(c->cp);
        if (kept == 0)
            break;
        if (kept == IGNORED)
            continue;
        if (kept != c->cp)
            lex_buf_putc(&r->out->text, (char)kept);
        else
            put(r, k);
        prev_digit = false;
    }
    r->i = k;
    suffix(r, off);
    push(r, LEX_WTOK_TERM, false, off);
}

/* The term starting at word character r->i; phrased as the caller
   says. */
static void
term(wreader_t *r, bool phrased)
{
    size_t off = r->out->text.len;
    if (r->out->n == 0)
        r->out->start = r->c[r->i].off;
    if (r->c[r->i].cls & CJK_BIT) {
        while (r->i < r->m && (r->c[r->i].cls & CJK_BIT))
            put(r, r->i++);
        push(r, LEX_WTOK_CJK, false, off);
        r->out->end = r->c[r->i - 1].off + r->c[r->i - 1].len;
        return;
    }
    r->acronym = false;
    if (!acronym(r, off))
        plain_term(r, off);
    if (r->out->n)
        r->out->tok[r->out->n - 1].phrased = phrased;
    r->term_end = r->i;
    r->out->end = r->c[r->i - 1].off + r->c[r->i - 1].len;
}

/* True when the word characters from r->i are a field name of
   lexsearch-query(7) followed by a colon and a value: the parser reads
   one as such after punctuation too (x,title:y). */
static bool
is_field_here(const wreader_t *r)
{
    size_t j = r->i;
    while (is_word_at(r, j))
        j++;
    if (j + 1 >= r->m || r->c[j].cp != ':' || r->c[j + 1].cp <= ' ' ||
        r->c[j + 1].cp == ')')
        return false;
    return lex_is_field_name(r->s + r->c[r->i].off,
                             r->c[j].off - r->c[r->i].off);
}

/* True when the last token, a term, is one of the parser's operators. */
static bool
is_operator_term(const wreader_t *r)
{
    static const char *const OPS[] = {"AND", "OR", "NOT", "XOR", "ADJ", "NEAR"};
    const lex_wtok_t *t = &r->out->tok[r->out->n - 1];
    const char *w = r->out->text.data + t->off;
    for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++)
        if (strlen(OPS[k]) == t->len && memcmp(OPS[k], w, t->len) == 0)
            return true;
    return false;
}

/* The tokens of a word outside quotes. */
static void
read_word(wreader_t *r)
{
    bool phrased = false;
    while (r->i < r->m && !r->parser && !r->failed) {
        if (!(r->c[r->i].cls & LEX_QCHAR_WORD)) { /* punctuation, even a
                                                     quote or '*' (x*y) */
            r->i++;
            continue;
        }
        if (!phrased && is_field_here(r)) {
            r->parser = true;
            break;
        }
        term(r, phrased);
        if (r->failed || r->out->tok[r->out->n - 1].kind == LEX_WTOK_CJK) {
            phrased = false;
            continue;
        }
        if (!phrased && !r->acronym && is_operator_term(r))
            r->parser = true;
        phrased = false;
        if (r->i < r->m && is_phrase_generator(r->c[r->i].cp)) {
            while (r->i < r->m && is_phrase_generator(r->c[r->i].cp))
                r->i++;
            phrased = is_word_at(r, r->i);
        }
    }
}

/* The tokens of the text of a phrase, within quotes: every character
   but a word's is a separator. */
static void
read_quoted(wreader_t *r)
{
    while (r->i < r->m && !r->parser && !r->failed) {
        const cpt_t *c = &r->c[r->i];
        if (c->cls & LEX_QCHAR_WORD) {
            term(r, false);
            continue;
        }
        r->parser = c->cp == '"' || (c->cp >= 0x201c && c->cp <= 0x201f);
        r->i++;
    }
}

lex_status_t
lex_word_tokens(const lex_qindex_t *ix, const char *s, size_t n, bool quoted,
                lex_wtoks_t *out, bool *parser)
{
    out->n = 0;
    out->text.len = 0;
    out->whole = false;
    out->start = out->end = 0;
    wreader_t r = {ix, s, NULL, 0, 0, false, false, false, 0, out};
    if (decode(&r, n)) {
        if (quoted)
            read_quoted(&r);
        else
            read_word(&r);
    }
    out->whole = !quoted && out->n == 1 && out->tok[0].kind == LEX_WTOK_TERM &&
                 r.m && (r.c[0].cls & LEX_QCHAR_WORD) && r.term_end == r.m;
    free(r.c);
    *parser = r.parser;
    return r.failed || lex_buf_failed(&out->text) ? LEX_ENOMEM : LEX_OK;
}

void
lex_wtoks_free(lex_wtoks_t *t)
{
    free(t->tok);
    lex_buf_free(&t->text);
    t->tok = NULL;
    t->n = t->cap = 0;
}
