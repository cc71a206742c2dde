/*
 * run.c - a lexindex run: every file parsed, every item written, one commit.
 *
 * Per-file problems never stop the run: the file is reported as
 * "lexindex: path[:line]: reason", counted as rejected, and whatever an
 * earlier run stored for it is left untouched.  Only a failure of the
 * index itself aborts, and then nothing of the run is committed.
 */
#include "run.h"

#include <stdlib.h>
#include <time.h>

#include "fileio.h"
#include "formats.h"
#include "walk.h"

typedef struct {
    const run_options_t *opts;
    run_stats_t *stats;
} run_ctx_t;

/* Seconds since an arbitrary start, for the summary line. */
static double
now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Logs a per-file problem and counts the file as rejected. */
static void
reject(void *ctx, const char *message)
{
    run_ctx_t *run = ctx;
    fprintf(run->opts->log, "lexindex: %s\n", message);
    run->stats->rejected++;
}

/* Reads and parses one file; NULL (after reporting) when it is rejected. */
static lex_bulletin_t *
load_bulletin(run_ctx_t *run, const char *path)
{
    char *data;
    size_t len;
    lex_err_t err;
    lex_bulletin_t *b = NULL;
    lex_status_t st =
        lex_read_file(path, LEX_MAX_FILE_BYTES, &data, &len, &err);
    if (st == LEX_OK) {
        st = lex_parse_any(path, data, len, &b, &err);
        free(data);
    }
    if (st != LEX_OK) {
        reject(run, err.msg);
        return NULL;
    }
    return b;
}

/*
 * Gives the bulletin its canonical file name (the absolute path), which
 * is also its key in the index; false when the file vanished meanwhile.
 */
static bool
canonicalise(run_ctx_t *run, lex_bulletin_t *b, const char *path)
{
    char *abs = realpath(path, NULL);
    if (!abs) {
        lex_err_t err;
        lex_err_set(&err, LEX_EIO, "%s: file vanished while indexing", path);
        reject(run, err.msg);
        return false;
    }
    free(b->path);
    b->path = abs;
    return true;
}

/* Indexes one file; returns non-OK only for failures of the index. */
static lexdb_status_t
index_file(run_ctx_t *run, lexdb_t *db, const char *path, lex_err_t *err)
{
    lex_bulletin_t *b = load_bulletin(run, path);
    if (!b || !canonicalise(run, b, path)) {
        lex_bulletin_free(b);
        return LEXDB_OK;
    }
    lexdb_status_t st = lexdb_index_bulletin(db, b, b->path, err);
    if (st == LEXDB_OK) {
        run->stats->files++;
        run->stats->items += b->n_items;
        if (run->opts->verbosity == RUN_VERBOSE)
            fprintf(run->opts->log, "lexindex: %s: %zu items\n", path,
                    b->n_items);
    }
    lex_bulletin_free(b);
    return st;
}

/* Walks the roots and indexes what was found, inside one transaction. */
static lexdb_status_t
index_all(run_ctx_t *run, lexdb_t *db, lex_err_t *err)
{
    walk_list_t files = {0};
    lex_status_t wst = walk_roots(run->opts->roots, run->opts->n_roots, &files,
                                  reject, run, err);
    if (wst != LEX_OK)
        return LEXDB_NOMEM;
    lexdb_status_t st = lexdb_begin(db, err);
    for (size_t i = 0; i < files.n && st == LEXDB_OK; i++)
        st = index_file(run, db, files.paths[i], err);
    if (st == LEXDB_OK)
        st = lexdb_commit(db, err);
    walk_list_free(&files);
    return st;
}

/* Runs one complete indexing pass. */
lexdb_status_t
index_run(const run_options_t *opts, run_stats_t *stats, lex_err_t *err)
{
    run_ctx_t run = {opts, stats};
    double start = now_seconds();
    *stats = (run_stats_t){0};
    lexdb_t *db;
    lexdb_status_t st = lexdb_open(opts->index_dir, LEXDB_WRITE, &db, err);
    if (st != LEXDB_OK)
        return st;
    st = index_all(&run, db, err);
    lexdb_close(db);
    stats->seconds = now_seconds() - start;
    return st;
}
