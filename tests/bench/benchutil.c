/*
 * benchutil.c - the query file, clock and percentiles shared by the
 * benchmark programs (see benchutil.h); the corpus walk, which needs the
 * file parsers, is in benchwalk.c, so that lexbench loads none of their
 * libraries.
 */
#include "benchutil.h"

#include "buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
