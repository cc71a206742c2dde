/*
 * test_query_words.c - the plans of words Xapian's QueryParser cuts into
 * terms (query_words.c, query_parsed.c): non-ASCII words, Chinese runs
 * inside Latin words, punctuation that joins terms into a phrase or
 * that a term keeps, as lex_plan_write prints them.  Each expected plan
 * is what the real QueryParser (lexdb_query.cc's configuration) makes
 * of the same text, checked against its Xapian::Query description.
 *
 * The index is a stand-in: its stemmer drops one final "s", it has the
 * terms "c++" and "audit", and its Unicode rules (lex_qindex_t's lower
 * and char_class) know the few characters used here: Ü, É and Ï lower
 * to ü, é and ï; the em dash, the ellipsis, the ideographic comma and
 * full stop and the fullwidth comma are punctuation, U+3000 a space,
 * fullwidth digits digits, every other non-ASCII character a letter.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "query_lower.h"
#include "unit_cases.h"
#include "unit_util.h"

/* True for "c++" and "audit". */
static bool
has_term(void *ctx, const char *t, size_t n)
{
    (void)ctx;
    return (n == 3 && memcmp(t, "c++", 3) == 0) ||
           (n == 5 && memcmp(t, "audit", 5) == 0);
}

static const lex_qindex_t UNICODE_INDEX = {
    NULL, unit_drop_s, has_term, NULL, NULL, NULL, unit_lower, unit_char_class};

/* The same index without Unicode rules. */
static const lex_qindex_t ASCII_INDEX = {NULL, unit_drop_s, has_term, NULL,
                                         NULL, NULL,        NULL,     NULL};

/* The plan of q on ix, without thesaurus or gazetteer ("ERROR:
   message" when refused). */
static const char *
plan_on(const lex_qindex_t *ix, const char *q)
{
    lex_qlower_opts_t o = {ix, NULL, NULL, false, true, 500, 500000};
    return unit_lowered_plan(q, &o, UNIT_QUERY);
}

#define PLANS(q, expected)                                                     \
    ck_assert_str_eq(plan_on(&UNICODE_INDEX, q), expected)

/* Terms of letters beyond ASCII, lower-cased by the index's rules, at
   the parser's positions, alone, beside operators and in NEAR. */
START_TEST(non_ascii_words)
{
    PLANS("café", "\"café\"#1@1");
    PLANS("ÜNITED", "\"ünited\"#1@1");
    PLANS("naïveS", "\"naïve\"#1@1");
    PLANS("naïve AND Éclair", "(AND \"naïve\"#1@1 \"éclair\"#1@2)");
    PLANS("café NEAR data", "(NEAR/11 \"café\"#1@1 \"data\"#1@2)");
    PLANS("title:café", "\"Scafé\"#1@1");
    /* without Unicode rules from the index, they are refused */
    ck_assert_str_eq(plan_on(&ASCII_INDEX, "café"),
                     "ERROR: cannot read 'café' at column 1");
}
END_TEST

/* A Chinese run inside a word is the AND of its n-grams at one
   position; the Latin terms around it take the next ones. */
START_TEST(chinese_runs_inside_words)
{
    PLANS("App下载",
          "(AND \"app\"#1@1 (AND \"下\"#1@2 \"下载\"#1@2 \"载\"#1@2))");
    PLANS("个人App", "(AND \"个\"#1@1 \"个人\"#1@1 \"人\"#1@1 \"app\"#1@2)");
    PLANS("GB/T35273标准", "(AND (PHRASE/2 \"gb\"#1@1 \"t35273\"#1@2) "
                           "(AND \"标\"#1@3 \"标准\"#1@3 \"准\"#1@3))");
    PLANS("2024年A", "(AND \"2024\"#1@1 \"年\"#1@2 \"a\"#1@3)");
    /* punctuation is no term: an operand of none is refused */
    PLANS("x —…，。、",
          "(AND_MAYBE (SCALE_WEIGHT 0.5 (AND \"x\")) (AND \"x\" NOTHING))");
    PLANS("x AND —…", "ERROR: cannot read '—…' at column 7");
    /* a full-width Latin run is cut into n-grams too (not ideographs:
       query_cjk.c leaves it) */
    PLANS("ｘｙ", "(AND \"ｘ\"#1@1 \"ｘｙ\"#1@1 \"ｙ\"#1@1)");
}
END_TEST

/* . - / : \ @ between two terms make a phrase; other punctuation
   separates terms; some is kept inside a term. */
START_TEST(punctuation_inside_words)
{
    PLANS("12:30", "(PHRASE/2 \"12\"#1@1 \"30\"#1@2)");
    PLANS("www.cac.gov.cn", "(PHRASE/4 \"www\"#1@1 \"cac\"#1@2 \"gov\"#1@3 "
                            "\"cn\"#1@4)");
    PLANS("#1@2", "(PHRASE/2 \"1\"#1@1 \"2\"#1@2)");
    PLANS("ESC[0m", "(AND \"esc\"#1@1 \"0m\"#1@2)");
    PLANS("here;", "\"here\"#1@1");
    PLANS("People's", "\"people'\"#1@1");
    PLANS("a\xe2\x80\x99"
          "b",
          "\"a'b\"#1@1"); /* a’b: the apostrophe */
    PLANS("1,000", "\"1,000\"#1@1");
    PLANS("U.S.A.", "\"usa\"#1@1");
    PLANS("all_words", "\"all_word\"#1@1");
    /* punctuation alone beside a word is no clause (no recall tier) */
    PLANS("x @", "\"x\"");
    /* + and # kept when the index has the term with them, or lacks it
       without them */
    PLANS("C++", "\"c++\"#1@1");
    PLANS("audit++", "\"audit\"#1@1");
    PLANS("x#", "\"x#\"#1@1");
    /* an operator or a field after punctuation starts a new clause
       (test_query_forms.c), never a word */
    PLANS("x[AND", "ERROR: 'AND' needs a word or group after it at column 3");
    PLANS("x,title:y", "(AND \"x\"#1@1 \"Sy\"#1@1)");
    /* a bracket, a '*' or a quote inside a word: punctuation */
    PLANS("x*y", "(AND \"x\"#1@1 \"y\"#1@2)");
}
END_TEST

/* Within quotes every other character separates terms; a Chinese run
   is one term per character, all at the run's position. */
START_TEST(phrases_of_such_words)
{
    PLANS("\"People's Court\"", "(PHRASE/2 \"people'\"#1@1 \"court\"#1@2)");
    PLANS("\"cross-border transfer\"",
          "(PHRASE/3 \"cros\"#1@1 \"border\"#1@2 \"transfer\"#1@3)");
    PLANS("\"个人 信息\"", "(PHRASE/4 \"个\"#1@1 \"人\"#1@1 \"信\"#1@2 "
                           "\"息\"#1@2)");
    PLANS("\"Café au lait\"",
          "(PHRASE/3 \"café\"#1@1 \"au\"#1@2 \"lait\"#1@3)");
}
END_TEST

/* Such words among other clauses: a term with nothing around it joins
   the words beside it, a phrase is a clause of its own, anything else
   is left to the parser. */
START_TEST(words_beside_others)
{
    PLANS("a OR (x café y)", "(OR \"a\"#1@1 (AND \"x\"#1@2 \"café\"#1@3 "
                             "\"y\"#1@4))");
    PLANS("a OR (x 12:30 y)", "(OR \"a\"#1@1 (AND \"x\"#1@2 (PHRASE/2 "
                              "\"12\"#1@3 \"30\"#1@4) \"y\"#1@5))");
    PLANS("a OR (x ESC[0m y)", "(OR \"a\"#1@1 (AND \"x\"#1@2 (AND "
                               "\"esc\"#1@3 \"0m\"#1@4) \"y\"#1@5))");
    /* punctuation the parser skips around a word (outside its tokens)
       ends the run of terms before it or starts one after it */
    PLANS("a OR (x café, y)",
          "(OR \"a\"#1@1 (AND \"x\"#1@2 \"café\"#1@3 \"y\"#1@4))");
    PLANS("a OR (x ,Ünited y)",
          "(OR \"a\"#1@1 (AND \"x\"#1@2 (AND \"ünited\"#1@3 \"y\"#1@4)))");
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("query_words",
          UNIT_TCASE("plan", NULL, NULL, non_ascii_words,
                     chinese_runs_inside_words, punctuation_inside_words,
                     phrases_of_such_words, words_beside_others))
