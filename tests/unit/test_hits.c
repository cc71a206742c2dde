/*
 * test_hits.c - the results of a search as a plain C structure (hits.c):
 * hits, notices, the correction and facets added, ordered, swapped and
 * read back through the lexdb_hits_* accessors; multi-valued facets
 * split and merged; and the spelling policy: which notices a search
 * through remote shards gets, when a correction is tried and when its
 * hits replace the typed query's.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hits.h"
#include "unit_cases.h"
#include "unit_util.h"

/* The facets of kind as "VALUE=COUNT,...", in a static buffer. */
static const char *
facets_of(const lexdb_hits_t *h, const char *kind)
{
    static char out[256];
    const lexdb_facet_t *f;
    size_t n = lexdb_hits_facets(h, kind, &f), o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s=%lu", i ? "," : "",
                              f[i].value, f[i].count);
    return out;
}

/* The notices of h joined with '|', in a static buffer. */
static const char *
notices_of(const lexdb_hits_t *h)
{
    static char out[512];
    const char *const *v;
    size_t n = lexdb_hits_notices(h, &v), o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? "|" : "",
                              v[i]);
    return out;
}

START_TEST(new_hits_are_empty)
{
    lexdb_hits_t *h = lex_hits_new();
    const lexdb_facet_t *f;
    const char *const *v;
    bool used = true;
    ck_assert_uint_eq(lexdb_hits_count(h), 0);
    ck_assert_int_eq(lexdb_hits_all_words(h), -1);
    ck_assert_ptr_null(lexdb_hits_correction(h, &used));
    ck_assert(!used);
    ck_assert_uint_eq(lexdb_hits_facets(h, "law", &f), 0);
    ck_assert_ptr_null(f);
    ck_assert_uint_eq(lexdb_hits_notices(h, &v), 0);
    ck_assert_ptr_null(lexdb_hits_get(h, 0));
    lexdb_hits_free(h);
    lexdb_hits_free(NULL);
}
END_TEST

START_TEST(hits_grow_and_clear)
{
    lexdb_hits_t *h = lex_hits_new();
    for (unsigned i = 0; i < 40; i++) {
        lexdb_hit_t *hit = lex_hits_add(h);
        ck_assert_ptr_nonnull(hit);
        ck_assert_ptr_null(hit->id);
        hit->rank = i + 1;
        hit->id = strdup("f.txt#1");
        hit->snippet = strdup("some words");
    }
    ck_assert_uint_eq(lexdb_hits_count(h), 40);
    ck_assert_uint_eq(lexdb_hits_get(h, 39)->rank, 40);
    ck_assert_ptr_null(lexdb_hits_get(h, 40));
    h->all_words = 3;
    lex_hits_clear(h); /* frees what the hits own: ASan sees leaks */
    ck_assert_uint_eq(lexdb_hits_count(h), 0);
    ck_assert_int_eq(lexdb_hits_all_words(h), -1);
    lexdb_hits_free(h);
}
END_TEST

START_TEST(notices_in_order)
{
    lexdb_hits_t *h = lex_hits_new();
    ck_assert(lex_hits_add_notice(h, 0, "remote shards lack spelling"));
    ck_assert(lex_hits_add_notice(h, 1, "wildcards are narrower"));
    /* the shards left out come first */
    ck_assert(lex_hits_add_notice(h, 0, "shard a left out"));
    ck_assert(lex_hits_add_notice(h, 1, "shard b left out"));
    ck_assert(lex_hits_add_notice(h, 99, "last"));
    ck_assert_str_eq(notices_of(h),
                     "shard a left out|shard b left out|remote shards lack "
                     "spelling|wildcards are narrower|last");
    lexdb_hits_free(h);
}
END_TEST

START_TEST(correction_and_swap)
{
    lexdb_hits_t *typed = lex_hits_new(), *fixed = lex_hits_new();
    bool used;
    ck_assert(lex_hits_set_correction(typed, "biometric rules"));
    ck_assert_str_eq(lexdb_hits_correction(typed, &used), "biometric rules");
    ck_assert(lex_hits_set_correction(typed, ""));
    ck_assert_ptr_null(lexdb_hits_correction(typed, &used));
    typed->total = 1;
    fixed->total = 9;
    lex_hits_add(fixed)->rank = 1;
    lex_hits_swap(typed, fixed);
    ck_assert_uint_eq(lexdb_hits_total(typed), 9);
    ck_assert_uint_eq(lexdb_hits_count(typed), 1);
    ck_assert_uint_eq(lexdb_hits_total(fixed), 1);
    ck_assert_uint_eq(lexdb_hits_count(fixed), 0);
    lexdb_hits_free(typed);
    lexdb_hits_free(fixed);
}
END_TEST

/* A facet value (the first len bytes of value) and its count. */
typedef struct {
    const char *value;
    size_t len;
    unsigned long count;
} facet_value_t;

/* Adds each of the n values to f with add (lex_facets_add or _each),
   which must succeed. */
static void
add_values(lex_facets_t *f,
           bool (*add)(lex_facets_t *, const char *, size_t, unsigned long),
           const facet_value_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(add(f, v[i].value, v[i].len, v[i].count),
                      "adding '%s' failed", v[i].value);
}

/* add_values of the values written as its other arguments. */
#define ADD_VALUES(f, add, ...)                                                \
    add_values((f), (add), (const facet_value_t[]){__VA_ARGS__},               \
               sizeof((const facet_value_t[]){__VA_ARGS__}) /                  \
                   sizeof(facet_value_t))

START_TEST(facets_ordered)
{
    lexdb_hits_t *h = lex_hits_new();
    lex_facets_t *laws = &h->facets[LEX_FACET_LAW];
    ADD_VALUES(laws, lex_facets_add, {"PIPL", 4, 2}, {"DSLxx", 3, 5},
               {"CSL", 3, 2}, {"AML", 3, 2});
    lex_facets_sort_by_count(laws);
    ck_assert_str_eq(facets_of(h, "law"), "DSL=5,AML=2,CSL=2,PIPL=2");
    lex_facets_t *months = &h->facets[LEX_FACET_MONTH];
    ADD_VALUES(months, lex_facets_add, {"2023-09", 7, 3}, {"2024-01", 7, 1},
               {"2023-12", 7, 1});
    lex_facets_sort_by_value_desc(months);
    ck_assert_str_eq(facets_of(h, "month"), "2024-01=1,2023-12=1,2023-09=3");
    ck_assert(lex_facets_add(&h->facets[LEX_FACET_AGENCY], "CAC", 3, 4));
    ck_assert(lex_facets_add(&h->facets[LEX_FACET_SECTION], "Courts", 6, 1));
    ck_assert_str_eq(facets_of(h, "agency"), "CAC=4");
    ck_assert_str_eq(facets_of(h, "section"), "Courts=1");
    lexdb_hits_free(h);
}
END_TEST

START_TEST(multi_valued_facets_merge)
{
    lexdb_hits_t *h = lex_hits_new();
    lex_facets_t *ag = &h->facets[LEX_FACET_AGENCY];
    /* the spy's distinct joined values, each with its count */
    ADD_VALUES(ag, lex_facets_add_each, {"cac\tmiit", 8, 3}, {"miit", 4, 2},
               {"samr\t\tcac\t", 10, 1}, {"", 0, 7}, /* no agency: no id */
               {"pboc", 4, 4});
    lex_facets_merge(ag);
    ck_assert_str_eq(facets_of(h, "agency"), "miit=5,cac=4,pboc=4,samr=1");
    lexdb_hits_free(h);
}
END_TEST

/* Remote shards' names, as the shim passes them. */
static const char *const remote[] = {"10.0.0.1:33331", "10.0.0.2:33332"};

START_TEST(remote_shards_get_notices)
{
    lexdb_hits_t *h = lex_hits_new();
    bool retry = true, used;
    h->total = 4;
    ck_assert(lex_hits_settle_typed(h, "biometric", remote, 2, true, false,
                                    false, &retry));
    ck_assert(!retry);
    ck_assert_uint_eq(lexdb_hits_typed_total(h), 4);
    ck_assert_ptr_null(lexdb_hits_correction(h, &used));
    ck_assert_str_eq(
        notices_of(h),
        "through remote shards (10.0.0.1:33331, 10.0.0.2:33332), a word "
        "ending in '*' matches only the words whose stem starts with it "
        "(regulat* misses regulation, stem regul)|spelling correction is "
        "not available through remote shards (10.0.0.1:33331, "
        "10.0.0.2:33332); the query was not checked");
    lexdb_hits_free(h);
    /* --exact, or no query: nothing to check, no word about spelling */
    h = lex_hits_new();
    ck_assert(lex_hits_settle_typed(h, "", remote + 1, 1, false, true, false,
                                    &retry));
    ck_assert_str_eq(notices_of(h), "");
    ck_assert(!retry);
    lexdb_hits_free(h);
}
END_TEST

START_TEST(correction_tried_and_kept_when_it_finds_more)
{
    lexdb_hits_t *h = lex_hits_new(), *fixed = lex_hits_new();
    bool retry = false, used = true;
    ck_assert(
        lex_hits_settle_typed(h, "", NULL, 0, false, false, false, &retry));
    ck_assert(!retry); /* nothing to correct */
    ck_assert(lex_hits_settle_typed(h, "biometric", NULL, 0, true, true, false,
                                    &retry));
    ck_assert(!retry); /* --exact: shown, not searched */
    ck_assert_str_eq(lexdb_hits_correction(h, &used), "biometric");
    h->total = 2;
    ck_assert(lex_hits_settle_typed(h, "biometric rules", NULL, 0, false, false,
                                    false, &retry));
    ck_assert(retry);
    ck_assert_str_eq(notices_of(h), "");
    /* as many: the typed query's hits stay */
    fixed->total = 2;
    lex_hits_prefer_corrected(h, fixed);
    ck_assert_str_eq(lexdb_hits_correction(h, &used), "biometric rules");
    ck_assert(!used);
    ck_assert_uint_eq(lexdb_hits_count(h), 0);
    /* more: the corrected query's hits, with the typed total */
    fixed->total = 9;
    lex_hits_add(fixed)->rank = 1;
    lex_hits_prefer_corrected(h, fixed);
    ck_assert_str_eq(lexdb_hits_correction(h, &used), "biometric rules");
    ck_assert(used);
    ck_assert_uint_eq(lexdb_hits_total(h), 9);
    ck_assert_uint_eq(lexdb_hits_typed_total(h), 2);
    ck_assert_uint_eq(lexdb_hits_count(h), 1);
    ck_assert_ptr_null(lexdb_hits_correction(fixed, &used));
    ck_assert_uint_eq(lexdb_hits_total(fixed), 2);
    lexdb_hits_free(h);
    lexdb_hits_free(fixed);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("hits",
          UNIT_TCASE("hits", NULL, NULL, new_hits_are_empty,
                     hits_grow_and_clear, notices_in_order, correction_and_swap,
                     facets_ordered, multi_valued_facets_merge,
                     remote_shards_get_notices,
                     correction_tried_and_kept_when_it_finds_more))
