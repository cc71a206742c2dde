/*
 * cjk_segment.c - longest-match segmentation of Chinese query text over
 * one trie of the known phrases.
 *
 * A phrase is known when it is a Chinese name in the gazetteer or a
 * Chinese phrase in the thesaurus.  The two are matched as their owners
 * match them: a gazetteer name against the text read through
 * lex_gazetteer_norm_step (so a no-break space or a curly quote in the
 * text meets a name written with ' ' or '\''), a thesaurus phrase byte
 * for byte.  Each trie node therefore says which of the two ends there.
 * Segmenting walks the trie from each position once, as far as the text
 * follows some phrase, keeping the longest phrase that ends on a
 * character boundary.  Where the text holds nothing the gazetteer's
 * normalisation changes (every Chinese text but one with a no-break space
 * or a curly quote), the two readings are the same bytes, so one walk
 * finds both kinds of phrase; only a walk that meets such a character
 * walks again, once per reading.  A node's children are found through a
 * hash table of the trie's edges, built with the trie, rather than by a
 * walk of its siblings (a Chinese character's lead byte has dozens).
 */
#include "cjk_segment.h"

#include <stdlib.h>
#include <string.h>

#include "trie.h"
#include "utf8.h"

/* A node's value: which phrases end there (LEX_TRIE_NONE for none). */
#define ENDS_NAME 1u   /* a gazetteer name ends here (normalised walk) */
#define ENDS_PHRASE 2u /* a thesaurus phrase ends here (byte walk) */

/* The trie's edges below the root, by (parent, byte): key + 1 in keys
   (0: an empty slot), the child in the same slot of child. */
typedef struct {
    uint64_t *keys;
    uint32_t *child;
    size_t mask;
} edges_t;

struct lex_cjk_segmenter {
    lex_trie_t trie;
    edges_t edges;
};

/* A segment_run's walk: where to find phrases and how many trie steps
   it has taken (what lex_cjk_segment_run returns). */
typedef struct {
    const lex_cjk_segmenter_t *seg;
    size_t steps;
} walk_t;

/* True for a byte of a multi-byte UTF-8 character: what a run is made of. */
static bool
is_wide(unsigned char c)
{
    return c >= 0x80;
}

/* True for a UTF-8 continuation byte, which no character starts with. */
static bool
is_continuation(unsigned char c)
{
    return c >= 0x80 && c < 0xC0;
}

/* Bytes of the character starting at s[i], as its lead byte says, at most
   what is left before end. */
static size_t
char_len(const char *s, size_t i, size_t end)
{
    unsigned char c = (unsigned char)s[i];
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return n < end - i ? n : end - i;
}

/*
 * True for a code point that the index's TermGenerator reads as no part
 * of a word (Unicode punctuation, symbols and spaces) among those Chinese
 * text is written with: the ideographic space and punctuation of U+3000
 * (not the letters and numerals of that block, such as 々 and 〇), the
 * dashes and ellipses Chinese is written with (—― ‥…: not the hyphens
 * and curly quotes of English, which Xapian's parser reads inside a
 * word, as in China’s), the middle dot, the
 * vertical and small forms, and the full-width forms of ASCII
 * punctuation (not the full-width low line, a connector Xapian keeps).
 */
static bool
is_cjk_punctuation_cp(unsigned cp)
{
    if (cp >= 0x3000 && cp <= 0x303F)
        return cp <= 0x3004 || (cp >= 0x3008 && cp <= 0x3020) || cp == 0x3030 ||
               cp == 0x3036 || cp == 0x3037 || cp >= 0x303D;
    if (cp >= 0xFF01 && cp <= 0xFF65)
        return cp <= 0xFF0F || (cp >= 0xFF1A && cp <= 0xFF20) ||
               (cp >= 0xFF3B && cp <= 0xFF40 && cp != 0xFF3F) || cp >= 0xFF5B;
    return cp == 0x2014 || cp == 0x2015 || cp == 0x2025 || cp == 0x2026 ||
           cp == 0x00B7 || (cp >= 0xFE10 && cp <= 0xFE19) ||
           (cp >= 0xFE30 && cp <= 0xFE32) || (cp >= 0xFE35 && cp <= 0xFE4C) ||
           (cp >= 0xFE50 && cp <= 0xFE6B);
}

size_t
lex_cjk_punctuation_len(const char *s, size_t n)
{
    unsigned char lead = n ? (unsigned char)s[0] : 0;
    if (lead >= 0xE4 && lead <= 0xE9) /* U+4000..U+9FFF: ideographs */
        return 0;
    unsigned cp;
    size_t len = n ? lex_utf8_decode(s, n, &cp) : 0;
    return len && is_cjk_punctuation_cp(cp) ? len : 0;
}

/* Files phrase p in the trie, marked with ends; false if no memory. */
static bool
add_phrase(lex_cjk_segmenter_t *seg, const char *p, unsigned ends)
{
    if (!*p)
        return true;
    uint32_t node = lex_trie_node(&seg->trie, p, true);
    if (node == LEX_TRIE_NONE)
        return false;
    uint32_t *value = &seg->trie.nodes[node].value;
    *value = (*value == LEX_TRIE_NONE ? 0 : *value) | ends;
    return true;
}

/* lex_gazetteer_each_chinese's callback: files one name. */
static bool
add_name(const char *name, void *arg)
{
    return add_phrase(arg, name, ENDS_NAME);
}

/* Files the thesaurus's Chinese phrases (the ones that start non-ASCII:
   an English phrase never meets a run of non-ASCII text). */
static bool
add_thesaurus(lex_cjk_segmenter_t *seg, const lex_thesaurus_t *th)
{
    for (size_t g = 0; th && g < th->n; g++)
        for (size_t i = 0; i < th->groups[g].n; i++) {
            const char *p = th->groups[g].phrases[i];
            if (is_wide((unsigned char)p[0]) &&
                !add_phrase(seg, p, ENDS_PHRASE))
                return false;
        }
    return true;
}

/* The key of the edge from node labelled b. */
static uint64_t
edge_key(uint32_t node, unsigned char b)
{
    return ((uint64_t)node << 8 | b) + 1;
}

/* The slot where key is, or the empty slot where it would go. */
static size_t
edge_slot(const edges_t *e, uint64_t key)
{
    size_t h = (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & e->mask;
    while (e->keys[h] && e->keys[h] != key)
        h = (h + 1) & e->mask;
    return h;
}

/* Files every edge of the trie below the root in seg->edges, in a table
   at most half full; false if no memory. */
static bool
index_edges(lex_cjk_segmenter_t *seg)
{
    const lex_trie_t *t = &seg->trie;
    edges_t *e = &seg->edges;
    size_t cap = 16;
    while (cap < 2 * t->n_nodes)
        cap <<= 1;
    e->keys = calloc(cap, sizeof *e->keys);
    e->child = malloc(cap * sizeof *e->child);
    if (!e->keys || !e->child)
        return false;
    e->mask = cap - 1;
    for (uint32_t k = 0; k < t->n_nodes; k++)
        for (uint32_t c = t->nodes[k].child; c != LEX_TRIE_NONE;
             c = t->nodes[c].sibling) {
            uint64_t key = edge_key(k, t->nodes[c].byte);
            size_t h = edge_slot(e, key);
            e->keys[h] = key;
            e->child[h] = c;
        }
    return true;
}

/* The child of node (LEX_TRIE_NONE for the root) labelled b, or
   LEX_TRIE_NONE: lex_trie_child, through the table of edges; counts the
   step in w. */
static uint32_t
step(walk_t *w, uint32_t node, unsigned char b)
{
    w->steps++;
    if (node == LEX_TRIE_NONE)
        return w->seg->trie.root[b];
    const edges_t *e = &w->seg->edges;
    size_t h = edge_slot(e, edge_key(node, b));
    return e->keys[h] ? e->child[h] : LEX_TRIE_NONE;
}

/* An empty trie, then every name and phrase, then the table of its
   edges. */
lex_status_t
lex_cjk_segmenter_new(const lex_gazetteer_t *gz, const lex_thesaurus_t *th,
                      lex_cjk_segmenter_t **out)
{
    lex_cjk_segmenter_t *seg = calloc(1, sizeof *seg);
    *out = NULL;
    if (!seg)
        return LEX_ENOMEM;
    lex_trie_init(&seg->trie);
    if ((gz && !lex_gazetteer_each_chinese(gz, add_name, seg)) ||
        !add_thesaurus(seg, th) || !index_edges(seg)) {
        lex_cjk_segmenter_free(seg);
        return LEX_ENOMEM;
    }
    *out = seg;
    return LEX_OK;
}

/* Frees the trie, its edges and the segmenter. */
void
lex_cjk_segmenter_free(lex_cjk_segmenter_t *seg)
{
    if (!seg)
        return;
    lex_trie_free(&seg->trie);
    free(seg->edges.keys);
    free(seg->edges.child);
    free(seg);
}

/*
 * The end of the longest phrase marked with ends that starts at s[i] and
 * ends on a character boundary at or before end, longer than min bytes;
 * 0 if none.  With norm the text is read through the gazetteer's
 * normalisation, else byte for byte.
 */
static size_t
longest_from(walk_t *w, const char *s, size_t i, size_t end, size_t min,
             unsigned ends, bool norm)
{
    size_t best = 0, k = i;
    uint32_t node = LEX_TRIE_NONE;
    while (k < end) {
        char c = s[k];
        size_t n = norm ? lex_gazetteer_norm_step(s, k, true, &c) : 1;
        if (n == 0 || k + n > end)
            break;
        node = step(w, node, (unsigned char)c);
        if (node == LEX_TRIE_NONE)
            break;
        k += n;
        uint32_t here = w->seg->trie.nodes[node].value;
        if (here != LEX_TRIE_NONE && (here & ends) && k - i > min &&
            (k == end || !is_continuation((unsigned char)s[k])))
            best = k;
    }
    return best;
}

/*
 * True when the byte at s[k] (before end; s[end] is readable) may read
 * otherwise through the gazetteer's normalisation than byte for byte
 * (lex_gazetteer_norm_step): ASCII, and the first byte of U+00A0 and of
 * U+2018/U+2019.
 */
static bool
may_normalise(const char *s, size_t k, size_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[k] < 0x80)
        return true;
    if (u[k] == 0xC2)
        return k + 1 < end && u[k + 1] == 0xA0;
    return u[k] == 0xE2 && k + 2 < end && u[k + 1] == 0x80 &&
           (u[k + 2] == 0x98 || u[k + 2] == 0x99);
}

/*
 * The end of the longest known phrase (a name as the gazetteer reads the
 * text, a thesaurus phrase byte for byte) that starts at s[i] and ends on
 * a character boundary at or before end, longer than min bytes; 0 if
 * none.  One walk while the two readings are the same bytes; the two
 * walks of longest_from when the text holds a byte they may read apart.
 */
static size_t
longest_at(walk_t *w, const char *s, size_t i, size_t end, size_t min)
{
    size_t best = 0, k = i;
    uint32_t node = LEX_TRIE_NONE;
    while (k < end) {
        if (may_normalise(s, k, end)) {
            size_t a = longest_from(w, s, i, end, min, ENDS_NAME, true);
            size_t b = longest_from(w, s, i, end, min, ENDS_PHRASE, false);
            return a > b ? a : b;
        }
        node = step(w, node, (unsigned char)s[k]);
        if (node == LEX_TRIE_NONE)
            break;
        k++;
        uint32_t here = w->seg->trie.nodes[node].value;
        if (here != LEX_TRIE_NONE && k - i > min &&
            (k == end || !is_continuation((unsigned char)s[k])))
            best = k;
    }
    return best;
}

/* Appends s[from..to) to out, after a space unless out has nothing since
   start; nothing when the piece is empty. */
static void
put_piece(lex_buf_t *out, size_t start, const char *s, size_t from, size_t to)
{
    if (from == to)
        return;
    if (out->len > start)
        lex_buf_putc(out, ' ');
    lex_buf_append(out, s + from, to - from);
}

/* Takes the longest known phrase at each position; what lies between
   known phrases and punctuation goes out as one piece. */
size_t
lex_cjk_segment_run(const lex_cjk_segmenter_t *seg, const char *run, size_t len,
                    lex_buf_t *out)
{
    walk_t w = {seg, 0};
    size_t start = out->len, rest = 0, i = 0;
    while (i < len) {
        size_t punct = lex_cjk_punctuation_len(run + i, len - i);
        if (punct) {
            put_piece(out, start, run, rest, i);
            i = rest = i + punct;
            continue;
        }
        size_t min = char_len(run, i, len);
        size_t best = longest_at(&w, run, i, len, min);
        if (!best) {
            i += min;
            continue;
        }
        put_piece(out, start, run, rest, i);
        put_piece(out, start, run, i, best);
        i = rest = best;
    }
    put_piece(out, start, run, rest, len);
    return w.steps;
}

/* Segments the run q[i..j) and sets it off with spaces when that changed
   it, unless a space or a bracket is there already. */
static void
segment_one_run(const lex_cjk_segmenter_t *seg, const char *q, size_t i,
                size_t j, lex_buf_t *out)
{
    size_t at = out->len;
    lex_cjk_segment_run(seg, q + i, j - i, out);
    if (lex_buf_failed(out))
        return;
    size_t n = out->len - at;
    bool changed = n != j - i || memcmp(out->data + at, q + i, n) != 0;
    if (!changed)
        return;
    if (i > 0 && q[i - 1] != ' ' && q[i - 1] != '(') {
        lex_buf_putc(out, ' ');
        if (lex_buf_failed(out))
            return;
        memmove(out->data + at + 1, out->data + at, n);
        out->data[at] = ' ';
    }
    if (q[j] && q[j] != ' ' && q[j] != ')')
        lex_buf_putc(out, ' ');
}

/* Copies q, segmenting each run of non-ASCII text outside quotes and not
   a field's value. */
void
lex_cjk_segment_query(const lex_cjk_segmenter_t *seg, const char *q,
                      lex_buf_t *out)
{
    bool in_quote = false;
    for (size_t i = 0; q[i];) {
        size_t j = i;
        while (is_wide((unsigned char)q[j]))
            j++;
        if (j == i) {
            in_quote ^= q[i] == '"';
            lex_buf_putc(out, q[i++]);
        } else if (in_quote || (i > 0 && q[i - 1] == ':')) {
            lex_buf_append(out, q + i, j - i);
            i = j;
        } else {
            segment_one_run(seg, q, i, j, out);
            i = j;
        }
    }
}
