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

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "formats.h"
#include "hash.h"
#include "sanitize.h"
#include "shards.h"
#include "tag.h"
#include "thesaurus.h"
#include "walk.h"

typedef struct {
    const run_options_t *opts;
    run_stats_t *stats;
    lexdb_t *db;
    walk_list_t seen;   /* keys of every file the walk found, sorted later */
    walk_list_t prefix; /* canonical roots that exist, for removals */
    size_t pending;     /* files written since the last commit */
    lex_gazetteer_t *gazetteer; /* NULL when it could not be loaded */
    bool bulk;                  /* writing a bulk build's part */
    /* the gazetteer and thesaurus are still to load (load_tagging) */
    bool untagged;
    lex_thesaurus_t *thesaurus; /* NULL when it could not be loaded */
} run_ctx_t;

static lexdb_status_t load_tagging(run_ctx_t *run, lexdb_t *db, lex_err_t *err);

/* Seconds since an arbitrary start, for the summary line. */
static double
now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Logs a per-file problem and counts the file as rejected.  The message
 * names a file, whose name may hold control characters: they are
 * neutralised, so no file name or text reaches the terminal raw.
 */
static void
reject(void *ctx, const char *message)
{
    run_ctx_t *run = ctx;
    flockfile(run->opts->log); /* one whole line, even from many threads */
    fputs("lexindex: ", run->opts->log);
    lex_fputs_safe(run->opts->log, message);
    fputc('\n', run->opts->log);
    funlockfile(run->opts->log);
    run->stats->rejected++;
}

/*
 * Logs a bulletin's notices (a charset it was converted from, a message
 * passed over), one line each, unless --quiet.
 */
static void
note(run_ctx_t *run, const lex_bulletin_t *b)
{
    if (run->opts->verbosity == RUN_QUIET)
        return;
    flockfile(run->opts->log);
    for (size_t i = 0; i < b->n_notices; i++) {
        fputs("lexindex: ", run->opts->log);
        lex_fputs_safe(run->opts->log, b->notices[i]);
        fputc('\n', run->opts->log);
    }
    funlockfile(run->opts->log);
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
    lex_parse_opts_t popts = {.text_encoding = run->opts->encoding};
    if (lex_parse_any(path, data, len, &popts, &b, &perr) != LEX_OK) {
        reject(run, perr.msg);
        return LEXDB_OK;
    }
    note(run, b);
    lexdb_status_t told = load_tagging(run, run->db, err);
    if (told != LEXDB_OK) {
        lex_bulletin_free(b);
        return told;
    }
    free(b->path);
    b->path = strdup(key);
    lex_status_t tagged = !b->path ? LEX_ENOMEM
                          : run->gazetteer
                              ? lex_tag_bulletin(run->gazetteer, b, &perr)
                              : LEX_OK;
    if (tagged != LEX_OK) {
        lex_bulletin_free(b);
        return lexdb_status_from_lex(tagged);
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
    unsigned batch = run->opts->batch ? run->opts->batch
                     : run->bulk      ? RUN_BULK_BATCH
                                      : RUN_DEFAULT_BATCH;
    if (++run->pending < batch)
        return LEXDB_OK;
    run->pending = 0;
    lexdb_status_t st = lexdb_commit(run->db, err);
    return st == LEXDB_OK ? lexdb_begin(run->db, err) : st;
}

/*
 * The index key of a file that vanished after the walk found it: its
 * directory's canonical path and its name (NULL when that is gone too).
 */
static char *
vanished_key(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
    char *abs = dir ? realpath(dir, NULL) : NULL;
    lex_buf_t key = LEX_BUF_INIT;
    if (abs)
        lex_buf_printf(&key, "%s%s%s", abs, strcmp(abs, "/") ? "/" : "",
                       slash ? slash + 1 : path);
    free(dir);
    free(abs);
    return abs ? lex_buf_steal(&key) : NULL;
}

/*
 * Rejects a file that vanished between the walk and its reading.  It
 * counts as seen, so this run keeps what an earlier run stored for it;
 * the next run removes that if the file is still gone.
 */
static lexdb_status_t
reject_vanished(run_ctx_t *run, const char *path)
{
    lex_err_t e;
    lex_err_set(&e, LEX_EIO, "%s: file vanished while indexing", path);
    reject(run, e.msg);
    char *key = vanished_key(path);
    bool ok = !key || walk_list_push(&run->seen, key);
    free(key);
    return ok ? LEXDB_OK : LEXDB_NOMEM;
}

/*
 * Brings one file up to date: passes over it when unchanged, otherwise
 * parses and (re)indexes it.  known_key is the file's canonical path
 * when the walk knows it (resolving every path again would cost a
 * nightly run that changes nothing most of its time), else NULL;
 * known_stat its size and time when the walk looked, else NULL (a file
 * changed after that is indexed again by the next run).  Returns non-OK
 * only for index failures.
 */
static lexdb_status_t
update_file(run_ctx_t *run, const char *path, const char *known_key,
            const walk_stat_t *known_stat, lex_err_t *err)
{
    char *key = known_key ? strdup(known_key) : realpath(path, NULL);
    struct stat sb;
    if (key && run->opts->n_shards &&
        shard_of(key, run->opts->n_shards) != run->opts->shard) {
        free(key); /* another shard's file */
        return LEXDB_OK;
    }
    if (!key || (!known_stat && stat(key, &sb) != 0)) {
        free(key);
        return reject_vanished(run, path);
    }
    walk_stat_t looked = known_stat ? *known_stat : walk_stat_of(&sb);
    lexdb_file_state_t old, now = {looked.size, looked.mtime_ns, 0, 0};
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
    if (lex_read_file(path, lex_max_file_bytes(path), &data, &len, &rerr) !=
        LEX_OK) {
        free(key);
        /* gone since the walk saw it: said so, its items kept (seen) */
        if (access(path, F_OK) != 0 && (errno == ENOENT || errno == ENOTDIR))
            return reject_vanished(run, path);
        reject(run, rerr.msg);
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
    struct stat sb;
    if ((lex_is_bulletin_name(key) || lex_is_maildir_path(key)) &&
        (stat(key, &sb) == 0 || (errno != ENOENT && errno != ENOTDIR)))
        return true; /* still there (or unknown), just unreadable now */
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
    lex_status_t walked = walk_roots(roots, n_roots, &files, reject, run, err);
    if (walked != LEX_OK)
        return lexdb_status_from_lex(walked);
    lexdb_status_t st = note_roots(run);
    if (st == LEXDB_OK)
        st = lexdb_begin(run->db, err);
    for (size_t i = 0; i < files.n && st == LEXDB_OK; i++) {
        show_progress(run, i, files.n);
        st = update_file(run, files.paths[i], walk_list_key(&files, i),
                         walk_list_stat(&files, i), err);
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

/* One thread of a bulk build and the share of the files it indexes. */
typedef struct {
    run_ctx_t ctx; /* the thread's own: its part, its stats */
    run_stats_t stats;
    const walk_list_t *files;
    size_t first, step;
    atomic_size_t *done; /* files finished by all threads */
    atomic_bool *stop;   /* set when any thread's part failed */
    lexdb_status_t st;
    lex_err_t err;
} worker_t;

/* Indexes every step-th file from first into the worker's part. */
static void *
work(void *arg)
{
    worker_t *w = arg;
    w->st = lexdb_begin(w->ctx.db, &w->err);
    for (size_t i = w->first; i < w->files->n && w->st == LEXDB_OK;
         i += w->step) {
        if (atomic_load(w->stop))
            break;
        w->st =
            update_file(&w->ctx, w->files->paths[i], walk_list_key(w->files, i),
                        walk_list_stat(w->files, i), &w->err);
        atomic_fetch_add(w->done, 1);
    }
    if (w->st != LEXDB_OK)
        atomic_store(w->stop, true);
    return NULL;
}

/* How many threads a bulk build of n files uses. */
static size_t
thread_count(const run_options_t *opts, size_t n_files)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = opts->jobs ? opts->jobs : (size_t)(cpus > 0 ? cpus : 1);
    if (n > RUN_MAX_JOBS)
        n = RUN_MAX_JOBS;
    return n > n_files ? (n_files ? n_files : 1) : n;
}

/* Adds one thread's counts to the run's. */
static void
add_stats(run_stats_t *to, const run_stats_t *from)
{
    to->added += from->added;
    to->changed += from->changed;
    to->unchanged += from->unchanged;
    to->rejected += from->rejected;
    to->items += from->items;
}

/* Starts the workers (a thread that cannot start runs here instead),
   shows progress while they run, and waits for them all. */
static void
run_workers(run_ctx_t *run, worker_t *w, size_t n, size_t n_files)
{
    pthread_t tid[RUN_MAX_JOBS];
    bool started[RUN_MAX_JOBS] = {false};
    for (size_t i = 0; i < n; i++)
        started[i] = pthread_create(&tid[i], NULL, work, &w[i]) == 0;
    for (size_t i = 0; i < n; i++)
        if (!started[i])
            work(&w[i]);
    for (;;) {
        size_t done = atomic_load(w[0].done);
        show_progress(run, done, n_files);
        if (done >= n_files || atomic_load(w[0].stop))
            break;
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    for (size_t i = 0; i < n; i++)
        if (started[i])
            pthread_join(tid[i], NULL);
}

/* Sets up worker i of n over its part. */
static void
init_worker(worker_t *w, const run_ctx_t *run, lexdb_t *part,
            const walk_list_t *files, size_t i, size_t n, atomic_size_t *done,
            atomic_bool *stop)
{
    *w = (worker_t){.files = files,
                    .first = i,
                    .step = n,
                    .done = done,
                    .stop = stop,
                    .st = LEXDB_OK};
    w->ctx = (run_ctx_t){run->opts, &w->stats,      part, {0},   {0},
                         0,         run->gazetteer, true, false, NULL};
}

/*
 * Indexes files into a bulk build of live: one part per thread, merged
 * into a new generation when every thread is done.  live is closed.
 */
static lexdb_status_t
bulk_build(run_ctx_t *run, lexdb_t *live, const walk_list_t *files,
           lex_err_t *err)
{
    size_t n = thread_count(run->opts, files->n);
    lexdb_t *parts[RUN_MAX_JOBS];
    worker_t w[RUN_MAX_JOBS];
    atomic_size_t done = 0;
    atomic_bool stop = false;
    lexdb_status_t st = lexdb_bulk_begin(live, n, parts, err);
    if (st != LEXDB_OK) {
        lexdb_close(live);
        return st;
    }
    for (size_t i = 0; i < n; i++)
        init_worker(&w[i], run, parts[i], files, i, n, &done, &stop);
    run_workers(run, w, n, files->n);
    for (size_t i = 0; i < n; i++) {
        add_stats(run->stats, &w[i].stats);
        walk_list_free(&w[i].ctx.seen);
        if (st == LEXDB_OK && w[i].st != LEXDB_OK) {
            st = w[i].st;
            *err = w[i].err;
        }
    }
    if (st != LEXDB_OK) {
        lexdb_bulk_abandon(parts, n);
        lexdb_close(live);
        return st;
    }
    return lexdb_bulk_finish(live, parts, n, err);
}

/* Walks the roots, then indexes all that was found in a bulk build. */
static lexdb_status_t
bulk_index(run_ctx_t *run, lexdb_t *live, char *const *roots, size_t n_roots,
           lex_err_t *err)
{
    walk_list_t files = {0};
    lex_status_t walked = walk_roots(roots, n_roots, &files, reject, run, err);
    if (walked != LEX_OK) {
        lexdb_close(live);
        return lexdb_status_from_lex(walked);
    }
    lexdb_status_t st = bulk_build(run, live, &files, err);
    walk_list_free(&files);
    return st;
}

/*
 * Builds a new generation from the roots and swaps it in.  Without
 * roots, the files the live index records are the roots; those that no
 * longer exist are reported and left out.  live is closed.
 */
static lexdb_status_t
rebuild(run_ctx_t *run, lexdb_t *live, lex_err_t *err)
{
    walk_list_t recorded = {0};
    char *const *roots = run->opts->roots;
    size_t n_roots = run->opts->n_roots;
    if (n_roots == 0) {
        lexdb_status_t st = lexdb_each_file(live, collect_key, &recorded, err);
        if (st != LEXDB_OK) {
            lexdb_close(live);
            return st;
        }
        roots = recorded.paths;
        n_roots = recorded.n;
    }
    lexdb_status_t st = bulk_index(run, live, roots, n_roots, err);
    walk_list_free(&recorded);
    return st;
}

/* True when the index holds no items yet: its first run is a bulk build. */
static bool
index_is_empty(lexdb_t *db)
{
    unsigned long count = 1;
    lex_err_t ignored;
    return lexdb_item_count(db, &count, &ignored) == LEXDB_OK && count == 0;
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

/* Warns that items are not tagged with synonym groups, and why. */
static void
warn_untagged(const run_options_t *opts, const char *reason)
{
    fprintf(opts->log,
            "lexindex: warning: %s; items are not tagged with synonym "
            "groups\n",
            reason);
}

/*
 * Loads the legal thesaurus, whose synonym groups items are tagged with.
 * Without it items are indexed untagged, after a warning: queries then
 * write the groups out as phrases, which is slower but finds the same.
 */
static lex_thesaurus_t *
load_thesaurus(const run_options_t *opts)
{
    lex_thesaurus_t *th = NULL;
    lex_err_t err;
    if (lex_thesaurus_load_default(&th, &err) != LEX_OK)
        warn_untagged(opts, err.msg);
    return th;
}

/*
 * Loads the gazetteer and thesaurus that items are tagged with, once,
 * and gives them to db.  A bulk build loads them before its threads
 * start; an update at its first write, as reading and parsing both
 * files, and compiling the thesaurus's groups, take more instructions
 * than a run that changes nothing does all else: such a run reads
 * neither (and, tagging nothing, warns of neither).
 */
static lexdb_status_t
load_tagging(run_ctx_t *run, lexdb_t *db, lex_err_t *err)
{
    if (!run->untagged)
        return LEXDB_OK;
    run->untagged = false;
    run->gazetteer = load_gazetteer(run->opts);
    lexdb_set_gazetteer(db, run->gazetteer);
    run->thesaurus = load_thesaurus(run->opts);
    lex_err_t warning;
    lexdb_status_t st = lexdb_set_thesaurus(db, run->thesaurus, &warning, err);
    if (st == LEXDB_OK && warning.msg[0]) /* a phrase it cannot tag */
        warn_untagged(run->opts, warning.msg);
    return st;
}

/* Runs one complete indexing pass. */
lexdb_status_t
index_run(const run_options_t *opts, run_stats_t *stats, lex_err_t *err)
{
    double start = now_seconds();
    *stats = (run_stats_t){0};
    run_ctx_t run = {opts, stats, NULL, {0}, {0}, 0, NULL, false, true, NULL};
    lexdb_t *live;
    lexdb_status_t st = open_for_writing(opts, &live, err);
    if (st != LEXDB_OK)
        return st;
    bool update = !opts->rebuild && !index_is_empty(live);
    if (!update && (st = load_tagging(&run, live, err)) != LEXDB_OK) {
        lexdb_close(live);
        lex_thesaurus_free(run.thesaurus);
        lex_gazetteer_free(run.gazetteer);
        return st;
    }
    if (opts->rebuild) {
        st = rebuild(&run, live, err);
    } else if (!update) {
        st = bulk_index(&run, live, opts->roots, opts->n_roots, err);
    } else {
        run.db = live;
        st = update_all(&run, opts->roots, opts->n_roots, err);
        lexdb_close(run.db);
    }
    walk_list_free(&run.seen);
    walk_list_free(&run.prefix);
    lex_gazetteer_free(run.gazetteer);
    lex_thesaurus_free(run.thesaurus);
    stats->seconds = now_seconds() - start;
    return st;
}
