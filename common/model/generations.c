/*
 * generations.c - the generations of an index directory and the stub
 * naming the live one (see generations.h): listing, numbering, swapping
 * and deleting them, and laying out a new index.
 */
/* nftw(3) is an X/Open interface, beyond the POSIX the build asks for */
#define _XOPEN_SOURCE 700

#include "generations.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "stub.h"

#define GEN_PREFIX "gen-"
#define SCRATCH_NAME "bulk.tmp" /* a bulk build's parts */
/* first-PID.tmp: where a first run makes generation 1 */
#define FIRST_PREFIX "first-"

/* A heap string formatted like printf, or NULL when out of memory. */
static char *heap_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
heap_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n < 0 ? NULL : malloc((size_t)n + 1);
    if (p) {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

unsigned long
lex_gen_of_name(const char *name)
{
    size_t n = strlen(GEN_PREFIX);
    if (strncmp(name, GEN_PREFIX, n) != 0 || !name[n])
        return 0;
    char *end;
    unsigned long g = strtoul(name + n, &end, 10);
    return *end ? 0 : g;
}

/* The process id in a "first-PID.tmp" name, 0 if it is not one. */
static long
first_run_pid(const char *name)
{
    size_t n = strlen(FIRST_PREFIX);
    if (strncmp(name, FIRST_PREFIX, n) != 0)
        return 0;
    char *end;
    long pid = strtol(name + n, &end, 10);
    return pid > 0 && strcmp(end, ".tmp") == 0 ? pid : 0;
}

/* The generation a stub line names: "glass gen-NNNNNN", next to it. */
static unsigned long
generation_named(const lex_stub_line_t *line, const char *dir)
{
    const char *slash = strrchr(line->name, '/');
    const char *base = slash ? slash + 1 : line->name;
    if (line->kind != LEX_STUB_GLASS ||
        (size_t)(base - line->name) != strlen(dir) + 1)
        return 0;
    return lex_gen_of_name(base);
}

unsigned long
lex_gen_live(const char *dir)
{
    char *path = heap_printf("%s/%s", dir, LEX_GEN_STUB);
    lex_stub_t stub = {NULL, 0};
    lex_err_t ignored;
    unsigned long gen = 0;
    if (path && lex_stub_read(path, &stub, &ignored) == LEX_OK && stub.n)
        gen = generation_named(&stub.lines[0], dir);
    lex_stub_free(&stub);
    free(path);
    return gen;
}

lex_status_t
lex_gen_exists(const char *dir, lex_err_t *err)
{
    struct stat sb;
    if (stat(dir, &sb) == 0)
        return LEX_OK;
    return lex_err_set(err, LEX_EIO,
                       "%s: no index here; create it with lexindex", dir);
}

lex_status_t
lex_gen_require(const char *dir, lex_err_t *err)
{
    if (lex_gen_live(dir))
        return LEX_OK;
    return lex_err_set(err, LEX_EUSAGE,
                       "%s: index predates generations; move it away and "
                       "index again",
                       dir);
}

unsigned long
lex_gen_next(const char *dir)
{
    unsigned long next = lex_gen_live(dir);
    DIR *d = opendir(dir);
    const struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        unsigned long g = lex_gen_of_name(e->d_name);
        if (g > next)
            next = g;
    }
    if (d)
        closedir(d);
    return next + 1;
}

char *
lex_gen_path(const char *dir, unsigned long gen)
{
    return heap_printf("%s/%s%06lu", dir, GEN_PREFIX, gen);
}

lex_status_t
lex_gen_make_live(const char *dir, unsigned long gen, lex_err_t *err)
{
    char name[32];
    snprintf(name, sizeof name, "%s%06lu", GEN_PREFIX, gen);
    lex_stub_line_t line = {LEX_STUB_GLASS, name, NULL, 0};
    char *path = heap_printf("%s/%s", dir, LEX_GEN_STUB);
    if (!path)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    lex_status_t st = lex_stub_write(path, NULL, &line, 1, err);
    free(path);
    return st;
}

/* nftw callback deleting everything below a directory. */
static int
remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

void
lex_remove_tree(const char *path)
{
    if (path)
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void
lex_gen_remove(const char *dir, unsigned long gen)
{
    char *path = lex_gen_path(dir, gen);
    lex_remove_tree(path);
    free(path);
}

/* Deletes the generations of dir other than live. */
static void
remove_other_generations(const char *dir, unsigned long live)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        unsigned long g = lex_gen_of_name(e->d_name);
        if (g && g != live)
            lex_gen_remove(dir, g); /* readdir goes on past removals */
    }
    closedir(d);
}

/* Deletes the first-PID.tmp directories of first runs that were killed. */
static void
remove_dead_first_runs(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = first_run_pid(e->d_name);
        if (pid && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            char *path = heap_printf("%s/%s", dir, e->d_name);
            lex_remove_tree(path);
            free(path);
        }
    }
    closedir(d);
}

void
lex_gen_remove_stale(const char *dir)
{
    unsigned long live = lex_gen_live(dir);
    if (!live)
        return;
    remove_other_generations(dir, live);
    lex_gen_scratch_remove(dir);
    remove_dead_first_runs(dir);
}

/* Whether path holds a glass database that was committed at least once. */
static bool
is_database(const char *path)
{
    char *rev = heap_printf("%s/iamglass", path);
    struct stat sb;
    bool there = rev && stat(rev, &sb) == 0;
    free(rev);
    return there;
}

/* Whether a name in an index directory is one an index may hold before
   its first generation is in place. */
static bool
is_ours(const char *name)
{
    return !strcmp(name, ".") || !strcmp(name, "..") || lex_gen_of_name(name) ||
           !strcmp(name, SCRATCH_NAME) || first_run_pid(name) ||
           !strcmp(name, LEX_GEN_STUB ".tmp");
}

lex_status_t
lex_gen_first_needed(const char *dir, bool *needed, lex_err_t *err)
{
    *needed = false;
    if (lex_gen_live(dir) || is_database(dir)) /* or a plain database */
        return LEX_OK;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return lex_err_set(err, LEX_EIO, "cannot create %s: %s", dir,
                           strerror(errno));
    DIR *d = opendir(dir);
    if (!d)
        return lex_err_set(err, LEX_EIO, "cannot read %s: %s", dir,
                           strerror(errno));
    bool foreign = false;
    const struct dirent *e;
    while (!foreign && (e = readdir(d)) != NULL)
        foreign = !is_ours(e->d_name);
    closedir(d);
    if (foreign)
        return lex_err_set(err, LEX_EUSAGE,
                           "not a lexsearch index (no %s) and not empty; "
                           "refusing to write into it",
                           LEX_GEN_STUB);
    *needed = true;
    return LEX_OK;
}

char *
lex_gen_first_scratch(const char *dir)
{
    char *path = heap_printf("%s/%s%ld.tmp", dir, FIRST_PREFIX, (long)getpid());
    lex_remove_tree(path);
    return path;
}

/* Renames scratch to gen1, making way for it when an older lexindex
   left gen1 half-made; *lost is set when another first run won. */
static lex_status_t
move_first(const char *scratch, const char *gen1, bool *lost, lex_err_t *err)
{
    *lost = false;
    if (rename(scratch, gen1) == 0)
        return LEX_OK;
    if (errno == EEXIST || errno == ENOTEMPTY) {
        if (is_database(gen1)) { /* another first run got there */
            *lost = true;
            lex_remove_tree(scratch);
            return LEX_OK;
        }
        lex_remove_tree(gen1);
        if (rename(scratch, gen1) == 0)
            return LEX_OK;
    }
    return lex_err_set(err, LEX_EIO, "cannot rename %s to %s: %s", scratch,
                       gen1, strerror(errno));
}

lex_status_t
lex_gen_install_first(const char *dir, const char *scratch, lex_err_t *err)
{
    char *gen1 = lex_gen_path(dir, 1);
    if (!gen1)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    bool lost;
    lex_status_t st = move_first(scratch, gen1, &lost, err);
    free(gen1);
    if (st == LEX_OK && !lost)
        st = lex_sync_path(dir, err);
    return st == LEX_OK ? lex_gen_make_live(dir, 1, err) : st;
}

char *
lex_gen_segment_path(const char *dir, size_t i, size_t s)
{
    return heap_printf("%s/%s/part-%zu-%zu", dir, SCRATCH_NAME, i, s);
}

lex_status_t
lex_gen_scratch_create(const char *dir, lex_err_t *err)
{
    char *path = heap_printf("%s/%s", dir, SCRATCH_NAME);
    if (!path)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    lex_remove_tree(path);
    lex_status_t st = LEX_OK;
    if (mkdir(path, 0777) != 0)
        st = lex_err_set(err, LEX_EIO, "cannot create %s: %s", path,
                         strerror(errno));
    free(path);
    return st;
}

void
lex_gen_scratch_remove(const char *dir)
{
    char *path = heap_printf("%s/%s", dir, SCRATCH_NAME);
    lex_remove_tree(path);
    free(path);
}

/* The sum of the sizes of the plain files in directory dir. */
static unsigned long long
directory_bytes(const char *dir)
{
    unsigned long long total = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat sb;
        char *p = heap_printf("%s/%s", dir, e->d_name);
        if (p && stat(p, &sb) == 0 && S_ISREG(sb.st_mode))
            total += (unsigned long long)sb.st_size;
        free(p);
    }
    closedir(d);
    return total;
}

unsigned long long
lex_gen_bytes(const char *dir, unsigned long gen)
{
    if (!gen)
        return directory_bytes(dir);
    char *path = lex_gen_path(dir, gen);
    unsigned long long bytes = path ? directory_bytes(path) : 0;
    free(path);
    return bytes;
}
