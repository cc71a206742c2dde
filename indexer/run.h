/*
 * run.h - one lexindex run: walk, compare with the index, parse, write.
 */
#ifndef LEX_RUN_H
#define LEX_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "lexdb.h"

typedef enum { RUN_QUIET, RUN_NORMAL, RUN_VERBOSE } run_verbosity_t;

/* Files indexed between two commits unless --batch says otherwise. */
#define RUN_DEFAULT_BATCH 500

/*
 * Files per commit of each thread of a bulk build unless --batch says
 * otherwise: small batches keep memory low and are faster too, since
 * Xapian sorts a small batch's postings much faster than a big one's.
 */
#define RUN_BULK_BATCH 40

/* At most this many threads index side by side (--jobs). */
#define RUN_MAX_JOBS 16

typedef struct {
    const char *index_dir;
    char *const *roots;
    size_t n_roots;
    run_verbosity_t verbosity;
    unsigned wait_seconds; /* how long to wait for another writer's lock */
    FILE *log;             /* where per-file problems and the summary go */
    bool progress;         /* draw a progress line on log (a terminal) */
    unsigned batch;        /* files per commit; 0 means RUN_DEFAULT_BATCH */
    bool rebuild;      /* build a new generation and swap it in; with no roots,
                          re-read every file the index records */
    unsigned jobs;     /* threads for a bulk build; 0 means one per CPU */
    unsigned shard;    /* with n_shards: index only this shard's files */
    unsigned n_shards; /* 0 for an index that is not a shard */
    const char *encoding; /* charset of plain text that is not UTF-8
                             (--encoding); NULL: detected */
} run_options_t;

typedef struct {
    size_t added;     /* files indexed for the first time */
    size_t changed;   /* files whose items were replaced */
    size_t removed;   /* files gone from disk whose items were removed */
    size_t unchanged; /* files passed over: same size, time or content */
    size_t rejected;  /* files (or paths) that could not be indexed */
    size_t items;     /* items written */
    double seconds;
} run_stats_t;

/*
 * Brings the index up to date with the bulletins under the roots: new
 * and changed files are (re)indexed, unchanged ones passed over, and
 * files that disappeared from under a root lose their items.  Changes
 * are committed in batches of whole files, so every commit is a
 * consistent index.  Problems with single files are logged and counted
 * in stats->rejected; the return value is not LEXDB_OK only when the
 * index itself failed (the uncommitted batch is then lost, nothing else).
 *
 * A rebuild, and a first run into an empty index, are bulk builds
 * instead: the files are shared among opts->jobs threads, each writing
 * a part of its own, and the parts are merged into a new generation that
 * is swapped in at the end, all at once.
 */
lexdb_status_t index_run(const run_options_t *opts, run_stats_t *stats,
                         lex_err_t *err);

#endif
