/*
 * test_query_lower.c - the plans of queries (query_lower.c): the Xapian
 * operations each form of lexsearch-query(7) is searched with, as
 * lex_plan_write prints them, on the real gazetteer and thesaurus of
 * corpus/.  The index is a stand-in (query_lower.h, lex_qindex_t): its
 * stemmer drops a final "s", it has the terms of TERMS, no spelling
 * suggestion but "regulation" for "regulaton", and the words of
 * SPELLINGS.  The few forms still read by Xapian's QueryParser show
 * as PARSE nodes with the text it is given.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_lower.h"
#include "unit_cases.h"
#include "unit_util.h"

/* The terms of the stand-in index, and its spelling table. */
static const char *const TERMS[] = {"XSenforcement", "audit", "regulator",
                                    "regulate", NULL};
static const char *const SPELLINGS[] = {"regulate", "regulations", "regulator",
                                        "rules", NULL};

/* True for a term of TERMS. */
static bool
has_term(void *ctx, const char *t, size_t n)
{
    (void)ctx;
    for (const char *const *w = TERMS; *w; w++)
        if (strlen(*w) == n && memcmp(*w, t, n) == 0)
            return true;
    return false;
}

/* The index's spelling suggestion: only regulaton -> regulation. */
static void
suggest(void *ctx, const char *w, size_t n, lex_buf_t *out)
{
    (void)ctx;
    if (n == 9 && memcmp(w, "regulaton", 9) == 0)
        lex_buf_puts(out, "regulation");
}

/* The spellings or terms beginning with prefix, in order. */
static void
starting(void *ctx, bool spelling, const char *prefix, size_t n,
         lex_word_fn each, void *each_ctx)
{
    (void)ctx;
    for (const char *const *w = spelling ? SPELLINGS : TERMS; *w; w++)
        if (strncmp(*w, prefix, n) == 0)
            each(each_ctx, *w, strlen(*w));
}

static const lex_qindex_t INDEX = {NULL,       unit_drop_s,    has_term,
                                   suggest,    starting,       NULL,
                                   unit_lower, unit_char_class};

/* How a test lowers: without the thesaurus, with it, on a tagged index. */
enum { EXACT, FULL, TOPICS };

/* The options of mode; proximity apart when apart. */
static lex_qlower_opts_t
opts_of(int mode, bool apart)
{
    lex_qlower_opts_t o = {
        &INDEX,         unit_gaz, mode == EXACT ? NULL : unit_stemmed,
        mode == TOPICS, apart,    500,
        500000};
    return o;
}

/* The plan of q lowered the way mode says ("ERROR: message" when
   refused); part 1 the plan of the items with every word instead, part 2
   the proximity plan instead. */
static const char *
plan_as(const char *q, int mode, int part)
{
    lex_qlower_opts_t o = opts_of(mode, part == 2);
    return unit_lowered_plan(q, &o,
                             part == 0   ? UNIT_QUERY
                             : part == 1 ? UNIT_ALL_WORDS
                                         : UNIT_PROXIMITY);
}

#define PLANS_AS(q, mode, part, expected)                                      \
    ck_assert_str_eq(plan_as(q, mode, part), expected)

/* The plan of a field's value ("ERROR: message" when refused). */
static const char *
field_as(const char *field, const char *v)
{
    static char out[4096];
    lex_qlower_opts_t o = opts_of(EXACT, false);
    lex_plan_t *p = NULL;
    lex_err_t err = {0};
    if (lex_field_plan(field, v, strlen(v), &o, &p, &err) != LEX_OK) {
        snprintf(out, sizeof out, "ERROR: %.4000s", err.msg);
        return out;
    }
    snprintf(out, sizeof out, "%.4000s", unit_plan_text(p));
    lex_plan_free(p);
    return out;
}

#define FIELD(f, v, expected) ck_assert_str_eq(field_as(f, v), expected)

START_TEST(words_phrases_and_chinese_are_stems_and_ngrams)
{
    PLANS_AS("audits", EXACT, 0, "\"audit\"");
    PLANS_AS("data", EXACT, 0, "\"data\"");
    /* the phrase searched once, its typed copy's weight folded in and
       its terms counted by (FIXED 0) each */
    PLANS_AS("\"data export\"", EXACT, 0,
             "(OR (AND (SCALE_WEIGHT 1.5 (PHRASE/2 \"data\" \"export\"))"
             " (FIXED 0) (FIXED 0)) (SCALE_WEIGHT 0.5 \"dataexport\"))");
    PLANS_AS("\"data export\" AND NOT audits", EXACT, 0,
             "(AND_NOT (OR (AND (SCALE_WEIGHT 1.5 (PHRASE/2 \"data\"#1@1"
             " \"export\"#1@2)) (FIXED 0) (FIXED 0)) (SCALE_WEIGHT 0.5 "
             "\"dataexport\"#1@3)) \"audit\"#1@4)");
    /* a shape fold_typed does not read keeps the typed copy apart */
    PLANS_AS("\"data export\" AND audits", EXACT, 0,
             "(AND_MAYBE (SCALE_WEIGHT 0.5 (AND (OR (PHRASE/2 \"data\"#1@1 "
             "\"export\"#1@2) \"dataexport\"#1@3) \"audit\"#1@4)) (AND "
             "(PHRASE/2 \"data\"#1@1 \"export\"#1@2) \"audit\"#1@3))");
    PLANS_AS("个人信息", EXACT, 0,
             "(AND \"个\" \"个人\" \"人\" \"人信\" \"信\" \"信息\" \"息\")");
    PLANS_AS("the", EXACT, 0, "\"the\"");
}
END_TEST

START_TEST(words_side_by_side_are_recall_tiers)
{
    PLANS_AS("data export", EXACT, 0,
             "(AND_MAYBE (AND_MAYBE (FILTER (OR (AND \"data\" (FIXED 100)) "
             "(AND \"export\" (FIXED 100))) (OR \"data\" \"export\")) "
             "(SCALE_WEIGHT 1 (OR (NEAR/4 \"data\" \"export\")))) (FILTER "
             "(FIXED 1000) (AND \"data\" \"export\")))");
    PLANS_AS("data export", EXACT, 1, "(AND \"data\" \"export\")");
    PLANS_AS("data export", EXACT, 2,
             "(SCALE_WEIGHT 1 (OR (NEAR/4 \"data\" \"export\")))");
    PLANS_AS("apps taken down", EXACT, 0,
             "(AND_MAYBE (AND_MAYBE (FILTER (OR (AND \"app\" (FIXED 100)) "
             "(AND \"taken\" (FIXED 100)) (AND \"down\" (FIXED 100))) (OR "
             "(AND \"app\" \"taken\") (AND \"app\" \"down\") (AND "
             "\"taken\" \"down\"))) (SCALE_WEIGHT 1 (OR (NEAR/4 \"app\" "
             "\"taken\") (NEAR/4 \"taken\" \"down\")))) (FILTER (FIXED 1000) "
             "(AND \"app\" \"taken\" \"down\")))");
    PLANS_AS("the audits", EXACT, 0, "(AND \"the\" \"audit\")");
    PLANS_AS("regulaton audits", EXACT, 1, "(AND \"regulaton\" \"audit\")");
}
END_TEST

/* Each clause carries the weight that counts it in its weighed copy,
   (AND clause (FIXED 100)), but a clause that holds a fixed weight (a
   group's tag) is counted apart, by a filter: Xapian 1.4 counts a fixed
   weight under a filter among the matching subqueries of its
   percentages, which the filter form keeps. */
START_TEST(clauses_are_counted_in_their_weighed_copy)
{
    const char *p = plan_as("data export audits", TOPICS, 0);
    ck_assert_ptr_nonnull(strstr(
        p, "(AND_MAYBE (FILTER (OR (FILTER (FIXED 1) \"XT0\") (AND \"audit\" "
           "(FIXED 100))) (OR (FILTER (FIXED 1) \"XT0\") \"audit\")) (OR "
           "(FILTER (FIXED 100) (FILTER (FIXED 1) \"XT0\"))))"));
}
END_TEST

START_TEST(synonyms_entities_roles_and_topics)
{
    PLANS_AS(
        "data export", FULL, 0,
        "(AND_MAYBE (SCALE_WEIGHT 0.5 (AND (OR (PHRASE/3 \"cros\"#1@1 "
        "\"border\"#1@2 \"transfer\"#1@3) (OR (PHRASE/2 \"data\" \"exp"
        "ort\") \"dataexport\") (PHRASE/3 \"outbound\" \"data\" \"tra"
        "nsfer\") (PHRASE/4 \"cros\"#1@1 \"border\"#1@2 \"data\"#1@3 "
        "\"transfer\"#1@4) (PHRASE/4 \"cros\"#1@1 \"border\"#1@2 \"da"
        "ta\"#1@3 \"flow\"#1@4) (AND \"数\" \"数据\" \"据\" \"据出\" \""
        "出\" \"出境\" \"境\") (AND \"个\" \"个人\" \"人\" \"人信\" \"信\" "
        "\"信息\""
        " \"息\" \"息出\" \"出\" \"出境\" \"境\") (AND \"数\" \"数据\" \"据\" "
        "\""
        "据跨\" \"跨\" \"跨境\" \"境\") (AND \"跨\" \"跨境\" \"境\" \"境传\" "
        "\"传\""
        " \"传输\" \"输\")))) (OR (SYNONYM (AND \"数\" \"数据\" \"据\" \"据出\""
        " \"出\" \"出境\" \"境\")) (SYNONYM (AND \"个\" \"个人\" \"人\" "
        "\"人信\""
        " \"信\" \"信息\" \"息\" \"息出\" \"出\" \"出境\" \"境\")) (SYNONYM (AN"
        "D \"数\" \"数据\" \"据\" \"据跨\" \"跨\" \"跨境\" \"境\")) (SYNONYM (A"
        "ND \"跨\" \"跨境\" \"境\" \"境传\" \"传\" \"传输\" \"输\")) (AND \"dat"
        "a\" \"export\")))");
    PLANS_AS(
        "data export", TOPICS, 0,
        "(AND_MAYBE (SCALE_WEIGHT 0.5 (AND (FILTER (FIXED 1) \"XT0\")"
        ")) (OR (SYNONYM (AND \"数\" \"数据\" \"据\" \"据出\" \"出\" \"出境\" "
        "\"境\")) (SYNONYM (AND \"个\" \"个人\" \"人\" \"人信\" \"信\" \"信息\""
        " \"息\" \"息出\" \"出\" \"出境\" \"境\")) (SYNONYM (AND \"数\" "
        "\"数据\""
        " \"据\" \"据跨\" \"跨\" \"跨境\" \"境\")) (SYNONYM (AND \"跨\" "
        "\"跨境\""
        " \"境\" \"境传\" \"传\" \"传输\" \"输\")) (AND \"data\" \"export\")"
        "))");
    PLANS_AS("数据出境安全评估", TOPICS, 0,
             "(AND_MAYBE (SCALE_WEIGHT 0.5 (FILTER (FIXED 1) \"XT1\")) (OR"
             " (OR (PHRASE/2 \"security\" \"assessment\") \"securityassess"
             "ment\") (PHRASE/3 \"export\" \"security\" \"assessment\") (P"
             "HRASE/4 \"data\" \"export\" \"security\" \"assessment\") (PH"
             "RASE/3 \"outbound\" \"security\" \"assessment\") (AND \"数\" "
             "\"数据\" \"据\" \"据出\" \"出\" \"出境\" \"境\" \"境安\" \"安\" "
             "\"安全\" \""
             "全\" \"全评\" \"评\" \"评估\" \"估\")))");
    PLANS_AS("Cyberspace Administration of China", EXACT, 0,
             "(AND_MAYBE (SCALE_WEIGHT 0.5 (AND (OR (PHRASE/4 \"cyberspace"
             "\" \"administration\" \"of\" \"china\") \"XACAC\"))) (AND \""
             "cyberspace\" \"administration\" \"of\" \"china\"))");
    PLANS_AS("police data", EXACT, 1,
             "(AND (OR \"police\" (FILTER (FIXED 0.5) (OR \"XAMPS\" \"XABE"
             "IJING_PSB\" \"XASHANGHAI_PSB\"))) \"data\")");
    PLANS_AS("market regulator fines", EXACT, 1,
             "(AND (OR (OR (PHRASE/2 \"market\" \"regulator\") \"marketreg"
             "ulator\") (FILTER (FIXED 0.5) (OR \"XASAMR\" \"XABEIJING_AMR"
             "\" \"XASHANGHAI_AMR\"))) \"fine\")");
}
END_TEST

/*
 * Operators, signs, title: and body:, filters and wildcards are planned
 * in C as Xapian's QueryParser read their text (query_parsed.c): each
 * term with its within-query frequency and its position in the text, as
 * "t"#wqf@pos.  The shim's parser is kept only for the forms below that
 * it reads its own way.
 */
START_TEST(operators_signs_fields_and_filters_are_planned)
{
    PLANS_AS("+SDKs +apps", EXACT, 0, "(AND \"sdk\"#1@1 \"app\"#1@2)");
    PLANS_AS("courier -fine", EXACT, 0,
             "(AND_NOT \"courier\"#1@1 \"fine\"#1@2)");
    PLANS_AS("-fine", EXACT, 0, "(AND_NOT ALL \"fine\"#1@1)");
    PLANS_AS("a AND b", EXACT, 0, "(AND \"a\"#1@1 \"b\"#1@2)");
    PLANS_AS("a OR b OR c", EXACT, 0, "(OR \"a\"#1@1 \"b\"#1@2 \"c\"#1@3)");
    /* the parser merges a left operand of the same kind, not a right */
    PLANS_AS("(a AND b) AND c", EXACT, 0,
             "(AND \"a\"#1@1 \"b\"#1@2 \"c\"#1@3)");
    PLANS_AS("a AND (b AND c)", EXACT, 0,
             "(AND \"a\"#1@1 (AND \"b\"#1@2 \"c\"#1@3))");
    PLANS_AS("a NOT b NOT c", EXACT, 0,
             "(AND_NOT (AND_NOT \"a\"#1@1 \"b\"#1@2) \"c\"#1@3)");
    PLANS_AS("a AND NOT b", EXACT, 0, "(AND_NOT \"a\"#1@1 \"b\"#1@2)");
    PLANS_AS("NOT b", EXACT, 0, "(AND_NOT ALL \"b\"#1@1)");
    PLANS_AS("a XOR b", EXACT, 0, "(XOR \"a\"#1@1 \"b\"#1@2)");
    /* NEAR/n and ADJ/n: the window n plus the words but one */
    PLANS_AS("a NEAR/3 b", EXACT, 0, "(NEAR/4 \"a\"#1@1 \"b\"#1@2)");
    PLANS_AS("a ADJ b", EXACT, 0, "(PHRASE/11 \"a\"#1@1 \"b\"#1@2)");
    PLANS_AS("a /s b", EXACT, 0, "(NEAR/501 \"a\"#1@1 \"b\"#1@2)");
    PLANS_AS("a /p b", EXACT, 0, "(NEAR/500001 \"a\"#1@1 \"b\"#1@2)");
    PLANS_AS("title:word", EXACT, 0, "\"Sword\"#1@1");
    PLANS_AS("body:word", EXACT, 0, "\"word\"#1@1");
    PLANS_AS("title:\"audit rules\"", EXACT, 0,
             "(PHRASE/2 \"Saudit\"#1@1 \"Srule\"#1@2)");
    PLANS_AS("title:(audit rules)", EXACT, 0,
             "(AND \"Saudit\"#1@1 \"Srule\"#1@2)");
    /* boolean filters: no weight alone, FILTER beside words, no
       position */
    PLANS_AS("section:enforcement", EXACT, 0,
             "(SCALE_WEIGHT 0 \"XSenforcement\")");
    PLANS_AS("date:2023-03", EXACT, 0,
             "(SCALE_WEIGHT 0 (VALUE_RANGE 0 20230300 20230399))");
    PLANS_AS("audit section:enforcement -fine", EXACT, 0,
             "(AND_NOT (FILTER \"audit\"#1@1 \"XSenforcement\") "
             "\"fine\"#1@2)");
    PLANS_AS("agency:CAC law:PIPL", EXACT, 0, "(AND \"XACAC\" \"XLPIPL\")");
    /* a hyphenated word is the phrase of its parts */
    PLANS_AS("cross-border OR outbound", EXACT, 0,
             "(AND_MAYBE (SCALE_WEIGHT 0.5 (OR (PHRASE/2 \"cros\"#1@1 \"bor"
             "der\"#1@2) \"crossborder\"#1@3 \"outbound\"#1@4)) (OR (PHRAS"
             "E/2 \"cros\"#1@1 \"border\"#1@2) \"outbound\"#1@3))");
    /* a field processor's value takes a position */
    PLANS_AS("regulat* AND rules", EXACT, 0,
             "(AND (SYNONYM \"regulate\" \"regulation\" \"regulator\") "
             "\"rule\"#1@2)");
    PLANS_AS("role:financial data security", EXACT, 1,
             "(AND (AND \"data\" \"security\") (FILTER (FIXED 0.5) (OR \"X"
             "APBOC\" \"XASAFE\" \"XANFRA\" \"XACBIRC\" \"XACSRC\")))");
    /* NEAR beside a word is a clause of its own (the parser read
       NEAR/5 as words: query_near.h) */
    PLANS_AS("a NEAR/5 b c", EXACT, 0,
             "(AND (NEAR/6 \"a\"#1@1 \"b\"#1@2) \"c\"#1@3)");
    /* non-ASCII words, by the index's Unicode rules */
    PLANS_AS("données AND audit", EXACT, 0,
             "(AND \"donnée\"#1@1 \"audit\"#1@2)");
}
END_TEST

/*
 * The forms Xapian's QueryParser read until this plan was made in C:
 * filters of several fields and quoted values, - clauses alone, signs
 * in an operator's operands, glued clauses, punctuation around words
 * and fields with nothing after the colon.  Where the parser refused
 * them and read the query again without operators ("-export -data"
 * searched for both words), the plan is what the tree says.
 */
START_TEST(filters_signs_glued_clauses_and_punctuation_are_planned)
{
    /* a field's values ORed, fields ANDed in the order of their names
       (bulletin, date, section, site), FILTER over the rest */
    PLANS_AS("audit section:enforcement date:2023", EXACT, 0,
             "(FILTER \"audit\"#1@1 (AND (VALUE_RANGE 0 20230000 20239999) "
             "\"XSenforcement\"))");
    PLANS_AS("site:gov.cn date:2023 section:enforcement date:2024", EXACT, 0,
             "(SCALE_WEIGHT 0 (AND (OR (VALUE_RANGE 0 20230000 20239999) "
             "(VALUE_RANGE 0 20240000 20249999)) \"XSenforcement\" "
             "(WILDCARD \"XDgov.cn\")))");
    /* +filter is a filter, -filter a hated one */
    PLANS_AS("+section:enforcement section:courts", EXACT, 0,
             "(SCALE_WEIGHT 0 (OR \"XSenforcement\" (WILDCARD \"XScourts\")))");
    PLANS_AS("audit -section:enforcement -date:2023", EXACT, 0,
             "(AND_NOT \"audit\"#1@1 (OR \"XSenforcement\" (VALUE_RANGE 0 "
             "20230000 20239999)))");
    /* a quoted value is handed whole to the field's plan */
    PLANS_AS("section:\"courts litigation\" audit", EXACT, 0,
             "(FILTER \"audit\"#1@1 (WILDCARD \"XScourts litigation\"))");
    /* - clauses alone: every item without them, as NOT; a sign before
       a sign is none (--fine is the word) */
    PLANS_AS("-export -data", EXACT, 0,
             "(AND_NOT ALL (OR \"export\"#1@1 \"data\"#1@2))");
    PLANS_AS("-section:enforcement", EXACT, 0,
             "(AND_NOT ALL \"XSenforcement\")");
    PLANS_AS("--fine", EXACT, 0, "\"fine\"#1@1");
    /* a sign right after AND hates the clauses after it; elsewhere a
       - clause is what the tree says */
    PLANS_AS("a AND -b c", EXACT, 0,
             "(AND_NOT \"a\"#1@1 (AND \"b\"#1@2 \"c\"#1@3))");
    PLANS_AS("a OR -b c", EXACT, 0,
             "(OR \"a\"#1@1 (AND_NOT \"c\"#1@3 \"b\"#1@2))");
    PLANS_AS("a OR -b", EXACT, 0, "(OR \"a\"#1@1 (AND_NOT ALL \"b\"#1@2))");
    PLANS_AS("a OR +b c", EXACT, 0, "(OR \"a\"#1@1 (AND \"b\"#1@2 \"c\"#1@3))");
    PLANS_AS("(-b -c) AND a", EXACT, 0,
             "(AND (AND_NOT ALL (OR \"b\"#1@1 \"c\"#1@2)) \"a\"#1@3)");
    /* glued clauses: side by side, as one clause */
    PLANS_AS("(listed first)here audits", EXACT, 1,
             "(AND (AND \"listed\"#1@1 \"first\"#1@2 \"here\"#1@3) "
             "\"audit\")");
    /* punctuation glued to a group is no clause: the group alone */
    PLANS_AS("(listed first); audits", EXACT, 1,
             "(AND (AND \"listed\" \"first\") \"audit\")");
    /* punctuation around a word is skipped; punctuation alone, "" and
       () are nothing */
    PLANS_AS("[depth", EXACT, 0, "\"depth\"#1@1");
    PLANS_AS(",", EXACT, 0, "NOTHING");
    PLANS_AS("x AND (a , \"\" () b;)", EXACT, 0,
             "(AND \"x\"#1@1 (AND \"a\"#1@2 \"b\"#1@3))");
    PLANS_AS("all_words", EXACT, 0, "\"all_word\"#1@1");
    /* a field with nothing after its colon is its name as a word;
       after punctuation other than . - / : \\ @, so is the field */
    PLANS_AS("title:", EXACT, 0, "\"title\"#1@1");
    PLANS_AS("section:", EXACT, 0, "\"section\"#1@1");
    PLANS_AS("title:-audit", EXACT, 0, "\"Saudit\"#1@1");
    PLANS_AS("title:[audit", EXACT, 0, "(AND \"title\"#1@1 \"audit\"#1@2)");
    /* an unquoted non-ASCII name is the entity's term */
    PLANS_AS("law:个人信息保护法", EXACT, 0, "\"XLPIPL\"");
}
END_TEST

START_TEST(field_values)
{
    FIELD("date", "2023-03", "(VALUE_RANGE 0 20230300 20230399)");
    FIELD("date", "2023-03-01..2023-04-30",
          "(VALUE_RANGE 0 20230301 20230430)");
    FIELD("date", "2023-03..", "(VALUE_GE 0 20230300 *)");
    FIELD("date", "..2023", "(VALUE_LE 0 * 20239999)");
    FIELD("date", "2023-13",
          "ERROR: bad date 'date:2023-13' " LEX_QUERY_DATE_HELP);
    /* an exact term when the index has it, else a prefix */
    FIELD("section", "Enforcement", "\"XSenforcement\"");
    FIELD("section", "Data  Export", "(WILDCARD \"XSdata export\")");
    FIELD("site", "Example.COM", "(WILDCARD \"XDexample.com\")");
    FIELD("agency", "Cyberspace Administration of China", "\"XACAC\"");
    FIELD("agency", "cac", "\"XACAC\"");
    FIELD("agency", "Nowhere Bureau",
          "ERROR: unknown agency 'Nowhere Bureau' (see agencies.tsv in "
          "lexsearch-corpus(5))");
    FIELD("law", "PIPL", "\"XLPIPL\"");
    FIELD("role", "police",
          "(FILTER (FIXED 0.5) (OR \"XAMPS\" \"XABEIJING_PSB\" "
          "\"XASHANGHAI_PSB\"))");
    FIELD("role", "astronomy",
          "ERROR: unknown role 'astronomy' (see the roles of agencies.tsv "
          "in lexsearch-corpus(5))");
    FIELD("topic", "12", "(FILTER (FIXED 1) \"XT12\")");
    /* the stems of the spellings, then the terms, each once, in order */
    FIELD("wild", "Regulat",
          "(SYNONYM \"regulate\" \"regulation\" \"regulator\")");
    FIELD("wildtitle", "rule", "(SYNONYM \"Srule\")");
    FIELD("wild", "zz", "NOTHING");
}
END_TEST

START_TEST(unknown_words_are_respelled)
{
    lex_qlower_opts_t o = opts_of(FULL, false);
    lex_buf_t b = LEX_BUF_INIT;
    const char *q = "regulaton audits";
    ck_assert(
        lex_query_correction(q, strlen(q), o.thesaurus, unit_gaz, &INDEX, &b));
    ck_assert_str_eq(lex_buf_str(&b), "regulation audits");
    q = "zzzqx audits"; /* unknown, but the index suggests nothing */
    ck_assert(
        !lex_query_correction(q, strlen(q), o.thesaurus, unit_gaz, &INDEX, &b));
    q = "audits regulator";
    ck_assert(
        !lex_query_correction(q, strlen(q), o.thesaurus, unit_gaz, &INDEX, &b));
    ck_assert_uint_eq(b.len, 0);
    lex_buf_free(&b);
}
END_TEST

START_TEST(refusals)
{
    PLANS_AS("\"data export", EXACT, 0, "ERROR: unclosed quote at column 1");
    PLANS_AS("agency:\"Nowhere Bureau\"", EXACT, 0,
             "ERROR: unknown agency 'Nowhere Bureau' at column 1");
}
END_TEST

/* Appends to b the runs of non-ASCII bytes (the Chinese names) of the
   file at path, each followed by a space, until b holds max bytes. */
static void
add_chinese_of(const char *path, lex_buf_t *b, size_t max)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    int c, last = ' ';
    while ((c = getc(f)) != EOF && b->len < max) {
        if (c >= 0x80)
            lex_buf_putc(b, (char)c);
        else if (last >= 0x80)
            lex_buf_putc(b, ' ');
        last = c;
    }
    fclose(f);
}

/* A long pasted Chinese text (the agency and law names of corpus/, some
   10,000 characters) keeps at most 32 optional clauses, its
   rarest (the stand-in index knows no frequency: the first), and no
   proximity boost; it lists no clause for the shim to read first, as
   none of them is the parser's. */
START_TEST(a_long_query_keeps_few_clauses)
{
    lex_buf_t b = LEX_BUF_INIT;
    while (b.len < 29000) {
        add_chinese_of(LEX_CORPUS_DIR "/agencies.tsv", &b, 30000);
        add_chinese_of(LEX_CORPUS_DIR "/laws.tsv", &b, 30000);
    }
    while (b.len && ((unsigned char)b.data[b.len - 1] & 0xC0) == 0x80)
        b.len--; /* no character cut in two */
    if (b.len)
        b.len--;
    ck_assert(!lex_buf_failed(&b));
    lex_qlower_opts_t o = opts_of(FULL, true);
    lex_qlowered_t low;
    lex_err_t err = {0};
    ck_assert_msg(lex_query_lower(lex_buf_str(&b), b.len, &o, &low, &err) ==
                      LEX_OK,
                  "%s", err.msg);
    /* the items with every clause still rank first (ALL_WORDS_BOOST),
       but are not handed out to be counted and paged apart */
    ck_assert_ptr_null(low.all_words);
    ck_assert_int_eq(low.query->kind, LEX_P_AND_MAYBE);
    const lex_plan_t *boost = low.query->kids[1];
    ck_assert_int_eq(boost->kind, LEX_P_FILTER);
    ck_assert_int_eq(boost->kids[0]->kind, LEX_P_FIXED_WEIGHT);
    const lex_plan_t *all = boost->kids[1];
    ck_assert_int_eq(all->kind, LEX_P_AND);
    ck_assert_uint_le(all->n_kids, 32);
    ck_assert_uint_ge(all->n_kids, 2);
    ck_assert_ptr_null(low.proximity);
    lex_qlowered_free(&low);
    lex_buf_free(&b);
}
END_TEST

/* Checks that of text (n bytes) on a tagged index the written-out plan
   is what a lowering with groups written out and the proximity boost in
   the query makes; NULL when no group is read. */
static void
check_written_out(const char *text, size_t n, bool reads_topic)
{
    lex_qlower_opts_t tagged = opts_of(TOPICS, true);
    lex_qlower_opts_t plain = opts_of(FULL, false);
    lex_qlowered_t low, want;
    lex_err_t err = {0};
    ck_assert_msg(lex_query_lower(text, n, &tagged, &low, &err) == LEX_OK, "%s",
                  err.msg);
    ck_assert_msg(lex_query_lower(text, n, &plain, &want, &err) == LEX_OK, "%s",
                  err.msg);
    ck_assert_msg(low.read_topic == reads_topic, "%s", text);
    if (!reads_topic) {
        ck_assert_ptr_null(low.written_out);
    } else {
        char *got = strdup(unit_plan_text(low.written_out));
        ck_assert_str_eq(got, unit_plan_text(want.query));
        free(got);
    }
    lex_qlowered_free(&low);
    lex_qlowered_free(&want);
}

/* A query that reads a group's tag gets, from the same lowering, the
   plan lexsearch highlights with: the groups written out, as a second
   lowering without topics would make it (a long query's clauses taken
   from the first build where they are the same). */
START_TEST(the_written_out_plan_is_the_query_without_topics)
{
    static const char *const QS[] = {
        "data export",
        "police data export fines",
        "\"market regulator\" data export 数据出境安全评估",
        "+audit 数据出境安全评估 -fines",
    };
    for (size_t i = 0; i < sizeof QS / sizeof *QS; i++)
        check_written_out(QS[i], strlen(QS[i]), true);
    check_written_out("zebra crossing", 14, false);
    const char *parsed = "regulat* data export naïve title:audit";
    check_written_out(parsed, strlen(parsed), true);
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_puts(&b, "data export ");
    while (b.len < 20000)
        add_chinese_of(LEX_CORPUS_DIR "/laws.tsv", &b, 20000);
    while (b.len && ((unsigned char)b.data[b.len - 1] & 0xC0) == 0x80)
        b.len--; /* no character cut in two */
    if (b.len)
        b.len--;
    lex_buf_puts(&b, " 数据出境安全评估 regulator audits");
    ck_assert(!lex_buf_failed(&b));
    check_written_out(lex_buf_str(&b), b.len, true);
    lex_buf_free(&b);
}
END_TEST

/* How many times the counting index below was asked a frequency. */
static unsigned long freq_asks;

/* A frequency for each term that falls as its first code point rises
   (a Chinese n-gram is rarer the later its first character), counted
   in freq_asks. */
static unsigned long
counted_freq(void *ctx, const char *t, size_t n)
{
    (void)ctx;
    freq_asks++;
    if (n < 3 || ((unsigned char)t[0] & 0xF0) != 0xE0)
        return 100000ul;
    unsigned cp = ((unsigned char)t[0] & 0x0Fu) << 12 |
                  ((unsigned char)t[1] & 0x3Fu) << 6 |
                  ((unsigned char)t[2] & 0x3Fu);
    return 100000ul - cp;
}

static const lex_qindex_t COUNTING = {NULL,       unit_drop_s,    has_term,
                                      suggest,    starting,       counted_freq,
                                      unit_lower, unit_char_class};

/* Lowers the query in b into *low (no thesaurus) against the index ix,
   freq_asks counted from 0. */
static void
lower_counting(const lex_buf_t *b, const lex_qindex_t *ix, lex_qlowered_t *low)
{
    ck_assert(!lex_buf_failed(b));
    lex_qlower_opts_t o = opts_of(EXACT, false);
    o.ix = ix;
    lex_err_t err = {0};
    freq_asks = 0;
    ck_assert_msg(lex_query_lower(lex_buf_str(b), b->len, &o, low, &err) ==
                      LEX_OK,
                  "%s", err.msg);
}

/* Appends to b the n ideographs from cp on, in UTF-8. */
static void
add_ideographs(lex_buf_t *b, unsigned cp, size_t n)
{
    for (size_t i = 0; i < n; i++, cp++) {
        lex_buf_putc(b, (char)(0xE0 | cp >> 12));
        lex_buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
        lex_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

/* The clauses a long query keeps, as its weighed tier ORs them: the
   first kid of lex_query_lower's query, under the count of the clauses
   that hold a fixed weight and the filter of enough clauses when it has
   them. */
static const lex_plan_t *
kept_clauses(const lex_qlowered_t *low)
{
    ck_assert_int_eq(low->query->kind, LEX_P_AND_MAYBE);
    const lex_plan_t *any = low->query->kids[0];
    if (any->kind == LEX_P_AND_MAYBE)
        any = any->kids[0];
    if (any->kind == LEX_P_FILTER)
        any = any->kids[0];
    ck_assert_int_eq(any->kind, LEX_P_OR);
    return any;
}

/* Clause i of kept (kept_clauses) without the weight that counts it:
   each is weighed as (AND clause (FIXED 100)). */
static const lex_plan_t *
kept_clause(const lex_plan_t *kept, size_t i)
{
    const lex_plan_t *k = kept->kids[i];
    ck_assert_int_eq(k->kind, LEX_P_AND);
    ck_assert_uint_eq(k->n_kids, 2);
    ck_assert_int_eq(k->kids[1]->kind, LEX_P_FIXED_WEIGHT);
    ck_assert(k->kids[1]->factor == 100.0);
    return k->kids[0];
}

/* True when the term t is one character that a pair of characters among
   the terms of and holds, or another kid of and is the same term. */
static bool
needless_in(const lex_plan_t *and, const lex_plan_t *t)
{
    for (size_t i = 0; i < and->n_kids; i++) {
        const lex_plan_t *k = and->kids[i];
        if (k == t || k->kind != LEX_P_TERM)
            continue;
        if (strcmp(k->term, t->term) == 0)
            return true;
        if (t->term_len == 3 && k->term_len == 6 &&
            (memcmp(k->term, t->term, 3) == 0 ||
             memcmp(k->term + 3, t->term, 3) == 0))
            return true;
    }
    return false;
}

/*
 * A query of 200 long Chinese runs (70 characters each, run r from
 * U+4E00 + 7r on) keeps its 32 rarest, the last 32 (each is as rare as
 * its rarest n-gram), and plans only those: the index is asked about
 * each distinct n-gram of the query once to choose them, then about
 * each of the kept runs' n-grams as their plans keep their rarest
 * (query_cjk.h): 7,373 asks in all, where planning every run to
 * choose asked 30,618.
 */
START_TEST(a_long_query_plans_only_the_clauses_it_keeps)
{
    lex_buf_t b = LEX_BUF_INIT;
    for (unsigned r = 0; r < 200; r++) {
        add_ideographs(&b, 0x4E00 + 7 * r, 70);
        lex_buf_putc(&b, ' ');
    }
    lex_qlowered_t low;
    lower_counting(&b, &COUNTING, &low);
    ck_assert_uint_lt(freq_asks, 10000);
    const lex_plan_t *all = kept_clauses(&low);
    ck_assert_uint_eq(all->n_kids, 32);
    /* run 168 first, by its 32 rarest n-grams: from its 54th character */
    lex_buf_t first = LEX_BUF_INIT;
    add_ideographs(&first, 0x4E00 + 7 * 168 + 53, 1);
    const lex_plan_t *run = kept_clause(all, 0);
    ck_assert_int_eq(run->kind, LEX_P_AND);
    ck_assert_uint_eq(run->n_kids, 32);
    ck_assert_str_eq(run->kids[0]->term, lex_buf_str(&first));
    lex_buf_free(&first);
    /* the items with every run rank first: a filter of each term once,
       with no character that a pair there holds (lex_plan_matching) */
    const lex_plan_t *every = low.query->kids[1]->kids[1];
    ck_assert_int_eq(every->kind, LEX_P_AND);
    ck_assert_uint_ge(every->n_kids, 32);
    for (size_t i = 0; i < every->n_kids; i++) {
        ck_assert_int_eq(every->kids[i]->kind, LEX_P_TERM);
        ck_assert_msg(!needless_in(every, every->kids[i]), "%s",
                      every->kids[i]->term);
    }
    lex_qlowered_free(&low);
    lex_buf_free(&b);
}
END_TEST

/* The last term ordered_freq was asked about, and how many of its asks
   were not of a term after the one before, byte by byte. */
static char last_asked[64];
static unsigned asked_out_of_order;

/* counted_freq, noting in asked_out_of_order an ask out of key order. */
static unsigned long
ordered_freq(void *ctx, const char *t, size_t n)
{
    ck_assert_uint_lt(n, sizeof last_asked);
    char term[sizeof last_asked];
    memcpy(term, t, n);
    term[n] = '\0';
    if (freq_asks && strcmp(term, last_asked) <= 0)
        asked_out_of_order++;
    memcpy(last_asked, term, n + 1);
    return counted_freq(ctx, t, n);
}

static const lex_qindex_t ORDERED = {NULL,       unit_drop_s,    has_term,
                                     suggest,    starting,       ordered_freq,
                                     unit_lower, unit_char_class};

/* A long query of 40 Chinese words, each later one written with earlier
   characters, asks the index about each of their pairs once (no
   character is rarer than a pair that holds it), in the order of
   Xapian's keys (so its B-tree reads each block once), not in the
   text's; and keeps the 32 rarest, the first 32. */
START_TEST(a_long_query_asks_its_ngrams_in_key_order)
{
    lex_buf_t b = LEX_BUF_INIT;
    for (unsigned r = 0; r < 40; r++) {
        add_ideographs(&b, 0x9000 - 50 * r, 3);
        lex_buf_putc(&b, ' ');
    }
    lex_qlowered_t low;
    asked_out_of_order = 0;
    lower_counting(&b, &ORDERED, &low);
    ck_assert_uint_eq(freq_asks, 40 * 2);
    ck_assert_uint_eq(asked_out_of_order, 0);
    const lex_plan_t *kept = kept_clauses(&low);
    ck_assert_uint_eq(kept->n_kids, 32);
    lex_buf_t first = LEX_BUF_INIT;
    add_ideographs(&first, 0x9000, 1);
    ck_assert_str_eq(kept_clause(kept, 0)->kids[0]->term, lex_buf_str(&first));
    lex_buf_free(&first);
    lex_qlowered_free(&low);
    lex_buf_free(&b);
}
END_TEST

/* A long query's clause that is planned to be counted (Chinese glued to
   digits, a word the parser reads) asks about each of its pairs and
   its characters that no pair there holds, not the others: 40 clauses
   of three characters, a digit and a fourth ask 2 pairs and the fourth
   each, and the digit once. */
START_TEST(a_planned_clause_asks_no_character_a_pair_holds)
{
    lex_buf_t b = LEX_BUF_INIT;
    for (unsigned r = 0; r < 40; r++) {
        add_ideographs(&b, 0x9000 - 50 * r, 3);
        lex_buf_putc(&b, '1');
        add_ideographs(&b, 0x7000 - 50 * r, 1);
        lex_buf_putc(&b, ' ');
    }
    lex_qlowered_t low;
    lower_counting(&b, &ORDERED, &low);
    ck_assert_uint_eq(freq_asks, 40 * 3 + 1);
    ck_assert_uint_eq(kept_clauses(&low)->n_kids, 32);
    lex_qlowered_free(&low);
    lex_buf_free(&b);
}
END_TEST

/* A frequency by script: a Chinese n-gram is common (50,000 items), a
   term of ASCII letters rare (100). */
static unsigned long
freq_by_script(void *ctx, const char *t, size_t n)
{
    (void)ctx;
    return n && (unsigned char)t[0] >= 0x80 ? 50000ul : 100ul;
}

static const lex_qindex_t BY_SCRIPT = {
    NULL,     unit_drop_s,    has_term,   suggest,
    starting, freq_by_script, unit_lower, unit_char_class};

/* Of a long query of 40 common Chinese words and, last, a phrase of
   rare words, the phrase is among the 32 kept (its frequency, found
   without planning it, is the commonest of its forms': the phrase, as
   its rarest stem, or its words joined), after the first 31 Chinese
   words (as common, the earlier first). */
START_TEST(a_long_query_keeps_a_rare_phrase)
{
    lex_buf_t b = LEX_BUF_INIT;
    for (unsigned r = 0; r < 40; r++) {
        add_ideographs(&b, 0x4E00 + 3 * r, 2);
        lex_buf_putc(&b, ' ');
    }
    lex_buf_puts(&b, "\"audit regulators\"");
    ck_assert(!lex_buf_failed(&b));
    lex_qlower_opts_t o = opts_of(EXACT, false);
    o.ix = &BY_SCRIPT;
    lex_qlowered_t low;
    lex_err_t err = {0};
    ck_assert_msg(lex_query_lower(lex_buf_str(&b), b.len, &o, &low, &err) ==
                      LEX_OK,
                  "%s", err.msg);
    const lex_plan_t *all = kept_clauses(&low);
    ck_assert_uint_eq(all->n_kids, 32);
    ck_assert_str_eq(unit_plan_text(kept_clause(all, 31)),
                     "(OR (PHRASE/2 \"audit\" \"regulator\") "
                     "\"auditregulator\")");
    ck_assert_int_eq(kept_clause(all, 30)->kind, LEX_P_AND);
    lex_qlowered_free(&low);
    lex_buf_free(&b);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("query_lower",
          UNIT_TCASE("lower", unit_setup_entities, unit_teardown_entities,
                     words_phrases_and_chinese_are_stems_and_ngrams,
                     words_side_by_side_are_recall_tiers,
                     clauses_are_counted_in_their_weighed_copy,
                     synonyms_entities_roles_and_topics,
                     operators_signs_fields_and_filters_are_planned,
                     filters_signs_glued_clauses_and_punctuation_are_planned,
                     field_values, unknown_words_are_respelled, refusals,
                     a_long_query_keeps_few_clauses,
                     a_long_query_plans_only_the_clauses_it_keeps,
                     a_long_query_asks_its_ngrams_in_key_order,
                     a_planned_clause_asks_no_character_a_pair_holds,
                     a_long_query_keeps_a_rare_phrase,
                     the_written_out_plan_is_the_query_without_topics))
