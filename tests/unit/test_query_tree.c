/*
 * test_query_tree.c - the C query front-end: the tokens of a query with
 * their kinds and columns, the tree of every form of lexsearch-query(7)
 * as lex_query_print writes it, every refusal with its message and
 * column, and queries of 100 KB (long, deeply nested, unbroken Chinese),
 * which must parse in one pass.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_lex.h"
#include "query_tree.h"
#include "unit_util.h"

/* The printed tree of q, or "ERROR: message" (a static buffer). */
static const char *
tree(const char *q)
{
    static char out[8192];
    lex_query_t *t;
    lex_err_t err;
    lex_status_t st = lex_query_parse(q, strlen(q), &t, &err);
    if (st != LEX_OK) {
        snprintf(out, sizeof out, "ERROR: %s", err.msg);
        return out;
    }
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_print(t, &b);
    snprintf(out, sizeof out, "%s", lex_buf_str(&b));
    lex_buf_free(&b);
    lex_query_free(t);
    return out;
}

/* The refusal of q: its message, or "" when q parses. */
static const char *
refusal(const char *q)
{
    const char *t = tree(q);
    return strncmp(t, "ERROR: ", 7) == 0 ? t + 7 : "";
}

#define TREE(q, expected) ck_assert_str_eq(tree(q), expected)
#define REFUSED(q, expected) ck_assert_str_eq(refusal(q), expected)

/* The tokens of q as "kind@column" words, separated by spaces. */
static const char *
tokens(const char *q)
{
    static char out[4096];
    lex_tokens_t t;
    lex_err_t err;
    ck_assert_int_eq(lex_tokenize(q, strlen(q), &t, &err), LEX_OK);
    out[0] = '\0';
    for (size_t i = 0; i < t.n; i++) {
        char one[64];
        snprintf(one, sizeof one, "%s%s@%zu", i ? " " : "",
                 lex_tok_kind_name(t.tokens[i].kind), t.tokens[i].start + 1);
        strcat(out, one);
    }
    lex_tokens_free(&t);
    return out;
}

START_TEST(tokens_have_kinds_and_columns)
{
    ck_assert_str_eq(tokens("+title:\"a b\" OR regulat* /s x"),
                     "sign@1 field@2 phrase@8 operator@14 wildcard@17 "
                     "connector@26 word@29");
    ck_assert_str_eq(tokens("(数据 NEAR/3 date:2023..) -x"),
                     "(@1 cjk@2 operator@9 field@16 date@21 )@27 sign@29 "
                     "word@30");
    /* an operator glued to punctuation: the operator, then a word */
    ck_assert_str_eq(tokens("OR/filing AND.fine"),
                     "operator@1 word@3 operator@11 word@14");
    /* /s only between spaces; a colon inside a word names no field */
    ck_assert_str_eq(tokens("(/s) 12:30 a/s"), "(@1 word@2 )@4 word@6 word@12");
    lex_tokens_t t;
    lex_err_t err;
    ck_assert_int_eq(lex_tokenize("a NEAR/7 b ADJ c", 16, &t, &err), LEX_OK);
    ck_assert_int_eq(t.tokens[1].op, LEX_OP_NEAR);
    ck_assert_uint_eq(t.tokens[1].window, 7);
    ck_assert_int_eq(t.tokens[3].op, LEX_OP_ADJ);
    ck_assert_uint_eq(t.tokens[3].window, LEX_NEAR_DEFAULT);
    lex_tokens_free(&t);
}
END_TEST

START_TEST(words_and_phrases)
{
    TREE("police crackdown \"personal information\" crimes",
         "clauses @1\n"
         "  word police @1\n"
         "  word crackdown @8\n"
         "  phrase \"personal information\" @18\n"
         "  word crimes @41\n");
    TREE("data", "word data @1\n");
    /* hyphenated and joined words are one word of the tree */
    TREE("cross-border data.gov a/b", "clauses @1\n"
                                      "  word cross-border @1\n"
                                      "  word data.gov @14\n"
                                      "  word a/b @23\n");
    TREE("", "(empty)\n");
    TREE("   ", "(empty)\n");
    /* lower-case operators are words */
    TREE("data and export", "clauses @1\n"
                            "  word data @1\n"
                            "  word and @6\n"
                            "  word export @10\n");
}
END_TEST

START_TEST(boolean_operators_and_precedence)
{
    TREE("CAC AND (measures OR rules)", "and @5\n"
                                        "  word CAC @1\n"
                                        "  group @9\n"
                                        "    or @19\n"
                                        "      word measures @10\n"
                                        "      word rules @22\n");
    TREE("data NOT (draft OR consultation)", "and_not @6\n"
                                             "  word data @1\n"
                                             "  group @10\n"
                                             "    or @17\n"
                                             "      word draft @11\n"
                                             "      word consultation @20\n");
    TREE("NOT draft", "not @1\n"
                      "  word draft @5\n");
    TREE("a AND NOT b", "and @3\n"
                        "  word a @1\n"
                        "  not @7\n"
                        "    word b @11\n");
    /* AND binds tighter than XOR, XOR tighter than OR */
    TREE("a OR b XOR c AND d", "or @3\n"
                               "  word a @1\n"
                               "  xor @8\n"
                               "    word b @6\n"
                               "    and @14\n"
                               "      word c @12\n"
                               "      word d @18\n");
    /* one node for a chain of the same operator */
    TREE("a OR b OR c", "or @3\n"
                        "  word a @1\n"
                        "  word b @6\n"
                        "  word c @11\n");
    TREE("data XOR export", "xor @6\n"
                            "  word data @1\n"
                            "  word export @10\n");
}
END_TEST

START_TEST(proximity_operators)
{
    TREE("algorithm NEAR/5 recommendation", "near/5 @11\n"
                                            "  word algorithm @1\n"
                                            "  word recommendation @18\n");
    TREE("facial ADJ recognition", "adj/10 @8\n"
                                   "  word facial @1\n"
                                   "  word recognition @12\n");
    TREE("a NEAR b", "near/10 @3\n"
                     "  word a @1\n"
                     "  word b @8\n");
    /* NEAR binds two neighbours, tighter than words side by side */
    TREE("x a ADJ/2 b y", "clauses @1\n"
                          "  word x @1\n"
                          "  adj/2 @5\n"
                          "    word a @3\n"
                          "    word b @11\n"
                          "  word y @13\n");
    TREE("a NEAR/3 b NEAR/3 c", "near/3 @3\n"
                                "  word a @1\n"
                                "  word b @10\n"
                                "  word c @19\n");
}
END_TEST

START_TEST(required_excluded_and_wildcards)
{
    TREE("+encryption -\"draft for comment\"",
         "clauses @1\n"
         "  required @1\n"
         "    word encryption @2\n"
         "  excluded @13\n"
         "    phrase \"draft for comment\" @14\n");
    TREE("-title:fine +(a OR b)", "clauses @1\n"
                                  "  excluded @1\n"
                                  "    field title: @2\n"
                                  "      word fine @8\n"
                                  "  required @13\n"
                                  "    group @14\n"
                                  "      or @17\n"
                                  "        word a @15\n"
                                  "        word b @20\n");
    TREE("encrypt* -draft", "clauses @1\n"
                            "  wildcard encrypt* @1\n"
                            "  excluded @10\n"
                            "    word draft @11\n");
    TREE("title:regulat*", "field title: @1\n"
                           "  wildcard regulat* @7\n");
    /* a lone '*' or sign is a word */
    TREE("* - +", "clauses @1\n"
                  "  word * @1\n"
                  "  word - @3\n"
                  "  word + @5\n");
    TREE("数据*", "wildcard 数据* @1\n");
}
END_TEST

START_TEST(connectors)
{
    TREE("transfer /s assessment", "connector /s @10\n"
                                   "  word transfer @1\n"
                                   "  word assessment @13\n");
    TREE("security /P assessment", "connector /p @10\n"
                                   "  word security @1\n"
                                   "  word assessment @13\n");
    TREE("a /s b c", "clauses @1\n"
                     "  connector /s @3\n"
                     "    word a @1\n"
                     "    word b @6\n"
                     "  word c @8\n");
    TREE("数据 /s 出境", "connector /s @8\n"
                         "  cjk 数据 @1\n"
                         "  cjk 出境 @11\n");
}
END_TEST

/* q with its connectors expanded, windows 12 (/s) and 345 (/p). */
static const char *
expanded(const char *q)
{
    static char out[1024];
    lex_query_t *t;
    lex_err_t err;
    ck_assert_int_eq(lex_query_parse(q, strlen(q), &t, &err), LEX_OK);
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_expand_connectors(t, 12, 345, &b);
    snprintf(out, sizeof out, "%s", lex_buf_str(&b));
    lex_buf_free(&b);
    lex_query_free(t);
    return out;
}

START_TEST(connectors_expand_to_near)
{
    ck_assert_str_eq(expanded("a /s b \"c /s d\" e  /P  f (/s)"),
                     "a NEAR/12 b \"c /s d\" e  NEAR/345  f (/s)");
    ck_assert_str_eq(expanded("x/s a/p"), "x/s a/p");
    ck_assert_str_eq(expanded(""), "");
    /* a bare NEAR next to a connector is its word, as the check reads it */
    ck_assert_str_eq(expanded("x NEAR /s b /p ADJ c"),
                     "x NEAR NEAR/12 b NEAR/345 ADJ c");
    TREE("x NEAR /s b", "clauses @1\n"
                        "  word x @1\n"
                        "  connector /s @8\n"
                        "    word NEAR @3\n"
                        "    word b @11\n");
}
END_TEST

START_TEST(fields_and_quotes_inside_them)
{
    TREE("title:measures", "field title: @1\n"
                           "  word measures @7\n");
    TREE("title:\"generative artificial intelligence\"",
         "field title: @1\n"
         "  phrase \"generative artificial intelligence\" @7\n");
    TREE("body:(fined AND court)", "field body: @1\n"
                                   "  group @6\n"
                                   "    and @13\n"
                                   "      word fined @7\n"
                                   "      word court @17\n");
    TREE("CAC AND title:measures", "and @5\n"
                                   "  word CAC @1\n"
                                   "  field title: @9\n"
                                   "    word measures @15\n");
    TREE("title:(court OR tribunal) body:\"personal information\"",
         "clauses @1\n"
         "  field title: @1\n"
         "    group @7\n"
         "      or @14\n"
         "        word court @8\n"
         "        word tribunal @17\n"
         "  field body: @27\n"
         "    phrase \"personal information\" @32\n");
    /* a quote inside a field value's phrase is not a field: "a title:b" */
    TREE("title:\"a title:b\" x", "clauses @1\n"
                                  "  field title: @1\n"
                                  "    phrase \"a title:b\" @7\n"
                                  "  word x @19\n");
    TREE("title:数据", "field title: @1\n"
                       "  cjk 数据 @7\n");
}
END_TEST

START_TEST(filters)
{
    TREE("fine section:enforcement date:2023",
         "clauses @1\n"
         "  word fine @1\n"
         "  filter section:enforcement @6\n"
         "  date date:2023 [20230000..20239999] @26\n");
    TREE("section:\"courts litigation\" bulletin:2023-09 site:gov.cn",
         "clauses @1\n"
         "  filter section:\"courts litigation\" @1\n"
         "  filter bulletin:2023-09 @29\n"
         "  filter site:gov.cn @46\n");
    TREE("agency:CAC law:\"Personal Information Protection Law\" "
         "agency:国家互联网信息办公室 law:个人信息保护法",
         "clauses @1\n"
         "  filter agency:CAC @1\n"
         "  filter law:\"Personal Information Protection Law\" @12\n"
         "  filter agency:国家互联网信息办公室 @54\n"
         "  filter law:个人信息保护法 @92\n");
    TREE("date:2023-03", "date date:2023-03 [20230300..20230399] @1\n");
    TREE("date:2023-03-16", "date date:2023-03-16 [20230316..20230316] @1\n");
    TREE("date:2023-03-01..2023-04-30",
         "date date:2023-03-01..2023-04-30 [20230301..20230430] @1\n");
    TREE("date:2023-03..", "date date:2023-03.. [20230300..] @1\n");
    TREE("date:..2023", "date date:..2023 [..20239999] @1\n");
    TREE("title:court date:..2023-06",
         "clauses @1\n"
         "  field title: @1\n"
         "    word court @7\n"
         "  date date:..2023-06 [..20230699] @13\n");
    /* field names in any case are fields, named in lower case */
    TREE("DATE:2023", "date date:2023 [20230000..20239999] @1\n");
    TREE("Section:enforcement", "filter section:enforcement @1\n");
}
END_TEST

START_TEST(groups_nest)
{
    TREE("((a OR b) AND (c OR (d e)))", "group @1\n"
                                        "  and @11\n"
                                        "    group @2\n"
                                        "      or @5\n"
                                        "        word a @3\n"
                                        "        word b @8\n"
                                        "    group @15\n"
                                        "      or @18\n"
                                        "        word c @16\n"
                                        "        group @21\n"
                                        "          clauses @22\n"
                                        "            word d @22\n"
                                        "            word e @24\n");
    TREE("()", "group @1\n");
    TREE("a (b) c", "clauses @1\n"
                    "  word a @1\n"
                    "  group @3\n"
                    "    word b @4\n"
                    "  word c @7\n");
    /* an operator glued to punctuation, after an operand, is kept */
    TREE("x OR/filing", "or @3\n"
                        "  word x @1\n"
                        "  word /filing @5\n");
}
END_TEST

START_TEST(refusals_with_columns)
{
    const char *fields = "(fields: title, body, section, bulletin, site, "
                         "date, agency, law, role)";
    char expected[256];
    snprintf(expected, sizeof expected,
             "unknown field 'regulator:' %s at column 10", fields);
    REFUSED("transfer regulator:cac", expected);
    snprintf(expected, sizeof expected, "unknown field 'foo:' %s at column 5",
             fields);
    REFUSED("-x +foo:bar", expected);
    REFUSED("data \"export", "unclosed quote at column 6");
    REFUSED("\"a\" b \"c", "unclosed quote at column 7");
    REFUSED("(data OR export", "unclosed '(' at column 1");
    REFUSED("(a (b) (c", "unclosed '(' at column 8");
    REFUSED("data)", "unmatched ')' at column 5");
    REFUSED("data date:2023-13",
            "bad date 'date:2023-13' (use YYYY, YYYY-MM or YYYY-MM-DD, and "
            "A..B, A.. or ..B for ranges) at column 6");
    REFUSED("date:2023-02-32 x", "bad date 'date:2023-02-32' (use YYYY, "
                                 "YYYY-MM or YYYY-MM-DD, and A..B, A.. or "
                                 "..B for ranges) at column 1");
    REFUSED("(date:..)", "bad date 'date:..' (use YYYY, YYYY-MM or "
                         "YYYY-MM-DD, and A..B, A.. or ..B for ranges) at "
                         "column 2");
    REFUSED("https://www.cac.gov.cn/x",
            "a URL is not a query; search its domain with site:DOMAIN at "
            "column 1");
    REFUSED("OR transfer /s filing",
            "'OR' needs a word or group before it at column 1");
    REFUSED("OR/中#X w /s v",
            "'OR' needs a word or group before it at column 1");
    REFUSED("(AND.fine cac)",
            "'AND' needs a word or group before it at column 2");
    REFUSED("data AND", "'AND' needs a word or group after it at column 6");
    REFUSED("transfer AND",
            "'AND' needs a word or group after it at column 10");
    REFUSED("data AND OR export",
            "'OR' needs a word or group before it at column 10");
    REFUSED("(a XOR) b", "'XOR' needs a word or group after it at column 4");
    REFUSED("a NOT", "'NOT' needs a word or group after it at column 3");
    /* an operator glued to punctuation is still an operator: Xapian skips
     * the punctuation and reads what follows as a run of its own */
    REFUSED("a XOR,", "'XOR' needs a word or group after it at column 3");
    REFUSED("(a OR,) b", "'OR' needs a word or group after it at column 4");
    REFUSED("a XOR, NEAR/1 b",
            "'NEAR/1' needs a word or group before it at column 8");
    REFUSED("da XOR,,,,,NEAR/1 'e",
            "'NEAR/1' needs a word or group before it at column 12");
    REFUSED("a OR,AND b", "'AND' needs a word or group before it at column 6");
    /* punctuation alone is no operand: Xapian skips it */
    REFUSED("a AND ,", "'AND' needs a word or group after it at column 3");
    REFUSED(": OR b", "'OR' needs a word or group before it at column 3");
    REFUSED("a XOR -- b", "");
    REFUSED("a , AND b", "");
    REFUSED("data (NEAR/3 export)",
            "'NEAR/3' needs a word or group before it at column 7");
    REFUSED("ADJ x", "'ADJ' needs a word or group before it at column 1");
    REFUSED("regulat* NEAR/3 data",
            "NEAR and ADJ join words, not a wildcard ('regulat*') at column 1");
    REFUSED("data ADJ/2 protect*",
            "NEAR and ADJ join words, not a wildcard ('protect*') at column "
            "12");
    const char *connector = "joins two single words (no phrases, hyphens, "
                            "fields or brackets)";
    snprintf(expected, sizeof expected, "/s %s at column 15", connector);
    REFUSED("\"data export\" /s filing", expected);
    snprintf(expected, sizeof expected, "/p %s at column 14", connector);
    REFUSED("cross-border /p filing", expected);
    snprintf(expected, sizeof expected, "/S %s at column 3", connector);
    REFUSED("a /S title:b", expected);
    snprintf(expected, sizeof expected, "/s %s at column 4", connector);
    REFUSED("(a /s b)", expected);
    snprintf(expected, sizeof expected, "/s %s at column 1", connector);
    REFUSED("/s x", expected);
}
END_TEST

START_TEST(refusals_come_in_order)
{
    /* left to right within the syntax check; quotes and brackets at the
       end of it; operators after syntax; connectors last */
    REFUSED("a) foo:x", "unmatched ')' at column 2");
    char expected[256];
    snprintf(expected, sizeof expected,
             "unknown field 'foo:' (fields: title, body, section, bulletin, "
             "site, date, agency, law, role) at column 1");
    REFUSED("foo:x (\"", expected);
    REFUSED("(\"a", "unclosed quote at column 2");
    REFUSED("( AND x", "unclosed '(' at column 1");
    REFUSED("AND \"a\" /s b", "'AND' needs a word or group before it at "
                              "column 1");
}
END_TEST

START_TEST(quirks_kept_from_the_string_checks)
{
    /* a colon inside a word, or after ')', names no field */
    TREE("12:30", "word 12:30 @1\n");
    TREE("(a)foo:bar", "clauses @1\n"
                       "  group @1\n"
                       "    word a @2\n"
                       "  word foo:bar @4\n");
    /* a connector touching a bracket is a word */
    TREE("(/s)", "group @1\n"
                 "  word /s @2\n");
    /* NEAR after a phrase that follows a wildcard is still refused */
    REFUSED("regulat* \"x\" NEAR y",
            "NEAR and ADJ join words, not a wildcard ('regulat*') at column 1");
}
END_TEST

START_TEST(date_ranges)
{
    char lo[16], hi[16];
    ck_assert(lex_query_date_range("2023-03-01..2023-04-30", 22, lo, hi));
    ck_assert_str_eq(lo, "20230301");
    ck_assert_str_eq(hi, "20230430");
    ck_assert(lex_query_date_range("2023..", 6, lo, hi));
    ck_assert_str_eq(lo, "20230000");
    ck_assert_str_eq(hi, "");
    ck_assert(!lex_query_date_range("..", 2, lo, hi));
    ck_assert(!lex_query_date_range("", 0, lo, hi));
    ck_assert(!lex_query_date_range("2023-00", 7, lo, hi));
    ck_assert(!lex_query_date_range("23", 2, lo, hi));
    ck_assert(!lex_query_date_range("2023-01-01..x", 13, lo, hi));
    /* only the n bytes given are read */
    ck_assert(lex_query_date_range("2023-05xyz", 7, lo, hi));
    ck_assert_str_eq(hi, "20230599");
}
END_TEST

/* A query of n bytes: unit repeated, then tail (a malloc'd string). */
static char *
repeated(const char *unit, size_t n, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *q = malloc(n + t + 1);
    ck_assert_ptr_nonnull(q);
    size_t len = 0;
    while (len + u <= n) {
        memcpy(q + len, unit, u);
        len += u;
    }
    memcpy(q + len, tail, t + 1);
    return q;
}

/* Parses q, checks the root's kind and kid count, and prints the tree. */
static void
check_big(const char *q, lex_qkind_t kind, size_t kids)
{
    lex_query_t *t;
    lex_err_t err;
    ck_assert_int_eq(lex_query_parse(q, strlen(q), &t, &err), LEX_OK);
    const lex_qnode_t *root = lex_query_root(t);
    ck_assert_int_eq(root->kind, kind);
    ck_assert_uint_eq(root->n_kids, kids);
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_print(t, &b);
    ck_assert(!lex_buf_failed(&b));
    ck_assert(b.len > strlen(q) / 4);
    lex_buf_free(&b);
    lex_query_free(t);
}

START_TEST(queries_of_100_kb)
{
    const size_t n = 100 * 1024;
    char *q = repeated("data OR ", n, "end");
    check_big(q, LEX_Q_OR, n / 8 + 1);
    free(q);
    q = repeated("alpha /s beta ", n, "");
    check_big(q, LEX_Q_CLAUSES, n / 14);
    free(q);
    q = repeated("NOT ", n, "x");
    check_big(q, LEX_Q_NOT, 1);
    free(q);
    q = repeated("数据出境", n, "");
    check_big(q, LEX_Q_CJK, 0);
    free(q);
    /* 51,200 groups deep: the parser and the printer keep their own
       stacks, so nothing recurses */
    char *open = repeated("(", n / 2, "x");
    char *all = malloc(n + 2);
    ck_assert_ptr_nonnull(all);
    memcpy(all, open, n / 2 + 1);
    memset(all + n / 2 + 1, ')', n / 2);
    all[n + 1] = '\0';
    check_big(all, LEX_Q_GROUP, 1);
    /* an unclosed one, deep inside: the innermost open bracket is named */
    all[n] = '\0';
    ck_assert_str_eq(refusal(all), "unclosed '(' at column 1");
    free(all);
    free(open);
    /* a 100 KB word before a bad field */
    q = repeated("w", n, " foo:x");
    ck_assert(strstr(refusal(q), "unknown field 'foo:'") != NULL);
    free(q);
}
END_TEST

static Suite *
query_tree_suite(void)
{
    Suite *s = suite_create("query_tree");
    TCase *tc = tcase_create("forms");
    tcase_add_test(tc, tokens_have_kinds_and_columns);
    tcase_add_test(tc, words_and_phrases);
    tcase_add_test(tc, boolean_operators_and_precedence);
    tcase_add_test(tc, proximity_operators);
    tcase_add_test(tc, required_excluded_and_wildcards);
    tcase_add_test(tc, connectors);
    tcase_add_test(tc, connectors_expand_to_near);
    tcase_add_test(tc, fields_and_quotes_inside_them);
    tcase_add_test(tc, filters);
    tcase_add_test(tc, groups_nest);
    tcase_add_test(tc, date_ranges);
    suite_add_tcase(s, tc);
    tc = tcase_create("refusals");
    tcase_add_test(tc, refusals_with_columns);
    tcase_add_test(tc, refusals_come_in_order);
    tcase_add_test(tc, quirks_kept_from_the_string_checks);
    suite_add_tcase(s, tc);
    tc = tcase_create("size");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, queries_of_100_kb);
    suite_add_tcase(s, tc);
    return s;
}

/* Runs the suite; fails when any test does. */
int
main(void)
{
    return run_suite(query_tree_suite());
}
