/*
 * benchutil.c - the corpus walk, query file, clock and percentiles shared
 * by the benchmark programs (see benchutil.h).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "benchutil.h"

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fileio.h"
#include "formats.h"

/* The bulletin paths found by the walk (nftw has no context pointer). */
static char **walk_paths;
static size_t walk_n, walk_cap;
static int walk_failed;

/* nftw callback: keeps the files lexindex would read. */
static int
collect_path(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type != FTW_F || !lex_is_bulletin_name(path))
        return 0;
    if (walk_n == walk_cap) {
        size_t cap = walk_cap ? 2 * walk_cap : 1024;
        char **p = realloc(walk_paths, cap * sizeof *p);
        if (!p) {
            walk_failed = 1;
            return 1;
        }
        walk_paths = p;
        walk_cap = cap;
    }
    walk_paths[walk_n] = strdup(path);
    if (!walk_paths[walk_n]) {
        walk_failed = 1;
        return 1;
    }
    walk_n++;
    return 0;
}

/* qsort comparison of two path strings. */
static int
compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Frees the walk's path list. */
static void
free_paths(void)
{
    for (size_t i = 0; i < walk_n; i++)
        free(walk_paths[i]);
    free(walk_paths);
    walk_paths = NULL;
    walk_n = walk_cap = 0;
}

/* Reads and parses one file and hands its items to fn; 1 if fn stopped. */
static int
parse_one(const char *path, bench_item_fn fn, void *ctx, bench_counts_t *c)
{
    char *data = NULL;
    size_t len = 0;
    lex_err_t err;
    lex_bulletin_t *b = NULL;
    if (lex_read_file(path, LEX_MAX_FILE_BYTES, &data, &len, &err) != LEX_OK ||
        lex_parse_any(path, data, len, NULL, &b, &err) != LEX_OK) {
        free(data);
        c->bad_files++;
        return 0;
    }
    c->files++;
    c->bytes += len;
    int stop = 0;
    for (size_t i = 0; i < b->n_items && !stop; i++) {
        c->items++;
        stop = fn(ctx, b, &b->items[i]);
    }
    lex_bulletin_free(b);
    free(data);
    return stop;
}

/* Parses every bulletin under dir and calls fn for each item. */
int
bench_each_item(const char *dir, bench_item_fn fn, void *ctx,
                bench_counts_t *counts)
{
    memset(counts, 0, sizeof *counts);
    walk_failed = 0;
    if (nftw(dir, collect_path, 32, FTW_PHYS) != 0 || walk_failed) {
        fprintf(stderr, "bench: %s: cannot walk the corpus\n", dir);
        free_paths();
        return -1;
    }
    qsort(walk_paths, walk_n, sizeof *walk_paths, compare_paths);
    int stop = 0;
    for (size_t i = 0; i < walk_n && !stop; i++)
        stop = parse_one(walk_paths[i], fn, ctx, counts);
    free_paths();
    return stop ? -1 : 0;
}

/* Seconds on the monotonic clock, for intervals. */
double
bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Appends a copy of s to the growing array *q; -1 when out of memory. */
static int
append_query(char ***q, size_t *n, size_t *cap, const char *s)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        char **p = realloc(*q, c * sizeof *p);
        if (!p)
            return -1;
        *q = p;
        *cap = c;
    }
    (*q)[*n] = strdup(s);
    if (!(*q)[*n])
        return -1;
    (*n)++;
    return 0;
}

/* Reads one column of the query file. */
int
bench_read_queries(const char *path, int column, char ***out, size_t *n)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t size = 0, cap = 0;
    int status = 0;
    *out = NULL;
    *n = 0;
    if (!f) {
        perror(path);
        return -1;
    }
    while (status == 0 && getline(&line, &size, f) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *col = line;
        for (int c = 1; c < column && col; c++) {
            col = strchr(col, '\t');
            col = col ? col + 1 : NULL;
        }
        if (!col) {
            fprintf(stderr, "%s: a line has no column %d\n", path, column);
            status = -1;
            break;
        }
        col[strcspn(col, "\t")] = '\0';
        if (append_query(out, n, &cap, col) != 0) {
            fprintf(stderr, "%s: out of memory\n", path);
            status = -1;
        }
    }
    free(line);
    fclose(f);
    if (status == 0 && *n == 0) {
        fprintf(stderr, "%s: no queries\n", path);
        status = -1;
    }
    return status;
}

/* Frees a query array (for the C++ peer, which does not see buf.h). */
void
bench_free_queries(char **q, size_t n)
{
    lex_strings_free(q, n);
}

/* qsort comparison of two doubles. */
static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of ms (sorted in place). */
double
bench_percentile(double *ms, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    qsort(ms, n, sizeof *ms, compare_doubles);
    size_t rank = (size_t)ceil(p / 100.0 * (double)n);
    return ms[rank ? rank - 1 : 0];
}

/* Prints the summary line tests/bench/run reads. */
void
bench_print_summary(double *ms, size_t n)
{
    printf("summary samples=%zu p50=%.3f p95=%.3f p99=%.3f\n", n,
           bench_percentile(ms, n, 50), bench_percentile(ms, n, 95),
           bench_percentile(ms, n, 99));
}

/* Parses a repeat count from the command line. */
int
bench_parse_repeat(const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || v < 1 || v > 1000)
        return -1;
    return (int)v;
}
