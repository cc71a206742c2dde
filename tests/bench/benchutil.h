/*
 * benchutil.h - what the benchmark programs of tests/bench share: the
 * corpus walk that gives every program exactly the same items (parsed by
 * lexcommon's parsers, as lexindex parses them), the query file, a
 * monotonic clock and latency percentiles.
 *
 * Used by lexbench.c and fts5peer.c (C) and by xapianpeer.cc (C++, the
 * bare Xapian peer), so the header is C with C linkage.
 */
#ifndef LEX_BENCHUTIL_H
#define LEX_BENCHUTIL_H

#include <stddef.h>

#include "bulletin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called for each item; return 0 to go on, anything else to stop. */
typedef int (*bench_item_fn)(void *ctx, const lex_bulletin_t *b,
                             const lex_item_t *it);

/* What a corpus walk saw. */
typedef struct {
    unsigned long files, items, bad_files;
    unsigned long long bytes;
} bench_counts_t;

/*
 * Parses every bulletin file under dir, in path order, and calls fn for
 * each item.  Files that do not parse are counted and skipped, as
 * lexindex skips them.  Returns 0, or -1 after a message on stderr.
 */
int bench_each_item(const char *dir, bench_item_fn fn, void *ctx,
                    bench_counts_t *counts);

/* Seconds on the monotonic clock. */
double bench_now(void);

/*
 * Reads column (1-3) of the TAB-separated query file: *out is a
 * malloc'd array of malloc'd strings.  Returns 0, or -1 after a message.
 */
int bench_read_queries(const char *path, int column, char ***out, size_t *n);

/* Frees what bench_read_queries returned. */
void bench_free_queries(char **q, size_t n);

/* Sorts ms[0..n) and returns its p-th percentile (nearest rank). */
double bench_percentile(double *ms, size_t n, double p);

/*
 * Prints the latency summary line that tests/bench/run reads:
 * "summary samples=N p50=X p95=Y p99=Z" (milliseconds).  Sorts ms.
 */
void bench_print_summary(double *ms, size_t n);

/* Parses a repeat count (1 to 1000); -1 if arg is not one. */
int bench_parse_repeat(const char *arg);

#ifdef __cplusplus
}
#endif

#endif
