/*
 * benchwalk.c - the corpus walk of the peers (see benchutil.h): every
 * bulletin file under a directory, parsed by liblexparse's parsers as
 * lexindex parses them.  Apart from benchutil.c, so that lexbench, which
 * only searches, does not link the parsers (and poppler, GMime, glib,
 * libxml2 with them: 64 shared libraries, 8 MiB of its peak RSS).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "benchutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
