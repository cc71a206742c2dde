/*
 * lexbench.c - query latency of lexsearch, for tests/bench/run.
 *
 *   lexbench query INDEX QUERIES [REPEAT]
 *       In-process: opens the index once through lexdb.h, with the
 *       thesaurus and gazetteer, exactly as lexsearch does, then runs
 *       each query of column 1 of QUERIES for a top 10 with snippets
 *       (lexdb_search, limit 10, 200-character snippets), once untimed to
 *       warm up and then REPEAT (default 5) timed passes.  Printing is
 *       not timed.
 *   lexbench spawn QUERIES COLUMN REPEAT -- PROGRAM ARG...
 *       Per process: for each query of column COLUMN, REPEAT times, runs
 *       PROGRAM ARG... QUERY with output to /dev/null and times the whole
 *       process, start to exit.  Used for lexsearch and for the peers.
 *
 * Both print one line per query and the summary line
 * "summary samples=N p50=X p95=Y p99=Z" in milliseconds, then
 * "errors=N" (queries refused or processes that failed).
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "benchutil.h"
#include "lexdb.h"
#include "tag.h"
#include "thesaurus.h"

extern char **environ;

/* Loads the thesaurus as lexsearch does; NULL (with a warning) if absent. */
static lex_thesaurus_t *
load_thesaurus(void)
{
    lex_thesaurus_t *th = NULL;
    lex_err_t err;
    if (lex_thesaurus_load_default(&th, &err) != LEX_OK)
        fprintf(stderr, "lexbench: warning: %s\n", err.msg);
    return th;
}

/*
 * Runs one query for a top 10 with snippets; returns its time in ms and
 * stores the number of matches in *total (-1 after an error).
 */
static double
time_query(lexdb_t *db, const char *query, const lex_thesaurus_t *th,
           long *total)
{
    lexdb_query_t q = {.query = query,
                       .limit = 10,
                       .snippet_chars = 200,
                       .thesaurus = th,
                       .sort = LEXDB_SORT_RELEVANCE};
    lexdb_hits_t *hits = NULL;
    lex_err_t err;
    double start = bench_now();
    lexdb_status_t st = lexdb_search(db, &q, &hits, &err);
    double ms = (bench_now() - start) * 1000.0;
    if (st != LEXDB_OK) {
        fprintf(stderr, "lexbench: %s: %s\n", query, err.msg);
        *total = -1;
        return ms;
    }
    *total = (long)lexdb_hits_total(hits);
    lexdb_hits_free(hits);
    return ms;
}

/* The in-process mode; returns the exit status. */
static int
run_in_process(const char *index, const char *query_file, int repeat)
{
    char **queries;
    size_t n;
    if (bench_read_queries(query_file, 1, &queries, &n) != 0)
        return 2;
    lexdb_t *db;
    lex_err_t err;
    if (lexdb_open(index, LEXDB_READ, &db, &err) != LEXDB_OK) {
        fprintf(stderr, "lexbench: %s\n", err.msg);
        bench_free_queries(queries, n);
        return 2;
    }
    lex_thesaurus_t *th = load_thesaurus();
    lex_gazetteer_t *gz = NULL;
    if (lex_gazetteer_load_default(&gz, &err) != LEX_OK)
        fprintf(stderr, "lexbench: warning: %s\n", err.msg);
    lexdb_set_gazetteer(db, gz);

    double *all = calloc(n * (size_t)repeat, sizeof *all);
    double *mine = calloc((size_t)repeat, sizeof *mine);
    unsigned errors = 0;
    for (size_t i = 0; all && mine && i < n; i++) {
        long total;
        time_query(db, queries[i], th, &total); /* warm-up */
        for (int r = 0; r < repeat; r++)
            mine[r] = all[(size_t)r * n + i] =
                time_query(db, queries[i], th, &total);
        errors += total < 0;
        printf("query %zu hits %ld median_ms %.3f %s\n", i + 1, total,
               bench_percentile(mine, (size_t)repeat, 50), queries[i]);
    }
    if (all && mine)
        bench_print_summary(all, n * (size_t)repeat);
    printf("errors=%u\n", errors);
    free(all);
    free(mine);
    lexdb_close(db);
    lex_thesaurus_free(th);
    lex_gazetteer_free(gz);
    bench_free_queries(queries, n);
    return all && mine ? 0 : 2;
}

/*
 * Runs argv (NULL-terminated) with stdout and stderr to /dev/null and
 * returns its wall time in ms; *failed is set when it could not start or
 * exited with a status above 1 (1 is "no hits" for lexsearch).
 */
static double
time_process(char **argv, bool *failed)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int status = 0;
    double start = bench_now();
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    if (rc == 0)
        waitpid(pid, &status, 0);
    double ms = (bench_now() - start) * 1000.0;
    posix_spawn_file_actions_destroy(&fa);
    *failed = rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1;
    return ms;
}

/* The per-process mode; returns the exit status. */
static int
run_per_process(const char *query_file, int column, int repeat, int argc,
                char **argv)
{
    char **queries;
    size_t n;
    if (bench_read_queries(query_file, column, &queries, &n) != 0)
        return 2;
    char **args = calloc((size_t)argc + 2, sizeof *args);
    double *all = calloc(n * (size_t)repeat, sizeof *all);
    double *mine = calloc((size_t)repeat, sizeof *mine);
    unsigned errors = 0;
    if (args)
        memcpy(args, argv, (size_t)argc * sizeof *args);
    for (size_t i = 0; args && all && mine && i < n; i++) {
        bool failed = false, any = false;
        args[argc] = queries[i];
        for (int r = 0; r < repeat; r++) {
            mine[r] = all[(size_t)r * n + i] = time_process(args, &failed);
            any |= failed;
        }
        errors += any;
        printf("query %zu median_ms %.3f%s %s\n", i + 1,
               bench_percentile(mine, (size_t)repeat, 50), any ? " FAILED" : "",
               queries[i]);
    }
    int status = args && all && mine ? 0 : 2;
    if (!status)
        bench_print_summary(all, n * (size_t)repeat);
    printf("errors=%u\n", errors);
    free(args);
    free(all);
    free(mine);
    bench_free_queries(queries, n);
    return status;
}

/* Prints the usage text to stderr. */
static void
usage(void)
{
    fputs("usage: lexbench query INDEX QUERIES [REPEAT]\n"
          "       lexbench spawn QUERIES COLUMN REPEAT -- PROGRAM ARG...\n",
          stderr);
}

/* Chooses the mode from the command line. */
int
main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "query") && argc <= 5) {
        int repeat = argc == 5 ? bench_parse_repeat(argv[4]) : 5;
        if (repeat > 0)
            return run_in_process(argv[2], argv[3], repeat);
    } else if (argc >= 7 && !strcmp(argv[1], "spawn") &&
               !strcmp(argv[5], "--")) {
        int column = atoi(argv[3]), repeat = bench_parse_repeat(argv[4]);
        if (column >= 1 && column <= 3 && repeat > 0)
            return run_per_process(argv[2], column, repeat, argc - 6, argv + 6);
    }
    usage();
    return 2;
}
