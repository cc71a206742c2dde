/*
 * test_indexmeta.c - the index's metadata read as facts (indexmeta.c):
 * the schema check, what lexindex --check finds and how it reports it,
 * and the numbers of lexindex --stats.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "generations.h"
#include "indexmeta.h"
#include "record.h"
#include "unit_util.h"

/* An index written by this build, or never committed, is usable; one of
   another schema is refused with a message that says to rebuild. */
START_TEST(schema_versions)
{
    lex_err_t err;
    ck_assert_int_eq(lex_schema_check("", "ix", &err), LEXDB_OK);
    ck_assert_int_eq(lex_schema_check(LEX_SCHEMA_TEXT, "ix", &err), LEXDB_OK);
    ck_assert_str_eq(LEX_SCHEMA_TEXT, "7"); /* LEXDB_SCHEMA_VERSION */
    ck_assert_int_eq(lex_schema_check("6", "shard a/b", &err), LEXDB_VERSION);
    ck_assert_str_eq(err.msg, "shard a/b: index has schema version 6, this "
                              "program uses version 7; rebuild it with "
                              "lexindex --rebuild");
    ck_assert_int_eq(lex_schema_check("70", "ix", NULL), LEXDB_VERSION);
}
END_TEST

/* The report c prints for path, as a heap string. */
static char *
printed(const lex_check_t *c, const char *path)
{
    unit_capture_t cap;
    lex_check_print(c, path, unit_capture_open(&cap));
    return unit_capture_close(&cap);
}

/* The stored record of a one-item bulletin, in rec. */
static void
good_record(lex_buf_t *rec)
{
    lex_bulletin_t *b = lex_bulletin_new("a.txt");
    lex_item_t *it = lex_bulletin_add_item(b);
    it->headline = strdup("Rules published");
    it->body = strdup("The regulator published rules.");
    lex_record_encode(b, it, rec);
    lex_bulletin_free(b);
}

/* Every kind of problem is counted and reported once, each line under
   the index's path; Xapian's "checked OK" lines are left out. */
START_TEST(check_findings)
{
    lex_check_t c = LEX_CHECK_INIT;
    lex_check_note(&c, "postlist:\nblocks checked OK\n\n");
    lex_check_schema(&c, "6");
    lex_check_file_record(&c, "file:a.txt", "10 20 ab 2 a.txt");
    lex_check_file_record(&c, "file:b.txt", "10 20");
    lex_check_file_record(&c, "file:c.txt", "5 20 cd 1 c.txt");
    lex_buf_t rec = LEX_BUF_INIT;
    good_record(&rec);
    lex_check_item_record(&c, 1, rec.data, rec.len);
    lex_check_item_record(&c, 2, "junk", 4);
    lex_check_item_count(&c, 4);
    lex_buf_free(&rec);
    ck_assert_uint_eq(c.recorded, 3);
    ck_assert_uint_eq(c.problems, 4);
    char *text = printed(&c, "ix");
    const char *want = "ix: postlist:\n"
                       "ix: schema version is '6', expected 7\n"
                       "ix: unreadable file record file:b.txt\n"
                       "ix: item 2: ";
    ck_assert_msg(!strncmp(text, want, strlen(want)), "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "\nix: the index holds 4 items but its "
                                       "file records account for 3\n"));
    ck_assert_ptr_null(strstr(text, "checked OK"));
    free(text);
    lex_check_free(&c);
}
END_TEST

/* A sound index prints nothing, though Xapian narrated its check. */
START_TEST(sound_index_is_quiet)
{
    lex_check_t c = LEX_CHECK_INIT;
    lex_check_note(&c, "docdata:\nblocksize=8K items=0\n");
    lex_check_schema(&c, LEX_SCHEMA_TEXT);
    lex_check_file_record(&c, "file:a.txt", "10 20 ab 2 a.txt");
    lex_check_item_count(&c, 2);
    ck_assert_uint_eq(c.problems, 0);
    char *text = printed(&c, "ix");
    ck_assert_str_eq(text, "");
    free(text);
    lex_check_free(&c);
}
END_TEST

/* The numbers --stats shows from the metadata and the directory. */
START_TEST(stats_from_metadata)
{
    char dir[] = "/tmp/test_indexmeta.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/data", dir);
    FILE *f = fopen(path, "w");
    fputs("0123456789", f);
    fclose(f);
    lexdb_stats_t s;
    memset(&s, 0, sizeof s);
    lex_stats_from_meta(&s, dir, "7", "12", "2026-12-05T09:28:02Z");
    ck_assert_uint_eq(s.schema, 7);
    ck_assert_uint_eq(s.last_run, 12);
    ck_assert_str_eq(s.last_run_time, "2026-12-05T09:28:02Z");
    ck_assert_uint_eq(s.generation, 0); /* no stub: before generations */
    ck_assert_uint_eq(s.bytes, 10);
    lex_stats_from_meta(&s, dir, "", "", "");
    ck_assert_uint_eq(s.schema, 0);
    ck_assert_uint_eq(s.last_run, 0);
    ck_assert_str_eq(s.last_run_time, "");
    lex_remove_tree(dir);
}
END_TEST

/* The date range comes from the date values' bounds, and an index
   without items has none (its bounds are empty). */
START_TEST(stats_date_range)
{
    lexdb_stats_t s;
    memset(&s, 0, sizeof s);
    lex_stats_dates(&s, "20230105", 8, "20231200", 8);
    ck_assert_str_eq(s.first_date, "");
    s.items = 2;
    lex_stats_dates(&s, "20230105", 8, "20231200", 8);
    ck_assert_str_eq(s.first_date, "2023-01-05");
    ck_assert_str_eq(s.last_date, "2023-12");
}
END_TEST

/* The value stored under key in meta[0..n), or NULL. */
static const char *
meta_value(const lex_meta_t *meta, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(meta[i].key, key))
            return meta[i].value;
    return NULL;
}

/* A commit records the schema, the run and its time; the thesaurus id
   only for a fresh generation, or "" once an update mixed thesauri. */
START_TEST(commit_metadata)
{
    lex_meta_t m[LEX_COMMIT_META];
    size_t n = lex_commit_meta(42, false, false, "topics-a", "topics-b", m);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(meta_value(m, n, LEX_META_SCHEMA), LEX_SCHEMA_TEXT);
    ck_assert_str_eq(meta_value(m, n, LEX_META_LAST_RUN), "42");
    ck_assert_uint_eq(strlen(meta_value(m, n, LEX_META_LAST_RUN_TIME)), 20);
    ck_assert_ptr_null(meta_value(m, n, LEX_META_TOPICS));
    /* an update that wrote items tagged with the same thesaurus */
    n = lex_commit_meta(42, false, true, "topics-a", "topics-a", m);
    ck_assert_ptr_null(meta_value(m, n, LEX_META_TOPICS));
    /* ... with another one: groups are written out again */
    n = lex_commit_meta(42, false, true, "topics-a", "topics-b", m);
    ck_assert_str_eq(meta_value(m, n, LEX_META_TOPICS), "");
    /* a fresh generation holds only its own items */
    n = lex_commit_meta(42, true, true, "topics-a", "topics-b", m);
    ck_assert_uint_eq(n, LEX_COMMIT_META);
    ck_assert_str_eq(meta_value(m, n, LEX_META_TOPICS), "topics-b");
}
END_TEST

/* A writer is refused a set of shards, a reader a path without an index;
   a reader of a set of shards gets its stub. */
START_TEST(opening_modes)
{
    char dir[] = "/tmp/test_indexmeta.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    lex_err_t err;
    char *stub = (char *)"unset", path[64];
    snprintf(path, sizeof path, "%s/none", dir);
    ck_assert_int_eq(lex_index_opening(path, LEXDB_READ, &stub, &err),
                     LEXDB_NOT_FOUND);
    ck_assert_ptr_null(stub);
    ck_assert_str_eq(strstr(err.msg, ": no"), ": no index here; create it "
                                              "with lexindex");
    ck_assert_int_eq(lex_index_opening(path, LEXDB_WRITE, &stub, &err),
                     LEXDB_OK);
    ck_assert_int_eq(lex_index_opening(dir, LEXDB_READ, &stub, &err), LEXDB_OK);
    ck_assert_ptr_null(stub);
    snprintf(path, sizeof path, "%s/shards.stub", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("auto shard-1\n", f);
    fclose(f);
    ck_assert_int_eq(lex_index_opening(dir, LEXDB_WRITE, &stub, &err),
                     LEXDB_INVALID);
    ck_assert_ptr_null(stub);
    ck_assert_ptr_nonnull(strstr(err.msg, ": a set of shards; write to each"));
    ck_assert_int_eq(lex_index_opening(dir, LEXDB_READ, &stub, &err), LEXDB_OK);
    ck_assert_str_eq(stub, path);
    free(stub);
    lex_remove_tree(dir);
}
END_TEST

START_TEST(xapian_failures)
{
    lex_err_t err;
    struct {
        const char *type, *msg;
        lexdb_status_t st;
        const char *said;
    } cases[] = {
        {"DatabaseLockError", "Unable to get write lock: already locked",
         LEXDB_LOCKED, "ix: whole"},
        {"DatabaseLockError", "Unable to get write lock", LEXDB_IO,
         "ix: whole"},
        {"DatabaseCorruptError", "bad", LEXDB_CORRUPT, "ix: whole"},
        {"DatabaseNotFoundError", "none", LEXDB_NOT_FOUND, "ix: whole"},
        {"DatabaseVersionError", "old", LEXDB_VERSION, "ix: whole"},
        {"DatabaseOpeningError", "no", LEXDB_CORRUPT, "ix: whole"},
        {"DatabaseModifiedError", "moved", LEXDB_MODIFIED, "ix: whole"},
        {"DatabaseClosedError", "shut", LEXDB_IO, "ix: whole"},
        {"DatabaseError", "disk", LEXDB_IO, "ix: whole"},
        {"NetworkTimeoutError", "slow", LEXDB_SHARD_DOWN, "ix: whole"},
        {"NetworkError", "gone", LEXDB_SHARD_DOWN, "ix: whole"},
        {"QueryParserError", "col 3: bad", LEXDB_QUERY_SYNTAX,
         "ix: col 3: bad"},
        {"InvalidArgumentError", "odd", LEXDB_XAPIAN_ERROR, "ix: whole"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(lex_xapian_failure("ix", cases[i].type, cases[i].msg,
                                            "whole", &err),
                         cases[i].st);
        ck_assert_str_eq(err.msg, cases[i].said);
    }
    /* no message wanted */
    ck_assert_int_eq(
        lex_xapian_failure("ix", "DatabaseCorruptError", "m", "d", NULL),
        LEXDB_CORRUPT);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("indexmeta");
    TCase *tc = tcase_create("indexmeta");
    tcase_add_test(tc, schema_versions);
    tcase_add_test(tc, check_findings);
    tcase_add_test(tc, sound_index_is_quiet);
    tcase_add_test(tc, stats_from_metadata);
    tcase_add_test(tc, stats_date_range);
    tcase_add_test(tc, commit_metadata);
    tcase_add_test(tc, opening_modes);
    tcase_add_test(tc, xapian_failures);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
