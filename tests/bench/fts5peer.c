/*
 * fts5peer.c - the SQLite FTS5 peer of tests/bench/run.  Benchmark code,
 * not part of lexsearch: it shows what a plain FTS5 table does with the
 * same items.
 *
 *   fts5peer build DB CORPUS
 *       Parses CORPUS with liblexparse's parsers (the items lexindex
 *       indexes) and inserts one row per item into a new FTS5 table
 *       items(headline, body) with tokenize='porter unicode61', in one
 *       transaction.  Prints "items N files F bytes B".
 *   fts5peer query DB QUERIES [REPEAT]
 *       Runs each query of column 3 of QUERIES (FTS5 syntax) for a top 10
 *       by bm25 with the headline weighted 3 (as lexindex weights it),
 *       with snippet(), once untimed and REPEAT (default 5) timed passes;
 *       prints one line per query and the summary line.
 *   fts5peer one DB QUERY
 *       One query, its top 10 printed: what a whole process costs.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"

#define TOP_SQL                                                                \
    "SELECT rowid, headline, snippet(items, 1, '[', ']', '...', 32), "         \
    "bm25(items, 3.0, 1.0) AS score FROM items WHERE items MATCH ?1 "          \
    "ORDER BY score LIMIT 10"

/* Prints the database's last error with a label; returns 2. */
static int
fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "fts5peer: %s: %s\n", what, sqlite3_errmsg(db));
    return 2;
}

/* Inserts one item: the corpus walk's callback. */
static int
insert_item(void *ctx, const lex_bulletin_t *b, const lex_item_t *it)
{
    (void)b;
    sqlite3_stmt *st = ctx;
    sqlite3_bind_text(st, 1, it->headline ? it->headline : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 2, it->body ? it->body : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : 1;
}

/* The build mode; returns the exit status. */
static int
build(const char *path, const char *corpus)
{
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    remove(path);
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return fail(db, path);
    int status = 0;
    if (sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE items USING fts5(headline, body, "
                     "tokenize='porter unicode61'); BEGIN",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO items(headline, body) VALUES (?1, ?2)",
                           -1, &st, NULL) != SQLITE_OK)
        status = fail(db, "create");
    bench_counts_t c;
    if (!status && bench_each_item(corpus, insert_item, st, &c) != 0)
        status = fail(db, "insert");
    sqlite3_finalize(st);
    if (!status && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        status = fail(db, "commit");
    sqlite3_close(db);
    if (!status)
        printf("items %lu files %lu bytes %llu\n", c.items, c.files, c.bytes);
    return status;
}

/*
 * Runs one query for its top 10 with snippets; returns the number of rows
 * (-1 on a syntax error) and, when out is not NULL, prints them.
 */
static long
top10(sqlite3_stmt *st, const char *query, FILE *out)
{
    long rows = 0;
    size_t bytes = 0;
    sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 1);
        const char *s = (const char *)sqlite3_column_text(st, 2);
        bytes += (h ? strlen(h) : 0) + (s ? strlen(s) : 0);
        if (out)
            fprintf(out, "%2ld. %s\n    %s\n", rows + 1, h ? h : "",
                    s ? s : "");
        rows++;
    }
    sqlite3_reset(st);
    (void)bytes;
    return rc == SQLITE_DONE ? rows : -1;
}

/* Opens the table read-only and prepares the top-10 statement. */
static int
open_query(const char *path, sqlite3 **db, sqlite3_stmt **st)
{
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(*db, TOP_SQL, -1, st, NULL) != SQLITE_OK)
        return fail(*db, path);
    return 0;
}

/* The timed query mode; returns the exit status. */
static int
query_all(const char *path, const char *query_file, int repeat)
{
    char **queries;
    size_t n;
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    if (bench_read_queries(query_file, 3, &queries, &n) != 0)
        return 2;
    int status = open_query(path, &db, &st);
    double *all = calloc(n * (size_t)repeat, sizeof *all);
    double *mine = calloc((size_t)repeat, sizeof *mine);
    unsigned errors = 0;
    for (size_t i = 0; !status && all && mine && i < n; i++) {
        top10(st, queries[i], NULL); /* warm-up */
        long rows = 0;
        for (int r = 0; r < repeat; r++) {
            double t0 = bench_now();
            rows = top10(st, queries[i], NULL);
            mine[r] = all[(size_t)r * n + i] = (bench_now() - t0) * 1000.0;
        }
        errors += rows < 0;
        printf("query %zu rows %ld median_ms %.3f %s\n", i + 1, rows,
               bench_percentile(mine, (size_t)repeat, 50), queries[i]);
    }
    if (!status && all && mine) {
        bench_print_summary(all, n * (size_t)repeat);
        printf("errors=%u\n", errors);
    }
    free(all);
    free(mine);
    sqlite3_finalize(st);
    sqlite3_close(db);
    bench_free_queries(queries, n);
    return status;
}

/* The one-query mode; returns the exit status. */
static int
query_one(const char *path, const char *query)
{
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    int status = open_query(path, &db, &st);
    if (!status && top10(st, query, stdout) < 0)
        status = fail(db, query);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return status;
}

/* Chooses the mode from the command line. */
int
main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "build"))
        return build(argv[2], argv[3]);
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "query")) {
        int repeat = argc == 5 ? bench_parse_repeat(argv[4]) : 5;
        if (repeat > 0)
            return query_all(argv[2], argv[3], repeat);
    }
    if (argc == 4 && !strcmp(argv[1], "one"))
        return query_one(argv[2], argv[3]);
    fputs("usage: fts5peer build DB CORPUS | query DB QUERIES [REPEAT] | "
          "one DB QUERY\n",
          stderr);
    return 2;
}
