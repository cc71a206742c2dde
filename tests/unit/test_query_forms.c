/*
 * test_query_forms.c - query forms that Xapian's QueryParser read and
 * that lexsearch now plans, or refuses, itself (lexsearch-query(7)):
 * typographic double quotes, a field or operator after punctuation the
 * parser skipped, clauses that hold no word, and NOT before a '-'.  The
 * plans are lex_plan_write's on the stand-in index of no term
 * (unit_empty_index: its stemmer drops a final "s"), without the
 * thesaurus unless a test says so.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "query_lower.h"
#include "unit_cases.h"
#include "unit_util.h"

/* The plan (part) of q, without thesaurus ("ERROR: message" when
   refused). */
static const char *
plan_of(const char *q, unit_plan_part_t part)
{
    lex_qlower_opts_t o = {
        &unit_empty_index, NULL, NULL, false, false, 500, 500000};
    return unit_lowered_plan(q, &o, part);
}

#define PLANS(q, expected) ck_assert_str_eq(plan_of(q, UNIT_QUERY), expected)

/* Asserts that a and b have the same plan (both parts). */
static void
same_plan(const char *a, const char *b)
{
    for (unit_plan_part_t part = UNIT_QUERY; part <= UNIT_ALL_WORDS; part++) {
        char *want = strdup(plan_of(b, part));
        ck_assert_ptr_nonnull(want);
        ck_assert_msg(strcmp(plan_of(a, part), want) == 0, "%s: %s, but %s: %s",
                      a, plan_of(a, part), b, want);
        free(want);
    }
}

/* “…”, „…“ and a mix of '"' and a typographic quote are phrases, as
   "..." is; ‘…’ is not (’ is also the apostrophe), nor 「…」. */
START_TEST(typographic_double_quotes_make_a_phrase)
{
    /* the phrase, and its joined form (dataexport) weighed below it */
    PLANS("“data exports”",
          "(OR (AND (SCALE_WEIGHT 1.5 (PHRASE/2 \"data\" \"export\")) "
          "(FIXED 0) (FIXED 0)) (SCALE_WEIGHT 0.5 \"dataexport\"))");
    same_plan("“data exports”", "\"data exports\"");
    same_plan("„data exports“", "\"data exports\"");
    same_plan("\"data exports”", "\"data exports\"");
    same_plan("‟data exports”", "\"data exports\"");
    same_plan("fines “data exports” rules", "fines \"data exports\" rules");
    same_plan("-“data exports” fines", "-\"data exports\" fines");
    same_plan("title:“data exports”", "title:\"data exports\"");
    same_plan("a NEAR “data exports”", "a NEAR \"data exports\"");
    /* single quotes and corner brackets are read as before: words */
    ck_assert_ptr_null(strstr(plan_of("‘data exports’", UNIT_QUERY), "PHRASE"));
    ck_assert_ptr_null(
        strstr(plan_of("「data exports」", UNIT_QUERY), "PHRASE"));
    ck_assert_str_eq(plan_of("“data exports", UNIT_QUERY),
                     "ERROR: unclosed quote at column 1");
    ck_assert_str_eq(plan_of("a “data exports", UNIT_QUERY),
                     "ERROR: unclosed quote at column 3");
}
END_TEST

/* After punctuation the parser skips, a field or an operator starts a
   new clause, as Xapian's parser read it; after punctuation that joins
   words (. - / :) it does not. */
START_TEST(a_field_or_operator_after_punctuation_starts_a_clause)
{
    PLANS("data,title:export", "(AND \"data\"#1@1 \"Sexport\"#1@1)");
    same_plan("data;title:export", "data,title:export");
    same_plan("x[AND y", "x AND y");
    same_plan("x [AND y", "x AND y");
    same_plan("x,OR;y", "x OR y");
    ck_assert_str_eq(plan_of("x[AND", UNIT_QUERY),
                     "ERROR: 'AND' needs a word or group after it at "
                     "column 3");
    /* not a field of lexsearch-query(7), not an operator: words */
    PLANS("data,foo:bar",
          "(AND \"data\"#1@1 (PHRASE/2 \"foo\"#1@2 \"bar\"#1@3))");
    PLANS("x[ANDROID", "(AND \"x\"#1@1 \"android\"#1@2)");
    PLANS("data.title:export",
          "(PHRASE/3 \"data\"#1@1 \"title\"#1@2 \"export\"#1@3)");
}
END_TEST

/* A field's name may be written in any case (lexsearch-query(7): case
   does not matter but for operators), after punctuation too; a name the
   page does not list, such as the index's own topic:, is words. */
START_TEST(field_names_in_any_case)
{
    same_plan("Title:export", "title:export");
    same_plan("TITLE:\"data exports\" fines", "title:\"data exports\" fines");
    same_plan("data,Title:export", "data,title:export");
    same_plan("Body:export OR Title:fine", "body:export OR title:fine");
    same_plan("Section:enforcement data", "section:enforcement data");
    same_plan("DATE:2023 data", "date:2023 data");
    same_plan("data Agency:CAC", "data agency:CAC");
    PLANS("data,topic:bar",
          "(AND \"data\"#1@1 (PHRASE/2 \"topic\"#1@2 \"bar\"#1@3))");
    PLANS("data,wild:bar",
          "(AND \"data\"#1@1 (PHRASE/2 \"wild\"#1@2 \"bar\"#1@3))");
}
END_TEST

/* A clause of no word (",", "-", "", “ ”) beside others is skipped: it
   is no recall tier, and "fines ''" is "fines"; beside an operator an
   empty phrase is refused, naming it. */
START_TEST(clauses_of_no_word_are_skipped_or_refused)
{
    PLANS("data , exports",
          "(AND_MAYBE (FILTER (OR (AND \"data\" (FIXED 100)) (AND \"export\" "
          "(FIXED 100))) (OR \"data\" \"export\")) (FILTER (FIXED 1000) (AND "
          "\"data\" \"export\")))");
    ck_assert_str_eq(plan_of("data , exports", UNIT_ALL_WORDS),
                     "(AND \"data\" \"export\")");
    same_plan("data - exports ;", "data , exports");
    same_plan("fines \"\"", "fines");
    same_plan("\"\" fines", "fines");
    same_plan("fines “ , ”", "fines");
    same_plan("-\"\" fines", "fines");
    ck_assert_str_eq(plan_of("a AND \"\"", UNIT_QUERY),
                     "ERROR: '\"\"' holds no word to search for at column 7");
    ck_assert_str_eq(plan_of("\"\" OR a", UNIT_QUERY),
                     "ERROR: '\"\"' holds no word to search for at column 1");
    ck_assert_str_eq(plan_of("a NOT “”", UNIT_QUERY),
                     "ERROR: '“”' holds no word to search for at column 7");
    /* alone, it still matches nothing */
    PLANS("\"\"", "NOTHING");
}
END_TEST

#define DOUBLE_NEGATION                                                        \
    "ERROR: '-' after NOT is a double negation, which keeps the word; "        \
    "write NOT x to leave x out at column "

/* NOT before what '-' leaves out is refused: it would keep those items. */
START_TEST(not_before_minus_is_refused)
{
    ck_assert_str_eq(plan_of("a NOT -b", UNIT_QUERY), DOUBLE_NEGATION "7");
    ck_assert_str_eq(plan_of("a AND NOT -b", UNIT_QUERY), DOUBLE_NEGATION "11");
    ck_assert_str_eq(plan_of("NOT -b", UNIT_QUERY), DOUBLE_NEGATION "5");
    ck_assert_str_eq(plan_of("a NOT (-b -c)", UNIT_QUERY), DOUBLE_NEGATION "7");
    /* a NOT of a clause that also wants something is no double negation */
    PLANS("a NOT -b c", "(AND_NOT \"a\"#1@1 (AND_NOT \"c\"#1@3 \"b\"#1@2))");
    PLANS("a NOT b", "(AND_NOT \"a\"#1@1 \"b\"#1@2)");
    PLANS("a OR -b", "(OR \"a\"#1@1 (AND_NOT ALL \"b\"#1@2))");
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("query_forms",
          UNIT_TCASE("forms", NULL, NULL,
                     typographic_double_quotes_make_a_phrase,
                     a_field_or_operator_after_punctuation_starts_a_clause,
                     field_names_in_any_case,
                     clauses_of_no_word_are_skipped_or_refused,
                     not_before_minus_is_refused))
