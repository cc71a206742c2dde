/*
 * query_fields.c - the plans of field values, the spelling correction
 * and the --explain text (query_lower.h).
 *
 * Each field of lexsearch-query(7) (date:, section:, agency:, ..., and
 * the internal wild: of WORD*) is planned by lex_field_plan, which
 * query_parsed.c calls for the value.  The index is reached only
 * through the functions of lex_qindex_t.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "query_lower.h"

/* The term prefix + s (n bytes), each byte through map (NULL: as is). */
static lex_plan_t *
mapped_term(const char *prefix, const char *s, size_t n, int (*map)(int))
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_puts(&b, prefix);
    for (size_t i = 0; i < n; i++)
        lex_buf_putc(&b, map ? (char)map((unsigned char)s[i]) : s[i]);
    lex_plan_t *t =
        lex_buf_failed(&b) ? NULL : lex_plan_term(lex_buf_str(&b), b.len);
    lex_buf_free(&b);
    return t;
}

/* date:A..B, date:A.., date:..B and date:A, over the date value. */
static lex_status_t
date_plan(const char *v, size_t n, lex_plan_t **out, lex_err_t *err)
{
    char lo[16], hi[16];
    if (!lex_query_date_range(v, n, lo, hi))
        return lex_err_set(err, LEX_EPARSE, "bad date 'date:%.*s' %s", (int)n,
                           v, LEX_QUERY_DATE_HELP);
    *out = lex_plan_value_range(LEX_SLOT_DATE, lo, hi);
    return *out ? LEX_OK : LEX_ENOMEM;
}

/*
 * section:, bulletin:, site:: the folded value (fold) as an exact term,
 * or, when no item has it, as a prefix ("section:enforcement" matches
 * both Enforcement sections).
 */
static lex_plan_t *
name_plan(const lex_qindex_t *ix, const char *prefix, bool fold, const char *v,
          size_t n)
{
    lex_buf_t key = LEX_BUF_INIT;
    if (fold)
        lex_fold_name(v, n, &key);
    else
        lex_buf_append(&key, v, n);
    lex_plan_t *t =
        lex_buf_failed(&key)
            ? NULL
            : mapped_term(prefix, key.data ? key.data : "", key.len, tolower);
    lex_buf_free(&key);
    if (t && !ix->term_exists(ix->ctx, t->term, t->term_len))
        t->kind = LEX_P_WILDCARD;
    return t;
}

/*
 * agency: and law:: any spelling the gazetteer knows (CAC, Cyberspace
 * Administration of China, 国家互联网信息办公室) or the id, as the entity's
 * term.  An agency term also matches items of its local branches.
 */
static lex_status_t
entity_plan(const lex_gazetteer_t *gz, lex_entity_kind_t kind, const char *v,
            size_t n, lex_plan_t **out, lex_err_t *err)
{
    const char *prefix =
        kind == LEX_ENTITY_AGENCY ? LEX_PREFIX_AGENCY : LEX_PREFIX_LAW;
    char *name = lex_memdup_str(v, n), *upper = lex_memdup_str(v, n);
    if (!name || !upper) {
        free(name);
        free(upper);
        return LEX_ENOMEM;
    }
    for (char *c = upper; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    const char *id = NULL, *term = NULL;
    lex_entity_kind_t found;
    const char **aliases = NULL;
    if (gz && lex_gazetteer_lookup(gz, name, &found, &id) && found == kind)
        term = id;
    else if (gz && (lex_gazetteer_parent(gz, upper) != NULL ||
                    lex_gazetteer_aliases(gz, upper, &aliases) > 0))
        term = upper;
    free(aliases);
    *out = term ? mapped_term(prefix, term, strlen(term), NULL) : NULL;
    free(name);
    free(upper);
    if (term)
        return *out ? LEX_OK : LEX_ENOMEM;
    bool agency = kind == LEX_ENTITY_AGENCY;
    return lex_err_set(err, LEX_EPARSE,
                       "unknown %s '%.*s' (see %s in lexsearch-corpus(5))",
                       agency ? "agency" : "law", (int)n, v,
                       agency ? "agencies.tsv" : "laws.tsv");
}

/* Words or terms gathered by a lex_qindex_t enumeration. */
typedef struct {
    const lex_qindex_t *ix;
    const char *prefix; /* put before each stem */
    bool stem;          /* stem each word (spellings) */
    char **words;
    size_t n, cap;
    bool failed;
} words_t;

/* Adds w, stemmed and prefixed when g says (lex_word_fn). */
static void
gather(void *ctx, const char *w, size_t n)
{
    words_t *g = ctx;
    lex_buf_t b = LEX_BUF_INIT;
    if (g->stem) {
        lex_buf_puts(&b, g->prefix);
        g->ix->stem(g->ix->ctx, w, n, &b);
    } else {
        lex_buf_append(&b, w, n);
    }
    char **more = lex_buf_failed(&b)
                      ? NULL
                      : lex_grow(g->words, g->n + 1, &g->cap, sizeof *more);
    if (!more) {
        g->failed = true;
        lex_buf_free(&b);
        return;
    }
    g->words = more;
    g->words[g->n++] = lex_buf_steal(&b);
    if (!g->words[g->n - 1]) {
        g->n--;
        g->failed = true;
    }
}

/* Byte order, as std::string compares. */
static int
by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * wild:WORD and wildtitle:WORD (prefix), made by the front-end for WORD*:
 * the stems of every word that starts with WORD, each once, in byte
 * order.  The index holds stems alone, and "regulat*" must find
 * "regulations" (stem "regul"), so the words come from the spelling
 * table, which keeps every word as written.  The stems that themselves
 * start with WORD are added: they are all that remote shards, which have
 * no spelling table, can give.
 */
static lex_plan_t *
wild_plan(const lex_qindex_t *ix, const char *prefix, const char *v, size_t n)
{
    lex_buf_t word = LEX_BUF_INIT, start = LEX_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        lex_buf_putc(&word, (char)tolower((unsigned char)v[i]));
    lex_buf_puts(&start, prefix);
    lex_buf_append(&start, word.data ? word.data : "", word.len);
    words_t g = {ix, prefix, true, NULL, 0, 0, false};
    if (lex_buf_failed(&word) || lex_buf_failed(&start))
        g.failed = true;
    if (!g.failed) {
        ix->starting(ix->ctx, true, lex_buf_str(&word), word.len, gather, &g);
        g.stem = false;
        ix->starting(ix->ctx, false, lex_buf_str(&start), start.len, gather,
                     &g);
    }
    lex_buf_free(&word);
    lex_buf_free(&start);
    if (g.n)
        qsort(g.words, g.n, sizeof *g.words, by_bytes);
    lex_plan_t *p =
        g.failed ? NULL : lex_plan_new(g.n ? LEX_P_SYNONYM : LEX_P_NOTHING);
    for (size_t i = 0; i < g.n && p; i++)
        if (i == 0 || strcmp(g.words[i], g.words[i - 1]) != 0)
            p = lex_plan_add(p, lex_plan_term(g.words[i], strlen(g.words[i])));
    for (size_t i = 0; i < g.n; i++)
        free(g.words[i]);
    free(g.words);
    return p;
}

/* True when field (n bytes) is name. */
static bool
is(const char *field, const char *name)
{
    return strcmp(field, name) == 0;
}

lex_status_t
lex_field_plan(const char *field, const char *v, size_t n,
               const lex_qlower_opts_t *o, lex_plan_t **out, lex_err_t *err)
{
    *out = NULL;
    if (is(field, "date"))
        return date_plan(v, n, out, err);
    if (is(field, "agency") || is(field, "law"))
        return entity_plan(
            o->gz, is(field, "law") ? LEX_ENTITY_LAW : LEX_ENTITY_AGENCY, v, n,
            out, err);
    if (is(field, "role")) {
        *out = lex_role_plan(o->gz, v, n);
        if (*out && lex_plan_is_nothing(*out)) {
            lex_plan_free(*out);
            *out = NULL;
            return lex_err_set(err, LEX_EPARSE,
                               "unknown role '%.*s' (see the roles of "
                               "agencies.tsv in lexsearch-corpus(5))",
                               (int)n, v);
        }
    } else if (is(field, "topic")) {
        *out = lex_topic_plan(v, n);
    } else if (is(field, "section") || is(field, "bulletin")) {
        *out = name_plan(o->ix,
                         is(field, "section") ? LEX_PREFIX_SECTION
                                              : LEX_PREFIX_BULLETIN,
                         true, v, n);
    } else if (is(field, "site")) {
        *out = name_plan(o->ix, LEX_PREFIX_SITE, false, v, n);
    } else if (is(field, "wild") || is(field, "wildtitle")) {
        *out =
            wild_plan(o->ix, is(field, "wild") ? "" : LEX_PREFIX_TITLE, v, n);
    } else {
        return lex_err_set(err, LEX_EPARSE, "unknown field '%s'", field);
    }
    return *out ? LEX_OK : lex_err_set(err, LEX_ENOMEM, "out of memory");
}

/* A word that no item, thesaurus phrase or gazetteer name has, and the
   index's nearest word: the context of respell. */
typedef struct {
    const lex_stemmed_thesaurus_t *st;
    const lex_gazetteer_t *gz;
    const lex_qindex_t *ix;
} speller_t;

/* True when the index has the word's stem, or the gazetteer or the
   thesaurus knows it: such a word is never "corrected".  The cheap tests
   first: a stopword, then one term lookup, which settles nearly every
   word; the thesaurus last, whose first look at a letter stems every
   thesaurus word of that letter (some 700,000 instructions a query). */
static bool
known_word(const speller_t *s, const char *w, const char *lower, size_t n)
{
    if (lex_is_stopword(lower, n))
        return true;
    lex_buf_t stem = LEX_BUF_INIT;
    s->ix->stem(s->ix->ctx, lower, n, &stem);
    bool has =
        !lex_buf_failed(&stem) &&
        s->ix->term_exists(s->ix->ctx, stem.data ? stem.data : "", stem.len);
    lex_buf_free(&stem);
    const char *id;
    return has || (s->gz && lex_gazetteer_lookup(s->gz, w, NULL, &id)) ||
           (s->st && lex_stemmed_thesaurus_has(s->st, w, n));
}

/* The index's nearest word to w when no item, thesaurus entry or
   gazetteer name has w (lex_respell_fn). */
static bool
respell(void *ctx, const char *w, size_t n, lex_buf_t *out)
{
    const speller_t *s = ctx;
    char *word = lex_memdup_str(w, n), *lower = lex_memdup_str(w, n);
    bool fixed = false;
    if (word && lower) {
        for (size_t i = 0; i < n; i++)
            lower[i] = (char)tolower((unsigned char)lower[i]);
        if (!known_word(s, word, lower, n)) {
            size_t was = out->len;
            s->ix->suggest(s->ix->ctx, lower, n, out);
            fixed = out->len > was;
        }
    }
    free(word);
    free(lower);
    return fixed;
}

bool
lex_query_correction(const char *text, size_t len,
                     const lex_stemmed_thesaurus_t *st,
                     const lex_gazetteer_t *gz, const lex_qindex_t *ix,
                     lex_buf_t *out)
{
    speller_t s = {st, gz, ix};
    bool changed = lex_query_respell(text, len, respell, &s, out);
    if (!changed)
        lex_buf_reset(out);
    return changed;
}

/* Appends the n bytes at s to out (s may be NULL when n is 0). */
static void
put(lex_buf_t *out, const char *s, size_t n)
{
    if (n)
        lex_buf_append(out, s, n);
}

/* The tree as --explain shows it: lex_query_print's lines, indented by
   four spaces; false when memory ran out. */
static bool
print_tree(const lex_query_t *q, lex_buf_t *out)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_print(q, &b);
    const char *s = b.data ? b.data : "";
    for (size_t i = 0; i < b.len;) {
        const char *nl = memchr(s + i, '\n', b.len - i);
        size_t end = nl ? (size_t)(nl - s) : b.len;
        lex_buf_puts(out, "    ");
        put(out, s + i, end - i);
        lex_buf_putc(out, '\n');
        i = end + 1;
    }
    bool ok = !lex_buf_failed(&b);
    lex_buf_free(&b);
    return ok;
}

/* True when buffers a and b hold the same bytes. */
static bool
same_text(const lex_buf_t *a, const lex_buf_t *b)
{
    return a->len == b->len &&
           (!a->len || memcmp(a->data, b->data, a->len) == 0);
}

/* A phrase of a thesaurus group as --explain names it: quoted, or the
   first form of an alternative. */
static void
put_phrase(lex_buf_t *out, const lex_qnode_t *n)
{
    while (n->kind == LEX_Q_ALT && n->n_kids)
        n = n->kids[0];
    bool quote = n->kind == LEX_Q_PHRASE;
    lex_buf_puts(out, quote ? " \"" : " ");
    put(out, n->text, n->text_len);
    if (quote)
        lex_buf_putc(out, '"');
}

/*
 * A "translations:" line for each thesaurus group of n that the query
 * text typed in one language has phrases of in the other: the phrases
 * that rank a match in either language first (query_lower.c,
 * collect_translations picks them the same way); *any set when one was
 * written.
 */
static void
explain_translations(const lex_qnode_t *n, const char *text, lex_buf_t *out,
                     bool *any)
{
    if (!n)
        return;
    if (n->kind != LEX_Q_SYNONYMS) {
        for (size_t i = 0; i < n->n_kids; i++)
            explain_translations(n->kids[i], text, out, any);
        return;
    }
    bool chinese = n->column > 0 && (unsigned char)text[n->column - 1] >= 0x80;
    size_t kept = out->len;
    lex_buf_printf(out, "translations: #%u %s:", n->window,
                   chinese ? "Chinese typed, in English"
                           : "English typed, "
                             "in Chinese");
    bool some = false;
    for (size_t i = 0; i < n->n_kids; i++)
        if ((n->kids[i]->kind == LEX_Q_CJK) != chinese) {
            put_phrase(out, n->kids[i]);
            some = true;
        }
    if (!some) {
        lex_buf_truncate(out, kept);
        return;
    }
    lex_buf_putc(out, '\n');
    *any = true;
}

/* The explain lines after the trees (see lex_query_explain). */
static void
explain_lines(const char *text, size_t len, const lex_qlower_opts_t *o,
              bool exact, bool tagged, bool expanded, lex_buf_t *out)
{
    lex_buf_puts(out, "synonyms:  ");
    lex_buf_puts(out, exact      ? "off (--exact)\n"
                      : expanded ? "expanded above\n"
                                 : "none apply\n");
    lex_buf_puts(out, "stemming:  English, every word, in phrases too (the "
                      "terms below are stems)\n");
    if (!exact && expanded)
        lex_buf_puts(out, tagged ? "groups:    each synonym group above is "
                                   "searched as one term the indexer tagged "
                                   "items with (XT)\n"
                                 : "groups:    written out as above (the index "
                                   "was not tagged with this thesaurus; "
                                   "lexindex --rebuild tags it)\n");
    lex_buf_t fixed = LEX_BUF_INIT;
    if (lex_query_correction(text, len, o->thesaurus, o->gz, o->ix, &fixed)) {
        lex_buf_puts(out, "spelling:  did you mean '");
        put(out, fixed.data, fixed.len);
        lex_buf_puts(out, "'?\n");
    }
    lex_buf_free(&fixed);
}

lex_status_t
lex_query_explain(const char *text, size_t len, const lex_qlower_opts_t *o,
                  bool exact, bool tagged, lex_buf_t *out, lex_err_t *err)
{
    lex_query_t *tree = NULL, *expanded = NULL, *literal = NULL;
    lex_qexpand_opts_t x = {o->gz, o->thesaurus, false,
                            false, o->sentence,  o->paragraph};
    lex_status_t st = lex_query_parse(text, len, &tree, err);
    if (st == LEX_OK)
        st = lex_query_expand(tree, &x, &expanded, err);
    x.thesaurus = NULL;
    x.literal = true;
    if (st == LEX_OK)
        st = lex_query_expand(tree, &x, &literal, err);
    if (st == LEX_OK) {
        lex_buf_t rewritten = LEX_BUF_INIT, connected = LEX_BUF_INIT;
        lex_query_write(expanded, false, &rewritten);
        lex_query_write(literal, false, &connected);
        lex_buf_puts(out, "query:     ");
        put(out, text, len);
        lex_buf_puts(out, "\ntree:\n");
        bool printed = print_tree(tree, out);
        lex_buf_puts(out, "expanded:\n");
        printed = print_tree(expanded, out) && printed;
        lex_buf_puts(out, "rewritten: ");
        put(out, rewritten.data, rewritten.len);
        lex_buf_putc(out, '\n');
        explain_lines(text, len, o, exact, tagged,
                      !same_text(&rewritten, &connected), out);
        bool any = false;
        explain_translations(lex_query_root(expanded), text, out, &any);
        if (!any && !exact)
            lex_buf_puts(out, "translations: none\n");
        if (!printed || lex_buf_failed(out) || lex_buf_failed(&rewritten) ||
            lex_buf_failed(&connected))
            st = lex_err_set(err, LEX_ENOMEM, "out of memory");
        lex_buf_free(&rewritten);
        lex_buf_free(&connected);
    }
    lex_query_free(tree);
    lex_query_free(expanded);
    lex_query_free(literal);
    return st;
}
