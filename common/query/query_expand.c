/*
 * query_expand.c - the expansion passes over a parsed query (see
 * query_expand.h).
 *
 * One recursive copy of the tree does the work: leaves are copied (a
 * connector becomes NEAR, agency:"..." its id, a Chinese run its
 * segments); the kids of each node are then read as runs of plain words
 * for the entity and thesaurus passes; a last walk gives hyphenated
 * words and two-word phrases their joined form.  Runs are what the
 * query's words side by side are: the kids of a CLAUSES node, or a
 * single word that is an operand of AND, OR, XOR or NOT.  Words next to
 * NEAR or ADJ or within their operands (an OR group), after + or -, or
 * in a field are never expanded.
 */
#include "query_expand.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjk_segment.h"
#include "query_cjk.h"
#include "utf8.h"

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

bool
lex_is_stopword(const char *w, size_t n)
{
    static const char *const words[] = {
        "a",     "about", "after", "against", "all",  "an",      "and",   "any",
        "are",   "as",    "at",    "be",      "been", "between", "by",    "can",
        "did",   "do",    "does",  "for",     "from", "has",     "have",  "how",
        "if",    "in",    "into",  "is",      "it",   "its",     "must",  "of",
        "on",    "or",    "over",  "should",  "so",   "than",    "that",  "the",
        "their", "them",  "there", "these",   "they", "this",    "those", "to",
        "under", "was",   "were",  "what",    "when", "where",   "which", "who",
        "why",   "will",  "with",  "would"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && strncasecmp(words[i], w, n) == 0)
            return true;
    return false;
}

/* True for AND, OR, NOT, XOR, NEAR, ADJ and NEAR/..., ADJ/... */
static bool
is_operator_word(const char *w, size_t n)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        size_t k = strlen(ops[i]);
        if (n >= k && memcmp(w, ops[i], k) == 0 && (n == k || w[k] == '/'))
            return true;
    }
    return false;
}

bool
lex_query_is_plain_word(const char *w, size_t n)
{
    if (n == 0 || is_operator_word(w, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (!(isalnum(c) || c == '-' || c == '\'' || c >= 0x80))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* The thesaurus as stems                                              */
/* ------------------------------------------------------------------ */

/*
 * Stemming every phrase of the thesaurus cost more than the rest of a
 * short search, so phrases are stemmed only when a query needs them.
 * Words are put in buckets by their first byte: the stemmer rewrites
 * endings and keeps a word's first letter (the one thing it drops in
 * front, an apostrophe, is never in a thesaurus phrase), so a word whose
 * stem begins with c can only match phrase words that begin with c.  A
 * bucket is stemmed the first time a query word's stem begins with its
 * byte, and kept for the next queries.
 */
#define N_BUCKETS 256

typedef struct {
    char **stems; /* the phrase's words as stems */
    size_t n;
    size_t group;
    size_t order; /* the phrase's place in the thesaurus: ties go first */
} stemmed_phrase_t;

/* A bucket's phrases (what a query's words are matched against) and
   words (which only a spelling check asks for) are stemmed apart. */
typedef struct {
    bool phrases_ready;        /* phrases stemmed */
    stemmed_phrase_t *phrases; /* by first stem, then order */
    size_t n;
    bool words_ready; /* words stemmed */
    char **words;     /* the stem of every word of the bucket, sorted */
    size_t n_words;
} bucket_t;

/* Nothing is built ahead: a bucket is made, from a walk of the
   thesaurus, the first time a query needs it, so that a process touches
   no memory for the letters its query does not begin with. */
struct lex_stemmed_thesaurus {
    const lex_thesaurus_t *th;
    lex_stem_fn stem;
    void *ctx;
    bucket_t *buckets[N_BUCKETS]; /* NULL until first needed */
};

/* True when w (n bytes) holds no ASCII byte (a Chinese word): no letter
   the stemmer (English, lexdb.cc) would change or remove. */
static bool
has_no_ascii(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] < 0x80)
            return false;
    return n > 0;
}

/* A word of no ASCII byte is its own stem: copied, not stemmed, as the
   thesaurus pass stems every word of a pasted Chinese page. */
bool
lex_stem_lowered(lex_stem_fn stem, void *ctx, const char *w, size_t n,
                 lex_buf_t *out)
{
    if (has_no_ascii(w, n)) {
        lex_buf_append(out, w, n);
        return !lex_buf_failed(out);
    }
    lex_buf_t lower = LEX_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        lex_buf_putc(&lower, (char)tolower((unsigned char)w[i]));
    if (lex_buf_failed(&lower))
        out->failed = true;
    else
        stem(ctx, lex_buf_str(&lower), lower.len, out);
    lex_buf_free(&lower);
    return !lex_buf_failed(out);
}

/* A malloc'd stem of w[0..n), lower-cased first; NULL on ENOMEM. */
static char *
stem_of(const lex_stemmed_thesaurus_t *st, const char *w, size_t n)
{
    lex_buf_t out = LEX_BUF_INIT;
    char *s = lex_stem_lowered(st->stem, st->ctx, w, n, &out)
                  ? strdup(lex_buf_str(&out))
                  : NULL;
    lex_buf_free(&out);
    return s;
}

static int
by_first_stem(const void *a, const void *b)
{
    const stemmed_phrase_t *x = a, *y = b;
    int c = strcmp(x->stems[0], y->stems[0]);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int
by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The bucket of a word: its first byte. */
static unsigned char
bucket_of(const char *w)
{
    return (unsigned char)w[0];
}

/* The next word of a phrase at or after *p (its length in *n), moving *p
   past it; NULL after the last.  Plain loops: words are short, and a
   process walks every phrase once for each bucket it stems. */
static const char *
next_word(const char **p, size_t *n)
{
    const char *w = *p;
    while (*w == ' ')
        w++;
    if (!*w)
        return NULL;
    const char *end = w;
    while (*end && *end != ' ')
        end++;
    *n = (size_t)(end - w);
    *p = end;
    return w;
}

lex_status_t
lex_stemmed_thesaurus_new(const lex_thesaurus_t *th, lex_stem_fn stem,
                          void *ctx, lex_stemmed_thesaurus_t **out)
{
    lex_stemmed_thesaurus_t *st = calloc(1, sizeof *st);
    if (!st)
        return LEX_ENOMEM;
    st->th = th;
    st->stem = stem;
    st->ctx = ctx;
    *out = st;
    return LEX_OK;
}

/* Frees the phrases of bucket b and marks them not stemmed. */
static void
free_phrases(bucket_t *b)
{
    for (size_t p = 0; p < b->n; p++) {
        for (size_t k = 0; k < b->phrases[p].n; k++)
            free(b->phrases[p].stems[k]);
        free(b->phrases[p].stems);
    }
    free(b->phrases);
    b->phrases = NULL;
    b->n = 0;
    b->phrases_ready = false;
}

/* Frees the words of bucket b and marks them not stemmed. */
static void
free_words(bucket_t *b)
{
    for (size_t k = 0; k < b->n_words; k++)
        free(b->words[k]);
    free(b->words);
    b->words = NULL;
    b->n_words = 0;
    b->words_ready = false;
}

void
lex_stemmed_thesaurus_free(lex_stemmed_thesaurus_t *st)
{
    if (!st)
        return;
    for (size_t c = 0; c < N_BUCKETS; c++)
        if (st->buckets[c]) {
            free_phrases(st->buckets[c]);
            free_words(st->buckets[c]);
            free(st->buckets[c]);
        }
    free(st);
}

const lex_thesaurus_t *
lex_stemmed_thesaurus_of(const lex_stemmed_thesaurus_t *st)
{
    return st->th;
}

/* Adds the stems of phrase text (of group g, order-th in the
   thesaurus) to b; false on ENOMEM. */
static bool
add_phrase(const lex_stemmed_thesaurus_t *st, bucket_t *b, const char *text,
           size_t g, size_t order)
{
    stemmed_phrase_t *ph = &b->phrases[b->n++]; /* freed with b from now */
    *ph = (stemmed_phrase_t){NULL, 0, g, order};
    size_t cap = 0, len;
    const char *p = text, *w;
    while ((w = next_word(&p, &len)) != NULL) {
        void *grown = lex_grow(ph->stems, ph->n, &cap, sizeof *ph->stems);
        char *s = grown ? stem_of(st, w, len) : NULL;
        if (grown)
            ph->stems = grown;
        if (!s)
            return false;
        ph->stems[ph->n++] = s;
    }
    return true;
}

/* How many phrases of th have a first word that begins with byte c
   (words_too: how many words of every phrase begin with it). */
static size_t
count_in_bucket(const lex_thesaurus_t *th, unsigned char c, bool words_too)
{
    size_t count = 0;
    for (size_t g = 0; g < th->n; g++)
        for (size_t i = 0; i < th->groups[g].n; i++) {
            const char *p = th->groups[g].phrases[i], *w;
            size_t n, k = 0;
            while ((w = next_word(&p, &n)) != NULL && (words_too || k++ == 0))
                count += bucket_of(w) == c;
        }
    return count;
}

/* Stems the phrases of bucket c (in thesaurus order before the sort)
   into b; false on ENOMEM. */
static bool
stem_phrases(const lex_stemmed_thesaurus_t *st, bucket_t *b, unsigned char c)
{
    const lex_thesaurus_t *th = st->th;
    size_t n_phrases = count_in_bucket(th, c, false), order = 0;
    b->phrases = calloc(n_phrases ? n_phrases : 1, sizeof *b->phrases);
    if (!b->phrases)
        return false;
    for (size_t g = 0; g < th->n; g++)
        for (size_t i = 0; i < th->groups[g].n; i++, order++) {
            const char *text = th->groups[g].phrases[i], *p = text, *w;
            size_t n;
            if ((w = next_word(&p, &n)) != NULL && bucket_of(w) == c &&
                !add_phrase(st, b, text, g, order))
                return false;
        }
    qsort(b->phrases, b->n, sizeof *b->phrases, by_first_stem);
    return true;
}

/* Stems the words of bucket c into b; false on ENOMEM. */
static bool
stem_words(const lex_stemmed_thesaurus_t *st, bucket_t *b, unsigned char c)
{
    const lex_thesaurus_t *th = st->th;
    size_t n_words = count_in_bucket(th, c, true);
    b->words = calloc(n_words ? n_words : 1, sizeof *b->words);
    if (!b->words)
        return false;
    for (size_t g = 0; g < th->n; g++)
        for (size_t i = 0; i < th->groups[g].n; i++) {
            const char *p = th->groups[g].phrases[i], *w;
            size_t n;
            while ((w = next_word(&p, &n)) != NULL) {
                if (bucket_of(w) != c)
                    continue;
                if ((b->words[b->n_words] = stem_of(st, w, n)) == NULL)
                    return false;
                b->n_words++;
            }
        }
    qsort(b->words, b->n_words, sizeof *b->words, by_string);
    return true;
}

/* Bucket c of st, made empty now if no query needed it before; NULL on
   ENOMEM. */
static bucket_t *
bucket_at(const lex_stemmed_thesaurus_t *st, unsigned char c)
{
    /* the buckets are a cache: filling one leaves st's meaning as it was
       (st itself is always malloc'd, never a const object) */
    bucket_t **slot = (bucket_t **)&st->buckets[c];
    if (!*slot)
        *slot = calloc(1, sizeof **slot);
    return *slot;
}

/* The bucket of the phrases whose first stem begins as stem s does, its
   phrases stemmed now if no query needed them before; NULL on ENOMEM. */
static const bucket_t *
stemmed_bucket(const lex_stemmed_thesaurus_t *st, const char *s)
{
    unsigned char c = bucket_of(s);
    bucket_t *b = bucket_at(st, c);
    if (b && !b->phrases_ready) {
        if (!stem_phrases(st, b, c)) {
            free_phrases(b);
            return NULL;
        }
        b->phrases_ready = true;
    }
    return b;
}

/* The bucket of the phrase words whose stems begin as stem s does, its
   words stemmed now if no spelling check needed them before; NULL on
   ENOMEM. */
static const bucket_t *
bucket_with_words(const lex_stemmed_thesaurus_t *st, const char *s)
{
    unsigned char c = bucket_of(s);
    bucket_t *b = bucket_at(st, c);
    if (b && !b->words_ready) {
        if (!stem_words(st, b, c)) {
            free_words(b);
            return NULL;
        }
        b->words_ready = true;
    }
    return b;
}

bool
lex_stemmed_thesaurus_has(const lex_stemmed_thesaurus_t *st, const char *w,
                          size_t n)
{
    char *s = stem_of(st, w, n);
    const bucket_t *b = s ? bucket_with_words(st, s) : NULL;
    bool found = b && bsearch(&s, b->words, b->n_words, sizeof *b->words,
                              by_string) != NULL;
    free(s);
    return found;
}

/* The first phrase of b whose first stem is s, or b->n. */
static size_t
first_with_stem(const bucket_t *b, const char *s)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(b->phrases[mid].stems[0], s) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ------------------------------------------------------------------ */
/* Entities                                                            */
/* ------------------------------------------------------------------ */

/* The longest run of words a name may have. */
#define ENTITY_MAX_WORDS 8
/* Of a query longer than this many bytes (pasted prose), each run of
   words that no name begins with is dropped at once
   (lex_gazetteer_begins_name, whose table costs a short query more than
   its few lookups). */
#define ENTITY_LONG_QUERY 256

/* lex_query_entity_at, runs no name begins with dropped when prose. */
static size_t entity_at(const lex_gazetteer_t *gz, const char *const *words,
                        const size_t *lens, size_t n, bool prose,
                        const char **field, const char **id);

size_t
lex_query_entity_at(const lex_gazetteer_t *gz, const char *const *words,
                    const size_t *lens, size_t n, const char **field,
                    const char **id)
{
    return entity_at(gz, words, lens, n, false, field, id);
}

/* See lex_query_entity_at; with prose, a run of words that no name
   begins with (lex_gazetteer_begins_name) ends the search at once. */
static size_t
entity_at(const lex_gazetteer_t *gz, const char *const *words,
          const size_t *lens, size_t n, bool prose, const char **field,
          const char **id)
{
    lex_buf_t phrase = LEX_BUF_INIT;
    size_t best = 0;
    for (size_t k = 0; k < n && k < ENTITY_MAX_WORDS; k++) {
        if (k)
            lex_buf_putc(&phrase, ' ');
        lex_buf_append(&phrase, words[k], lens[k]);
        if (lex_buf_failed(&phrase) ||
            (prose && !lex_gazetteer_begins_name(gz, lex_buf_str(&phrase))))
            break;
        const char *found;
        lex_entity_kind_t found_kind;
        if (lex_gazetteer_lookup(gz, lex_buf_str(&phrase), &found_kind,
                                 &found)) {
            best = k + 1;
            *id = found;
            *field = found_kind == LEX_ENTITY_AGENCY ? "agency" : "law";
        } else if ((found =
                        lex_gazetteer_role_named(gz, lex_buf_str(&phrase)))) {
            best = k + 1;
            *id = found;
            *field = "role";
        }
    }
    lex_buf_free(&phrase);
    return best;
}

/* ------------------------------------------------------------------ */
/* The expansion                                                       */
/* ------------------------------------------------------------------ */

typedef struct {
    lex_query_t *out;
    const lex_qexpand_opts_t *o;
    lex_cjk_segmenter_t *seg;
    lex_err_t *err;
    lex_status_t st;
    bool prose;            /* over ENTITY_LONG_QUERY bytes */
    unsigned in_proximity; /* within an operand of NEAR or ADJ: no passes
                              (query_near.h reads the operands as typed) */
    size_t skipped;        /* clauses of no word left out so far */
} expander_t;

/* A list of nodes (the kids being made for one node). */
typedef struct {
    lex_qnode_t **v;
    size_t n, cap;
} nodes_t;

/* Appends n to l; false (and ENOMEM in x) when memory ran out. */
static bool
push(expander_t *x, nodes_t *l, lex_qnode_t *n)
{
    void *p = n ? lex_grow(l->v, l->n, &l->cap, sizeof *l->v) : NULL;
    if (!p) {
        x->st = LEX_ENOMEM;
        return false;
    }
    l->v = p;
    l->v[l->n++] = n;
    return true;
}

/* A new node of the expanded tree, or NULL (ENOMEM in x). */
static lex_qnode_t *
node(expander_t *x, lex_qkind_t kind, size_t column)
{
    lex_qnode_t *n = lex_query_node(x->out, kind, column);
    if (!n)
        x->st = LEX_ENOMEM;
    return n;
}

/* A leaf of kind with text s[0..len), or NULL. */
static lex_qnode_t *
leaf(expander_t *x, lex_qkind_t kind, size_t column, const char *s, size_t len)
{
    lex_qnode_t *n = node(x, kind, column);
    if (n) {
        n->text = s;
        n->text_len = len;
    }
    return n;
}

/* parent with kids a and b, or NULL. */
static lex_qnode_t *
pair(expander_t *x, lex_qkind_t kind, lex_qnode_t *a, lex_qnode_t *b)
{
    lex_qnode_t *n = a && b ? node(x, kind, a->column) : NULL;
    if (n && (!lex_query_add_kid(n, a) || !lex_query_add_kid(n, b))) {
        x->st = LEX_ENOMEM;
        return NULL;
    }
    return n;
}

/* True when the n bytes at s are ASCII. */
static bool
is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* agency:"..." and law:"..." as the entity's id, and agency:NAME and
   law:NAME of a non-ASCII name (国家互联网信息办公室: Xapian's parser read
   it as Chinese n-grams, which no field's plan has); false (EPARSE) for
   a name the gazetteer does not know. */
static bool
resolve_quoted_entity(expander_t *x, lex_qnode_t *n)
{
    bool agency = n->name_len == 6 && memcmp(n->name, "agency", 6) == 0;
    bool law = n->name_len == 3 && memcmp(n->name, "law", 3) == 0;
    if ((!n->quoted && is_ascii(n->text, n->text_len)) || (!agency && !law))
        return true;
    char *value = strndup(n->text, n->text_len);
    const char *id = NULL;
    lex_entity_kind_t kind;
    if (!value) {
        x->st = LEX_ENOMEM;
        return false;
    }
    bool known = x->o->gz &&
                 lex_gazetteer_lookup(x->o->gz, value, &kind, &id) &&
                 kind == (agency ? LEX_ENTITY_AGENCY : LEX_ENTITY_LAW);
    if (!known) {
        lex_err_set(x->err, LEX_EPARSE, "unknown %s '%s' at column %zu",
                    agency ? "agency" : "law", value, n->column);
        x->st = LEX_EPARSE;
    }
    free(value);
    if (!known)
        return false;
    n->text = id;
    n->text_len = strlen(id);
    n->quoted = false;
    return true;
}

/* Makes x's segmenter the first time a Chinese word is cut: most queries
   have none, and making it walks every name and thesaurus phrase.  False
   on ENOMEM. */
static bool
have_segmenter(expander_t *x)
{
    const lex_stemmed_thesaurus_t *st = x->o->thesaurus;
    if (!x->seg && lex_cjk_segmenter_new(
                       x->o->gz, st ? lex_stemmed_thesaurus_of(st) : NULL,
                       &x->seg) != LEX_OK) {
        x->st = LEX_ENOMEM;
        return false;
    }
    return true;
}

/* Puts the segments of a Chinese word into l: one CJK leaf each. */
static bool
segments(expander_t *x, const lex_qnode_t *n, nodes_t *l)
{
    if (!have_segmenter(x))
        return false;
    lex_buf_t b = LEX_BUF_INIT;
    lex_cjk_segment_run(x->seg, n->text, n->text_len, &b);
    const char *s = lex_buf_failed(&b)
                        ? NULL
                        : lex_query_keep(x->out, lex_buf_str(&b), b.len);
    lex_buf_free(&b);
    if (!s) {
        x->st = LEX_ENOMEM;
        return false;
    }
    for (const char *w = s; *w;) {
        size_t len = strcspn(w, " ");
        if (len && !push(x, l, leaf(x, LEX_Q_CJK, n->column, w, len)))
            return false;
        w += len + (w[len] == ' ');
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Pasted prose: mixed words cut into clauses                          */
/* ------------------------------------------------------------------ */

/* The length of the character at s[i] before n (1 for a stray byte). */
static size_t
char_at(const char *s, size_t i, size_t n, unsigned *cp)
{
    size_t len = lex_utf8_decode(s + i, n - i, cp);
    if (len)
        return len;
    *cp = (unsigned char)s[i];
    return 1;
}

/* True when w (n bytes) holds a byte of UTF-8 and an ASCII one: a word
   the lexer left whole because no ASCII space is in it. */
static bool
is_mixed(const char *w, size_t n)
{
    bool wide = false, ascii = false;
    for (size_t i = 0; i < n; i++)
        *((unsigned char)w[i] >= 0x80 ? &wide : &ascii) = true;
    return wide && ascii;
}

/* The number of characters of w (n bytes). */
static size_t
characters_of(const char *w, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)w[i] & 0xC0) != 0x80;
    return count;
}

/* True when the mixed word n is cut into clauses (mixed_pieces): it
   holds CJK punctuation or is longer than a long Chinese run. */
static bool
must_cut(const lex_qnode_t *n)
{
    if (n->kind != LEX_Q_WORD || !is_mixed(n->text, n->text_len))
        return false;
    if (characters_of(n->text, n->text_len) > LEX_CJK_LONG_RUN)
        return true;
    for (size_t i = 0; i < n->text_len; i++)
        if ((unsigned char)n->text[i] >= 0x80 &&
            lex_cjk_punctuation_len(n->text + i, n->text_len - i))
            return true;
    return false;
}

/*
 * Puts the piece w[0..len) of a mixed word into l as the lexer would
 * read it alone: a Chinese run (its segments when segment is true), an
 * operator's name as a phrase of one word (a word, not an operator), or
 * a word.  Bare ASCII punctuation, which Xapian reads as nothing, is
 * left out.
 */
static bool
put_piece(expander_t *x, const lex_qnode_t *n, const char *w, size_t len,
          bool segment, nodes_t *l)
{
    bool wide = false, word = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        wide |= c >= 0x80;
        word |= c >= 0x80 || isalnum(c);
    }
    if (!word)
        return true;
    lex_qkind_t kind = !is_mixed(w, len) && wide  ? LEX_Q_CJK
                       : is_operator_word(w, len) ? LEX_Q_PHRASE
                                                  : LEX_Q_WORD;
    lex_qnode_t *k = leaf(x, kind, n->column, w, len);
    if (!k)
        return false;
    if (kind == LEX_Q_CJK && segment)
        return segments(x, k, l);
    return push(x, l, k);
}

/*
 * Puts the run w[0..len) of a mixed word, between two CJK punctuation
 * marks, into l: whole when it is short (Xapian's parser reads it as
 * today), else cut where the text goes from ideographs to anything else
 * and back, so that each Chinese part is planned as a Chinese word, with
 * the rule for long runs (query_cjk.h).
 */
static bool
put_run(expander_t *x, const lex_qnode_t *n, const char *w, size_t len,
        bool segment, nodes_t *l)
{
    if (characters_of(w, len) <= LEX_CJK_LONG_RUN)
        return put_piece(x, n, w, len, segment, l);
    size_t from = 0;
    bool ideo = false;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = char_at(w, i, len, &cp);
        bool is = lex_is_ideograph(cp);
        if (i > from && is != ideo) {
            if (!put_piece(x, n, w + from, i - from, segment, l))
                return false;
            from = i;
        }
        ideo = is;
        i += k;
    }
    return put_piece(x, n, w + from, len - from, segment, l);
}

/*
 * Puts the clauses of the mixed word n (must_cut) into l: pasted Chinese
 * prose has no ASCII space, so a paragraph with a date or a Latin name
 * in it is one word, which Xapian's parser would read as the AND of all
 * its n-grams.  CJK punctuation separates clauses as an ASCII space
 * does, and a run still longer than LEX_CJK_LONG_RUN characters is cut
 * at its script changes (put_run).  The pieces keep n's column.
 */
static bool
mixed_pieces(expander_t *x, const lex_qnode_t *n, bool segment, nodes_t *l)
{
    const char *w = n->text;
    size_t from = 0;
    for (size_t i = 0; i < n->text_len;) {
        size_t p = (unsigned char)w[i] >= 0x80
                       ? lex_cjk_punctuation_len(w + i, n->text_len - i)
                       : 0;
        if (!p) {
            i++;
            continue;
        }
        if (!put_run(x, n, w + from, i - from, segment, l))
            return false;
        i += p;
        from = i;
    }
    return put_run(x, n, w + from, n->text_len - from, segment, l);
}

static lex_qnode_t *expand_node(expander_t *x, const lex_qnode_t *n,
                                lex_qkind_t parent);

/* True for a node the entity and thesaurus passes read as a word. */
static bool
is_plain(const lex_qnode_t *n)
{
    return (n->kind == LEX_Q_WORD || n->kind == LEX_Q_CJK) &&
           lex_query_is_plain_word(n->text, n->text_len);
}

/* A phrase of the words w[0..k) as typed, joined by single spaces. */
static lex_qnode_t *
phrase_of(expander_t *x, lex_qnode_t *const *w, size_t k)
{
    if (k == 1)
        return w[0];
    lex_buf_t b = LEX_BUF_INIT;
    for (size_t i = 0; i < k; i++) {
        if (i)
            lex_buf_putc(&b, ' ');
        lex_buf_append(&b, w[i]->text, w[i]->text_len);
    }
    const char *s = lex_buf_failed(&b)
                        ? NULL
                        : lex_query_keep(x->out, lex_buf_str(&b), b.len);
    size_t len = b.len;
    lex_buf_free(&b);
    if (!s) {
        x->st = LEX_ENOMEM;
        return NULL;
    }
    return leaf(x, LEX_Q_PHRASE, w[0]->column, s, len);
}

/* The node of thesaurus group g: its tag (TOPIC) or its phrases. */
static lex_qnode_t *
group_node(expander_t *x, const lex_thesaurus_t *th, size_t g, size_t column)
{
    const lex_syn_group_t *grp = &th->groups[g];
    lex_qnode_t *n =
        node(x, x->o->topics ? LEX_Q_TOPIC : LEX_Q_SYNONYMS, column);
    if (!n)
        return NULL;
    n->window = (unsigned)g;
    for (size_t i = 0; !x->o->topics && i < grp->n; i++) {
        const char *p = grp->phrases[i];
        size_t len = strlen(p);
        lex_qkind_t kind = strchr(p, ' ')                ? LEX_Q_PHRASE
                           : (unsigned char)p[0] >= 0x80 ? LEX_Q_CJK
                                                         : LEX_Q_WORD;
        lex_qnode_t *k = leaf(x, kind, column, p, len);
        if (!k || !lex_query_add_kid(n, k)) {
            x->st = LEX_ENOMEM;
            return NULL;
        }
    }
    return n;
}

/* How many words from w[0] the longest thesaurus phrase takes (0 for
   none); its group in *group. */
static size_t
phrase_at(expander_t *x, char *const *stems, size_t n, size_t *group)
{
    const bucket_t *b = stemmed_bucket(x->o->thesaurus, stems[0]);
    size_t best = 0;
    if (!b) {
        x->st = LEX_ENOMEM;
        return 0;
    }
    for (size_t p = first_with_stem(b, stems[0]);
         p < b->n && strcmp(b->phrases[p].stems[0], stems[0]) == 0; p++) {
        const stemmed_phrase_t *ph = &b->phrases[p];
        size_t k = 0;
        while (k < ph->n && k < n && strcmp(stems[k], ph->stems[k]) == 0)
            k++;
        if (k == ph->n && k > best) {
            best = k;
            *group = ph->group;
        }
    }
    return best;
}

/* The thesaurus pass over the run of words w[0..n): into l. */
static bool
synonyms(expander_t *x, lex_qnode_t *const *w, size_t n, nodes_t *l)
{
    if (!x->o->thesaurus) {
        for (size_t i = 0; i < n; i++)
            if (!push(x, l, w[i]))
                return false;
        return true;
    }
    char **stems = calloc(n ? n : 1, sizeof *stems);
    bool ok = stems != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = (stems[i] =
                  stem_of(x->o->thesaurus, w[i]->text, w[i]->text_len)) != NULL;
    if (!ok)
        x->st = LEX_ENOMEM;
    for (size_t i = 0; ok && i < n;) {
        size_t g = 0, k = phrase_at(x, stems + i, n - i, &g);
        ok = push(x, l,
                  k ? group_node(x, lex_stemmed_thesaurus_of(x->o->thesaurus),
                                 g, w[i]->column)
                    : w[i]);
        ok = ok && x->st == LEX_OK;
        i += k ? k : 1;
    }
    for (size_t i = 0; stems && i < n; i++)
        free(stems[i]);
    free(stems);
    return ok;
}

/* The entity pass, then the thesaurus pass, over the run w[0..n):
   into l. */
static bool
expand_run(expander_t *x, lex_qnode_t *const *w, size_t n, nodes_t *l)
{
    const char **words = malloc((n ? n : 1) * sizeof *words);
    size_t *lens = malloc((n ? n : 1) * sizeof *lens);
    bool ok = words && lens;
    for (size_t i = 0; ok && i < n; i++) {
        words[i] = w[i]->text;
        lens[i] = w[i]->text_len;
    }
    size_t from = 0; /* words not yet given to the thesaurus pass */
    for (size_t i = 0; ok && i < n;) {
        const char *field = "agency", *id = NULL;
        size_t k = x->o->gz ? entity_at(x->o->gz, words + i, lens + i, n - i,
                                        x->prose, &field, &id)
                            : 0;
        if (!k) {
            i++;
            continue;
        }
        ok = synonyms(x, w + from, i - from, l);
        lex_qnode_t *lit = NULL;
        if (ok && k == 1) { /* a one-word name is itself a run */
            nodes_t one = {0};
            ok = synonyms(x, w + i, 1, &one);
            lit = ok ? one.v[0] : NULL;
            free(one.v);
        } else if (ok) {
            lit = phrase_of(x, w + i, k);
        }
        lex_qnode_t *ent =
            ok ? leaf(x, LEX_Q_ENTITY, w[i]->column, id, strlen(id)) : NULL;
        if (ent) {
            ent->name = field;
            ent->name_len = strlen(ent->name);
        }
        ok = ok && push(x, l, pair(x, LEX_Q_ALT, lit, ent));
        i += k;
        from = i;
    }
    ok = ok && synonyms(x, w + from, n - from, l);
    if (!words || !lens)
        x->st = LEX_ENOMEM;
    free(words);
    free(lens);
    return ok && x->st == LEX_OK;
}

/* True when the kids of a node of this kind are runs of words side by
   side (CLAUSES) or single words that the passes may expand. */
static bool
kids_expand(lex_qkind_t kind)
{
    switch (kind) {
    case LEX_Q_CLAUSES:
    case LEX_Q_GROUP:
    case LEX_Q_AND:
    case LEX_Q_OR:
    case LEX_Q_XOR:
    case LEX_Q_AND_NOT:
    case LEX_Q_NOT:
        return true;
    default:
        return false;
    }
}

/* True when some kid of n holds a word (lex_query_says_nothing). */
static bool
some_kid_says_something(const lex_qnode_t *n)
{
    for (size_t i = 0; i < n->n_kids; i++)
        if (!lex_query_says_nothing(n->kids[i]))
            return true;
    return false;
}

/* The kids of n, expanded, into l: Chinese words cut into segments,
   then runs of plain words through the entity and thesaurus passes.
   Clauses that hold no word (",", "") beside others are left out:
   after the thesaurus pass has seen them end a run of words. */
static bool
expand_kids(expander_t *x, const lex_qnode_t *n, lex_qkind_t kind, nodes_t *l)
{
    nodes_t raw = {0};
    bool ok = true;
    bool passes = !x->o->literal && !x->in_proximity && kids_expand(kind);
    bool skip_empty = kind == LEX_Q_CLAUSES && some_kid_says_something(n);
    for (size_t i = 0; ok && i < n->n_kids; i++) {
        const lex_qnode_t *k = n->kids[i];
        if (passes && k->kind == LEX_Q_CJK && kind == LEX_Q_CLAUSES) {
            ok = segments(x, k, &raw);
            continue;
        }
        if (kind == LEX_Q_CLAUSES && !x->in_proximity && must_cut(k)) {
            ok = mixed_pieces(x, k, passes, &raw);
            continue;
        }
        lex_qnode_t *e = expand_node(x, k, kind);
        ok = e && push(x, &raw, e);
    }
    for (size_t i = 0; ok && i < raw.n;) {
        if (skip_empty && lex_query_says_nothing(raw.v[i])) {
            i++; /* it ended the run before it; it is no clause */
            x->skipped++;
            continue;
        }
        size_t j = i;
        while (passes && j < raw.n && is_plain(raw.v[j]) &&
               !(skip_empty && lex_query_says_nothing(raw.v[j])) &&
               (j == i || kind == LEX_Q_CLAUSES))
            j++;
        if (j > i) {
            ok = expand_run(x, raw.v + i, j - i, l);
            i = j;
        } else {
            ok = push(x, l, raw.v[i++]);
        }
    }
    free(raw.v);
    return ok && x->st == LEX_OK;
}

/* A copy of n with its kids expanded; parent is the kind of the node
   it is a kid of. */
static lex_qnode_t *
expand_node(expander_t *x, const lex_qnode_t *n, lex_qkind_t parent)
{
    bool passes = !x->o->literal && !x->in_proximity && kids_expand(parent);
    bool cut = !x->in_proximity && kids_expand(parent) && must_cut(n);
    if ((passes && n->kind == LEX_Q_CJK) || cut) { /* an operand: its
                                                      segments, pieces */
        nodes_t segs = {0};
        lex_qnode_t *c = node(x, LEX_Q_CLAUSES, n->column);
        bool ok = c && (cut ? mixed_pieces(x, n, passes, &segs)
                            : segments(x, n, &segs));
        for (size_t i = 0; ok && i < segs.n; i++)
            ok = lex_query_add_kid(c, segs.v[i]);
        lex_qnode_t *only = segs.n == 1 ? segs.v[0] : c;
        free(segs.v);
        return ok ? only : NULL;
    }
    lex_qnode_t *c =
        node(x, n->kind == LEX_Q_CONNECTOR ? LEX_Q_NEAR : n->kind, n->column);
    if (!c)
        return NULL;
    lex_qnode_t **kids = c->kids;
    *c = *n;
    c->kids = kids;
    c->n_kids = c->kids_cap = 0;
    if (n->kind == LEX_Q_CONNECTOR) {
        c->kind = LEX_Q_NEAR;
        c->window = n->connector == 's' ? x->o->sentence : x->o->paragraph;
    }
    if (n->kind == LEX_Q_FILTER && !resolve_quoted_entity(x, c))
        return NULL;
    nodes_t l = {0};
    bool near = c->kind == LEX_Q_NEAR || c->kind == LEX_Q_ADJ;
    x->in_proximity += near;
    size_t skipped = x->skipped;
    bool ok = expand_kids(x, n, c->kind, &l);
    x->in_proximity -= near;
    for (size_t i = 0; ok && i < l.n; i++)
        ok = lex_query_add_kid(c, l.v[i]);
    free(l.v);
    if (!ok && x->st == LEX_OK)
        x->st = LEX_ENOMEM;
    if (ok && c->kind == LEX_Q_CLAUSES && c->n_kids == 1 &&
        x->skipped > skipped)
        return c->kids[0]; /* 'fines ""': the one clause left */
    return ok ? c : NULL;
}

/* ------------------------------------------------------------------ */
/* Hyphens                                                             */
/* ------------------------------------------------------------------ */

/* The joined form of a hyphenated word (cross-border: crossborder) or
   of a phrase of two words ("app store": appstore), or NULL. */
static const char *
joined_form(expander_t *x, const lex_qnode_t *n, size_t *len)
{
    char sep = n->kind == LEX_Q_WORD ? '-' : ' ';
    const char *s = n->text;
    size_t seps = 0;
    if (n->text_len < 3 || s[0] == sep || s[n->text_len - 1] == sep)
        return NULL;
    for (size_t i = 0; i < n->text_len; i++) {
        if (s[i] == sep)
            seps++;
        else if (!isalnum((unsigned char)s[i]))
            return NULL;
    }
    if (seps == 0 || (sep == ' ' && seps != 1))
        return NULL;
    char *j = malloc(n->text_len);
    if (!j) {
        x->st = LEX_ENOMEM;
        return NULL;
    }
    *len = 0;
    for (size_t i = 0; i < n->text_len; i++)
        if (s[i] != sep)
            j[(*len)++] = s[i];
    const char *kept = lex_query_keep(x->out, j, *len);
    free(j);
    if (!kept)
        x->st = LEX_ENOMEM;
    return kept;
}

/* True when a word (phrase) that is a kid of a node of kind parent also
   matches its joined form: not in a field, not after + or -, not next
   to NEAR or ADJ. */
static bool
joins_under(lex_qkind_t parent, lex_qkind_t kind)
{
    if (parent == LEX_Q_FIELD)
        return false;
    if (kind == LEX_Q_PHRASE)
        return true;
    return parent != LEX_Q_REQUIRED && parent != LEX_Q_EXCLUDED &&
           parent != LEX_Q_NEAR && parent != LEX_Q_ADJ;
}

/* n, or ALT(n, joined form) for a hyphenated word or two-word phrase. */
static lex_qnode_t *
with_joined(expander_t *x, lex_qnode_t *n, lex_qkind_t parent)
{
    if ((n->kind != LEX_Q_WORD && n->kind != LEX_Q_PHRASE) ||
        !joins_under(parent, n->kind))
        return n;
    size_t len = 0;
    const char *j = joined_form(x, n, &len);
    if (!j)
        return n;
    return pair(x, LEX_Q_ALT, n, leaf(x, LEX_Q_WORD, n->column, j, len));
}

/* The hyphen pass over the kids of n, and theirs (an ALT it makes is
   not visited again). */
static bool
join_hyphens(expander_t *x, lex_qnode_t *n)
{
    for (size_t i = 0; i < n->n_kids && x->st == LEX_OK; i++) {
        lex_qnode_t *k = n->kids[i];
        if (!join_hyphens(x, k))
            return false;
        lex_qnode_t *j = with_joined(x, k, n->kind);
        if (!j)
            return false;
        n->kids[i] = j;
    }
    return x->st == LEX_OK;
}

/* A node and its depth, on the stack of walk_deepest. */
typedef struct {
    const lex_qnode_t *n;
    size_t depth;
} deep_t;

/*
 * The depth of the deepest node under root (1 for root alone), walked
 * with a stack of its own; the column of that node in *column.  0 when
 * memory ran out.
 */
static size_t
deepest(const lex_qnode_t *root, size_t *column)
{
    deep_t *stack = NULL;
    size_t n = 0, cap = 0, most = 0;
    if (!root)
        return 1;
    if (!(stack = lex_grow(stack, n, &cap, sizeof *stack)))
        return 0;
    stack[n++] = (deep_t){root, 1};
    while (n) {
        deep_t d = stack[--n];
        if (d.depth > most) {
            most = d.depth;
            *column = d.n->column;
        }
        for (size_t i = 0; i < d.n->n_kids; i++) {
            void *p = lex_grow(stack, n, &cap, sizeof *stack);
            if (!p) {
                free(stack);
                return 0;
            }
            stack = p;
            stack[n++] = (deep_t){d.n->kids[i], d.depth + 1};
        }
    }
    free(stack);
    return most;
}

lex_status_t
lex_query_expand(const lex_query_t *q, const lex_qexpand_opts_t *opts,
                 lex_query_t **out, lex_err_t *err)
{
    size_t column = 1, depth = deepest(lex_query_root(q), &column);
    if (depth == 0)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    if (depth > LEX_QUERY_MAX_DEPTH)
        return lex_err_set(err, LEX_EPARSE,
                           "query nested more than %d deep at column %zu",
                           LEX_QUERY_MAX_DEPTH, column);
    const char *text = lex_query_text(q);
    size_t len = strlen(text);
    expander_t x = {lex_query_new(text, len), opts, NULL, err, LEX_OK,
                    len > ENTITY_LONG_QUERY,  0,    0};
    lex_qnode_t top = {.kind = LEX_Q_CLAUSES}, *root = NULL;
    const lex_qnode_t *src_root = lex_query_root(q);
    lex_qnode_t *kid = (lex_qnode_t *)src_root;
    top.kids = &kid;
    top.n_kids = src_root ? 1 : 0;
    if (!x.out)
        x.st = LEX_ENOMEM;
    /* the root as the one kid of a CLAUSES node: a single word or a
       Chinese run is a run of words too */
    nodes_t l = {0};
    if (x.st == LEX_OK && expand_kids(&x, &top, LEX_Q_CLAUSES, &l)) {
        root = l.n == 1 ? l.v[0] : node(&x, LEX_Q_CLAUSES, 1);
        for (size_t i = 0; root && l.n > 1 && i < l.n; i++)
            if (!lex_query_add_kid(root, l.v[i]))
                x.st = LEX_ENOMEM;
    }
    free(l.v);
    if (root && x.st == LEX_OK && !opts->literal) {
        lex_qnode_t holder = {.kind = LEX_Q_CLAUSES};
        holder.kids = &root;
        holder.n_kids = 1;
        join_hyphens(&x, &holder);
    }
    lex_cjk_segmenter_free(x.seg);
    if (x.st != LEX_OK) {
        if (x.st == LEX_ENOMEM)
            lex_err_set(err, LEX_ENOMEM, "out of memory");
        lex_query_free(x.out);
        return x.st;
    }
    lex_query_set_root(x.out, root);
    *out = x.out;
    return LEX_OK;
}

/*
 * A copy of n, a node of a tree expanded with topics, into x->out, with
 * each TOPIC written out as its group's phrases (hyphens joined), as an
 * expansion without topics makes it; NULL when memory ran out.  The
 * copies' text is n's (the expanded tree must outlive them).
 */
static lex_qnode_t *
groups_written_out(expander_t *x, const lex_thesaurus_t *th,
                   const lex_qnode_t *n)
{
    if (n->kind == LEX_Q_TOPIC) {
        lex_qnode_t *g = group_node(x, th, n->window, n->column);
        return g && join_hyphens(x, g) ? g : NULL;
    }
    lex_qnode_t *c = node(x, n->kind, n->column);
    if (!c)
        return NULL;
    lex_qnode_t **kids = c->kids;
    *c = *n;
    c->kids = kids;
    c->n_kids = c->kids_cap = 0;
    for (size_t i = 0; i < n->n_kids; i++) {
        lex_qnode_t *k = groups_written_out(x, th, n->kids[i]);
        if (!k || !lex_query_add_kid(c, k)) {
            x->st = LEX_ENOMEM;
            return NULL;
        }
    }
    return c;
}

lex_status_t
lex_query_write_out_groups(const lex_query_t *expanded,
                           const lex_stemmed_thesaurus_t *thesaurus,
                           lex_query_t **out, lex_err_t *err)
{
    lex_qexpand_opts_t o = {0};
    o.thesaurus = thesaurus;
    const char *text = lex_query_text(expanded);
    const lex_qnode_t *root = lex_query_root(expanded);
    expander_t x = {
        lex_query_new(text, strlen(text)), &o, NULL, err, LEX_OK, false, 0, 0};
    const lex_thesaurus_t *th =
        thesaurus ? lex_stemmed_thesaurus_of(thesaurus) : NULL;
    lex_qnode_t *copy = x.out && root ? groups_written_out(&x, th, root) : NULL;
    if (!x.out || (root && !copy)) {
        lex_query_free(x.out);
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    }
    lex_query_set_root(x.out, copy);
    *out = x.out;
    return LEX_OK;
}

lex_status_t
lex_query_of_group(const lex_thesaurus_t *th, size_t g, lex_query_t **out,
                   lex_err_t *err)
{
    lex_qexpand_opts_t o = {0};
    expander_t x = {lex_query_new("", 0), &o, NULL, err, LEX_OK, false, 0, 0};
    lex_qnode_t *root = x.out ? group_node(&x, th, g, 1) : NULL;
    lex_qnode_t holder = {.kind = LEX_Q_CLAUSES};
    holder.kids = &root;
    holder.n_kids = 1;
    if (!root || !join_hyphens(&x, &holder)) {
        lex_query_free(x.out);
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    }
    lex_query_set_root(x.out, root);
    *out = x.out;
    return LEX_OK;
}

/* True for WORD* that the shim expands itself: ASCII letters and digits
   (Xapian's parser reads 数据* as n-grams itself). */
static bool
is_ascii_wildcard(const lex_qnode_t *n)
{
    if (n->kind != LEX_Q_WILDCARD || n->text_len == 0)
        return false;
    for (size_t i = 0; i < n->text_len; i++)
        if (!isalnum((unsigned char)n->text[i]))
            return false;
    return true;
}

/* True when a node under q's root passes test (walked with a stack of
   its own: the tree may be deep). */
static bool
any_node(const lex_query_t *q, bool (*test)(const lex_qnode_t *, int), int arg)
{
    const lex_qnode_t **stack = NULL;
    size_t n = 0, cap = 0;
    bool found = false;
    const lex_qnode_t *root = lex_query_root(q);
    if (root && (stack = lex_grow(stack, n, &cap, sizeof *stack)))
        stack[n++] = root;
    while (n && !found) {
        const lex_qnode_t *at = stack[--n];
        found = test(at, arg);
        for (size_t i = 0; i < at->n_kids; i++) {
            void *p = lex_grow(stack, n, &cap, sizeof *stack);
            if (!p)
                break;
            stack = p;
            stack[n++] = at->kids[i];
        }
    }
    free(stack);
    return found;
}

/* any_node's test of lex_query_has_wildcard. */
static bool
wildcard_test(const lex_qnode_t *n, int unused)
{
    (void)unused;
    return is_ascii_wildcard(n);
}

/* any_node's test of lex_query_has_kind. */
static bool
kind_test(const lex_qnode_t *n, int kind)
{
    return (int)n->kind == kind;
}

bool
lex_query_has_kind(const lex_query_t *q, lex_qkind_t kind)
{
    return any_node(q, kind_test, (int)kind);
}

bool
lex_query_has_wildcard(const lex_query_t *q)
{
    return any_node(q, wildcard_test, 0);
}

/* The end of the run of bytes at text[i] up to a space, bracket or quote. */
static size_t
run_end(const char *text, size_t len, size_t i)
{
    while (i < len && !strchr(" ()\"", text[i]))
        i++;
    return i;
}

bool
lex_query_respell(const char *text, size_t len, lex_respell_fn fix, void *ctx,
                  lex_buf_t *out)
{
    bool changed = false;
    for (size_t i = 0; i < len;) {
        size_t j = run_end(text, len, i);
        if (j == i) {
            lex_buf_putc(out, text[i++]);
            continue;
        }
        size_t sign = text[i] == '+' || text[i] == '-';
        const char *w = text + i + sign;
        size_t n = j - i - sign;
        bool alpha = n >= 3 && !is_operator_word(w, n);
        for (size_t k = 0; k < n; k++)
            if (!isalpha((unsigned char)w[k]))
                alpha = false;
        lex_buf_append(out, text + i, sign);
        size_t before = out->len;
        if (alpha && fix(ctx, w, n, out) && out->len > before)
            changed = true;
        else
            lex_buf_append(out, w, n);
        i = j;
    }
    return changed;
}

void
lex_query_neighbours(const char *text, lex_pair_fn pair, void *ctx)
{
    lex_buf_t prev = LEX_BUF_INIT, cur = LEX_BUF_INIT;
    bool have_prev = false;
    for (const char *w = text; *w;) {
        while (*w && isspace((unsigned char)*w))
            w++;
        size_t n = 0;
        while (w[n] && !isspace((unsigned char)w[n]))
            n++;
        if (!n)
            break;
        bool plain = !is_operator_word(w, n);
        for (size_t k = 0; k < n; k++)
            plain = plain && isalnum((unsigned char)w[k]);
        cur.len = 0;
        for (size_t k = 0; plain && k < n; k++)
            lex_buf_putc(&cur, (char)tolower((unsigned char)w[k]));
        w += n;
        if (plain && lex_is_stopword(cur.data, cur.len))
            continue; /* skipped: its neighbours become neighbours */
        if (plain && have_prev && !lex_buf_failed(&cur))
            pair(ctx, lex_buf_str(&prev), prev.len, lex_buf_str(&cur), cur.len);
        have_prev = plain;
        lex_buf_t t = prev;
        prev = cur;
        cur = t;
    }
    lex_buf_free(&prev);
    lex_buf_free(&cur);
}

/* ------------------------------------------------------------------ */
/* The QueryParser's syntax                                            */
/* ------------------------------------------------------------------ */

/* WORD* as wild:WORD (wildtitle:WORD in title:) when wild, for ASCII
   words only: Xapian's parser reads 数据* as n-grams itself. */
static void
write_wildcard(const lex_qnode_t *n, bool wild, const lex_qnode_t *field,
               lex_buf_t *b)
{
    bool ascii = n->text_len > 0;
    bool title =
        field && field->name_len == 5 && memcmp(field->name, "title", 5) == 0;
    for (size_t i = 0; i < n->text_len; i++)
        if (!isalnum((unsigned char)n->text[i]))
            ascii = false;
    if (wild && ascii) {
        lex_buf_puts(b, title ? "wildtitle:" : "wild:");
        lex_buf_append(b, n->text, n->text_len);
        return;
    }
    if (field) {
        lex_buf_append(b, field->name, field->name_len);
        lex_buf_putc(b, ':');
    }
    lex_buf_append(b, n->text, n->text_len);
    lex_buf_putc(b, '*');
}

/* The kids of n joined by sep. */
static void write_node(const lex_qnode_t *n, bool wild, const char *text,
                       lex_buf_t *b);

static void
write_kids_sep(const lex_qnode_t *n, const char *sep, bool wild,
               const char *text, lex_buf_t *b)
{
    for (size_t i = 0; i < n->n_kids; i++) {
        if (i)
            lex_buf_puts(b, sep);
        write_node(n->kids[i], wild, text, b);
    }
}

/*
 * The kids of CLAUSES side by side, with a space between two of them
 * unless the query had none there ("(a b);" stays one clause, as Xapian
 * and the recall tiers always read it).  text: the query, or NULL.
 */
static void
write_side_by_side(const lex_qnode_t *n, bool wild, const char *text,
                   lex_buf_t *b)
{
    for (size_t i = 0; i < n->n_kids; i++) {
        const lex_qnode_t *k = n->kids[i];
        bool glued = text && i && k->start >= 2 &&
                     k->start != n->kids[i - 1]->start &&
                     text[k->start - 2] != ' ';
        if (i && !glued)
            lex_buf_putc(b, ' ');
        write_node(k, wild, text, b);
    }
}

static void
write_node(const lex_qnode_t *n, bool wild, const char *text, lex_buf_t *b)
{
    switch (n->kind) {
    case LEX_Q_CLAUSES:
        write_side_by_side(n, wild, text, b);
        break;
    case LEX_Q_GROUP:
    case LEX_Q_ALT:
    case LEX_Q_SYNONYMS:
        lex_buf_putc(b, '(');
        write_kids_sep(n, n->kind == LEX_Q_GROUP ? " " : " OR ", wild, text, b);
        lex_buf_putc(b, ')');
        break;
    case LEX_Q_AND:
        write_kids_sep(n, " AND ", wild, text, b);
        break;
    case LEX_Q_OR:
        write_kids_sep(n, " OR ", wild, text, b);
        break;
    case LEX_Q_XOR:
        write_kids_sep(n, " XOR ", wild, text, b);
        break;
    case LEX_Q_AND_NOT:
        write_kids_sep(n, " NOT ", wild, text, b);
        break;
    case LEX_Q_NOT:
        lex_buf_puts(b, "NOT ");
        write_kids_sep(n, " ", wild, text, b);
        break;
    case LEX_Q_NEAR:
    case LEX_Q_ADJ:
    case LEX_Q_CONNECTOR: {
        char sep[32];
        snprintf(sep, sizeof sep, " %s/%u ",
                 n->kind == LEX_Q_ADJ ? "ADJ" : "NEAR", n->window);
        write_kids_sep(n, sep, wild, text, b);
        break;
    }
    case LEX_Q_REQUIRED:
    case LEX_Q_EXCLUDED:
        lex_buf_putc(b, n->kind == LEX_Q_REQUIRED ? '+' : '-');
        write_kids_sep(n, " ", wild, text, b);
        break;
    case LEX_Q_FIELD:
        if (n->n_kids == 1 && n->kids[0]->kind == LEX_Q_WILDCARD) {
            write_wildcard(n->kids[0], wild, n, b);
            break;
        }
        lex_buf_append(b, n->name, n->name_len);
        lex_buf_putc(b, ':');
        write_kids_sep(n, " ", wild, text, b);
        break;
    case LEX_Q_FILTER:
    case LEX_Q_DATE:
    case LEX_Q_ENTITY:
        lex_buf_append(b, n->kind == LEX_Q_DATE ? "date" : n->name,
                       n->kind == LEX_Q_DATE ? 4 : n->name_len);
        lex_buf_printf(b, ":%s%.*s%s", n->quoted ? "\"" : "", (int)n->text_len,
                       n->text, n->quoted ? "\"" : "");
        break;
    case LEX_Q_TOPIC:
        lex_buf_printf(b, "topic:%u", n->window);
        break;
    case LEX_Q_PHRASE:
        lex_buf_printf(b, "\"%.*s\"", (int)n->text_len, n->text);
        break;
    case LEX_Q_WILDCARD:
        write_wildcard(n, wild, NULL, b);
        break;
    case LEX_Q_WORD:
    case LEX_Q_CJK:
        lex_buf_append(b, n->text, n->text_len);
        break;
    }
}

void
lex_query_write_node(const lex_qnode_t *n, bool wild, lex_buf_t *b)
{
    write_node(n, wild, NULL, b);
}

void
lex_query_write(const lex_query_t *q, bool wild, lex_buf_t *b)
{
    const lex_qnode_t *root = lex_query_root(q);
    if (root)
        write_node(root, wild, lex_query_text(q), b);
}
