/*
 * test_hit_order.c - the order of a page of hits (hit_order.c): how far
 * a page's ties reach, when only a full sort can tell, runs of equal
 * weight ordered by key (binary, newest first, ties kept in docid
 * order), and the proximity rerank's weights, percentages and order.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hit_order.h"
#include "unit_cases.h"
#include "unit_util.h"

START_TEST(ties_extent_reaches_the_end_of_the_last_run)
{
    const double w[] = {9, 7, 7, 7, 5, 5, 3, 2};
    /* page 0..1 ends inside the run 7,7,7: its keys are needed */
    ck_assert_uint_eq(lex_ties_extent(w, 8, 0, 2, 4), 4);
    /* page 0..3 ends on a 7 that the next match does not tie */
    ck_assert_uint_eq(lex_ties_extent(w, 8, 0, 4, 4), 4);
    ck_assert_uint_eq(lex_ties_extent(w, 8, 3, 2, 3), 6);
    /* past the matches, or no page at all */
    ck_assert_uint_eq(lex_ties_extent(w, 8, 8, 5, 2), 0);
    ck_assert_uint_eq(lex_ties_extent(w, 0, 0, 10, 2), 0);
    ck_assert_uint_eq(lex_ties_extent(w, 8, 0, 0, 2), 0);
    /* a short page of fewer matches than asked for */
    ck_assert_uint_eq(lex_ties_extent(w, 8, 5, 10, 2), 8);
}
END_TEST

START_TEST(ties_past_the_slack_are_unknown)
{
    const double w[] = {9, 4, 4, 4, 4};
    /* all the slack fetched (1 + 2 + 2 = 5) and the last still ties */
    ck_assert_uint_eq(lex_ties_extent(w, 5, 1, 2, 2), LEX_TIES_UNKNOWN);
    /* fewer matches than fetched: the run ends with them */
    ck_assert_uint_eq(lex_ties_extent(w, 5, 1, 2, 3), 5);
    /* the slack's last match does not tie the page's end */
    const double v[] = {9, 4, 4, 4, 3};
    ck_assert_uint_eq(lex_ties_extent(v, 5, 1, 2, 2), 4);
}
END_TEST

START_TEST(ties_ordered_by_key_greatest_first)
{
    const double w[] = {8, 6, 6, 6, 6, 2, 2};
    /* binary keys: a NUL inside, a byte past 0x7f, a prefix */
    const char *keys[] = {"a", "b\0x", "\x90", "b\0y", "b", "c", "d"};
    const size_t lens[] = {1, 3, 1, 3, 1, 1, 1};
    size_t order[7];
    for (size_t i = 0; i < 7; i++)
        order[i] = i;
    ck_assert(lex_ties_order(w, keys, lens, 7, order));
    const size_t want[] = {0, 2, 3, 1, 4, 6, 5};
    for (size_t i = 0; i < 7; i++)
        ck_assert_uint_eq(order[i], want[i]);
}
END_TEST

START_TEST(equal_keys_keep_docid_order)
{
    double w[40];
    const char *keys[40];
    size_t lens[40], order[40];
    for (size_t i = 0; i < 40; i++) {
        w[i] = 1.5;
        keys[i] = i % 2 ? "2024" : "2023"; /* two dates, many items */
        lens[i] = 4;
        order[i] = i;
    }
    ck_assert(lex_ties_order(w, keys, lens, 40, order));
    for (size_t i = 0; i < 20; i++) {
        ck_assert_uint_eq(order[i], 2 * i + 1);
        ck_assert_uint_eq(order[20 + i], 2 * i);
    }
    ck_assert(lex_ties_order(w, keys, lens, 0, order));
}
END_TEST

START_TEST(rerank_adds_bonus_and_reorders)
{
    lex_ranked_t h[] = {
        {0, 11, 10.0, 80}, {1, 12, 8.0, 64}, {2, 13, 8.0, 64},
        {3, 14, 6.0, 48},  {4, 15, 5.0, 40},
    };
    const unsigned docids[] = {14, 13, 99};
    const double bonus[] = {3.0, 0.5, 7.0};
    /* the window is the first four: 15 is past it */
    lex_rerank_with_bonus(h, 4, docids, bonus, 3, 10.0, 80);
    const unsigned want_doc[] = {11, 14, 13, 12, 15};
    const size_t want_match[] = {0, 3, 2, 1, 4};
    for (size_t i = 0; i < 5; i++) {
        ck_assert_uint_eq(h[i].docid, want_doc[i]);
        ck_assert_uint_eq(h[i].match, want_match[i]);
    }
    ck_assert(h[1].weight == 9.0);
    ck_assert_int_eq(h[1].percent, 72); /* 9 * 8 per unit */
    ck_assert_int_eq(h[2].percent, 68); /* 8.5 * 8 */
    ck_assert_int_eq(h[3].percent, 64); /* no bonus: as Xapian said */
    ck_assert_int_eq(h[4].percent, 40);
}
END_TEST

START_TEST(rerank_caps_percent_and_keeps_ties)
{
    lex_ranked_t h[] = {{0, 1, 4.0, 100}, {1, 2, 2.0, 50}, {2, 3, 1.0, 25}};
    const unsigned docids[] = {3, 2};
    const double bonus[] = {5.0, 2.0};
    lex_rerank_with_bonus(h, 3, docids, bonus, 2, 4.0, 100);
    /* 3 weighs 6 (150%: capped); 2 ties 1 at 4 and stays behind it */
    ck_assert_uint_eq(h[0].docid, 3);
    ck_assert_int_eq(h[0].percent, 100);
    ck_assert_uint_eq(h[1].docid, 1);
    ck_assert_uint_eq(h[2].docid, 2);
    ck_assert_int_eq(h[2].percent, 100);
    /* a top weight of 0 gives no scale */
    lex_ranked_t z[] = {{0, 1, 0.0, 0}, {1, 2, 0.0, 0}};
    const unsigned d2[] = {2};
    const double b2[] = {1.0};
    lex_rerank_with_bonus(z, 2, d2, b2, 1, 0.0, 0);
    ck_assert_uint_eq(z[0].docid, 2);
    ck_assert_int_eq(z[0].percent, 0);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("hit_order", UNIT_TCASE("hit_order", NULL, NULL,
                                  ties_extent_reaches_the_end_of_the_last_run,
                                  ties_past_the_slack_are_unknown,
                                  ties_ordered_by_key_greatest_first,
                                  equal_keys_keep_docid_order,
                                  rerank_adds_bonus_and_reorders,
                                  rerank_caps_percent_and_keeps_ties))
