/*
 * shards.c - the layout of a sharded index and the key that assigns
 * each bulletin file to a shard (lexindex(1), SHARDED INDEXES).
 */
#include "shards.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "generations.h"
#include "hash.h"
#include "paths.h"
#include "stub.h"

/* The year (1900-2099) in s[0..len), a lone run of four digits; 0 if none. */
static unsigned
year_in(const char *s, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++) {
        size_t j = i;
        while (j < len && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j - i == 4 && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) {
            unsigned y = (unsigned)atoi(s + i) % 10000;
            if (y >= 1900 && y <= 2099)
                return y;
        }
        if (j > i)
            i = j - 1;
    }
    return 0;
}

unsigned
shard_of(const char *path, unsigned n)
{
    if (n <= 1)
        return 1;
    size_t end = strlen(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* from the file's name up through its directories */
    while (end > 0) {
        size_t start = end;
        while (start > 0 && path[start - 1] != '/')
            start--;
        unsigned y = year_in(path + start, end - start);
        if (y)
            return y % n + 1;
        end = start ? start - 1 : 0;
    }
    return (unsigned)(lex_hash64(base, strlen(base)) % n) + 1;
}

char *
shard_path(const char *dir, unsigned k)
{
    size_t len = strlen(dir) + 32;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/shard-%u", dir, k);
    return p;
}

/* True when path is an existing directory. */
static bool
is_dir(const char *path)
{
    struct stat sb;
    return path && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

unsigned
shards_count(const char *dir)
{
    size_t len = strlen(dir) + sizeof LEX_SHARDS_STUB + 1;
    char *stub = malloc(len);
    struct stat sb;
    if (!stub)
        return 0;
    snprintf(stub, len, "%s/%s", dir, LEX_SHARDS_STUB);
    bool sharded = stat(stub, &sb) == 0;
    free(stub);
    unsigned n = 0;
    while (sharded && n < SHARDS_MAX) {
        char *p = shard_path(dir, n + 1);
        bool there = is_dir(p);
        free(p);
        if (!there)
            break;
        n++;
    }
    return n;
}

/* Writes the stub listing shards 1 to n (at most SHARDS_MAX), atomically
   and durably (stub.c). */
static lex_status_t
write_stub(const char *dir, unsigned n, lex_err_t *err)
{
    if (n > SHARDS_MAX)
        return lex_err_set(err, LEX_EUSAGE, "%s: at most %d shards", dir,
                           SHARDS_MAX);
    char comment[512], names[SHARDS_MAX][32];
    lex_stub_line_t lines[SHARDS_MAX];
    snprintf(comment, sizeof comment,
             "# lexsearch sharded index of %u shards (see lexindex(1)):\n"
             "# a file goes to shard (year in its path modulo %u) + 1.\n"
             "# To search a shard served by xapian-tcpsrv, copy this\n"
             "# file and replace its line with \"remote HOST:PORT\".\n",
             n, n);
    for (unsigned k = 0; k < n; k++) {
        snprintf(names[k], sizeof names[k], "shard-%u", k + 1);
        lines[k] = (lex_stub_line_t){LEX_STUB_AUTO, names[k], NULL, 0};
    }
    size_t len = strlen(dir) + sizeof LEX_SHARDS_STUB + 1;
    char *stub = malloc(len);
    if (!stub)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    snprintf(stub, len, "%s/%s", dir, LEX_SHARDS_STUB);
    lex_status_t st = lex_stub_write(stub, comment, lines, n, err);
    free(stub);
    return st;
}

lex_status_t
shards_create(const char *dir, unsigned n, lex_err_t *err)
{
    unsigned have = shards_count(dir);
    if (have && have != n)
        return lex_err_set(err, LEX_EUSAGE,
                           "%s: a sharded index of %u shards, not %u; "
                           "rebuild it elsewhere to change the number",
                           dir, have, n);
    if (have)
        return LEX_OK;
    size_t len = strlen(dir) + 16;
    char *single = malloc(len);
    struct stat sb;
    if (!single)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    snprintf(single, len, "%s/%s", dir, LEX_GEN_STUB);
    bool taken = stat(single, &sb) == 0;
    free(single);
    if (taken)
        return lex_err_set(err, LEX_EUSAGE,
                           "%s: already a single index, not a sharded one; "
                           "give --shards a new directory",
                           dir);
    lex_status_t st = lex_mkdir_p(dir, err);
    for (unsigned k = 1; k <= n && st == LEX_OK; k++) {
        char *p = shard_path(dir, k);
        st = p ? lex_mkdir_p(p, err)
               : lex_err_set(err, LEX_ENOMEM, "out of memory");
        free(p);
    }
    return st == LEX_OK ? write_stub(dir, n, err) : st;
}
