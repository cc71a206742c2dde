/*
 * test_lexdb.c - the Xapian shim, the display record and snippet markup.
 *
 * Builds small indexes in a temporary directory from bulletins made in
 * memory, so these tests need no input files.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "lexdb.h"
#include "record.h"
#include "snippet.h"
#include "thesaurus.h"
#include "unit_cases.h"
#include "unit_util.h"

static char tmpdir[64];
static char index_dir[128];

/* Makes a fresh temporary directory for each test. */
static void
setup(void)
{
    strcpy(tmpdir, "/tmp/test_lexdb.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(index_dir, sizeof index_dir, "%s/index", tmpdir);
}

/* Removes the temporary directory. */
static void
teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Adds an item with the given texts to b. */
static lex_item_t *
add_item(lex_bulletin_t *b, const char *headline, const char *body,
         const char *url)
{
    lex_item_t *it = lex_bulletin_add_item(b);
    ck_assert_ptr_nonnull(it);
    it->headline = strdup(headline);
    it->body = strdup(body);
    it->section = strdup("Legislation");
    it->footnote = it->number;
    it->line = (unsigned)(it->number * 4 - 3);
    it->date = (lex_date_t){2023, 3, it->number, false};
    if (url)
        ck_assert(lex_item_add_url(it, url));
    return it;
}

/* A bulletin of three items about different things. */
static lex_bulletin_t *
sample_bulletin(const char *path)
{
    lex_bulletin_t *b = lex_bulletin_new(path);
    b->year = 2023;
    b->month = 3;
    add_item(b, "Regulator Publishes Rules on Outbound Data",
             "The regulator published rules on the cross-border transfer "
             "of personal data & asked for <comments>.",
             "https://example.gov.cn/1");
    add_item(b, "Court Rules on Facial Recognition",
             "A court held that a shop's facial recognition cameras "
             "infringed customers' rights.",
             NULL);
    add_item(b, "Transfer Pricing Notice",
             "Tax authorities issued a notice on transfer pricing.",
             "https://example.gov.cn/3");
    return b;
}

/* Indexes b under its own path as key, in one transaction. */
static void
index_bulletin(const lex_bulletin_t *b)
{
    lex_err_t err;
    lexdb_t *db;
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &db, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_begin(db, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_index_bulletin(db, b, b->path, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_commit(db, &err), LEXDB_OK);
    lexdb_close(db);
}

/* Runs a query and returns the hits (caller frees). */
static lexdb_hits_t *
search(lexdb_t *db, const char *query)
{
    lex_err_t err;
    lexdb_hits_t *hits;
    lexdb_query_t q = {.query = query, .limit = 10, .snippet_chars = 200};
    lexdb_status_t st = lexdb_search(db, &q, &hits, &err);
    ck_assert_msg(st == LEXDB_OK, "search '%s': %s", query, err.msg);
    return hits;
}

/* Opens the test index for reading. */
static lexdb_t *
open_read(void)
{
    lex_err_t err;
    lexdb_t *db;
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_READ, &db, &err), LEXDB_OK);
    return db;
}

START_TEST(record_round_trip)
{
    lex_bulletin_t *b = sample_bulletin("/corpus/a.txt");
    b->title = strdup("Bulletin\twith\ntabs \\ and newlines");
    lex_buf_t rec = LEX_BUF_INIT;
    lex_record_encode(b, &b->items[0], &rec);
    lex_bulletin_t *d;
    lex_err_t err;
    ck_assert_int_eq(lex_record_decode(rec.data, rec.len, &d, &err), LEX_OK);
    ck_assert_str_eq(d->path, "/corpus/a.txt");
    ck_assert_str_eq(d->title, b->title);
    ck_assert_int_eq(d->year, 2023);
    ck_assert_int_eq(d->month, 3);
    ck_assert_uint_eq(d->n_items, 1);
    const lex_item_t *it = &d->items[0];
    ck_assert_str_eq(it->headline, b->items[0].headline);
    ck_assert_str_eq(it->body, b->items[0].body);
    ck_assert_str_eq(it->section, "Legislation");
    ck_assert_int_eq(it->date.day, 1);
    ck_assert_uint_eq(it->n_urls, 1);
    ck_assert_str_eq(it->urls[0], "https://example.gov.cn/1");
    lex_bulletin_t *garbage;
    ck_assert_int_eq(lex_record_decode("garbage", 7, &garbage, &err),
                     LEX_EPARSE);
    ck_assert_ptr_null(garbage);
    lex_bulletin_free(d);
    lex_bulletin_free(b);
    lex_buf_free(&rec);
}
END_TEST

START_TEST(snippet_unmark_entities_and_spans)
{
    char *plain;
    lex_span_t *spans;
    size_t n;
    ck_assert_int_eq(lex_snippet_unmark("AT&amp;T \x01"
                                        "data\x02 &lt;b&gt; \x01x\x02",
                                        &plain, &spans, &n),
                     LEX_OK);
    ck_assert_str_eq(plain, "AT&T data <b> x");
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(spans[0].start, 5);
    ck_assert_uint_eq(spans[0].length, 4);
    ck_assert_uint_eq(spans[1].start, 14);
    ck_assert_uint_eq(spans[1].length, 1);
    free(plain);
    free(spans);
}
END_TEST

/* Indexes the sample bulletin of /corpus/a.txt (*b, which the caller
   frees) and opens the index for reading. */
static lexdb_t *
sample_reader(lex_bulletin_t **b)
{
    *b = sample_bulletin("/corpus/a.txt");
    index_bulletin(*b);
    return open_read();
}

START_TEST(search_ranks_and_snippets)
{
    lex_bulletin_t *b;
    lexdb_t *db = sample_reader(&b);
    lexdb_hits_t *hits = search(db, "facial recognition");
    ck_assert_uint_eq(lexdb_hits_count(hits), 1);
    const lexdb_hit_t *h = lexdb_hits_get(hits, 0);
    ck_assert_str_eq(h->item->headline, "Court Rules on Facial Recognition");
    ck_assert_str_eq(h->id, "/corpus/a.txt#2");
    ck_assert_int_eq(h->rank, 1);
    ck_assert_uint_eq(h->item->n_urls, 0);
    ck_assert_uint_eq(h->n_spans, 2);
    ck_assert(strncmp(h->snippet + h->spans[0].start, "facial", 6) == 0);
    lexdb_hits_free(hits);

    /* Snippets come back as plain text, not HTML. */
    hits = search(db, "comments");
    h = lexdb_hits_get(hits, 0);
    ck_assert_ptr_nonnull(strstr(h->snippet, "data & asked for <comments>"));
    lexdb_hits_free(hits);

    /* Phrases, stemming, boolean operators and the title: field. */
    hits = search(db, "\"cross-border transfer\"");
    ck_assert_uint_eq(lexdb_hits_count(hits), 1);
    lexdb_hits_free(hits);
    hits = search(db, "transfers");
    ck_assert_uint_eq(lexdb_hits_count(hits), 2);
    lexdb_hits_free(hits);
    hits = search(db, "transfer NOT pricing");
    ck_assert_uint_eq(lexdb_hits_count(hits), 1);
    ck_assert_int_eq(lexdb_hits_get(hits, 0)->item->number, 1);
    lexdb_hits_free(hits);
    hits = search(db, "title:transfer");
    ck_assert_uint_eq(lexdb_hits_count(hits), 1);
    ck_assert_int_eq(lexdb_hits_get(hits, 0)->item->number, 3);
    lexdb_hits_free(hits);
    /* A headline match outranks a body match. */
    hits = search(db, "transfer");
    ck_assert_int_eq(lexdb_hits_get(hits, 0)->item->number, 3);
    lexdb_hits_free(hits);
    lexdb_close(db);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(long_running_reader_follows_rebuild_and_compaction)
{
    lex_err_t err;
    lex_bulletin_t *a = sample_bulletin("/corpus/a.txt");
    lex_bulletin_t *b = lex_bulletin_new("/corpus/b.txt");
    add_item(b, "Harbour Authority Publishes Ferry Rules",
             "On May 2, 2023, the harbour authority published ferry rules.",
             NULL);
    index_bulletin(a);
    lexdb_t *reader = open_read();
    lexdb_hits_t *hits = search(reader, "transfer");
    ck_assert_uint_eq(lexdb_hits_count(hits), 2);
    lexdb_hits_free(hits);

    /* Rebuild with only b: the old generation is swapped out and deleted. */
    lexdb_t *live, *fresh;
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &live, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_rebuild_begin(live, &fresh, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_begin(fresh, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_index_bulletin(fresh, b, b->path, &err), LEXDB_OK);
    /* until the swap, the reader still sees the old items */
    hits = search(reader, "transfer");
    ck_assert_uint_eq(lexdb_hits_count(hits), 2);
    lexdb_hits_free(hits);
    ck_assert_int_eq(lexdb_rebuild_finish(live, fresh, &err), LEXDB_OK);

    /* the same reader handle now answers from the new generation */
    hits = search(reader, "ferry");
    ck_assert_uint_eq(lexdb_hits_count(hits), 1);
    lexdb_hits_free(hits);
    lexdb_query_t q = {.query = "transfer", .limit = 10, .snippet_chars = 200};
    ck_assert_int_eq(lexdb_search(reader, &q, &hits, &err), LEXDB_OK);
    ck_assert_uint_eq(lexdb_hits_count(hits), 0);
    lexdb_hits_free(hits);

    /* and after a compaction too */
    unsigned long long before, after;
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &live, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_compact(live, &before, &after, &err), LEXDB_OK);
    ck_assert_uint_gt(before, 0);
    hits = search(reader, "ferry");
    ck_assert_uint_eq(lexdb_hits_count(hits), 1);
    lexdb_hits_free(hits);
    lexdb_close(reader);
    lex_bulletin_free(a);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(reindex_replaces_and_drops_stale_items)
{
    lex_bulletin_t *b = sample_bulletin("/corpus/a.txt");
    index_bulletin(b);
    index_bulletin(b);
    lex_bulletin_t *other = sample_bulletin("/corpus/b.txt");
    index_bulletin(other);
    lexdb_t *db = open_read();
    unsigned long count;
    lex_err_t err;
    ck_assert_int_eq(lexdb_item_count(db, &count, &err), LEXDB_OK);
    ck_assert_uint_eq(count, 6);
    lexdb_close(db);

    /* The file shrinks to one item: its two others disappear. */
    lex_bulletin_t *shrunk = lex_bulletin_new("/corpus/a.txt");
    add_item(shrunk, "Only Item Left", "Nothing about cameras.", NULL);
    index_bulletin(shrunk);
    db = open_read();
    ck_assert_int_eq(lexdb_item_count(db, &count, &err), LEXDB_OK);
    ck_assert_uint_eq(count, 4);
    lexdb_hits_t *hits = search(db, "facial");
    ck_assert_uint_eq(lexdb_hits_count(hits), 1);
    ck_assert_str_eq(lexdb_hits_get(hits, 0)->bulletin->path, "/corpus/b.txt");
    lexdb_hits_free(hits);
    lexdb_close(db);
    lex_bulletin_free(shrunk);
    lex_bulletin_free(other);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(uncommitted_changes_are_invisible)
{
    lex_bulletin_t *b = sample_bulletin("/corpus/a.txt");
    index_bulletin(b);
    lex_err_t err;
    lexdb_t *w;
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &w, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_begin(w, &err), LEXDB_OK);
    lex_bulletin_t *c = sample_bulletin("/corpus/c.txt");
    ck_assert_int_eq(lexdb_index_bulletin(w, c, c->path, &err), LEXDB_OK);
    lexdb_t *r = open_read();
    unsigned long count;
    ck_assert_int_eq(lexdb_item_count(r, &count, &err), LEXDB_OK);
    ck_assert_uint_eq(count, 3);
    lexdb_close(r);
    lexdb_close(w); /* closing without commit cancels the run */
    r = open_read();
    ck_assert_int_eq(lexdb_item_count(r, &count, &err), LEXDB_OK);
    ck_assert_uint_eq(count, 3);
    lexdb_close(r);
    lex_bulletin_free(c);
    lex_bulletin_free(b);
}
END_TEST

/* Loads a thesaurus of the given lines from a file in tmpdir. */
static lex_thesaurus_t *
thesaurus_of(const char *lines)
{
    char path[192];
    snprintf(path, sizeof path, "%s/thesaurus.tsv", tmpdir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(lines, f);
    fclose(f);
    lex_thesaurus_t *th = NULL;
    lex_err_t err;
    ck_assert_int_eq(lex_thesaurus_load(path, &th, &err), LEX_OK);
    return th;
}

/* A thesaurus phrase the tagger cannot read is a warning, in its own
   argument: LEXDB_OK, err untouched; a readable one warns of nothing. */
START_TEST(thesaurus_warning_is_not_an_error)
{
    lex_err_t err, warning;
    lexdb_t *w;
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &w, &err), LEXDB_OK);
    lex_thesaurus_t *odd = thesaurus_of("personal data\tpersonal information\n"
                                        "-\tx-\n");
    strcpy(err.msg, "untouched");
    ck_assert_int_eq(lexdb_set_thesaurus(w, odd, &warning, &err), LEXDB_OK);
    ck_assert_str_eq(err.msg, "untouched");
    ck_assert_ptr_nonnull(strstr(warning.msg, "'-' cannot be tagged"));
    lex_thesaurus_t *good =
        thesaurus_of("personal data\tpersonal information\n");
    ck_assert_int_eq(lexdb_set_thesaurus(w, good, &warning, &err), LEXDB_OK);
    ck_assert_str_eq(warning.msg, "");
    ck_assert_int_eq(lexdb_set_thesaurus(w, odd, NULL, &err), LEXDB_OK);
    lexdb_close(w);
    lex_thesaurus_free(good);
    lex_thesaurus_free(odd);
}
END_TEST

START_TEST(open_errors_map_to_statuses)
{
    lex_err_t err;
    lexdb_t *db, *db2;
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_READ, &db, &err),
                     LEXDB_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(err.msg, index_dir));
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &db, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &db2, &err),
                     LEXDB_LOCKED);
    ck_assert_ptr_null(db2);
    lexdb_close(db);
    /* A directory that holds no index is reported, not crashed on. */
    char junk[160];
    snprintf(junk, sizeof junk, "%s/junk", tmpdir);
    FILE *f = fopen(junk, "w");
    fputs("not an index", f);
    fclose(f);
    ck_assert_int_ne(lexdb_open(junk, LEXDB_READ, &db, &err), LEXDB_OK);
    ck_assert_ptr_nonnull(strstr(err.msg, junk));
}
END_TEST

/*
 * The life cycle's refusals and give-ups (lexdb_admin.c): a directory
 * holding something else is not written into, with the message
 * lexindex(1) quotes; an abandoned rebuild leaves no generation behind
 * and the live one live; a bulk build of no parts and a compaction
 * through a reader are refused.
 */
START_TEST(rebuild_abandon_and_refusals)
{
    lex_err_t err;
    lexdb_t *live, *fresh, *reader, *parts[1];
    char junk[160], want[512], gen2[200];
    snprintf(junk, sizeof junk, "%s/junk", tmpdir);
    ck_assert_int_eq(mkdir(junk, 0700), 0);
    snprintf(want, sizeof want, "%s/notes.txt", junk);
    FILE *f = fopen(want, "w");
    fputs("not an index", f);
    fclose(f);
    ck_assert_int_eq(lexdb_open(junk, LEXDB_WRITE, &live, &err), LEXDB_CORRUPT);
    snprintf(want, sizeof want,
             "%s: DatabaseOpeningError: not a lexsearch index (no "
             "XAPIANDB) and not empty; refusing to write into it",
             junk);
    ck_assert_str_eq(err.msg, want);

    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &live, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_rebuild_begin(live, &fresh, &err), LEXDB_OK);
    snprintf(gen2, sizeof gen2, "%s/gen-000002", index_dir);
    ck_assert_int_eq(access(gen2, F_OK), 0);
    lexdb_rebuild_abandon(fresh);
    ck_assert_int_ne(access(gen2, F_OK), 0);
    ck_assert_int_eq(lexdb_bulk_begin(live, 0, parts, &err), LEXDB_INVALID);
    snprintf(want, sizeof want, "%s: not open for writing", index_dir);
    ck_assert_str_eq(err.msg, want);
    lexdb_close(live);

    reader = open_read(); /* the live generation is still there */
    unsigned long long before, after;
    ck_assert_int_eq(lexdb_compact(reader, &before, &after, &err),
                     LEXDB_INVALID);
    ck_assert_str_eq(err.msg, want);
    lexdb_close(reader);
}
END_TEST

START_TEST(query_syntax_error_is_a_status)
{
    lex_bulletin_t *b;
    lexdb_t *db = sample_reader(&b);
    lex_err_t err;
    lexdb_hits_t *hits;
    /* An operator with nothing after it is refused before Xapian sees it. */
    lexdb_query_t q = {
        .query = "transfer AND", .limit = 10, .snippet_chars = 200};
    ck_assert_int_eq(lexdb_search(db, &q, &hits, &err), LEXDB_QUERY_SYNTAX);
    ck_assert_ptr_null(hits);
    ck_assert_str_eq(err.msg, "query 'transfer AND': 'AND' needs a word or "
                              "group after it at column 10");
    /* Forms no rule reads are refused at their column. */
    q.query = "transfer -OR";
    ck_assert_int_eq(lexdb_search(db, &q, &hits, &err), LEXDB_QUERY_SYNTAX);
    ck_assert_ptr_null(hits);
    ck_assert_str_eq(err.msg,
                     "query 'transfer -OR': cannot read 'OR' at column 11");
    lexdb_close(db);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(stats_count_items_bulletins_and_dates)
{
    lex_err_t err;
    lexdb_t *db;
    lexdb_stats_t s;
    /* A new index: no items, so no dates; generation 1, run 0. */
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &db, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_stats(db, &s, &err), LEXDB_OK);
    ck_assert_uint_eq(s.items, 0);
    ck_assert_uint_eq(s.bulletins, 0);
    ck_assert_str_eq(s.first_date, "");
    ck_assert_str_eq(s.last_date, "");
    ck_assert_uint_eq(s.generation, 1);
    ck_assert_uint_eq(s.last_run, 0);
    ck_assert_str_eq(s.last_run_time, "");
    lexdb_close(db);

    /* Two bulletins of three items each, in two runs, with their files'
       states recorded (each a bulletin). */
    lex_bulletin_t *a = sample_bulletin("/corpus/a.txt");
    lex_bulletin_t *b = sample_bulletin("/corpus/b.txt");
    index_bulletin(a);
    ck_assert_int_eq(lexdb_open(index_dir, LEXDB_WRITE, &db, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_begin(db, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_index_bulletin(db, b, b->path, &err), LEXDB_OK);
    lexdb_file_state_t state = {100, 1, 2, 3};
    ck_assert_int_eq(lexdb_set_file_state(db, a->path, &state, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_set_file_state(db, b->path, &state, &err), LEXDB_OK);
    ck_assert_int_eq(lexdb_commit(db, &err), LEXDB_OK);
    lexdb_close(db);
    db = open_read();
    ck_assert_int_eq(lexdb_stats(db, &s, &err), LEXDB_OK);
    ck_assert_uint_eq(s.items, 6);
    ck_assert_uint_eq(s.bulletins, 2);
    ck_assert_str_eq(s.first_date, "2023-03-01");
    ck_assert_str_eq(s.last_date, "2023-03-03");
    ck_assert_uint_eq(s.schema, LEXDB_SCHEMA_VERSION);
    ck_assert_uint_eq(s.generation, 1);
    ck_assert_uint_eq(s.last_run, 2);
    ck_assert_uint_eq(strlen(s.last_run_time), 20); /* YYYY-MM-DDThh:mm:ssZ */
    ck_assert_uint_gt(s.bytes, 0);
    lexdb_close(db);
    lex_bulletin_free(a);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(explain_gives_the_plan_or_the_refusal)
{
    lex_bulletin_t *b;
    lexdb_t *db = sample_reader(&b);
    lex_err_t err;
    char *text = NULL;
    lexdb_query_t q = {.query = "transfer pricing"};
    ck_assert_int_eq(lexdb_explain(db, &q, &text, &err), LEXDB_OK);
    ck_assert_ptr_nonnull(strstr(text, "\nterms:     price transfer\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nxapian:    Query("));
    free(text);
    /* Refused as a search is, with no text. */
    q.query = "transfer AND";
    ck_assert_int_eq(lexdb_explain(db, &q, &text, &err), LEXDB_QUERY_SYNTAX);
    ck_assert_ptr_null(text);
    ck_assert_str_eq(err.msg, "query 'transfer AND': 'AND' needs a word or "
                              "group after it at column 10");
    lexdb_close(db);
    lex_bulletin_free(b);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("lexdb",
          UNIT_TCASE("record", NULL, NULL, record_round_trip,
                     snippet_unmark_entities_and_spans),
          UNIT_TCASE("index", setup, teardown, search_ranks_and_snippets,
                     reindex_replaces_and_drops_stale_items,
                     long_running_reader_follows_rebuild_and_compaction,
                     uncommitted_changes_are_invisible,
                     open_errors_map_to_statuses, rebuild_abandon_and_refusals,
                     query_syntax_error_is_a_status,
                     thesaurus_warning_is_not_an_error,
                     stats_count_items_bulletins_and_dates,
                     explain_gives_the_plan_or_the_refusal))
