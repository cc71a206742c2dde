/*
 * unit_cases.h - lists in unit tests written once: CK_STR_CASES(fn,
 * {"input", "text fn makes of it"}, ...) tries one function of a test
 * on a list of inputs, asserting each pair (a failure names the
 * function, the input and both texts), so that each case is one table
 * row rather than one more copy of the same assertion; ADD_TESTS(tc, a,
 * b, ...) adds a test case's tests in one call, UNIT_TCASE(name,
 * setup, teardown, a, b, ...) makes a test case of its tests for UNIT_MAIN
 * (with its checked fixture, when it has one), and ADD_ROW_TEST(tc, test,
 * table) a loop test run once for each row of a table (_i).
 */
#ifndef LEX_UNIT_CASES_H
#define LEX_UNIT_CASES_H

#include <check.h>
#include <stddef.h>
#include <string.h>

/* An input and the text the function under test must make of it. */
typedef struct {
    const char *in, *want;
} str_case_t;

/* Asserts fn (named name) makes of each of the n cases' input its text. */
static inline void
ck_str_cases(const char *name, const char *(*fn)(const char *),
             const str_case_t *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = fn(cases[i].in);
        ck_assert_msg(!strcmp(got, cases[i].want),
                      "%s(\"%s\") is \"%s\", want \"%s\"", name, cases[i].in,
                      got, cases[i].want);
    }
}

/* ck_str_cases of fn over the cases written as its other arguments. */
#define CK_STR_CASES(fn, ...)                                                  \
    ck_str_cases(#fn, (fn), (const str_case_t[]){__VA_ARGS__},                 \
                 sizeof((const str_case_t[]){__VA_ARGS__}) /                   \
                     sizeof(str_case_t))

/* Adds the n tests to tc, in order. */
static inline void
add_tests(TCase *tc, const TTest *const *tests, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tcase_add_test(tc, tests[i]);
}

/* add_tests of the tests named as its other arguments. */
#define ADD_TESTS(tc, ...)                                                     \
    add_tests((tc), (const TTest *const[]){__VA_ARGS__},                       \
              sizeof((const TTest *const[]){__VA_ARGS__}) / sizeof(TTest *))

/*
 * A test case named name of the n tests, in order, with setup and
 * teardown as its checked fixture unless both are NULL.
 */
static inline TCase *
unit_tcase(const char *name, SFun setup, SFun teardown,
           const TTest *const *tests, size_t n)
{
    TCase *tc = tcase_create(name);
    if (setup || teardown)
        tcase_add_checked_fixture(tc, setup, teardown);
    add_tests(tc, tests, n);
    return tc;
}

/* unit_tcase of the tests named as its other arguments. */
#define UNIT_TCASE(name, setup, teardown, ...)                                 \
    unit_tcase((name), (setup), (teardown),                                    \
               (const TTest *const[]){__VA_ARGS__},                            \
               sizeof((const TTest *const[]){__VA_ARGS__}) / sizeof(TTest *))

/* Adds test to tc as a loop test, run once for each row of table. */
#define ADD_ROW_TEST(tc, test, table)                                          \
    tcase_add_loop_test((tc), (test), 0,                                       \
                        (int)(sizeof(table) / sizeof((table)[0])))

#endif
