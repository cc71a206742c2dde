/*
 * analysis.c - what the index stores about one item (see analysis.h).
 *
 * lex_analyse_item gathers every term, value and text run of an item
 * into a lex_analysis_t, from helpers that each compute one thing the
 * index layout of analysis.h describes.  Nothing here knows Xapian.
 */
#include "analysis.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "record.h"
#include "sentence.h"
#include "utf8.h"

/* Agencies and their parents: the depth at which a loop in a damaged
   gazetteer is cut. */
#define MAX_AGENCY_DEPTH 8

/* The ASCII lower case of c; other bytes as they are. */
static char
ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Stores the hash of n bytes of data, in 16 hex digits, in hex. */
static void
hash_hex(const char *data, size_t n, char hex[17])
{
    snprintf(hex, 17, "%016" PRIx64, lex_hash64(data, n));
}

void
lex_fold_name(const char *s, size_t n, lex_buf_t *out)
{
    size_t start = out->len;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '-' || c == '_' || c == '\t') {
            space = out->len > start;
            continue;
        }
        if (space)
            lex_buf_putc(out, ' ');
        space = false;
        lex_buf_putc(out, ascii_lower(c));
    }
}

void
lex_key_term(const char *prefix, const char *key, char *term)
{
    size_t p = strlen(prefix), n = strlen(key);
    if (p + n <= LEX_MAX_TERM_BYTES) {
        memcpy(term, prefix, p);
        memcpy(term + p, key, n + 1);
    } else {
        snprintf(term, LEX_KEY_TERM_SIZE, "%s#%016" PRIx64, prefix,
                 lex_hash64(key, n));
    }
}

void
lex_name_term(const char *prefix, const char *v, size_t n, bool fold,
              lex_buf_t *out)
{
    lex_buf_puts(out, prefix);
    if (fold)
        lex_fold_name(v, n, out);
    else
        for (size_t i = 0; i < n; i++)
            lex_buf_putc(out, ascii_lower(v[i]));
}

bool
lex_acronym_plural(const char *word, size_t n)
{
    if (n < 3 || word[n - 1] != 's')
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if (!isalnum((unsigned char)word[i]) || strchr("aeiouy", word[i]))
            return false;
    return true;
}

const char *
lex_item_id_base(const char *file_key, const lex_item_t *it)
{
    return it->message_id ? it->message_id : file_key;
}

void
lex_item_id(const char *base, int n, lex_buf_t *out)
{
    lex_buf_printf(out, "%s#%d", base, n);
}

/* Stores the id term of the item whose hash is h. */
static void
id_term_of_hash(uint64_t h, char *term)
{
    snprintf(term, LEX_ID_TERM_SIZE, LEX_PREFIX_ID "%016" PRIx64, h);
}

/* The hash that stands for item number n of base in the index: that of
   its id.  0 when memory runs out (an improbable hash, and harmless). */
static uint64_t
item_hash(const char *base, int n)
{
    lex_buf_t id = LEX_BUF_INIT;
    lex_item_id(base, n, &id);
    uint64_t h = lex_buf_failed(&id) ? 0 : lex_hash64(id.data, id.len);
    lex_buf_free(&id);
    return h;
}

void
lex_item_id_term(const char *base, int n, char *term)
{
    id_term_of_hash(item_hash(base, n), term);
}

bool
lex_item_id_term_of_id(const char *id, char *term)
{
    const char *hash = strrchr(id, '#');
    if (!hash || hash == id)
        return false;
    size_t digits = strlen(hash + 1);
    /* at most nine digits, and none of them a leading zero: "FILE#07"
       is no item's id */
    if (digits == 0 || digits > 9 || strspn(hash + 1, "0123456789") != digits ||
        (hash[1] == '0' && digits > 1))
        return false;
    /* the id is then exactly the one lex_item_id writes */
    id_term_of_hash(lex_hash64(id, strlen(id)), term);
    return true;
}

bool
lex_item_id_term_of_order(const char *order, size_t len, char *term)
{
    if (len != LEX_ORDER_BYTES)
        return false;
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = (h << 8) | (unsigned char)order[4 + i];
    id_term_of_hash(h, term);
    return true;
}

/*
 * Stores the LEX_SLOT_ORDER value of item number n of base, dated date
 * (YYYYMMDD, "" when undated): the date as a number in 4 bytes (0 when
 * undated), then the item's hash in 8, both big-endian, so that values
 * sort newest first by date, then in an order that is the same in every
 * shard.  Short, because ties under relevance have Xapian read it for
 * every tied match.
 */
static void
order_value(const char *date, const char *base, int n,
            char order[LEX_ORDER_BYTES])
{
    uint64_t day = *date ? strtoull(date, NULL, 10) : 0;
    uint64_t h = item_hash(base, n);
    for (int i = 0; i < 4; i++)
        order[i] = (char)((day >> (8 * (3 - i))) & 0xff);
    for (int i = 0; i < 8; i++)
        order[4 + i] = (char)((h >> (8 * (7 - i))) & 0xff);
}

/* Replaces each U+2010 and U+2011 (hyphens too) in s by '-', in place,
   and returns the new length. */
static size_t
plain_hyphens(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (n - i >= 3 && !memcmp(s + i, "\xE2\x80", 2) &&
            (s[i + 2] == '\x90' || s[i + 2] == '\x91')) {
            s[o++] = '-';
            i += 2;
        } else {
            s[o++] = s[i];
        }
    }
    return o;
}

/* The end of the word of letters, digits and inner single hyphens that
   starts at s[start]. */
static size_t
hyphenated_word_end(const char *s, size_t n, size_t start)
{
    size_t i = start;
    while (i < n && (isalnum((unsigned char)s[i]) ||
                     (s[i] == '-' && i > start && i + 1 < n &&
                      isalnum((unsigned char)s[i + 1]))))
        i++;
    return i;
}

/* True when s[0..n) holds a hyphen: '-', U+2010 or U+2011. */
static bool
has_hyphen(const char *s, size_t n)
{
    if (memchr(s, '-', n))
        return true;
    for (const char *p = s; (p = memchr(p, 0xE2, (size_t)(s + n - p))); p++)
        if (s + n - p >= 3 && p[1] == '\x80' &&
            (p[2] == '\x90' || p[2] == '\x91'))
            return true;
    return false;
}

void
lex_hyphen_joins(const char *text, size_t n, lex_buf_t *out)
{
    if (!has_hyphen(text, n)) /* most paragraphs: nothing to join */
        return;
    char *s = malloc(n + 1);
    if (!s) {
        out->failed = true;
        return;
    }
    memcpy(s, text, n);
    n = plain_hyphens(s, n);
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        i = hyphenated_word_end(s, n, start);
        if (memchr(s + start, '-', i - start)) {
            for (size_t k = start; k < i; k++)
                if (s[k] != '-')
                    lex_buf_putc(out, s[k]);
            lex_buf_putc(out, ' ');
        }
        if (i == start)
            i++;
    }
    free(s);
}

bool
lex_is_cjk_codepoint(unsigned c)
{
    return (c >= 0x2E80 && c <= 0x2EFF) || (c >= 0x3000 && c <= 0x9FFF) ||
           (c >= 0xA700 && c <= 0xA71F) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2F800 && c <= 0x2FA1F);
}

/* Whether the character at s[i] (of n bytes) is CJK; *len gets its
   length, 1 for a byte that is not UTF-8 (and not CJK). */
static bool
cjk_at(const char *s, size_t n, size_t i, size_t *len)
{
    unsigned cp = 0;
    if ((unsigned char)s[i] < 0x80) { /* ASCII, most of most text */
        *len = 1;
        return false;
    }
    *len = lex_utf8_decode(s + i, n - i, &cp);
    if (*len == 0) {
        *len = 1;
        return false;
    }
    return lex_is_cjk_codepoint(cp);
}

/* Adds to p the sentence s[0..n) from position pos, cut into runs of CJK
   and other text; false when memory runs out. */
static bool
add_sentence(lex_paragraph_t *p, const char *s, size_t n, unsigned pos)
{
    lex_sentence_t *more = lex_grow(p->sentences, p->n_sentences,
                                    &p->cap_sentences_, sizeof *more);
    if (!more)
        return false;
    p->sentences = more;
    lex_sentence_t *sentence = &p->sentences[p->n_sentences++];
    *sentence = (lex_sentence_t){pos, p->n_runs, 0};
    size_t i = 0, len;
    while (i < n) {
        size_t start = i;
        bool cjk = cjk_at(s, n, i, &len);
        while (i < n && cjk_at(s, n, i, &len) == cjk)
            i += len;
        lex_text_run_t *runs =
            lex_grow(p->runs, p->n_runs, &p->cap_runs_, sizeof *runs);
        if (!runs)
            return false;
        p->runs = runs;
        p->runs[p->n_runs++] = (lex_text_run_t){s + start, i - start, cjk};
        sentence->n_runs++;
    }
    return true;
}

/*
 * Fills p with text cut into sentences (sentence.h), the first at
 * position base and each later one LEX_SENTENCE_STRIDE after the one
 * before, so that words of one sentence are always nearer each other
 * than words of two: the /s and /p connectors rely on it.
 */
static bool
analyse_paragraph(const char *text, unsigned base, unsigned weight, bool titled,
                  lex_paragraph_t *p)
{
    size_t n = strlen(text);
    p->weight = weight;
    p->titled = titled;
    /* "cross-border" is also findable as "crossborder" */
    lex_buf_t joined = LEX_BUF_INIT;
    lex_hyphen_joins(text, n, &joined);
    p->joined = lex_buf_steal(&joined);
    if (!p->joined)
        return false;
    unsigned pos = base;
    size_t start = 0;
    for (size_t i = lex_sentence_mark_from(text, n, 0); i < n;
         i = lex_sentence_mark_from(text, n, i + 1)) {
        size_t end = lex_sentence_end(text, n, i);
        if (!end)
            continue;
        if (!add_sentence(p, text + start, end - start, pos))
            return false;
        pos += LEX_SENTENCE_STRIDE;
        start = end;
    }
    return start == n || add_sentence(p, text + start, n - start, pos);
}

/* Appends a text for the term generators to a; false when memory ran
   out. */
static bool
add_text(lex_analysis_t *a, lex_text_t t)
{
    lex_text_t *more =
        lex_grow(a->texts, a->n_texts, &a->cap_texts_, sizeof *more);
    if (!more)
        return false;
    a->texts = more;
    a->texts[a->n_texts++] = t;
    return true;
}

/* Appends the runs of sentence k of p, the first at the sentence's
   position, the CJK ones for the CJK generator. */
static bool
add_sentence_texts(lex_analysis_t *a, const lex_paragraph_t *p, size_t k,
                   unsigned weight, const char *prefix)
{
    const lex_sentence_t *s = &p->sentences[k];
    for (size_t r = 0; r < s->n_runs; r++) {
        const lex_text_run_t *run = &p->runs[s->first + r];
        lex_place_t place = r == 0 ? LEX_TEXT_AT : LEX_TEXT_AFTER;
        if (!add_text(a, (lex_text_t){run->text, run->len, place, s->pos,
                                      weight, prefix, run->cjk}))
            return false;
    }
    return true;
}

/*
 * Appends the texts of paragraph p: its hyphen joins without positions,
 * then its sentences; each again, weight 1, under LEX_PREFIX_TITLE when
 * p is titled.  Only the short headline is: a second copy of the body
 * would double the indexing work and the index for a field that means
 * little more than the plain words.
 */
static bool
add_paragraph_texts(lex_analysis_t *a, const lex_paragraph_t *p)
{
    size_t n = strlen(p->joined);
    const char *title = p->titled ? LEX_PREFIX_TITLE : NULL;
    bool ok = true;
    if (n)
        ok =
            add_text(a, (lex_text_t){p->joined, n, LEX_TEXT_UNPLACED, 0,
                                     p->weight, "", false}) &&
            (!title || add_text(a, (lex_text_t){p->joined, n, LEX_TEXT_UNPLACED,
                                                0, 1, title, false}));
    for (size_t k = 0; ok && k < p->n_sentences; k++)
        ok = add_sentence_texts(a, p, k, p->weight, "") &&
             (!title || add_sentence_texts(a, p, k, 1, title));
    return ok;
}

/* Adds the boolean term the buffer holds, taking it; false when memory
   ran out (on the way to it, or now). */
static bool
take_term(lex_analysis_t *a, lex_buf_t *term)
{
    size_t len = term->len;
    char *s = lex_buf_steal(term);
    lex_bytes_t *more =
        s ? lex_grow(a->terms, a->n_terms, &a->cap_terms_, sizeof *more) : NULL;
    if (!more) {
        free(s);
        return false;
    }
    a->terms = more;
    a->terms[a->n_terms++] = (lex_bytes_t){s, len};
    return true;
}

/* Adds the term of prefix and key, hashed when too long (lex_key_term). */
static bool
add_key_term(lex_analysis_t *a, const char *prefix, const char *key)
{
    char term[LEX_KEY_TERM_SIZE];
    lex_key_term(prefix, key, term);
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_puts(&b, term);
    return take_term(a, &b);
}

/* Adds the term of prefix and id as they are. */
static bool
add_term(lex_analysis_t *a, const char *prefix, const char *id)
{
    lex_buf_t term = LEX_BUF_INIT;
    lex_buf_puts(&term, prefix);
    lex_buf_puts(&term, id);
    return take_term(a, &term);
}

/* Adds value data[0..n) in slot, unless it is empty (no value). */
static bool
add_value(lex_analysis_t *a, unsigned slot, const char *data, size_t n)
{
    if (n == 0)
        return true;
    lex_buf_t buf = LEX_BUF_INIT;
    lex_buf_append(&buf, data, n);
    char *copy = lex_buf_steal(&buf);
    lex_value_t *more =
        copy ? lex_grow(a->values, a->n_values, &a->cap_values_, sizeof *more)
             : NULL;
    if (!more) {
        free(copy);
        return false;
    }
    a->values = more;
    a->values[a->n_values++] = (lex_value_t){slot, {copy, n}};
    return true;
}

/* Adds the bulletin: term of a file key: its base name, no extension. */
static bool
add_bulletin_term(lex_analysis_t *a, const char *file_key)
{
    const char *slash = strrchr(file_key, '/');
    const char *base = slash ? slash + 1 : file_key;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    lex_buf_t name = LEX_BUF_INIT;
    lex_fold_name(base, n, &name);
    bool ok = !lex_buf_failed(&name) &&
              add_key_term(a, LEX_PREFIX_BULLETIN, lex_buf_str(&name));
    lex_buf_free(&name);
    return ok;
}

/* Adds the section: term (folded) and value (as written), if any. */
static bool
add_section(lex_analysis_t *a, const char *section)
{
    if (!section || !*section)
        return true;
    lex_buf_t name = LEX_BUF_INIT;
    lex_fold_name(section, strlen(section), &name);
    bool ok = !lex_buf_failed(&name) &&
              add_key_term(a, LEX_PREFIX_SECTION, lex_buf_str(&name));
    lex_buf_free(&name);
    return ok && add_value(a, LEX_SLOT_SECTION, section, strlen(section));
}

/*
 * Adds a site: term for the host of url and each of its parent domains
 * ("www.cac.gov.cn", "cac.gov.cn", "gov.cn"), lower case; none when the
 * URL has no host.
 */
static bool
add_site_terms(lex_analysis_t *a, const char *url)
{
    const char *p = strstr(url, "://");
    if (!p)
        return true;
    p += 3;
    size_t n = strcspn(p, "/:?#");
    const char *at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    char *host = malloc(n + 1);
    if (!host)
        return false;
    for (size_t i = 0; i < n; i++)
        host[i] = ascii_lower(p[i]);
    host[n] = '\0';
    bool ok = true;
    for (char *d = host, *dot; ok && (dot = strchr(d, '.')); d = dot + 1)
        ok = add_key_term(a, LEX_PREFIX_SITE, d);
    free(host);
    return ok;
}

/* Adds the value of the ids, TAB-separated, in slot (a facet's). */
static bool
add_ids_value(lex_analysis_t *a, unsigned slot, char **ids, size_t n)
{
    lex_buf_t v = LEX_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            lex_buf_putc(&v, '\t');
        lex_buf_puts(&v, ids[i]);
    }
    bool ok = !lex_buf_failed(&v) && add_value(a, slot, v.data, v.len);
    lex_buf_free(&v);
    return ok;
}

/* Adds the entity terms and values: each agency with its parents (from
   gz), each law. */
static bool
add_entities(lex_analysis_t *a, const lex_item_t *it, const lex_gazetteer_t *gz)
{
    bool ok = true;
    for (size_t i = 0; ok && i < it->n_agencies; i++) {
        const char *id = it->agencies[i];
        for (int depth = 0; ok && id && depth < MAX_AGENCY_DEPTH; depth++) {
            ok = add_term(a, LEX_PREFIX_AGENCY, id);
            id = gz ? lex_gazetteer_parent(gz, id) : NULL;
        }
    }
    for (size_t i = 0; ok && i < it->n_laws; i++)
        ok = add_term(a, LEX_PREFIX_LAW, it->laws[i]);
    return ok &&
           add_ids_value(a, LEX_SLOT_AGENCIES, it->agencies, it->n_agencies) &&
           add_ids_value(a, LEX_SLOT_LAWS, it->laws, it->n_laws);
}

/*
 * Adds the date values: YYYYMMDD (00 for an unknown month or day) and
 * YYYY-MM, none when the year is unknown; the order value (which
 * sorts undated items last); and the item number.
 */
static bool
add_date_and_order(lex_analysis_t *a, const lex_item_t *it, const char *base)
{
    char date[40] = "", month[8], number[16], order[LEX_ORDER_BYTES];
    const lex_date_t *d = &it->date;
    if (d->year > 0)
        snprintf(date, sizeof date, "%04d%02d%02d", d->year,
                 d->month > 0 ? d->month : 0, d->day > 0 ? d->day : 0);
    snprintf(month, sizeof month, "%.4s-%.2s", date, date + 4);
    snprintf(number, sizeof number, "%d", it->number);
    order_value(date, base, it->number, order);
    return add_value(a, LEX_SLOT_DATE, date, strlen(date)) &&
           (!*date || add_value(a, LEX_SLOT_MONTH, month, strlen(month))) &&
           add_value(a, LEX_SLOT_ITEM, number, strlen(number)) &&
           add_value(a, LEX_SLOT_ORDER, order, sizeof order);
}

/* Adds the display record and its hash (the content value). */
static bool
add_record(lex_analysis_t *a, const lex_bulletin_t *b, const lex_item_t *it)
{
    lex_buf_t rec = LEX_BUF_INIT;
    lex_record_encode(b, it, &rec);
    size_t len = rec.len;
    char *data = lex_buf_steal(&rec);
    if (!data)
        return false;
    a->record = (lex_bytes_t){data, len};
    hash_hex(data, len, a->record_hash);
    return add_value(a, LEX_SLOT_CONTENT, a->record_hash, 16);
}

/* Adds the boolean terms that name the item and where it came from. */
static bool
add_origin_terms(lex_analysis_t *a, const char *file_key, unsigned long run)
{
    char number[32];
    snprintf(number, sizeof number, "%lu", run);
    return add_term(a, "", a->id_term) &&
           add_key_term(a, LEX_PREFIX_FILE, file_key) &&
           add_term(a, LEX_PREFIX_RUN, number) &&
           add_bulletin_term(a, file_key);
}

lex_status_t
lex_analyse_item(const lex_bulletin_t *b, const lex_item_t *it,
                 const char *file_key, unsigned long run,
                 const lex_gazetteer_t *gz, lex_analysis_t *a)
{
    memset(a, 0, sizeof *a);
    const char *base = lex_item_id_base(file_key, it);
    lex_item_id_term(base, it->number, a->id_term);
    bool ok = analyse_paragraph(it->headline ? it->headline : "", 0,
                                LEX_HEADLINE_WEIGHT, true, &a->headline) &&
              analyse_paragraph(it->body ? it->body : "", LEX_PARAGRAPH_STRIDE,
                                1, false, &a->body) &&
              add_paragraph_texts(a, &a->headline) &&
              add_paragraph_texts(a, &a->body) &&
              add_origin_terms(a, file_key, run) && add_section(a, it->section);
    for (size_t i = 0; ok && i < it->n_urls; i++)
        ok = add_site_terms(a, it->urls[i]);
    ok = ok && add_date_and_order(a, it, base) && add_entities(a, it, gz) &&
         add_record(a, b, it);
    if (ok)
        return LEX_OK;
    lex_analysis_free(a);
    return LEX_ENOMEM;
}

/* Frees what a paragraph's analysis holds. */
static void
free_paragraph(lex_paragraph_t *p)
{
    free((char *)p->joined);
    free(p->sentences);
    free(p->runs);
}

void
lex_analysis_free(lex_analysis_t *a)
{
    free_paragraph(&a->headline);
    free_paragraph(&a->body);
    free(a->texts);
    for (size_t i = 0; i < a->n_terms; i++)
        free((char *)a->terms[i].data);
    free(a->terms);
    for (size_t i = 0; i < a->n_values; i++)
        free((char *)a->values[i].value.data);
    free(a->values);
    free((char *)a->record.data);
    memset(a, 0, sizeof *a);
}
