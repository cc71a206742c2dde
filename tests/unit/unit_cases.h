/*
 * unit_cases.h - one function of a unit test tried on a list of inputs:
 * CK_STR_CASES(fn, {"input", "text fn makes of it"}, ...) asserts each
 * pair, and a failure names the function, the input and both texts.
 * For tests that are such a list, so that each case is one table row
 * rather than one more copy of the same assertion.
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

#endif
