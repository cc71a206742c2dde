/*
 * test_query_plan.c - query plans (query_plan.c): what each constructor
 * builds, as lex_plan_write prints it; deep copies that share nothing;
 * and the NULL rule, by which a failed construction anywhere in an
 * expression frees everything and comes out as one NULL.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "query_plan.h"
#include "unit_util.h"

/* p as lex_plan_write prints it (a static buffer); frees p. */
static const char *
printed(lex_plan_t *p)
{
    const char *text = unit_plan_text(p);
    lex_plan_free(p);
    return text;
}

/* A term from a C string. */
static lex_plan_t *
term(const char *t)
{
    return lex_plan_term(t, strlen(t));
}

START_TEST(test_leaves)
{
    ck_assert_str_eq(printed(term("ZTdata")), "\"ZTdata\"");
    ck_assert_str_eq(printed(lex_plan_term_at("a", 1, 2, 3)), "\"a\"#2@3");
    ck_assert_str_eq(printed(lex_plan_term("a\"\\\x01", 4)),
                     "\"a\\\"\\\\\\x01\"");
    ck_assert_str_eq(printed(lex_plan_wildcard("priv", 4)),
                     "(WILDCARD \"priv\")");
    ck_assert_str_eq(printed(lex_plan_fixed_weight(100)), "(FIXED 100)");
    ck_assert_str_eq(printed(lex_plan_value_range(0, "20240101", "20241231")),
                     "(VALUE_RANGE 0 20240101 20241231)");
    ck_assert_str_eq(printed(lex_plan_value_range(0, "", "20241231")),
                     "(VALUE_LE 0 * 20241231)");
    ck_assert_str_eq(printed(lex_plan_value_range(0, "20240101", NULL)),
                     "(VALUE_GE 0 20240101 *)");
    ck_assert_str_eq(printed(lex_plan_new(LEX_P_NOTHING)), "NOTHING");
    ck_assert_str_eq(printed(NULL), "NULL");
}
END_TEST

START_TEST(test_operators)
{
    lex_plan_t *near = lex_plan_join(LEX_P_NEAR, term("a"), term("b"));
    ck_assert_ptr_nonnull(near);
    near->window = 11;
    lex_plan_t *q = lex_plan_join(
        LEX_P_AND_MAYBE,
        lex_plan_scale(
            lex_plan_add(lex_plan_add(lex_plan_new(LEX_P_OR), term("a")),
                         term("b")),
            0.5),
        near);
    ck_assert_str_eq(printed(q), "(AND_MAYBE (SCALE_WEIGHT 0.5 (OR \"a\" "
                                 "\"b\")) (NEAR/11 \"a\" \"b\"))");
}
END_TEST

START_TEST(test_copy_shares_nothing)
{
    lex_plan_t *q = lex_plan_join(LEX_P_FILTER, term("a"),
                                  lex_plan_value_range(3, "1", "2"));
    lex_plan_t *c = lex_plan_copy(q);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_ne(c->kids[0]->term, q->kids[0]->term);
    ck_assert_ptr_ne(c->kids[1]->lo, q->kids[1]->lo);
    q->kids[0]->term[0] = 'z';
    ck_assert_str_eq(printed(q), "(FILTER \"z\" (VALUE_RANGE 3 1 2))");
    ck_assert_str_eq(printed(c), "(FILTER \"a\" (VALUE_RANGE 3 1 2))");
    ck_assert_ptr_null(lex_plan_copy(NULL));
}
END_TEST

/* The combinators take NULL for a failed kid and free the rest (the
   leak checker of the ASan build and valgrind sees any leak). */
/* (FILTER X X) is X, at any depth, unless X holds a fixed weight; the
   plan given is left as it was. */
START_TEST(test_without_self_filters)
{
    lex_plan_t *a = term("a"), *b = term("b");
    lex_plan_t *any =
        lex_plan_join(LEX_P_OR, lex_plan_share(a), lex_plan_share(b));
    lex_plan_t *again = lex_plan_join(LEX_P_OR, a, b);
    lex_plan_t *q =
        lex_plan_join(LEX_P_AND_MAYBE, lex_plan_join(LEX_P_FILTER, any, again),
                      lex_plan_fixed_weight(100));
    lex_plan_t *w = lex_plan_without_self_filters(q);
    ck_assert_str_eq(printed(w), "(AND_MAYBE (OR \"a\" \"b\") (FIXED 100))");
    ck_assert_str_eq(printed(q), "(AND_MAYBE (FILTER (OR \"a\" \"b\") (OR "
                                 "\"a\" \"b\")) (FIXED 100))");
    lex_plan_t *role =
        lex_plan_join(LEX_P_FILTER, lex_plan_fixed_weight(0.5), term("XAMPS"));
    lex_plan_t *kept = lex_plan_join(LEX_P_FILTER, lex_plan_share(role), role);
    w = lex_plan_without_self_filters(kept);
    ck_assert_ptr_eq(w, kept);
    lex_plan_free(w);
    lex_plan_t *other = lex_plan_join(LEX_P_FILTER, term("a"), term("b"));
    w = lex_plan_without_self_filters(other);
    ck_assert_str_eq(printed(w), "(FILTER \"a\" \"b\")");
    lex_plan_free(other);
    lex_plan_free(kept);
    /* the weighed side with the clause count in each kid matches like the
       plain OR: the filter goes; with a kid that differs it stays */
    lex_plan_t *counted = lex_plan_join(
        LEX_P_OR,
        lex_plan_join(LEX_P_AND, term("a"), lex_plan_fixed_weight(100)),
        lex_plan_join(LEX_P_AND, term("b"), lex_plan_fixed_weight(100)));
    lex_plan_t *plain = lex_plan_join(LEX_P_OR, term("a"), term("b"));
    lex_plan_t *f = lex_plan_join(LEX_P_FILTER, lex_plan_share(counted),
                                  lex_plan_share(plain));
    w = lex_plan_without_self_filters(f);
    ck_assert_str_eq(printed(w),
                     "(OR (AND \"a\" (FIXED 100)) (AND \"b\" (FIXED 100)))");
    lex_plan_free(f);
    lex_plan_t *c = lex_plan_join(LEX_P_OR, term("a"), term("c"));
    f = lex_plan_join(LEX_P_FILTER, counted, c);
    w = lex_plan_without_self_filters(f);
    ck_assert_ptr_eq(w, f);
    lex_plan_free(w);
    lex_plan_free(f);
    f = lex_plan_join(
        LEX_P_FILTER, lex_plan_share(plain),
        lex_plan_join(LEX_P_AND, term("a"), lex_plan_fixed_weight(100)));
    w = lex_plan_without_self_filters(f);
    ck_assert_ptr_eq(w, f);
    lex_plan_free(w);
    lex_plan_free(f);
    lex_plan_free(plain);
}
END_TEST

/* The AND of the terms of the C strings ts, up to a NULL. */
static lex_plan_t *
all_of(const char *const *ts)
{
    lex_plan_t *p = lex_plan_new(LEX_P_AND);
    while (*ts)
        p = lex_plan_add(p, term(*ts++));
    return p;
}

/* A pair of ideographs holds each of its two characters, and nothing
   else: not a third character, an ASCII letter, a longer run, nor a
   pair read as the one; a character does not hold itself. */
START_TEST(test_pair_holds)
{
    lex_plan_t *pair = term("数据"), *first = term("数"), *second = term("据");
    lex_plan_t *other = term("出"), *run = term("数据出"), *ascii = term("d");
    ck_assert(lex_plan_pair_holds(pair, first));
    ck_assert(lex_plan_pair_holds(pair, second));
    ck_assert(!lex_plan_pair_holds(pair, other));
    ck_assert(!lex_plan_pair_holds(run, first));
    ck_assert(!lex_plan_pair_holds(pair, ascii));
    ck_assert(!lex_plan_pair_holds(first, pair));
    ck_assert(!lex_plan_pair_holds(first, first));
    lex_plan_t *plans[] = {pair, first, second, other, run, ascii};
    for (size_t i = 0; i < 6; i++)
        lex_plan_free(plans[i]);
}
END_TEST

START_TEST(test_matching)
{
    /* a Chinese word as the parser plans it: its characters go, its
       pairs hold them */
    lex_plan_t *word = all_of(
        (const char *[]){"数", "数据", "据", "据出", "出", "出境", "境", NULL});
    ck_assert_str_eq(printed(lex_plan_matching(word)),
                     "(AND \"数据\" \"据出\" \"出境\")");
    /* two clauses flattened, the term they share once, a character no
       pair holds kept; the ANDs given are left as they were */
    lex_plan_t *other =
        all_of((const char *[]){"据", "出", "出境", "境", "法", NULL});
    lex_plan_t *both =
        lex_plan_join(LEX_P_AND, lex_plan_share(word), lex_plan_share(other));
    ck_assert_str_eq(printed(lex_plan_matching(both)),
                     "(AND \"数据\" \"据出\" \"出境\" \"法\")");
    ck_assert_uint_eq(word->n_kids, 7);
    /* a term at another place in the query matches alike; one
       character alone is its own plan; OR and FILTER are gone into */
    lex_plan_t *placed =
        lex_plan_join(LEX_P_AND, lex_plan_term_at("a", 1, 2, 3),
                      lex_plan_term_at("a", 1, 1, 7));
    ck_assert_str_eq(printed(lex_plan_matching(placed)), "\"a\"#2@3");
    lex_plan_t *any = lex_plan_join(
        LEX_P_OR, lex_plan_share(word),
        lex_plan_join(LEX_P_FILTER, lex_plan_share(other), term("b")));
    ck_assert_str_eq(printed(lex_plan_matching(any)),
                     "(OR (AND \"数据\" \"据出\" \"出境\") (FILTER (AND "
                     "\"据\" \"出境\" \"法\") \"b\"))");
    /* a fixed weight stays, however often (Xapian counts each under a
       filter in its percentages); a phrase keeps its words */
    lex_plan_t *role =
        lex_plan_join(LEX_P_FILTER, lex_plan_fixed_weight(1), term("XT34"));
    lex_plan_t *fixed =
        lex_plan_join(LEX_P_AND, lex_plan_share(role), lex_plan_share(role));
    ck_assert_str_eq(printed(lex_plan_matching(fixed)),
                     "(AND (FILTER (FIXED 1) \"XT34\") (FILTER (FIXED 1) "
                     "\"XT34\"))");
    lex_plan_t *phrase = lex_plan_new(LEX_P_PHRASE);
    phrase = lex_plan_add(lex_plan_add(phrase, term("出")), term("出"));
    lex_plan_t *m = lex_plan_matching(phrase);
    ck_assert_ptr_eq(m, phrase);
    lex_plan_free(m);
    ck_assert_ptr_null(lex_plan_matching(NULL));
    lex_plan_free(phrase);
    lex_plan_free(fixed);
    lex_plan_free(role);
    lex_plan_free(any);
    lex_plan_free(placed);
    lex_plan_free(both);
    lex_plan_free(other);
    lex_plan_free(word);
}
END_TEST

/* A phrase at a@1 b@2 (a new plan). */
static lex_plan_t *
phrase_ab(void)
{
    return lex_plan_join(LEX_P_PHRASE, lex_plan_term_at("a", 1, 1, 1),
                         lex_plan_term_at("b", 1, 1, 2));
}

/* A phrase that every item of the boost has (a kid of its AND, under a
   FILTER) is the AND of its terms, at any depth; one the boost may lack
   (in an OR there), or another phrase, stays; the plan given is left as
   it was. */
START_TEST(test_unpositioned)
{
    lex_plan_t *boost = lex_plan_join(
        LEX_P_FILTER, lex_plan_fixed_weight(1000),
        lex_plan_join(LEX_P_AND, phrase_ab(),
                      lex_plan_join(LEX_P_OR, term("c"), term("d"))));
    lex_plan_t *rest = lex_plan_join(
        LEX_P_AND_MAYBE,
        lex_plan_scale(lex_plan_join(LEX_P_OR, phrase_ab(), term("c")), 0.5),
        lex_plan_join(LEX_P_FILTER, lex_plan_fixed_weight(100), phrase_ab()));
    lex_plan_t *u = lex_plan_unpositioned(rest, boost);
    ck_assert_str_eq(printed(u),
                     "(AND_MAYBE (SCALE_WEIGHT 0.5 (OR (AND \"a\"#1@1 "
                     "\"b\"#1@2) \"c\")) (FILTER (FIXED 100) (AND "
                     "\"a\"#1@1 \"b\"#1@2)))");
    ck_assert_str_eq(printed(rest),
                     "(AND_MAYBE (SCALE_WEIGHT 0.5 (OR (PHRASE \"a\"#1@1 "
                     "\"b\"#1@2) \"c\")) (FILTER (FIXED 100) (PHRASE "
                     "\"a\"#1@1 \"b\"#1@2)))");
    lex_plan_t *maybe = lex_plan_join(LEX_P_OR, phrase_ab(), term("c"));
    lex_plan_t *other =
        lex_plan_join(LEX_P_PHRASE, lex_plan_term_at("a", 1, 1, 1),
                      lex_plan_term_at("b", 1, 1, 3));
    lex_plan_t *kept = lex_plan_join(LEX_P_OR, phrase_ab(), other);
    u = lex_plan_unpositioned(kept, maybe);
    ck_assert_ptr_eq(u, kept);
    lex_plan_free(u);
    u = lex_plan_unpositioned(kept, boost);
    ck_assert_str_eq(printed(u), "(OR (AND \"a\"#1@1 \"b\"#1@2) (PHRASE "
                                 "\"a\"#1@1 \"b\"#1@3))");
    lex_plan_free(kept);
    lex_plan_free(maybe);
    lex_plan_free(boost);
}
END_TEST

/* lex_plan_same tells plans apart by every term, position and
   parameter, and finds a copy the same. */
START_TEST(test_same)
{
    lex_plan_t *p = lex_plan_join(LEX_P_PHRASE, lex_plan_term_at("a", 1, 1, 1),
                                  lex_plan_term_at("b", 1, 1, 2));
    lex_plan_t *c = lex_plan_copy(p);
    ck_assert(lex_plan_same(p, c));
    c->kids[1]->pos = 3;
    ck_assert(!lex_plan_same(p, c));
    c->kids[1]->pos = 2;
    c->window = 2;
    ck_assert(!lex_plan_same(p, c));
    c->window = 0;
    c->kind = LEX_P_NEAR;
    ck_assert(!lex_plan_same(p, c));
    lex_plan_t *f = lex_plan_fixed_weight(0.5), *g = lex_plan_fixed_weight(1);
    ck_assert(!lex_plan_same(f, g));
    lex_plan_t *x = lex_plan_term("ab", 2), *y = lex_plan_term("ac", 2);
    ck_assert(!lex_plan_same(x, y));
    lex_plan_free(p);
    lex_plan_free(c);
    lex_plan_free(f);
    lex_plan_free(g);
    lex_plan_free(x);
    lex_plan_free(y);
}
END_TEST

/* A NEAR of a and b (a new plan). */
static lex_plan_t *
near_ab(void)
{
    return lex_plan_join(LEX_P_NEAR, term("a"), term("b"));
}

/* The right side of an AND_MAYBE that is an OR holding a NEAR or PHRASE
   (deep in it, under SCALE_WEIGHTs) is joined kid by kid, each within
   those scales, at any depth; an OR of words alone, or a positional OR
   on the left, stays; the plan given is left as it was. */
START_TEST(test_maybe_one_by_one)
{
    lex_plan_t *bonus = lex_plan_scale(
        lex_plan_join(
            LEX_P_OR, near_ab(),
            lex_plan_scale(lex_plan_join(LEX_P_OR, phrase_ab(), term("c")),
                           0.5)),
        2);
    lex_plan_t *q = lex_plan_join(
        LEX_P_AND_MAYBE,
        lex_plan_join(LEX_P_AND_MAYBE,
                      lex_plan_join(LEX_P_OR, near_ab(), term("d")), bonus),
        lex_plan_fixed_weight(1000));
    lex_plan_t *w = lex_plan_maybe_one_by_one(q);
    ck_assert_str_eq(
        printed(w),
        "(AND_MAYBE (AND_MAYBE (AND_MAYBE (AND_MAYBE (OR (NEAR \"a\" \"b\") "
        "\"d\") (SCALE_WEIGHT 2 (NEAR \"a\" \"b\"))) (SCALE_WEIGHT 2 "
        "(SCALE_WEIGHT 0.5 (PHRASE \"a\"#1@1 \"b\"#1@2)))) (SCALE_WEIGHT 2 "
        "(SCALE_WEIGHT 0.5 \"c\"))) (FIXED 1000))");
    ck_assert_str_eq(
        printed(q),
        "(AND_MAYBE (AND_MAYBE (OR (NEAR \"a\" \"b\") \"d\") (SCALE_WEIGHT 2 "
        "(OR (NEAR \"a\" \"b\") (SCALE_WEIGHT 0.5 (OR (PHRASE \"a\"#1@1 "
        "\"b\"#1@2) \"c\"))))) (FIXED 1000))");
    lex_plan_t *words =
        lex_plan_join(LEX_P_AND_MAYBE, near_ab(),
                      lex_plan_join(LEX_P_OR, term("c"), term("d")));
    w = lex_plan_maybe_one_by_one(words);
    ck_assert_ptr_eq(w, words);
    lex_plan_free(w);
    lex_plan_free(words);
}
END_TEST

/* A docids filter holds its docids ascending and each once, whatever
   order they come in; a copy holds the same, and a plan of other docids
   is not the same. */
START_TEST(test_docids)
{
    const unsigned ids[] = {9, 3, 7, 3, 9, 1};
    lex_plan_t *p = lex_plan_docids(ids, 6);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->n_docids, 4);
    lex_plan_t *c = lex_plan_copy(p);
    ck_assert(lex_plan_same(p, c));
    c->docids[3] = 10;
    ck_assert(!lex_plan_same(p, c));
    lex_plan_free(c);
    lex_plan_t *fewer = lex_plan_docids(ids, 2);
    ck_assert(!lex_plan_same(p, fewer));
    ck_assert_str_eq(printed(fewer), "(DOCIDS 3 9)");
    ck_assert_str_eq(printed(lex_plan_join(LEX_P_FILTER, term("a"), p)),
                     "(FILTER \"a\" (DOCIDS 1 3 7 9))");
    ck_assert_str_eq(printed(lex_plan_docids(NULL, 0)), "(DOCIDS)");
}
END_TEST

START_TEST(test_null_propagates)
{
    ck_assert_ptr_null(lex_plan_join(LEX_P_AND, term("a"), NULL));
    ck_assert_ptr_null(lex_plan_join(LEX_P_AND, NULL, term("b")));
    ck_assert_ptr_null(lex_plan_add(lex_plan_new(LEX_P_OR), NULL));
    ck_assert_ptr_null(lex_plan_add(NULL, term("a")));
    ck_assert_ptr_null(lex_plan_scale(NULL, 2));
    ck_assert(!lex_plan_is_nothing(NULL));
    lex_plan_t *none = lex_plan_new(LEX_P_NOTHING);
    ck_assert(lex_plan_is_nothing(none));
    lex_plan_free(none);
}
END_TEST

START_TEST(test_many_kids)
{
    lex_plan_t *q = lex_plan_new(LEX_P_OR);
    for (int i = 0; i < 1000 && q; i++)
        q = lex_plan_add(q, term("t"));
    ck_assert_ptr_nonnull(q);
    ck_assert_uint_eq(q->n_kids, 1000);
    lex_plan_free(q);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("query_plan");
    TCase *tc = tcase_create("plan");
    tcase_add_test(tc, test_leaves);
    tcase_add_test(tc, test_operators);
    tcase_add_test(tc, test_copy_shares_nothing);
    tcase_add_test(tc, test_same);
    tcase_add_test(tc, test_without_self_filters);
    tcase_add_test(tc, test_pair_holds);
    tcase_add_test(tc, test_matching);
    tcase_add_test(tc, test_unpositioned);
    tcase_add_test(tc, test_maybe_one_by_one);
    tcase_add_test(tc, test_docids);
    tcase_add_test(tc, test_null_propagates);
    tcase_add_test(tc, test_many_kids);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
