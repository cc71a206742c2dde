/*
 * walk.h - finding the bulletin files under the paths given to lexindex.
 */
#ifndef LEX_WALK_H
#define LEX_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* A file's size and modification time, as the walk saw them. */
typedef struct {
    bool known; /* false: the walk did not stat the file */
    unsigned long long size;
    long long mtime_ns;
} walk_stat_t;

typedef struct {
    char **paths;       /* sorted within each directory, as found */
    char **keys;        /* walk_roots only: each path's canonical form when the
                           walk knows it without asking the kernel, else NULL */
    walk_stat_t *stats; /* walk_roots only, beside keys */
    size_t n;
    size_t cap;
} walk_list_t;

/* Called once per path that cannot be walked, with "path: reason". */
typedef void (*walk_problem_fn)(void *ctx, const char *message);

/*
 * Appends to out every bulletin file under each root (a file, or a
 * directory walked recursively).  Hidden entries are skipped; symbolic
 * links inside directories are followed to files but not to directories,
 * so a link loop cannot trap the walk.  A root that does not exist or a
 * directory that cannot be read is reported through problem and skipped.
 * Fails only when memory runs out.
 */
lex_status_t walk_roots(char *const *roots, size_t n_roots, walk_list_t *out,
                        walk_problem_fn problem, void *ctx, lex_err_t *err);

/* Appends a copy of path; false when memory runs out. */
bool walk_list_push(walk_list_t *list, const char *path);

/* Appends copies of path and its canonical key (NULL: unknown). */
bool walk_list_push_keyed(walk_list_t *list, const char *path, const char *key);

/* The canonical form of entry i that the walk recorded, or NULL. */
const char *walk_list_key(const walk_list_t *list, size_t i);

/* The size and time of the file sb describes. */
struct stat;
walk_stat_t walk_stat_of(const struct stat *sb);

/* The size and time of entry i that the walk recorded, or NULL. */
const walk_stat_t *walk_list_stat(const walk_list_t *list, size_t i);

/* Frees the list's paths. */
void walk_list_free(walk_list_t *list);

#endif
