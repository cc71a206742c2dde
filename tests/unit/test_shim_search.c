/*
 * test_shim_search.c - when lexdb_search (common/shim/lexdb_search.c)
 * tries a search again, and what it returns, driven without Xapian: the
 * test gives the Xapian steps it calls (lexdb_steps.h) as fakes that
 * answer a scripted status per try and count what was reopened.
 * tests/CMakeLists.txt compiles lexdb_search.c into this test.
 */
#include <check.h>
#include <string.h>

#include "hits.h"
#include "lexdb_steps.h"
#include "unit_cases.h"
#include "unit_util.h"

/* The script: the status of each try (the last one repeats), and what
   the fakes were asked to do. */
static struct {
    lexdb_status_t tries[8];
    size_t n_tries;
    int searches, reopens, reader_reopens, shard_reopens;
    lexdb_status_t shards_answer; /* of lexdb_open_shards */
} fake;

static lexdb_t db;

/* A reader of a plain index at a path that holds none (generation 0):
   only its C state, which is all lexdb_search reads. */
static void
setup(void)
{
    memset(&fake, 0, sizeof fake);
    memset(&db, 0, sizeof db);
    db.c.path = "/nonexistent/idx";
    db.c.mode = LEXDB_READ;
}

/* Plays the scripted status of this try; a failure says so in err. */
lexdb_status_t
lexdb_step_search(lexdb_t *d, const lexdb_query_t *q, lexdb_hits_t *out,
                  lex_buf_t *plan, lex_err_t *err)
{
    (void)d;
    (void)q;
    (void)out;
    (void)plan;
    size_t i = (size_t)fake.searches++;
    lexdb_status_t st = fake.tries[i < fake.n_tries ? i : fake.n_tries - 1];
    if (st != LEXDB_OK)
        lex_err_set(err, LEX_EINDEX, "failure %d", fake.searches);
    return st;
}

lexdb_status_t
lexdb_step_reopen(lexdb_t *d, lex_err_t *err)
{
    (void)d;
    (void)err;
    fake.reopens++;
    return LEXDB_OK;
}

lexdb_status_t
lexdb_reopen_reader(lexdb_t *d, lex_err_t *err)
{
    (void)d;
    (void)err;
    fake.reader_reopens++;
    return LEXDB_OK;
}

lexdb_status_t
lexdb_open_shards(lexdb_t *d, const char *stub, lex_err_t *err)
{
    (void)d;
    (void)stub;
    fake.shard_reopens++;
    if (fake.shards_answer != LEXDB_OK)
        lex_err_set(err, LEX_EINDEX, "shard b down");
    return fake.shards_answer;
}

/* Runs lexdb_search with the script of n statuses; err gets its message,
 *hits its hits (freed here when NULL is passed). */
static lexdb_status_t
search(const lexdb_status_t *tries, size_t n, lex_err_t *err,
       lexdb_hits_t **hits)
{
    memcpy(fake.tries, tries, n * sizeof *tries);
    fake.n_tries = n;
    lexdb_query_t q = {0};
    q.query = "data";
    lexdb_hits_t *got;
    lexdb_status_t st = lexdb_search(&db, &q, &got, err);
    if (hits)
        *hits = got;
    else
        lexdb_hits_free(got);
    return st;
}

START_TEST(modified_is_retried_after_a_reopen)
{
    lexdb_status_t t[] = {LEXDB_MODIFIED, LEXDB_MODIFIED, LEXDB_OK};
    lex_err_t err;
    ck_assert_int_eq(search(t, 3, &err, NULL), LEXDB_OK);
    ck_assert_int_eq(fake.searches, 3);
    ck_assert_int_eq(fake.reopens, 2);
    ck_assert_int_eq(fake.reader_reopens, 0);
}
END_TEST

START_TEST(modified_gives_up_after_the_retries)
{
    lexdb_status_t t[] = {LEXDB_MODIFIED};
    lex_err_t err;
    ck_assert_int_eq(search(t, 1, &err, NULL), LEXDB_MODIFIED);
    ck_assert_int_eq(fake.searches, LEXDB_RETRIES);
    ck_assert_str_eq(err.msg, "failure 5");
}
END_TEST

START_TEST(a_lost_generation_is_reopened_once)
{
    lexdb_status_t t[] = {LEXDB_NOT_FOUND, LEXDB_OK};
    lex_err_t err;
    ck_assert_int_eq(search(t, 2, &err, NULL), LEXDB_OK);
    ck_assert_int_eq(fake.reader_reopens, 1);
    setup();
    lexdb_status_t io[] = {LEXDB_IO};
    ck_assert_int_eq(search(io, 1, &err, NULL), LEXDB_IO);
    ck_assert_int_eq(fake.searches, 2);
    ck_assert_int_eq(fake.reader_reopens, 1);
    ck_assert_str_eq(err.msg, "/nonexistent/idx: failure 2");
}
END_TEST

START_TEST(a_writer_is_not_reopened)
{
    db.c.mode = LEXDB_WRITE;
    lexdb_status_t t[] = {LEXDB_CORRUPT, LEXDB_OK};
    lex_err_t err;
    ck_assert_int_eq(search(t, 2, &err, NULL), LEXDB_CORRUPT);
    ck_assert_int_eq(fake.searches, 1);
    ck_assert_int_eq(fake.reader_reopens, 0);
    ck_assert_str_eq(err.msg, "/nonexistent/idx: failure 1");
}
END_TEST

START_TEST(a_swapped_generation_is_followed_first)
{
    db.c.generation = 3; /* no longer live: the path holds none */
    lexdb_status_t t[] = {LEXDB_OK};
    lex_err_t err;
    ck_assert_int_eq(search(t, 1, &err, NULL), LEXDB_OK);
    ck_assert_int_eq(fake.reader_reopens, 1);
    ck_assert_int_eq(fake.searches, 1);
}
END_TEST

START_TEST(a_shard_down_reopens_the_stub_once)
{
    char stub[] = "/nonexistent/shards.stub";
    db.c.stub = stub;
    lexdb_status_t t[] = {LEXDB_SHARD_DOWN, LEXDB_OK};
    lex_err_t err;
    ck_assert_int_eq(search(t, 2, &err, NULL), LEXDB_OK);
    ck_assert_int_eq(fake.shard_reopens, 1);
    /* the shard is still down: its open names it */
    setup();
    db.c.stub = stub;
    fake.shards_answer = LEXDB_SHARD_DOWN;
    lexdb_status_t down[] = {LEXDB_SHARD_DOWN};
    ck_assert_int_eq(search(down, 1, &err, NULL), LEXDB_SHARD_DOWN);
    ck_assert_int_eq(fake.searches, 1);
    ck_assert_str_eq(err.msg, "shard b down");
    /* a plain index has no shards to reopen */
    setup();
    ck_assert_int_eq(search(down, 1, &err, NULL), LEXDB_SHARD_DOWN);
    ck_assert_int_eq(fake.shard_reopens, 0);
}
END_TEST

START_TEST(a_refused_query_is_neither_retried_nor_prefixed)
{
    lexdb_status_t t[] = {LEXDB_QUERY_SYNTAX, LEXDB_OK};
    lex_err_t err;
    lexdb_hits_t *hits = NULL;
    ck_assert_int_eq(search(t, 2, &err, &hits), LEXDB_QUERY_SYNTAX);
    ck_assert_ptr_null(hits);
    ck_assert_int_eq(fake.searches, 1);
    ck_assert_str_eq(err.msg, "failure 1");
}
END_TEST

START_TEST(notices_go_with_the_hits)
{
    char *notices[] = {"shard a: down; results are from the other shards",
                       "shard c: down; results are from the other shards"};
    db.c.notices = notices;
    db.c.n_notices = 2;
    lexdb_status_t t[] = {LEXDB_OK};
    lex_err_t err;
    lexdb_hits_t *hits;
    ck_assert_int_eq(search(t, 1, &err, &hits), LEXDB_OK);
    const char *const *got;
    ck_assert_uint_eq(lexdb_hits_notices(hits, &got), 2);
    ck_assert_str_eq(got[0], notices[0]);
    ck_assert_str_eq(got[1], notices[1]);
    lexdb_hits_free(hits);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("shim_search",
          UNIT_TCASE("retries", setup, NULL, modified_is_retried_after_a_reopen,
                     modified_gives_up_after_the_retries,
                     a_lost_generation_is_reopened_once,
                     a_writer_is_not_reopened,
                     a_swapped_generation_is_followed_first,
                     a_shard_down_reopens_the_stub_once,
                     a_refused_query_is_neither_retried_nor_prefixed,
                     notices_go_with_the_hits))
