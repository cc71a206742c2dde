/*
 * run.h - one lexindex run: walk, parse, write, commit.
 */
#ifndef LEX_RUN_H
#define LEX_RUN_H

#include <stdio.h>

#include "lexdb.h"

typedef enum { RUN_QUIET, RUN_NORMAL, RUN_VERBOSE } run_verbosity_t;

typedef struct {
    const char *index_dir;
    char *const *roots;
    size_t n_roots;
    run_verbosity_t verbosity;
    FILE *log; /* where per-file problems and the summary go */
} run_options_t;

typedef struct {
    size_t files;    /* bulletin files indexed */
    size_t items;    /* items written */
    size_t rejected; /* files (or paths) that could not be indexed */
    double seconds;
} run_stats_t;

/*
 * Indexes every bulletin under the roots into the index, in one
 * transaction.  Problems with single files are logged and counted in
 * stats->rejected; the return value is not LEXDB_OK only when the index
 * itself failed (nothing of this run is then committed).
 */
lexdb_status_t index_run(const run_options_t *opts, run_stats_t *stats,
                         lex_err_t *err);

#endif
