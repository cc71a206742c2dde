/*
 * test_topics.c - the thesaurus-group matcher (topics.c): phrases by
 * position, OR and AND, Chinese forms as the query parser writes them
 * (an AND of character unigrams, which have positions, and bigrams,
 * which have none), the groups of an item listed in order, the plans the
 * matcher refuses, and the fingerprint the index records; and each
 * group's plan as Xapian's QueryParser read its phrases written out
 * (lex_group_plan, on corpus/thesaurus.tsv, with a stand-in stemmer that
 * drops a final "s"), the forms no C code plans, and a thesaurus
 * compiled into a tagger (lex_topics_compile).
 */
#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topics.h"
#include "unit_util.h"

/* A term from a C string. */
static lex_plan_t *
term(const char *t)
{
    return lex_plan_term(t, strlen(t));
}

/* An operator of kind over the n plans that follow. */
static lex_plan_t *
op(lex_pkind_t kind, int n, ...)
{
    lex_plan_t *p = lex_plan_new(kind);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        p = lex_plan_add(p, va_arg(ap, lex_plan_t *));
    va_end(ap);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* The PHRASE of the space-separated words of text. */
static lex_plan_t *
phrase(const char *text)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", text);
    lex_plan_t *p = lex_plan_new(LEX_P_PHRASE);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
        p = lex_plan_add(p, term(w));
    ck_assert_ptr_nonnull(p);
    return p;
}

/* Adds group to t, which must take it, and frees it. */
static void
add(lex_topics_t *t, lex_plan_t *group)
{
    ck_assert_int_eq(lex_topics_add(t, group), LEX_OK);
    lex_plan_free(group);
}

/* The status of adding group to t; frees group. */
static lex_status_t
try_add(lex_topics_t *t, lex_plan_t *group)
{
    lex_status_t st = lex_topics_add(t, group);
    lex_plan_free(group);
    return st;
}

#define MAX_TERMS 32

/* An item's terms that t's groups name, with their positions. */
typedef struct {
    lex_topic_term_t terms[MAX_TERMS];
    unsigned pos[MAX_TERMS][MAX_TERMS];
    size_t n;
} item_t;

/*
 * The item whose words are text's, space-separated, at positions 1, 2,
 * ... as the indexer numbers them; a word ending in '~' is a term
 * without positions, as the indexer gives a Chinese bigram.
 */
static void
item_of(const lex_topics_t *t, const char *text, item_t *it)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", text);
    memset(it, 0, sizeof *it);
    unsigned pos = 0;
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
        size_t len = strlen(w);
        bool positioned = w[len - 1] != '~';
        if (!positioned)
            len--;
        else
            pos++;
        size_t id = lex_topics_term(t, w, len), i = 0;
        if (id == LEX_TOPICS_NO_TERM)
            continue;
        while (i < it->n && it->terms[i].term != id)
            i++;
        ck_assert_uint_lt(i, MAX_TERMS);
        if (i == it->n) {
            it->terms[it->n++] =
                (lex_topic_term_t){.term = id, .pos = it->pos[i]};
        }
        if (positioned)
            it->pos[i][it->terms[i].n_pos++] = pos;
    }
}

/* The groups an item of text matches, as "0 2" (a static buffer). */
static const char *
matched(const lex_topics_t *t, const char *text)
{
    static char out[256];
    item_t it;
    item_of(t, text, &it);
    size_t groups[64], n = 99;
    ck_assert_uint_le(lex_topics_n_groups(t), 64);
    ck_assert_int_eq(lex_topics_match(t, it.terms, it.n, groups, &n), LEX_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%zu",
                 i ? " " : "", groups[i]);
    return out;
}

/* A text and the groups an item of it matches ("0 2", "" for none). */
typedef struct {
    const char *text, *groups;
} match_t;

/* Asserts each of the n matches m against t. */
static void
ck_matches(const lex_topics_t *t, const match_t *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = matched(t, m[i].text);
        ck_assert_msg(!strcmp(got, m[i].groups),
                      "'%s' matches groups '%s', want '%s'", m[i].text, got,
                      m[i].groups);
    }
}

/* ck_matches of the matches written as its arguments. */
#define CK_MATCHES(t, ...)                                                     \
    ck_matches((t), (const match_t[]){__VA_ARGS__},                            \
               sizeof((const match_t[]){__VA_ARGS__}) / sizeof(match_t))

START_TEST(test_phrase_by_position)
{
    lex_topics_t *t = lex_topics_new(NULL);
    add(t, phrase("cross border transfer"));
    CK_MATCHES(t, {"a cross border transfer rule", "0"},
               {"cross border data transfer", ""},
               {"transfer border cross", ""}, {"cross border", ""},
               /* the first "cross" is not followed, the second is */
               {"cross over border cross border transfer", "0"},
               {"cross border cross transfer", ""},
               /* words without positions never make a phrase */
               {"cross~ border~ transfer~", ""});
    lex_topics_free(t);
}
END_TEST

START_TEST(test_or_and)
{
    lex_topics_t *t = lex_topics_new(NULL);
    add(t, op(LEX_P_OR, 2, term("pipl"), phrase("personal information")));
    add(t, op(LEX_P_AND, 2, term("data"), term("export")));
    CK_MATCHES(t, {"the pipl applies", "0"}, {"personal information", "0"},
               {"information personal", ""}, {"export of data", "1"},
               {"data only", ""}, {"export only", ""},
               {"pipl data rules on export", "0 1"}, {"", ""},
               {"nothing here", ""});
    lex_topics_free(t);
}
END_TEST

/* 个人信息 ("personal information") as the query parser writes it, and as
   the indexer indexes it: unigrams at positions, bigrams without. */
START_TEST(test_chinese_ngrams)
{
    lex_topics_t *t = lex_topics_new(NULL);
    add(t, op(LEX_P_OR, 2, phrase("person inform"),
              op(LEX_P_AND, 7, term("个"), term("个人"), term("人"),
                 term("人信"), term("信"), term("信息"), term("息"))));
    add(t, phrase("个 人"));
    CK_MATCHES(t, {"个 个人~ 人 人信~ 信 信息~ 息", "0 1"},
               /* 个人 and 信息 apart: no 人信 */
               {"个 个人~ 人 和 信 信息~ 息", "1"}, {"人 个 信 信息~ 息", ""});
    lex_topics_free(t);
}
END_TEST

START_TEST(test_groups_in_order)
{
    lex_topics_t *t = lex_topics_new(NULL);
    add(t, term("alpha"));
    add(t, phrase("beta gamma"));
    add(t, op(LEX_P_OR, 2, term("alpha"), term("delta")));
    add(t, term("gamma"));
    ck_assert_uint_eq(lex_topics_n_groups(t), 4);
    CK_MATCHES(t, {"delta beta gamma alpha", "0 1 2 3"}, {"gamma beta", "3"},
               {"delta", "2"});
    lex_topics_free(t);
}
END_TEST

START_TEST(test_refused_plans)
{
    lex_topics_t *t = lex_topics_new(NULL);
    add(t, term("alpha"));
    ck_assert_int_eq(try_add(t, op(LEX_P_NEAR, 2, term("alpha"), term("beta"))),
                     LEX_EUSAGE);
    ck_assert_int_eq(
        try_add(t, op(LEX_P_SYNONYM, 2, term("alpha"), term("beta"))),
        LEX_EUSAGE);
    ck_assert_int_eq(try_add(t, lex_plan_new(LEX_P_NOTHING)), LEX_EUSAGE);
    ck_assert_int_eq(try_add(t, lex_plan_new(LEX_P_OR)), LEX_EUSAGE);
    ck_assert_int_eq(try_add(t, lex_plan_wildcard("al", 2)), LEX_EUSAGE);
    /* a phrase of anything but terms; refused after its first kid */
    ck_assert_int_eq(try_add(t, op(LEX_P_PHRASE, 2, term("beta"),
                                   op(LEX_P_OR, 2, term("c"), term("d")))),
                     LEX_EUSAGE);
    ck_assert_int_eq(try_add(t, op(LEX_P_AND, 2, term("beta"),
                                   op(LEX_P_NEAR, 1, term("c")))),
                     LEX_EUSAGE);
    /* none of them became a group, nor left a trace in the next one */
    ck_assert_uint_eq(lex_topics_n_groups(t), 1);
    add(t, term("beta"));
    ck_assert_uint_eq(lex_topics_n_groups(t), 2);
    CK_MATCHES(t, {"beta", "1"}, {"c d alpha", "0"});
    lex_topics_free(t);
}
END_TEST

START_TEST(test_many_terms)
{
    lex_topics_t *t = lex_topics_new(NULL);
    char w[32];
    for (int g = 0; g < 50; g++) {
        lex_plan_t *p = lex_plan_new(LEX_P_OR);
        for (int i = 0; i < 40; i++) {
            snprintf(w, sizeof w, "w%d", g * 40 + i);
            p = lex_plan_add(p, term(w));
        }
        add(t, p);
    }
    size_t seen = 0;
    for (int i = 0; i < 2000; i++) {
        snprintf(w, sizeof w, "w%d", i);
        size_t id = lex_topics_term(t, w, strlen(w));
        ck_assert_uint_lt(id, 2000);
        seen += id;
    }
    ck_assert_uint_eq(seen, 1999 * 2000 / 2); /* each number once */
    ck_assert_uint_eq(lex_topics_term(t, "w2000", 5), LEX_TOPICS_NO_TERM);
    ck_assert_uint_eq(lex_topics_term(t, "w1", 1), LEX_TOPICS_NO_TERM);
    ck_assert_str_eq(matched(t, "w1999 w0 w41"), "0 1 49");
    lex_topics_free(t);
}
END_TEST

START_TEST(test_fingerprint)
{
    lex_thesaurus_t th = {NULL, 0, 0x91dc01677570354eULL};
    char id[LEX_TOPICS_ID_SIZE];
    lex_topics_fingerprint(&th, id);
    ck_assert_str_eq(id, "topics-2-91dc01677570354e");
    lex_topics_fingerprint(NULL, id);
    ck_assert_str_eq(id, "topics-2-0000000000000000");
    lex_topics_t *t = lex_topics_new(&th);
    ck_assert_str_eq(lex_topics_id(t), "topics-2-91dc01677570354e");
    lex_topics_free(t);
}
END_TEST

/* Plan p as lex_plan_write prints it (a static buffer); frees p. */
static const char *
written(lex_plan_t *p)
{
    const char *text = unit_plan_text(p);
    lex_plan_free(p);
    return text;
}

/* The plan of group g of th ("ERROR: message" when refused). */
static const char *
group_plan(const lex_thesaurus_t *th, size_t g)
{
    lex_plan_t *p = NULL;
    lex_err_t err = {0};
    lex_status_t st = lex_group_plan(th, g, unit_drop_s, NULL, &p, &err);
    if (st != LEX_OK) {
        static char out[4096];
        ck_assert_ptr_null(p);
        snprintf(out, sizeof out, "ERROR %d: %s", (int)st, err.msg);
        return out;
    }
    return written(p);
}

/* A thesaurus of the groups given as tab-separated phrases, the list
   NULL-ended (its storage is static: one at a time). */
static const lex_thesaurus_t *
thesaurus_of(const char *const *list)
{
    static char text[8][256];
    static char *phrases[8][8];
    static lex_syn_group_t groups[8];
    static lex_thesaurus_t th;
    th = (lex_thesaurus_t){groups, 0, 0x1234};
    for (const char *g = *list; g; g = *++list) {
        ck_assert_uint_lt(th.n, 8);
        snprintf(text[th.n], sizeof text[th.n], "%s", g);
        groups[th.n] = (lex_syn_group_t){phrases[th.n], 0};
        for (char *p = strtok(text[th.n], "\t"); p; p = strtok(NULL, "\t"))
            phrases[th.n][groups[th.n].n++] = p;
        th.n++;
    }
    return &th;
}

/*
 * The plans of corpus groups, term for term, position for position and
 * operator for operator what Xapian's QueryParser made of their text
 * (lexdb's stemmer gave cross@1 PHRASE 3 border@2 ... for group 1,
 * the same shape): a phrase's hyphens read as spaces, a hyphenated
 * word's PHRASE beside its joined form, a Chinese phrase the AND of its
 * n-grams at one position, a first alternative's OR taking in the
 * phrases after it while a later one stays nested.
 */
START_TEST(test_group_plans)
{
    lex_thesaurus_t *th = NULL;
    lex_gazetteer_t *gz = NULL;
    load_corpus_entities(&gz, &th);
    ck_assert_str_eq(
        group_plan(th, 0),
        "(OR (PHRASE/3 \"cros\"#1@1 \"border\"#1@2 \"transfer\"#1@3) "
        "(OR (PHRASE/2 \"data\"#1@4 \"export\"#1@5) \"dataexport\"#1@6) "
        "(PHRASE/3 \"outbound\"#1@7 \"data\"#1@8 \"transfer\"#1@9) "
        "(PHRASE/4 \"cros\"#1@10 \"border\"#1@11 \"data\"#1@12 "
        "\"transfer\"#1@13) "
        "(PHRASE/4 \"cros\"#1@14 \"border\"#1@15 \"data\"#1@16 "
        "\"flow\"#1@17) "
        "(AND \"数\"#1@18 \"数据\"#1@18 \"据\"#1@18 \"据出\"#1@18 \"出\"#1@18 "
        "\"出境\"#1@18 \"境\"#1@18) "
        "(AND \"个\"#1@19 \"个人\"#1@19 \"人\"#1@19 \"人信\"#1@19 \"信\"#1@19 "
        "\"信息\"#1@19 \"息\"#1@19 \"息出\"#1@19 \"出\"#1@19 \"出境\"#1@19 "
        "\"境\"#1@19) "
        "(AND \"数\"#1@20 \"数据\"#1@20 \"据\"#1@20 \"据跨\"#1@20 \"跨\"#1@20 "
        "\"跨境\"#1@20 \"境\"#1@20) "
        "(AND \"跨\"#1@21 \"跨境\"#1@21 \"境\"#1@21 \"境传\"#1@21 \"传\"#1@21 "
        "\"传输\"#1@21 \"输\"#1@21))");
    ck_assert_str_eq(
        group_plan(th, 2),
        "(OR (PHRASE/2 \"standard\"#1@1 \"contract\"#1@2) "
        "\"standardcontract\"#1@3 "
        "(PHRASE/3 \"standard\"#1@4 \"contractual\"#1@5 \"clause\"#1@6) "
        "\"scc\"#1@7 \"scc\"#1@8 "
        "(AND \"标\"#1@9 \"标准\"#1@9 \"准\"#1@9 \"准合\"#1@9 \"合\"#1@9 "
        "\"合同\"#1@9 \"同\"#1@9))");
    lex_thesaurus_free(th);
    lex_gazetteer_free(gz);
}
END_TEST

/* Quoted phrases with stray hyphens, a hyphenated word, one ideograph;
   and the forms planned nowhere in C, refused with the phrase named. */
START_TEST(test_group_forms)
{
    const lex_thesaurus_t *th = thesaurus_of(
        (const char *[]){"a--b c\t-ab c", "e-commerce\tecom\t数", "-y\tz",
                         "データ\tdata", "个人·信息\tdata", "ü\tdata", NULL});
    ck_assert_str_eq(group_plan(th, 0),
                     "(OR (PHRASE/3 \"a\"#1@1 \"b\"#1@2 \"c\"#1@3) "
                     "(PHRASE/2 \"ab\"#1@4 \"c\"#1@5))");
    ck_assert_str_eq(group_plan(th, 1),
                     "(OR (PHRASE/2 \"e\"#1@1 \"commerce\"#1@2) "
                     "\"ecommerce\"#1@3 \"ecom\"#1@4 \"数\"#1@5)");
    /* a sign before a phrase's word is skipped, as the indexer skips it */
    ck_assert_str_eq(group_plan(th, 2), "(OR \"y\"#1@1 \"z\"#1@2)");
    ck_assert_str_eq(
        group_plan(th, 3),
        "ERROR 6: thesaurus group 4: the phrase 'データ' cannot be tagged");
    ck_assert_str_eq(
        group_plan(th, 4),
        "ERROR 6: thesaurus group 5: the phrase '个人·信息' cannot be tagged");
    ck_assert_str_eq(
        group_plan(th, 5),
        "ERROR 6: thesaurus group 6: the phrase 'ü' cannot be tagged");
}
END_TEST

/* The groups an item of text matches in a compiled tagger. */
START_TEST(test_compiled_thesaurus)
{
    lex_topics_t *t = NULL;
    lex_err_t err = {0};
    const lex_thesaurus_t *th =
        thesaurus_of((const char *[]){"cross-border transfer\t数据出境",
                                      "pipl\tpersonal informations", NULL});
    ck_assert_int_eq(lex_topics_compile(th, unit_drop_s, NULL, &t, &err),
                     LEX_OK);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(lex_topics_n_groups(t), 2);
    ck_assert_str_eq(lex_topics_id(t), "topics-2-0000000000001234");
    CK_MATCHES(t, {"a cros border transfer rule", "0"},
               {"crosbordertransfer", ""},
               {"数 数据~ 据 据出~ 出 出境~ 境 of personal information", "0 1"},
               {"数 数据~ 据 出 出境~ 境", ""}, {"the pipl", "1"});
    lex_topics_free(t);

    /* a group planned nowhere: no tagger, and err says why */
    th = thesaurus_of(
        (const char *[]){"pipl\tpersonal information", "ü\tz", NULL});
    t = (lex_topics_t *)&err; /* overwritten */
    ck_assert_int_eq(lex_topics_compile(th, unit_drop_s, NULL, &t, &err),
                     LEX_OK);
    ck_assert_ptr_null(t);
    ck_assert_str_eq(err.msg,
                     "thesaurus group 2: the phrase 'ü' cannot be tagged");
    ck_assert_int_eq(lex_topics_compile(NULL, unit_drop_s, NULL, &t, &err),
                     LEX_OK);
    ck_assert_ptr_null(t);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("topics");
    TCase *tc = tcase_create("match");
    tcase_add_test(tc, test_phrase_by_position);
    tcase_add_test(tc, test_or_and);
    tcase_add_test(tc, test_chinese_ngrams);
    tcase_add_test(tc, test_groups_in_order);
    tcase_add_test(tc, test_refused_plans);
    tcase_add_test(tc, test_many_terms);
    tcase_add_test(tc, test_fingerprint);
    tcase_add_test(tc, test_group_plans);
    tcase_add_test(tc, test_group_forms);
    tcase_add_test(tc, test_compiled_thesaurus);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
