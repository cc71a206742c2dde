/*
 * test_query_near.c - NEAR and ADJ over words, phrases, hyphenated words,
 * Chinese runs and OR groups (query_near.c): the plan of each form of
 * lexsearch-query(7) as lex_plan_write prints it, and the refusal of
 * each operand no proximity search takes, with its column.  Xapian's
 * QueryParser read all these forms (but single words) as words, "near"
 * and "10" among them; none may be a PARSE node now.  The index is a
 * stand-in whose stemmer drops a final "s"; the thesaurus is corpus/'s.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "query_lower.h"
#include "unit_cases.h"
#include "unit_util.h"

/* The plan of q (with the thesaurus when full) on the stand-in index of
   no term, or "ERROR: message" when refused. */
static const char *
plan_of(const char *q, bool full)
{
    lex_qlower_opts_t o = {&unit_empty_index,
                           unit_gaz,
                           full ? unit_stemmed : NULL,
                           false,
                           false,
                           500,
                           500000};
    return unit_lowered_plan(q, &o, UNIT_QUERY);
}

#define PLANS(q, expected) ck_assert_str_eq(plan_of(q, false), expected)

/* Between single words: the NEAR of their terms, as Xapian's parser made
   it (window n plus the words but one; ADJ a PHRASE); a chain is one
   NEAR of the widest window. */
START_TEST(words)
{
    PLANS("algorithm NEAR/5 recommendation",
          "(NEAR/6 \"algorithm\"#1@1 \"recommendation\"#1@2)");
    PLANS("facial ADJ recognition",
          "(PHRASE/11 \"facial\"#1@1 \"recognition\"#1@2)");
    PLANS("a NEAR/3 b NEAR/5 c", "(NEAR/7 \"a\"#1@1 \"b\"#1@2 \"c\"#1@3)");
    PLANS("a /s b /s c", "(NEAR/502 \"a\"#1@1 \"b\"#1@2 \"c\"#1@3)");
    PLANS("title:data NEAR export", "(NEAR/11 \"Sdata\"#1@1 \"export\"#1@2)");
    PLANS("title:(data NEAR exports)",
          "(NEAR/11 \"Sdata\"#1@1 \"Sexport\"#1@2)");
    PLANS("title:(data NEAR body:export)",
          "(NEAR/11 \"Sdata\"#1@1 \"export\"#1@2)");
    /* an OR group of words: an OR of terms, which NEAR takes */
    PLANS("(data OR export) NEAR transfers",
          "(NEAR/11 (OR \"data\"#1@1 \"export\"#1@2) \"transfer\"#1@3)");
    /* NEAR among words side by side is a clause of its own */
    PLANS("privacy data NEAR export",
          "(AND \"privacy\"#1@1 (NEAR/11 \"data\"#1@2 \"export\"#1@3))");
    PLANS("a NEAR/5 b c", "(AND (NEAR/6 \"a\"#1@1 \"b\"#1@2) \"c\"#1@3)");
}
END_TEST

/* A phrase-like operand: NEAR over all the words, the window widened by
   its extra words, FILTERed by the phrase itself. */
START_TEST(phrases)
{
    PLANS("cross-border NEAR/5 transfer",
          "(FILTER (NEAR/7 \"cros\"#1@1 \"border\"#1@2 \"transfer\"#1@3) "
          "(PHRASE/2 \"cros\"#1@1 \"border\"#1@2))");
    PLANS("data-export ADJ/3 transfer",
          "(FILTER (PHRASE/5 \"data\"#1@1 \"export\"#1@2 \"transfer\"#1@3) "
          "(PHRASE/2 \"data\"#1@1 \"export\"#1@2))");
    /* a two-word phrase also matches its joined form, at half weight */
    PLANS("\"personal information\" NEAR/10 export",
          "(AND_MAYBE (SCALE_WEIGHT 0.5 (OR (FILTER (NEAR/12 \"personal\"#1@1 "
          "\"information\"#1@2 \"export\"#1@4) (PHRASE/2 \"personal\"#1@1 "
          "\"information\"#1@2)) (NEAR/11 \"personalinformation\"#1@3 "
          "\"export\"#1@4))) (FILTER (NEAR/12 \"personal\"#1@1 "
          "\"information\"#1@2 \"export\"#1@3) (PHRASE/2 \"personal\"#1@1 "
          "\"information\"#1@2)))");
    PLANS("\"a b c\" NEAR \"d e\" NEAR f",
          "(AND_MAYBE (SCALE_WEIGHT 0.5 (OR (FILTER (NEAR/15 \"a\"#1@1 "
          "\"b\"#1@2 \"c\"#1@3 \"d\"#1@4 \"e\"#1@5 \"f\"#1@7) (AND (PHRASE/3 "
          "\"a\"#1@1 \"b\"#1@2 \"c\"#1@3) (PHRASE/2 \"d\"#1@4 \"e\"#1@5))) "
          "(FILTER (NEAR/14 \"a\"#1@1 \"b\"#1@2 \"c\"#1@3 \"de\"#1@6 "
          "\"f\"#1@7) (PHRASE/3 \"a\"#1@1 \"b\"#1@2 \"c\"#1@3)))) (FILTER "
          "(NEAR/15 \"a\"#1@1 \"b\"#1@2 \"c\"#1@3 \"d\"#1@4 \"e\"#1@5 "
          "\"f\"#1@6) (AND (PHRASE/3 \"a\"#1@1 \"b\"#1@2 \"c\"#1@3) (PHRASE/2 "
          "\"d\"#1@4 \"e\"#1@5))))");
    /* a Chinese run is the phrase of its characters */
    PLANS("个人信息 NEAR data",
          "(FILTER (NEAR/14 \"个\"#1@1 \"人\"#1@2 \"信\"#1@3 \"息\"#1@4 "
          "\"data\"#1@5) (PHRASE/4 \"个\"#1@1 \"人\"#1@2 \"信\"#1@3 "
          "\"息\"#1@4))");
    /* an OR group holding a phrase: one NEAR per alternative */
    PLANS("title:(cross-border OR outbound) NEAR x",
          "(AND_MAYBE (SCALE_WEIGHT 0.5 (OR (FILTER (NEAR/12 \"Scros\"#1@1 "
          "\"Sborder\"#1@2 \"x\"#1@5) (PHRASE/2 \"Scros\"#1@1 "
          "\"Sborder\"#1@2)) (NEAR/11 (OR \"Scrossborder\"#1@3 "
          "\"Soutbound\"#1@4) \"x\"#1@5))) (OR (FILTER (NEAR/12 \"Scros\"#1@1 "
          "\"Sborder\"#1@2 \"x\"#1@4) (PHRASE/2 \"Scros\"#1@1 "
          "\"Sborder\"#1@2)) (NEAR/11 \"Soutbound\"#1@3 \"x\"#1@4)))");
}
END_TEST

/* Operands of NEAR are read as typed: no synonym, entity or Chinese
   segment inside an OR group beside NEAR (the thesaurus has "personal
   information" and 个人信息 in one group). */
START_TEST(operands_are_not_expanded)
{
    ck_assert_str_eq(
        plan_of("(privacy OR 个人信息) NEAR transfer", true),
        "(OR (FILTER (NEAR/14 \"个\"#1@2 \"人\"#1@3 \"信\"#1@4 \"息\"#1@5 "
        "\"transfer\"#1@6) (PHRASE/4 \"个\"#1@2 \"人\"#1@3 \"信\"#1@4 "
        "\"息\"#1@5)) (NEAR/11 \"privacy\"#1@1 \"transfer\"#1@6))");
}
END_TEST

/* A non-ASCII word, by the index's Unicode rules: one term inside the
   NEAR, beside single words or a phrase. */
START_TEST(non_ascii_words)
{
    PLANS("café NEAR data", "(NEAR/11 \"café\"#1@1 \"data\"#1@2)");
    PLANS("data-export NEAR café",
          "(FILTER (NEAR/12 \"data\"#1@1 \"export\"#1@2 \"café\"#1@3) "
          "(PHRASE/2 \"data\"#1@1 \"export\"#1@2))");
    PLANS("title:(data-export NEAR café)",
          "(FILTER (NEAR/12 \"Sdata\"#1@1 \"Sexport\"#1@2 \"Scafé\"#1@3) "
          "(PHRASE/2 \"Sdata\"#1@1 \"Sexport\"#1@2))");
}
END_TEST

/* The refusal of q: its message. */
static const char *
refusal(const char *q)
{
    static char out[1024];
    lex_query_t *t = NULL;
    lex_err_t err = {0};
    lex_status_t st = lex_query_parse(q, strlen(q), &t, &err);
    lex_query_free(t);
    snprintf(out, sizeof out, "%s", st == LEX_EPARSE ? err.msg : "accepted");
    return out;
}

#define NOT_NEAR "NEAR and ADJ join words, phrases and OR groups of them, not "

/* What no proximity search can take is refused, at its column. */
START_TEST(refusals)
{
    ck_assert_str_eq(refusal("data NEAR +export"),
                     NOT_NEAR "'+export' at column 11");
    ck_assert_str_eq(refusal("-data ADJ export"),
                     NOT_NEAR "'-data' at column 1");
    ck_assert_str_eq(refusal("(data AND export) NEAR transfer"),
                     NOT_NEAR "'(data AND export)' at column 1");
    ck_assert_str_eq(refusal("(data export) NEAR transfer"),
                     NOT_NEAR "'(data export)' at column 1");
    ck_assert_str_eq(refusal("transfer NEAR (a NEAR b)"),
                     NOT_NEAR "'(a NEAR/10 b)' at column 15");
    ck_assert_str_eq(refusal("a ADJ b NEAR c"),
                     NOT_NEAR "'a ADJ/10 b' at column 1");
    ck_assert_str_eq(refusal("data NEAR section:enforcement"),
                     NOT_NEAR "'section:enforcement' at column 11");
    ck_assert_str_eq(refusal("data.export NEAR x"),
                     NOT_NEAR "'data.export' at column 1");
    ck_assert_str_eq(refusal("x NEAR \"data, export\""),
                     NOT_NEAR "'\"data, export\"' at column 8");
    ck_assert_str_eq(refusal("x NEAR データ"), NOT_NEAR "'データ' at column 8");
    ck_assert_str_eq(refusal("x NEAR a--b"), NOT_NEAR "'a--b' at column 8");
    /* punctuation alone is no operand (query_tree.c) */
    ck_assert_str_eq(refusal("' NEAR x"),
                     "'NEAR' needs a word or group before it at column 3");
    ck_assert_str_eq(refusal("(regulat* OR rules) NEAR x"),
                     "NEAR and ADJ join words, not a wildcard ('regulat*') "
                     "at column 2");
    ck_assert_str_eq(refusal("\"a b\" NEAR \"c d\" NEAR \"e f\" NEAR "
                             "\"g h\" NEAR \"i j\" NEAR \"k l\" NEAR \"m n\""),
                     "NEAR and ADJ join at most 64 choices of phrases at "
                     "column 7");
    /* what is planned is accepted */
    ck_assert_str_eq(refusal("3.5 NEAR l'autorité NEAR data_set"), "accepted");
    ck_assert_str_eq(refusal("title:\"data export\" NEAR 个人信息"),
                     "accepted");
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("query_near",
          UNIT_TCASE("near", unit_setup_entities, unit_teardown_entities, words,
                     phrases, operands_are_not_expanded, non_ascii_words,
                     refusals))
