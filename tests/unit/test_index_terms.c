/*
 * test_index_terms.c - the index's terms told apart (index_terms.c):
 * word terms against filter terms, the snippet query of a query's terms
 * (stems and their "Z" forms, headline terms unprefixed, filters left
 * out); and a hit filled from its stored record (hit_record.c): the item,
 * its id (the message's for mail), rank and scores, and a damaged record
 * refused.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hit_record.h"
#include "hits.h"
#include "index_terms.h"
#include "record.h"
#include "unit_cases.h"
#include "unit_util.h"

START_TEST(words_and_filters)
{
    ck_assert(lex_term_is_word("regul", 5, 0));
    ck_assert(lex_term_is_word("2023", 4, 0));
    ck_assert(lex_term_is_word("\xe6\x95\xb0", 3, 0)); /* 数 */
    ck_assert(!lex_term_is_word("XScourts", 8, 0));
    ck_assert(!lex_term_is_word("Sdata", 5, 0));
    ck_assert(lex_term_is_word("Sdata", 5, 1)); /* past the prefix */
    ck_assert(!lex_term_is_word("", 0, 0));
    ck_assert(!lex_term_is_word("S", 1, 1));
    ck_assert(!lex_term_is_word("-x", 2, 0));
}
END_TEST

/* The snippet query of the given terms, as lex_plan_write prints it. */
static const char *
snippet_query(const char *const *terms, size_t n)
{
    static char text[512];
    lex_plan_t *words = lex_plan_new(LEX_P_OR);
    for (size_t i = 0; i < n; i++)
        words = lex_snippet_add_term(words, terms[i], strlen(terms[i]));
    ck_assert_ptr_nonnull(words);
    lex_buf_t b = LEX_BUF_INIT;
    lex_plan_write(words, &b);
    ck_assert(!lex_buf_failed(&b));
    snprintf(text, sizeof text, "%s", lex_buf_str(&b));
    lex_buf_free(&b);
    lex_plan_free(words);
    return text;
}

START_TEST(snippet_terms_of_a_query)
{
    const char *terms[] = {"transfer", "Scross", "XAcac", "Q1f2e",
                           "S",        "数据",   "élan"};
    /* a Chinese n-gram is matched as it is, never by a stem: no Z form;
       a stem of other letters beyond ASCII keeps it */
    ck_assert_str_eq(snippet_query(terms, 7),
                     "(OR \"transfer\" \"Ztransfer\" \"cross\" \"Zcross\" "
                     "\"数据\" \"élan\" \"Zélan\")");
    ck_assert_str_eq(snippet_query(terms + 2, 2), "(OR)");
    /* a NULL plan (memory ran out before) stays NULL */
    ck_assert_ptr_null(lex_snippet_add_term(NULL, "data", 4));
}
END_TEST

/* The stored record of item n of a bulletin of two, as lexindex writes it. */
static void
record_of(const char *message_id, lex_buf_t *rec)
{
    lex_bulletin_t *b = lex_bulletin_new("/bulletins/2023-03.txt");
    ck_assert_ptr_nonnull(b);
    for (int i = 0; i < 2; i++) {
        lex_item_t *it = lex_bulletin_add_item(b);
        ck_assert_ptr_nonnull(it);
        it->headline = strdup(i ? "Second rules" : "First rules");
        it->body = strdup("The regulator issued rules.");
        if (message_id)
            it->message_id = strdup(message_id);
    }
    lex_record_encode(b, &b->items[1], rec);
    ck_assert(!lex_buf_failed(rec));
    lex_bulletin_free(b);
}

START_TEST(hit_filled_from_its_record)
{
    lexdb_hits_t *hits = lex_hits_new();
    lexdb_hit_t *h = lex_hits_add(hits);
    lex_buf_t rec = LEX_BUF_INIT;
    lex_err_t err;
    record_of(NULL, &rec);
    ck_assert_int_eq(
        lex_hit_from_record(h, rec.data, rec.len, 7, 12.5, 61, &err), LEX_OK);
    ck_assert_str_eq(h->id, "/bulletins/2023-03.txt#2");
    ck_assert_str_eq(h->item->headline, "Second rules");
    ck_assert_ptr_eq(h->item, &h->bulletin->items[0]);
    ck_assert_uint_eq(h->rank, 7);
    ck_assert(h->score == 12.5);
    ck_assert_int_eq(h->percent, 61);
    lex_buf_free(&rec);
    /* a mail item's id is its message's */
    h = lex_hits_add(hits);
    record_of("<a1@list.example>", &rec);
    ck_assert_int_eq(lex_hit_from_record(h, rec.data, rec.len, 1, 1, 1, &err),
                     LEX_OK);
    ck_assert_str_eq(h->id, "<a1@list.example>#2");
    lex_buf_free(&rec);
    h = lex_hits_add(hits);
    ck_assert_int_eq(lex_hit_from_record(h, "lexrec9\nx", 9, 1, 1, 1, &err),
                     LEX_EPARSE);
    ck_assert_ptr_null(h->id);
    lexdb_hits_free(hits);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("index_terms",
          UNIT_TCASE("index_terms", NULL, NULL, words_and_filters,
                     snippet_terms_of_a_query, hit_filled_from_its_record))
