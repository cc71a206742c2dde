/*
 * walk.c - recursive, deterministic discovery of bulletin files.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "formats.h"

/* Directory depth beyond which the walk stops descending. */
#define WALK_MAX_DEPTH 64

typedef struct {
    walk_list_t *out;
    walk_problem_fn problem;
    void *ctx;
    bool maildir; /* the directory being read is a Maildir's cur/ or new/ */
} walker_t;

/* Reports a problem with a path in the "path: reason" form. */
static void
report(walker_t *w, const char *path, const char *reason)
{
    lex_buf_t msg = LEX_BUF_INIT;
    lex_buf_printf(&msg, "%s: %s", path, reason);
    w->problem(w->ctx, lex_buf_str(&msg));
    lex_buf_free(&msg);
}

/* Makes room for one more entry; false when memory runs out. */
static bool
grow(walk_list_t *list, bool keyed)
{
    if (keyed && !list->keys) {
        list->keys = calloc(list->cap ? list->cap : 64, sizeof *list->keys);
        list->stats = calloc(list->cap ? list->cap : 64, sizeof *list->stats);
        if (!list->keys || !list->stats)
            return false;
    }
    if (list->n < list->cap)
        return true;
    /* the three arrays share list->cap: each grows from it alike */
    size_t cap = list->cap;
    char **p = lex_grow(list->paths, list->n, &cap, sizeof *p);
    if (!p)
        return false;
    list->paths = p;
    if (list->keys) {
        size_t kcap = list->cap;
        char **k = lex_grow(list->keys, list->n, &kcap, sizeof *k);
        if (!k)
            return false;
        memset(k + list->cap, 0, (kcap - list->cap) * sizeof *k);
        list->keys = k;
        size_t scap = list->cap;
        walk_stat_t *t = lex_grow(list->stats, list->n, &scap, sizeof *t);
        if (!t)
            return false;
        memset(t + list->cap, 0, (scap - list->cap) * sizeof *t);
        list->stats = t;
    }
    list->cap = cap;
    return true;
}

/* Adds a copy of path to the list; false when memory runs out. */
bool
walk_list_push(walk_list_t *list, const char *path)
{
    return walk_list_push_keyed(list, path, NULL);
}

/* Adds copies of path and of its canonical key, which may be NULL. */
bool
walk_list_push_keyed(walk_list_t *list, const char *path, const char *key)
{
    if (!grow(list, key != NULL))
        return false;
    size_t i = list->n;
    list->paths[i] = strdup(path);
    if (!list->paths[i])
        return false;
    list->n++;
    if (key) {
        list->keys[i] = strdup(key);
        return list->keys[i] != NULL;
    }
    return true;
}

const char *
walk_list_key(const walk_list_t *list, size_t i)
{
    return list->keys && i < list->n ? list->keys[i] : NULL;
}

const walk_stat_t *
walk_list_stat(const walk_list_t *list, size_t i)
{
    return list->stats && i < list->n && list->stats[i].known ? &list->stats[i]
                                                              : NULL;
}

walk_stat_t
walk_stat_of(const struct stat *sb)
{
    return (walk_stat_t){true, (unsigned long long)sb->st_size,
                         (long long)sb->st_mtim.tv_sec * 1000000000LL +
                             sb->st_mtim.tv_nsec};
}

/* Adds path and its key, with the file's size and time from sb. */
static bool
push_stated(walk_list_t *list, const char *path, const char *key,
            const struct stat *sb)
{
    if (!walk_list_push_keyed(list, path, key))
        return false;
    if (list->stats)
        list->stats[list->n - 1] = walk_stat_of(sb);
    return true;
}

/* scandir filter: hidden entries, "." and ".." are not walked. */
static int
not_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* scandir order: by name, bytewise, whatever the locale. */
static int
by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static lex_status_t walk_dir(walker_t *w, const char *dir, const char *canon,
                             int depth);

/*
 * Handles one directory entry: recurse, collect, or pass over.  canon is
 * the entry's canonical path when its directory's is known: only
 * symbolic links need the kernel to resolve them, and the walk follows
 * none into directories.  type is the entry's type as the directory
 * gave it (DT_UNKNOWN when the filesystem does not say), dirfd the
 * directory, open.  A directory needs no lstat, and a regular file is
 * looked at relative to dirfd, its size and time kept for the run: a
 * stat of each file by its whole path, twice, was 95% of a nightly run
 * that changes nothing (40,000 files).
 */
static lex_status_t
walk_entry(walker_t *w, const char *path, const char *canon, const char *name,
           unsigned char type, int dirfd, int depth)
{
    if (type == DT_DIR)
        return walk_dir(w, path, canon, depth + 1);
    struct stat lsb, sb;
    if (type == DT_REG && dirfd >= 0) {
        if (!w->maildir && !lex_is_bulletin_name(name))
            return LEX_OK;
        if (fstatat(dirfd, name, &lsb, AT_SYMLINK_NOFOLLOW) != 0) {
            report(w, path, strerror(errno)); /* vanished or unreadable */
            return LEX_OK;
        }
        if (S_ISREG(lsb.st_mode))
            return push_stated(w->out, path, canon, &lsb) ? LEX_OK : LEX_ENOMEM;
        /* replaced since the directory was read: look again below */
    }
    if (lstat(path, &lsb) != 0) {
        report(w, path, strerror(errno)); /* vanished or unreadable */
        return LEX_OK;
    }
    if (S_ISDIR(lsb.st_mode))
        return walk_dir(w, path, canon, depth + 1);
    if (!w->maildir && !lex_is_bulletin_name(name))
        return LEX_OK;
    if (S_ISLNK(lsb.st_mode)) {
        if (stat(path, &sb) != 0) {
            report(w, path,
                   errno == ELOOP ? "symbolic link loop"
                                  : "broken symbolic link");
            return LEX_OK;
        }
        if (!S_ISREG(sb.st_mode))
            return LEX_OK;
        /* the link's target is what counts */
        return push_stated(w->out, path, NULL, &sb) ? LEX_OK : LEX_ENOMEM;
    }
    if (!S_ISREG(lsb.st_mode))
        return LEX_OK;
    return push_stated(w->out, path, canon, &lsb) ? LEX_OK : LEX_ENOMEM;
}

/*
 * Joins a directory and a name into buf; NULL when dir is NULL.  Done
 * twice for every file of every run, so copied, not formatted (printf
 * was a seventh of a run that changes nothing).
 */
static const char *
join_path(lex_buf_t *buf, const char *dir, const char *name)
{
    if (!dir)
        return NULL;
    size_t n = strlen(dir);
    lex_buf_reset(buf);
    lex_buf_append(buf, dir, n);
    if (dir[n - 1] != '/')
        lex_buf_putc(buf, '/');
    lex_buf_puts(buf, name);
    return lex_buf_failed(buf) ? NULL : buf->data;
}

/*
 * True when dir is a Maildir's cur/ or new/: so named, beside a tmp/
 * directory.  Every file in it is a message, whatever its name (a
 * Maildir names messages "TIME.UNIQUE.HOST:2,FLAGS").
 */
static bool
is_maildir_folder(const char *dir)
{
    lex_buf_t probe = LEX_BUF_INIT;
    lex_buf_printf(&probe, "%s/x", dir);
    bool named = !lex_buf_failed(&probe) && lex_is_maildir_path(probe.data);
    struct stat sb;
    lex_buf_reset(&probe);
    lex_buf_printf(&probe, "%s/../tmp", dir);
    bool ok = named && !lex_buf_failed(&probe) && stat(probe.data, &sb) == 0 &&
              S_ISDIR(sb.st_mode);
    lex_buf_free(&probe);
    return ok;
}

/* Walks one directory, depth-first, in name order; canon is its
   canonical path, or NULL when unknown. */
static lex_status_t
walk_dir(walker_t *w, const char *dir, const char *canon, int depth)
{
    if (depth > WALK_MAX_DEPTH) {
        report(w, dir, "directories nested too deeply; skipped");
        return LEX_OK;
    }
    struct dirent **entries;
    int n = scandir(dir, &entries, not_hidden, by_name);
    if (n < 0) {
        if (errno == ENOMEM)
            return LEX_ENOMEM;
        report(w, dir, strerror(errno));
        return LEX_OK;
    }
    int dirfd = n ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    lex_buf_t path = LEX_BUF_INIT, key = LEX_BUF_INIT;
    lex_status_t st = LEX_OK;
    bool maildir = n > 0 && is_maildir_folder(dir);
    for (int i = 0; i < n && st == LEX_OK; i++) {
        const char *name = entries[i]->d_name;
        const char *p = join_path(&path, dir, name);
        const char *k = join_path(&key, canon, name);
        w->maildir = maildir; /* a subdirectory's walk changed it */
        st = !p ? LEX_ENOMEM
                : walk_entry(w, p, k, name, entries[i]->d_type, dirfd, depth);
    }
    if (dirfd >= 0)
        close(dirfd);
    for (int i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
    lex_buf_free(&path);
    lex_buf_free(&key);
    return st;
}

/* Walks every root named on the command line. */
lex_status_t
walk_roots(char *const *roots, size_t n_roots, walk_list_t *out,
           walk_problem_fn problem, void *ctx, lex_err_t *err)
{
    walker_t w = {out, problem, ctx, false};
    for (size_t i = 0; i < n_roots; i++) {
        struct stat sb;
        lex_status_t st = LEX_OK;
        if (stat(roots[i], &sb) != 0)
            report(&w, roots[i], strerror(errno));
        else if (S_ISDIR(sb.st_mode)) {
            char *canon = realpath(roots[i], NULL);
            st = walk_dir(&w, roots[i], canon, 0);
            free(canon);
        } else if (!S_ISREG(sb.st_mode))
            report(&w, roots[i], "not a regular file or directory");
        else if (!walk_list_push(out, roots[i]))
            st = LEX_ENOMEM;
        if (st != LEX_OK)
            return lex_err_set(err, st, "out of memory while listing files");
    }
    return LEX_OK;
}

/* Frees every path in the list. */
void
walk_list_free(walk_list_t *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->paths[i]);
        if (list->keys)
            free(list->keys[i]);
    }
    free(list->paths);
    free(list->keys);
    free(list->stats);
    list->paths = list->keys = NULL;
    list->stats = NULL;
    list->n = list->cap = 0;
}
