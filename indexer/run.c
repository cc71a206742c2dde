/*
 * run.c - an incremental lexindex run.
 *
 * For each bulletin file found under the roots, the index's record of
 * the file (size, mtime, content hash) decides whether it is new,
 * changed or unchanged; only new and changed files are parsed.  Files
 * the index holds under a root that the walk no longer finds are
 * removed, so a renamed file moves rather than doubles.  A root that
 * does not exist removes nothing: an unmounted disk must not empty the
 * index.
 *
 * Per-file problems never stop the run: the file is reported as
 * "lexindex: path[:line]: reason", counted as rejected, and what an
 * earlier run stored for it is left untouched.
 */
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "formats.h"
#include "hash.h"
#include "shards.h"
#include "tag.h"
#include "walk.h"

typedef struct {
    const run_options_t *opts;
    run_stats_t *stats;
    lexdb_t *db;
    walk_list_t seen;   /* keys of every file the walk found, sorted later */
    walk_list_t prefix; /* canonical roots that exist, for removals */
    size_t pending;     /* files written since the last commit */
    lex_gazetteer_t *gazetteer; /* NULL when it could not be loaded */
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

/* Logs a line when --verbose is on. */
static void
verbose(run_ctx_t *run, const char *path, const char *what)
{
    if (run->opts->verbosity == RUN_VERBOSE)
        fprintf(run->opts->log, "lexindex: %s: %s\n", path, what);
}

/* Parses a file's bytes and writes its items (a parse failure is a rejection).
 */
static lexdb_status_t
write_bulletin(run_ctx_t *run, const char *path, const char *key,
               const char *data, size_t len, lexdb_file_state_t *state,
               lex_err_t *err)
{
    lex_bulletin_t *b;
    lex_err_t perr;
    if (lex_parse_any(path, data, len, &b, &perr) != LEX_OK) {
        reject(run, perr.msg);
        return LEXDB_OK;
    }
    free(b->path);
    b->path = strdup(key);
    if (!b->path || (run->gazetteer &&
                     lex_tag_bulletin(run->gazetteer, b, &perr) != LEX_OK)) {
        lex_bulletin_free(b);
        return LEXDB_NOMEM;
    }
    lexdb_status_t st = lexdb_index_bulletin(run->db, b, key, err);
    state->items = b->n_items;
    if (st == LEXDB_OK)
        st = lexdb_set_file_state(run->db, key, state, err);
    if (st == LEXDB_OK)
        run->stats->items += b->n_items;
    lex_bulletin_free(b);
    return st;
}

/* Commits the current batch once it is large enough. */
static lexdb_status_t
maybe_commit(run_ctx_t *run, lex_err_t *err)
{
    unsigned batch = run->opts->batch ? run->opts->batch : RUN_DEFAULT_BATCH;
    if (++run->pending < batch)
        return LEXDB_OK;
    run->pending = 0;
    lexdb_status_t st = lexdb_commit(run->db, err);
    return st == LEXDB_OK ? lexdb_begin(run->db, err) : st;
}

/*
 * Brings one file up to date: passes over it when unchanged, otherwise
 * parses and (re)indexes it.  Returns non-OK only for index failures.
 */
static lexdb_status_t
update_file(run_ctx_t *run, const char *path, lex_err_t *err)
{
    char *key = realpath(path, NULL);
    struct stat sb;
    if (key && run->opts->n_shards &&
        shard_of(key, run->opts->n_shards) != run->opts->shard) {
        free(key); /* another shard's file */
        return LEXDB_OK;
    }
    if (!key || stat(key, &sb) != 0) {
        lex_err_t e;
        lex_err_set(&e, LEX_EIO, "%s: file vanished while indexing", path);
        reject(run, e.msg);
        free(key);
        return LEXDB_OK;
    }
    lexdb_file_state_t old,
        now = {(unsigned long long)sb.st_size,
               (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec,
               0, 0};
    bool known;
    lexdb_status_t st = lexdb_file_state(run->db, key, &old, &known, err);
    if (st != LEXDB_OK || !walk_list_push(&run->seen, key)) {
        free(key);
        return st != LEXDB_OK ? st : LEXDB_NOMEM;
    }
    if (known && old.size == now.size && old.mtime_ns == now.mtime_ns) {
        run->stats->unchanged++;
        free(key);
        return LEXDB_OK;
    }
    char *data;
    size_t len;
    lex_err_t rerr;
    if (lex_read_file(path, LEX_MAX_FILE_BYTES, &data, &len, &rerr) != LEX_OK) {
        reject(run, rerr.msg);
        free(key);
        return LEXDB_OK;
    }
    now.hash = lex_hash64(data, len);
    if (known && old.hash == now.hash) {
        /* Touched but not changed: remember the new time, parse nothing. */
        now.items = old.items;
        st = lexdb_set_file_state(run->db, key, &now, err);
        run->stats->unchanged++;
    } else {
        size_t rejected = run->stats->rejected;
        st = write_bulletin(run, path, key, data, len, &now, err);
        if (st == LEXDB_OK && run->stats->rejected == rejected) {
            known ? run->stats->changed++ : run->stats->added++;
            verbose(run, key, known ? "changed" : "added");
            st = maybe_commit(run, err);
        }
    }
    free(data);
    free(key);
    return st;
}

/* qsort/bsearch comparison of C strings held in an array. */
static int
compare_keys(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True when key is a root itself or lies in a directory root. */
static bool
under_a_root(const run_ctx_t *run, const char *key)
{
    for (size_t i = 0; i < run->prefix.n; i++) {
        const char *root = run->prefix.paths[i];
        size_t n = strlen(root);
        if (!strncmp(key, root, n) &&
            (key[n] == '\0' || key[n] == '/' || (n == 1 && root[0] == '/')))
            return true;
    }
    return false;
}

typedef struct {
    run_ctx_t *run;
    walk_list_t gone;
} removal_t;

/* lexdb_each_file callback: collects indexed files the walk missed. */
static bool
collect_gone(void *ctx, const char *key)
{
    removal_t *r = ctx;
    const char *k = key;
    if (!under_a_root(r->run, key))
        return true;
    if (bsearch(&k, r->run->seen.paths, r->run->seen.n, sizeof k, compare_keys))
        return true;
    if (access(key, F_OK) == 0 && lex_is_bulletin_name(key))
        return true; /* still there, just rejected or unreadable now */
    return walk_list_push(&r->gone, key);
}

/* Removes the items of files that vanished from under the roots. */
static lexdb_status_t
remove_gone_files(run_ctx_t *run, lex_err_t *err)
{
    if (run->seen.n)
        qsort(run->seen.paths, run->seen.n, sizeof *run->seen.paths,
              compare_keys);
    removal_t r = {run, {0}};
    lexdb_status_t st = lexdb_each_file(run->db, collect_gone, &r, err);
    for (size_t i = 0; i < r.gone.n && st == LEXDB_OK; i++) {
        st = lexdb_remove_file(run->db, r.gone.paths[i], err);
        if (st == LEXDB_OK) {
            run->stats->removed++;
            verbose(run, r.gone.paths[i], "removed");
        }
    }
    walk_list_free(&r.gone);
    return st;
}

/* Records the canonical form of every root that exists. */
static lexdb_status_t
note_roots(run_ctx_t *run)
{
    for (size_t i = 0; i < run->opts->n_roots; i++) {
        char *abs = realpath(run->opts->roots[i], NULL);
        if (!abs)
            continue; /* reported by the walk */
        char **p = realloc(run->prefix.paths, (run->prefix.n + 1) * sizeof *p);
        if (!p) {
            free(abs);
            return LEXDB_NOMEM;
        }
        run->prefix.paths = p;
        run->prefix.paths[run->prefix.n++] = abs;
    }
    return LEXDB_OK;
}

/* Redraws the progress line, at most ten times a second. */
static void
show_progress(run_ctx_t *run, size_t done, size_t total)
{
    static double last;
    double now = now_seconds();
    if (!run->opts->progress || (done < total && now - last < 0.1))
        return;
    last = now;
    fprintf(run->opts->log, "\rlexindex: %zu/%zu files (%zu%%)", done, total,
            total ? done * 100 / total : 100);
    if (done == total)
        fputs("\r\033[K", run->opts->log);
    fflush(run->opts->log);
}

/* Walks the roots and brings the index up to date with what was found. */
static lexdb_status_t
update_all(run_ctx_t *run, char *const *roots, size_t n_roots, lex_err_t *err)
{
    walk_list_t files = {0};
    if (walk_roots(roots, n_roots, &files, reject, run, err) != LEX_OK)
        return LEXDB_NOMEM;
    lexdb_status_t st = note_roots(run);
    if (st == LEXDB_OK)
        st = lexdb_begin(run->db, err);
    for (size_t i = 0; i < files.n && st == LEXDB_OK; i++) {
        show_progress(run, i, files.n);
        st = update_file(run, files.paths[i], err);
    }
    show_progress(run, files.n, files.n);
    if (st == LEXDB_OK)
        st = remove_gone_files(run, err);
    if (st == LEXDB_OK)
        st = lexdb_commit(run->db, err);
    walk_list_free(&files);
    return st;
}

/* Opens the index for writing, waiting up to wait_seconds for the lock. */
static lexdb_status_t
open_for_writing(const run_options_t *opts, lexdb_t **db, lex_err_t *err)
{
    double deadline = now_seconds() + opts->wait_seconds;
    for (;;) {
        lexdb_status_t st = lexdb_open(
            opts->index_dir,
            opts->rebuild ? LEXDB_WRITE_ANY_SCHEMA : LEXDB_WRITE, db, err);
        if (st != LEXDB_LOCKED || now_seconds() >= deadline)
            return st;
        struct timespec pause = {0, 200 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

/* lexdb_each_file callback: collects every recorded file as a root. */
static bool
collect_key(void *ctx, const char *key)
{
    return walk_list_push(ctx, key);
}

/*
 * Indexes into a new generation and swaps it in.  Without roots, the
 * files the live index records are the roots; those that no longer exist
 * are reported and left out.
 */
static lexdb_status_t
rebuild(run_ctx_t *run, lexdb_t *live, lex_err_t *err)
{
    walk_list_t recorded = {0};
    char *const *roots = run->opts->roots;
    size_t n_roots = run->opts->n_roots;
    lexdb_status_t st = LEXDB_OK;
    if (n_roots == 0) {
        st = lexdb_each_file(live, collect_key, &recorded, err);
        roots = recorded.paths;
        n_roots = recorded.n;
    }
    if (st == LEXDB_OK)
        st = lexdb_rebuild_begin(live, &run->db, err);
    if (st == LEXDB_OK && n_roots)
        st = update_all(run, roots, n_roots, err);
    if (st == LEXDB_OK)
        st = lexdb_rebuild_finish(live, run->db, err);
    else {
        lexdb_rebuild_abandon(run->db);
        lexdb_close(live);
    }
    run->db = NULL;
    walk_list_free(&recorded);
    return st;
}

/*
 * Loads the agency and law gazetteer for tagging.  Without it items are
 * indexed untagged, after a warning: agency: and law: then find nothing
 * new until a run with the gazetteer (or --rebuild).
 */
static lex_gazetteer_t *
load_gazetteer(const run_options_t *opts)
{
    lex_gazetteer_t *g = NULL;
    lex_err_t err;
    if (lex_gazetteer_load_default(&g, &err) != LEX_OK)
        fprintf(opts->log,
                "lexindex: warning: %s; items are not tagged with agencies "
                "and laws\n",
                err.msg);
    return g;
}

/* Runs one complete indexing pass. */
lexdb_status_t
index_run(const run_options_t *opts, run_stats_t *stats, lex_err_t *err)
{
    double start = now_seconds();
    *stats = (run_stats_t){0};
    run_ctx_t run = {opts, stats, NULL, {0}, {0}, 0, load_gazetteer(opts)};
    lexdb_t *live;
    lexdb_status_t st = open_for_writing(opts, &live, err);
    if (st != LEXDB_OK) {
        lex_gazetteer_free(run.gazetteer);
        return st;
    }
    lexdb_set_gazetteer(live, run.gazetteer);
    if (opts->rebuild) {
        st = rebuild(&run, live, err);
    } else {
        run.db = live;
        st = update_all(&run, opts->roots, opts->n_roots, err);
        lexdb_close(run.db);
    }
    walk_list_free(&run.seen);
    walk_list_free(&run.prefix);
    lex_gazetteer_free(run.gazetteer);
    stats->seconds = now_seconds() - start;
    return st;
}
