/*
 * test_query_expand.c - the expansion passes over the query tree
 * (query_expand.c) on the real gazetteer and thesaurus of corpus/: the
 * text each form of lexsearch-query(7) gives Xapian's parser (what the
 * string rewrites before them gave, lexsearch --explain "rewritten"),
 * the nodes they make, the entity pass alone, the thesaurus as stems
 * (stemmed only where a query's first letters need it),
 * refusals, and an unbroken Chinese query of 10,000 characters.  The
 * stemmer is a stand-in (a final "s" dropped): Xapian stays out of C.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_cjk.h"
#include "query_expand.h"
#include "query_tree.h"
#include "unit_cases.h"
#include "unit_util.h"

/* How a test expands: with or without the thesaurus, topics, literal. */
enum { FULL, EXACT, TOPICS, LITERAL };

/* q expanded the way mode says, as the parser's text (tree false) or as
   the printed tree; "ERROR: message" when refused.  A static buffer. */
static const char *
expand_as(const char *q, int mode, bool tree)
{
    static char out[16384];
    lex_query_t *t, *x;
    lex_err_t err;
    if (lex_query_parse(q, strlen(q), &t, &err) != LEX_OK) {
        snprintf(out, sizeof out, "ERROR: %s", err.msg);
        return out;
    }
    lex_qexpand_opts_t o = {unit_gaz,
                            mode == EXACT ? NULL : unit_stemmed,
                            mode == TOPICS,
                            mode == LITERAL,
                            500,
                            500000};
    if (lex_query_expand(t, &o, &x, &err) != LEX_OK) {
        snprintf(out, sizeof out, "ERROR: %s", err.msg);
        lex_query_free(t);
        return out;
    }
    lex_buf_t b = LEX_BUF_INIT;
    if (tree)
        lex_query_print(x, &b);
    else
        lex_query_write(x, false, &b);
    snprintf(out, sizeof out, "%s", lex_buf_str(&b));
    lex_buf_free(&b);
    lex_query_free(x);
    lex_query_free(t);
    return out;
}

#define REWRITES(q, expected)                                                  \
    ck_assert_str_eq(expand_as(q, FULL, false), expected)

/* The thesaurus group of cross-border transfer, as the parser reads it. */
#define EXPORT_GROUP                                                                       \
    "(\"cross-border transfer\" OR (\"data export\" OR dataexport) OR "                    \
    "\"outbound data transfer\" OR \"cross-border data transfer\" OR "                     \
    "\"cross-border data flow\" OR 数据出境 OR 个人信息出境 OR 数据跨境 OR " \
    "跨境传输)"
#define FINE_GROUP                                                             \
    "(fine OR penalty OR (\"administrative penalty\" OR "                      \
    "administrativepenalty) OR (\"administrative fine\" OR "                   \
    "administrativefine) OR 罚款)"

START_TEST(synonyms_take_the_longest_phrase_by_stem)
{
    REWRITES("cross-border transfers", EXPORT_GROUP);
    REWRITES("data exports", EXPORT_GROUP);
    REWRITES("data exposure", "data exposure"); /* every word must match */
    REWRITES("data export OR e-commerce",
             EXPORT_GROUP " OR ((e-commerce OR ecommerce) OR ecommerce OR "
                          "(\"electronic commerce\" OR electroniccommerce))");
    REWRITES("(app store) XOR fines",
             "(((\"app store\" OR appstore) OR (\"application store\" OR "
             "applicationstore) OR (\"app marketplace\" OR "
             "appmarketplace))) XOR " FINE_GROUP);
    /* --exact: no thesaurus; tagged index: the group's term */
    ck_assert_str_eq(expand_as("cross-border transfers", EXACT, false),
                     "(cross-border OR crossborder) transfers");
    ck_assert_str_eq(expand_as("cross-border transfer", TOPICS, false),
                     "topic:0");
}
END_TEST

START_TEST(entities_take_up_to_eight_words)
{
    REWRITES("CAC fines", "(CAC OR agency:CAC) " FINE_GROUP);
    REWRITES("Cyberspace Administration of China rules",
             "(\"Cyberspace Administration of China\" OR agency:CAC) rules");
    ck_assert_str_eq(expand_as("CAC", FULL, true),
                     "alt @1\n  word CAC @1\n  entity agency:CAC @1\n");
    const char *words[] = {"Cyberspace", "Administration", "of", "China",
                           "rules"};
    size_t lens[] = {10, 14, 2, 5, 5};
    const char *field = NULL, *id = NULL;
    ck_assert_uint_eq(
        lex_query_entity_at(unit_gaz, words, lens, 5, &field, &id), 4);
    ck_assert_str_eq(id, "CAC");
    ck_assert_str_eq(field, "agency");
    ck_assert_uint_eq(
        lex_query_entity_at(unit_gaz, words + 4, lens + 4, 1, &field, &id), 0);
    /* words that name a role reach the role's agencies */
    const char *role[] = {"market", "regulator", "fines"};
    size_t role_lens[] = {6, 9, 5};
    ck_assert_uint_eq(
        lex_query_entity_at(unit_gaz, role, role_lens, 3, &field, &id), 2);
    ck_assert_str_eq(field, "role");
    ck_assert_str_eq(id, "market");
}
END_TEST

/* A long query (pasted prose, over 256 bytes) drops the runs of words
   no name begins with at once, and still finds the names and roles in
   it, whatever their case. */
START_TEST(names_in_pasted_prose)
{
    char q[1024] = "";
    for (int i = 0; i < 6; i++)
        strcat(q, "the firms were told by regulators to review transfers ");
    strcat(q, "before the Cyberspace Administration of China and the market "
              "regulator and 公安 acted");
    ck_assert_uint_gt(strlen(q), 256);
    const char *x = expand_as(q, EXACT, false);
    ck_assert_msg(strstr(x, "(\"Cyberspace Administration of China\" OR "
                            "agency:CAC)"),
                  "%s", x);
    ck_assert_msg(strstr(x, "OR marketregulator) OR role:market)"), "%s", x);
    ck_assert_msg(strstr(x, "(公安 OR role:police)"), "%s", x);
}
END_TEST

START_TEST(hyphens_and_two_word_phrases_join)
{
    REWRITES("\"app store\" -\"cross border\"",
             "(\"app store\" OR appstore) -(\"cross border\" OR crossborder)");
    /* not after + or -, not in a field, not next to NEAR or ADJ */
    REWRITES("+cross-border -e-commerce data",
             "+cross-border -e-commerce data");
    REWRITES("title:cross-border \"data export\"",
             "title:cross-border (\"data export\" OR dataexport)");
    REWRITES("title:\"app store\"", "title:\"app store\"");
    REWRITES("a NEAR/3 cross-border", "a NEAR/3 cross-border");
    REWRITES("cross-border ADJ/2 b", "cross-border ADJ/2 b");
    REWRITES("NOT cross-border", "NOT (cross-border OR crossborder)");
}
END_TEST

START_TEST(chinese_runs_are_cut_into_known_words)
{
    REWRITES("网信办数据出境", "(网信办 OR agency:CAC) " EXPORT_GROUP);
    ck_assert_str_eq(expand_as("网信办数据出境 cross-border CAC", EXACT, false),
                     "(网信办 OR agency:CAC) 数据出境 (cross-border OR "
                     "crossborder) (CAC OR agency:CAC)");
    ck_assert_str_eq(expand_as("网信办数据出境", LITERAL, false),
                     "网信办数据出境");
}
END_TEST

START_TEST(connectors_fields_filters_and_wildcards)
{
    REWRITES("alpha /s beta", "alpha NEAR/500 beta");
    REWRITES("alpha /p beta", "alpha NEAR/500000 beta");
    REWRITES("regulat* title:regulat* body:regulat*",
             "regulat* title:regulat* body:regulat*");
    REWRITES("law:PIPL section:enforcement date:2023-03",
             "law:PIPL section:enforcement date:2023-03");
    REWRITES("agency:\"Cyberspace Administration of China\" data",
             "agency:CAC data");
    char deep[2 * 300 + 2];
    memset(deep, '(', 300);
    deep[300] = 'a';
    memset(deep + 301, ')', 300);
    deep[601] = '\0';
    ck_assert_str_eq(expand_as(deep, FULL, false),
                     "ERROR: query nested more than 256 deep at column 301");
    ck_assert_str_eq(expand_as("agency:\"Ministry of Nowhere\" x", FULL, false),
                     "ERROR: unknown agency 'Ministry of Nowhere' at column 1");
    /* the literal query keeps the words as typed, ids resolved */
    ck_assert_str_eq(expand_as("agency:\"Cyberspace Administration of China\" "
                               "CAC fines",
                               LITERAL, false),
                     "agency:CAC CAC fines");
    lex_query_t *t;
    lex_err_t err;
    ck_assert_int_eq(lex_query_parse("+regulat* x", 11, &t, &err), LEX_OK);
    ck_assert(lex_query_has_wildcard(t));
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_write(t, true, &b);
    ck_assert_str_eq(lex_buf_str(&b), "+wild:regulat x");
    lex_buf_free(&b);
    lex_query_free(t);
    ck_assert_int_eq(lex_query_parse("\"regulat* x\"", 12, &t, &err), LEX_OK);
    ck_assert(!lex_query_has_wildcard(t));
    lex_query_free(t);
}
END_TEST

/* What the counting stemmer saw: how many words, and which (one a line). */
typedef struct {
    size_t words;
    lex_buf_t which;
} stem_count_t;

/* unit_drop_s, counting the words it is given in ctx (a stem_count_t). */
static void
drop_s_counted(void *ctx, const char *w, size_t n, lex_buf_t *out)
{
    stem_count_t *c = ctx;
    c->words++;
    lex_buf_append(&c->which, w, n);
    lex_buf_putc(&c->which, '\n');
    unit_drop_s(NULL, w, n, out);
}

/* True when w (n bytes) begins with one of the letters in first, or is
   a word of a thesaurus phrase whose first word does. */
static bool
may_stem(const char *w, size_t n, const char *first)
{
    if (strchr(first, w[0]))
        return true;
    for (size_t g = 0; g < unit_thes->n; g++)
        for (size_t i = 0; i < unit_thes->groups[g].n; i++) {
            const char *p = unit_thes->groups[g].phrases[i];
            if (!strchr(first, p[0]))
                continue;
            for (const char *at = p; *at;) {
                size_t len = strcspn(at, " ");
                if (len == n && memcmp(at, w, n) == 0)
                    return true;
                at += len + (at[len] == ' ');
            }
        }
    return false;
}

/* Expands q with st and the gazetteer, as the parser's text. */
static char *
expanded_with(const lex_stemmed_thesaurus_t *st, const char *q)
{
    lex_query_t *t, *x;
    lex_err_t err;
    ck_assert_int_eq(lex_query_parse(q, strlen(q), &t, &err), LEX_OK);
    lex_qexpand_opts_t o = {unit_gaz, st, false, false, 500, 500000};
    ck_assert_int_eq(lex_query_expand(t, &o, &x, &err), LEX_OK);
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_write(x, false, &b);
    char *text = strdup(lex_buf_str(&b));
    lex_buf_free(&b);
    lex_query_free(x);
    lex_query_free(t);
    return text;
}

/* The unit thesaurus as stems, each stem counted in seen as it is made. */
static lex_stemmed_thesaurus_t *
counting_stems(stem_count_t *seen)
{
    lex_stemmed_thesaurus_t *st = NULL;
    ck_assert_int_eq(
        lex_stemmed_thesaurus_new(unit_thes, drop_s_counted, seen, &st),
        LEX_OK);
    return st;
}

/* A query stems its own words and the thesaurus words that begin with
   the same letters, once; nothing else of the thesaurus. */
START_TEST(only_the_query_s_letters_are_stemmed)
{
    stem_count_t seen = {0, LEX_BUF_INIT};
    lex_stemmed_thesaurus_t *st = counting_stems(&seen);
    ck_assert_uint_eq(seen.words, 0);
    char *text = expanded_with(st, "Personal information");
    ck_assert_str_eq(text, expand_as("Personal information", FULL, false));
    ck_assert(strstr(text, "personal data") != NULL);
    for (const char *w = lex_buf_str(&seen.which); *w;) {
        size_t n = strcspn(w, "\n");
        ck_assert_msg(may_stem(w, n, "pi"), "unit_stemmed '%.*s'", (int)n, w);
        w += n + 1;
    }
    size_t after_first = seen.words;
    ck_assert_uint_gt(after_first, 2);
    free(text);
    text = expanded_with(st, "personal information");
    ck_assert_uint_eq(seen.words, after_first + 2); /* the query's words */
    free(text);
    lex_stemmed_thesaurus_free(st);
    lex_buf_free(&seen.which);
}
END_TEST

/* How many words of the unit thesaurus's phrases begin with byte c. */
static size_t
thesaurus_words_at(char c)
{
    size_t count = 0;
    for (size_t g = 0; g < unit_thes->n; g++)
        for (size_t i = 0; i < unit_thes->groups[g].n; i++)
            for (const char *at = unit_thes->groups[g].phrases[i]; *at;) {
                size_t len = strcspn(at, " ");
                count += len > 0 && at[0] == c;
                at += len + (at[len] == ' ');
            }
    return count;
}

/* A spelling check stems the thesaurus words of its word's letter only,
   wherever they are in their phrases, once. */
START_TEST(a_spelling_check_stems_its_letter_s_words)
{
    stem_count_t seen = {0, LEX_BUF_INIT};
    lex_stemmed_thesaurus_t *st = counting_stems(&seen);
    ck_assert_uint_gt(thesaurus_words_at('t'), 0);
    ck_assert(lex_stemmed_thesaurus_has(st, "Transfers", 9));
    ck_assert_uint_eq(seen.words, 1 + thesaurus_words_at('t'));
    for (const char *w = lex_buf_str(&seen.which); *w;
         w += strcspn(w, "\n") + 1)
        ck_assert_msg(w[0] == 't', "stemmed '%.*s'", (int)strcspn(w, "\n"), w);
    size_t before = seen.words;
    ck_assert(lex_stemmed_thesaurus_has(st, "transfer", 8));
    ck_assert_uint_eq(seen.words, before + 1); /* the bucket is kept */
    ck_assert(!lex_stemmed_thesaurus_has(st, "zebra", 5));
    ck_assert_uint_eq(seen.words, before + 2 + thesaurus_words_at('z'));
    ck_assert(lex_stemmed_thesaurus_has(st, "Exports", 7));
    ck_assert(lex_stemmed_thesaurus_has(st, "data", 4));
    lex_stemmed_thesaurus_free(st);
    lex_buf_free(&seen.which);
}
END_TEST

START_TEST(words_stems_and_groups)
{
    ck_assert(lex_is_stopword("The", 3));
    ck_assert(!lex_is_stopword("data", 4));
    ck_assert(lex_query_is_plain_word("cross-border", 12));
    ck_assert(lex_query_is_plain_word("数据", strlen("数据")));
    ck_assert(!lex_query_is_plain_word("OR", 2));
    ck_assert(!lex_query_is_plain_word("12:30", 5));
    ck_assert(lex_stemmed_thesaurus_has(unit_stemmed, "Transfers", 9));
    ck_assert(!lex_stemmed_thesaurus_has(unit_stemmed, "zebra", 5));
    lex_query_t *g;
    lex_err_t err = {0};
    ck_assert_int_eq(lex_query_of_group(unit_thes, 0, &g, &err), LEX_OK);
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_write(g, false, &b);
    ck_assert_str_eq(lex_buf_str(&b), EXPORT_GROUP);
    lex_buf_free(&b);
    lex_query_free(g);
}
END_TEST

/* The start of the group of 数据出境安全评估. */
#define ASSESSMENT "((\"security assessment\" OR securityassessment)"

/* An unbroken Chinese query of 10,000 characters expands in one pass
   (a quadratic pass would take minutes: the test's timeout fails it). */
/* q expanded with topics, then its groups written out
   (lex_query_write_out_groups), printed; the same as expand_as(q, FULL,
   true) when the copy is what an expansion without topics makes. */
static const char *
written_out_as(const char *q)
{
    static char out[16384];
    lex_query_t *t, *x, *w;
    lex_err_t err;
    lex_qexpand_opts_t o = {unit_gaz, unit_stemmed, true, false, 500, 500000};
    ck_assert_int_eq(lex_query_parse(q, strlen(q), &t, &err), LEX_OK);
    ck_assert_int_eq(lex_query_expand(t, &o, &x, &err), LEX_OK);
    ck_assert_int_eq(lex_query_write_out_groups(x, unit_stemmed, &w, &err),
                     LEX_OK);
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_print(w, &b);
    snprintf(out, sizeof out, "%s", lex_buf_str(&b));
    lex_buf_free(&b);
    lex_query_free(w);
    lex_query_free(x);
    lex_query_free(t);
    return out;
}

/* A query stems the phrases of its words' letters, not the words a
   spelling check looks up: those are stemmed when first asked for, after
   the phrases of the same letter as before them. */
START_TEST(spelling_check_after_a_query_of_the_same_letters)
{
    ck_assert_str_ne(expand_as("data export", FULL, false), "data export");
    ck_assert(lex_stemmed_thesaurus_has(unit_stemmed, "Exports", 7));
    ck_assert(lex_stemmed_thesaurus_has(unit_stemmed, "data", 4));
    ck_assert(!lex_stemmed_thesaurus_has(unit_stemmed, "exporter", 8));
    ck_assert(lex_stemmed_thesaurus_has(unit_stemmed, "Personal", 8));
    ck_assert_str_ne(expand_as("personal information", FULL, false),
                     "personal information");
}
END_TEST

START_TEST(groups_written_out_from_the_topics_tree)
{
    /* groups with hyphenated and two-word phrases, in operators, next to
       entities, Chinese runs, fields, filters and connectors */
    static const char *const queries[] = {
        "cross-border transfers",
        "data export OR e-commerce",
        "(app store) XOR fines",
        "CAC fines for data exports",
        "个人信息出境 罚款 国家互联网信息办公室",
        "title:penalty \"app store\" NEAR/3 fines",
        "automated decision-making de-identification",
        "privacy /s fines",
        "facial recognition AND NOT court date:2023",
        "agency:CAC cross-border transfer -minors",
        "no group here",
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        char want[16384];
        snprintf(want, sizeof want, "%s", expand_as(queries[i], FULL, true));
        ck_assert_str_eq(written_out_as(queries[i]), want);
    }
}
END_TEST

START_TEST(pasted_mixed_prose_is_cut_into_clauses)
{
    /* a short mixed word is left whole, for Xapian's parser */
    REWRITES("App下载", "App下载");
    REWRITES("GB/T35273标准", "GB/T35273标准");
    /* CJK punctuation separates clauses as a space does */
    ck_assert_str_eq(
        expand_as("依据GB/T35273，网信办要求App下载前告知。", FULL, true),
        "clauses @1\n"
        "  word 依据GB/T35273 @1\n"
        "  word 网信办要求App下载前告知 @1\n");
    ck_assert_str_eq(
        expand_as("依据GB/T35273，网信办要求App下载前告知。", LITERAL, false),
        "依据GB/T35273 网信办要求App下载前告知");
    ck_assert_str_eq(
        expand_as("罚款 OR 依据GB/T35273…AND—数据出境", FULL, false),
        "(fine OR penalty OR (\"administrative penalty\" OR "
        "administrativepenalty) OR (\"administrative fine\" OR "
        "administrativefine) OR 罚款) OR 依据GB/T35273 \"AND\" 数据出境");
    ck_assert_str_eq(
        expand_as("《个人信息保护法》第38条规定App运营者　数据出境", EXACT,
                  false),
        "(个人信息保护法 OR law:PIPL) 第38条规定App运营者 数据出境");
    /* a mixed run longer than a long Chinese run is cut where the
       script changes; one of LEX_CJK_LONG_RUN characters is not */
    char q[512], want[512];
    for (int chars = 56; chars <= 58; chars += 2) { /* 63, 65 in all */
        int n = snprintf(q, sizeof q, "App");
        for (int i = 0; i < chars / 2; i++)
            n += snprintf(q + n, sizeof q - (size_t)n, "数据");
        snprintf(q + n, sizeof q - (size_t)n, "2024");
        snprintf(want, sizeof want, "%s", q);
        if (chars + 7 > LEX_CJK_LONG_RUN)
            snprintf(want, sizeof want, "App %.*s 2024", n - 3, q + 3);
        ck_assert_str_eq(expand_as(q, LITERAL, false), want);
    }
}
END_TEST

START_TEST(long_chinese_query_is_linear)
{
    size_t n = 10000;
    char *q = malloc(3 * n + 1);
    ck_assert_ptr_nonnull(q);
    for (size_t i = 0; i < n; i++) /* 数据出境安全评估... over and over */
        memcpy(q + 3 * i, "数据出境安全评估" + 3 * (i % 8), 3);
    q[3 * n] = '\0';
    const char *out = expand_as(q, FULL, false);
    ck_assert_msg(strncmp(out, ASSESSMENT, strlen(ASSESSMENT)) == 0, "%.200s",
                  out);
    free(q);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("query_expand",
          UNIT_TCASE("expand", unit_setup_entities, unit_teardown_entities,
                     synonyms_take_the_longest_phrase_by_stem,
                     entities_take_up_to_eight_words, names_in_pasted_prose,
                     hyphens_and_two_word_phrases_join,
                     chinese_runs_are_cut_into_known_words,
                     connectors_fields_filters_and_wildcards,
                     words_stems_and_groups,
                     only_the_query_s_letters_are_stemmed,
                     a_spelling_check_stems_its_letter_s_words,
                     spelling_check_after_a_query_of_the_same_letters,
                     groups_written_out_from_the_topics_tree,
                     long_chinese_query_is_linear,
                     pasted_mixed_prose_is_cut_into_clauses))
