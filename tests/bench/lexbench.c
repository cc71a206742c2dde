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
 *   lexbench pair QUERIES REPEAT -- PROGRAM_A ARG... :: PROGRAM_B ARG...
 *       Two programs per process, in the same moments: for each query
 *       and each repeat, runs A on the query of column 1 and B on that
 *       of column 2, timed as spawn times them, the order swapped from
 *       one repeat to the next and from one query to the next (so each
 *       runs first half the time, even with an odd REPEAT).
 *       A ratio of two programs timed minutes apart on a shared VM says
 *       as much about the VM's drift as about the programs; run
 *       alternately, both see the same machine.  "::" separates the two
 *       command lines, as lexsearch's own takes "--" before the query.
 *
 * Each prints one line per query and the summary line
 * "summary samples=N p50=X p95=Y p99=Z" in milliseconds, then
 * "errors=N" (queries refused or processes that failed); pair prints
 * that report for A after a line "program A PROGRAM_A", then for B
 * after "program B PROGRAM_B".
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

/*
 * One program timed in whole processes: its command line (the query goes
 * in the last slot), the queries of its column and every sample.
 */
typedef struct {
    char **args;     /* PROGRAM ARG... QUERY, NULL-terminated */
    int argc;        /* the slot of the query in args */
    char **queries;  /* the column's queries */
    size_t n;        /* how many */
    int repeat;      /* processes per query */
    double *ms;      /* ms[r * n + i]: repeat r of query i */
    bool *failed;    /* failed[i]: a process of query i failed */
    double *scratch; /* one query's samples, for its median */
} spawned_t;

/* Frees what spawned_init allocated (safe on a partial init). */
static void
spawned_free(spawned_t *s)
{
    free(s->args);
    free(s->ms);
    free(s->failed);
    free(s->scratch);
    bench_free_queries(s->queries, s->n);
}

/*
 * Reads column COLUMN of the query file and prepares to run argv (argc
 * words) REPEAT times per query.  Returns 0, or 2 after a message.
 */
static int
spawned_init(spawned_t *s, const char *query_file, int column, int repeat,
             int argc, char **argv)
{
    memset(s, 0, sizeof *s);
    if (bench_read_queries(query_file, column, &s->queries, &s->n) != 0)
        return 2;
    s->argc = argc;
    s->repeat = repeat;
    s->args = calloc((size_t)argc + 2, sizeof *s->args);
    s->ms = calloc(s->n * (size_t)repeat, sizeof *s->ms);
    s->failed = calloc(s->n, sizeof *s->failed);
    s->scratch = calloc((size_t)repeat, sizeof *s->scratch);
    if (!s->args || !s->ms || !s->failed || !s->scratch) {
        fputs("lexbench: out of memory\n", stderr);
        return 2;
    }
    memcpy(s->args, argv, (size_t)argc * sizeof *s->args);
    return 0;
}

/* Runs the program once on query i, as repeat r, and keeps its time. */
static void
spawned_run(spawned_t *s, size_t i, int r)
{
    bool failed = false;
    s->args[s->argc] = s->queries[i];
    s->ms[(size_t)r * s->n + i] = time_process(s->args, &failed);
    s->failed[i] |= failed;
}

/*
 * Prints the program's report: one line per query (median of its
 * repeats), the summary line and the error count.  Sorts s->ms, so it
 * comes last.
 */
static void
spawned_report(spawned_t *s)
{
    unsigned errors = 0;
    for (size_t i = 0; i < s->n; i++) {
        for (int r = 0; r < s->repeat; r++)
            s->scratch[r] = s->ms[(size_t)r * s->n + i];
        errors += s->failed[i];
        printf("query %zu median_ms %.3f%s %s\n", i + 1,
               bench_percentile(s->scratch, (size_t)s->repeat, 50),
               s->failed[i] ? " FAILED" : "", s->queries[i]);
    }
    bench_print_summary(s->ms, s->n * (size_t)s->repeat);
    printf("errors=%u\n", errors);
}

/* The per-process mode; returns the exit status. */
static int
run_per_process(const char *query_file, int column, int repeat, int argc,
                char **argv)
{
    spawned_t s;
    int status = spawned_init(&s, query_file, column, repeat, argc, argv);
    for (size_t i = 0; !status && i < s.n; i++)
        for (int r = 0; r < repeat; r++)
            spawned_run(&s, i, r);
    if (!status)
        spawned_report(&s);
    spawned_free(&s);
    return status;
}

/*
 * The pair mode; returns the exit status.  For each query and each
 * repeat it runs A then B, or B then A when query index plus repeat is
 * odd, so that both meet the machine in the same state (a shared VM's
 * speed drifts over minutes) and each runs second, on caches the other
 * warmed, as often as the other: with the order swapped by repeat
 * alone, an odd REPEAT gave A the first place more often.
 * Then prints A's report and B's, each after a "program A|B PROGRAM" line.
 */
static int
run_pair(const char *query_file, int repeat, int argc_a, char **argv_a,
         int argc_b, char **argv_b)
{
    spawned_t a, b;
    int status = spawned_init(&a, query_file, 1, repeat, argc_a, argv_a);
    if (!status)
        status = spawned_init(&b, query_file, 2, repeat, argc_b, argv_b);
    else
        memset(&b, 0, sizeof b);
    for (size_t i = 0; !status && i < a.n; i++) {
        for (int r = 0; r < repeat; r++) {
            bool b_first = (i + (size_t)r) % 2;
            spawned_t *first = b_first ? &b : &a, *second = b_first ? &a : &b;
            spawned_run(first, i, r);
            spawned_run(second, i, r);
        }
    }
    if (!status) {
        printf("program A %s\n", argv_a[0]);
        spawned_report(&a);
        printf("program B %s\n", argv_b[0]);
        spawned_report(&b);
    }
    spawned_free(&a);
    spawned_free(&b);
    return status;
}

/*
 * Parses "pair QUERIES REPEAT -- A ARG... :: B ARG..." (argv from the
 * mode on) and runs it; -1 when the command line is not one.
 */
static int
parse_pair(int argc, char **argv)
{
    if (argc < 7 || strcmp(argv[3], "--") != 0)
        return -1;
    int repeat = bench_parse_repeat(argv[2]);
    int sep = 4;
    while (sep < argc && strcmp(argv[sep], "::") != 0)
        sep++;
    if (repeat < 1 || sep == 4 || sep + 1 >= argc)
        return -1; /* no "::", or a program missing on one side */
    return run_pair(argv[1], repeat, sep - 4, argv + 4, argc - sep - 1,
                    argv + sep + 1);
}

/* Prints the usage text to stderr. */
static void
usage(void)
{
    fputs("usage: lexbench query INDEX QUERIES [REPEAT]\n"
          "       lexbench spawn QUERIES COLUMN REPEAT -- PROGRAM ARG...\n"
          "       lexbench pair QUERIES REPEAT -- PROGRAM_A ARG... :: "
          "PROGRAM_B ARG...\n",
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
    } else if (argc >= 2 && !strcmp(argv[1], "pair")) {
        int status = parse_pair(argc - 1, argv + 1);
        if (status >= 0)
            return status;
    }
    usage();
    return 2;
}
