/*
 * vanish.c - LD_PRELOAD shim for the bad-input tests: makes a file
 * vanish in the middle of a lexindex run, deterministically.
 *
 * lexindex first lists the corpus (with each file's size and time
 * where the directory says it is a regular file), then reads each file
 * that changed, stat'ing it first when the walk did not (after
 * resolving its path with realpath(3)).  When the name of the file
 * being resolved, stat'ed or opened equals $LEX_VANISH, this shim
 * deletes the file first, so the run sees a file that was there when
 * listed and is gone when read.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Deletes path when its file name is $LEX_VANISH. */
static void
maybe_vanish(const char *path)
{
    const char *victim = getenv("LEX_VANISH");
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *name = slash ? slash + 1 : path;
    if (victim && name && !strcmp(name, victim))
        unlink(path);
}

/* stat(2), deleting the file named by $LEX_VANISH first. */
int
stat(const char *path, struct stat *sb)
{
    static int (*real_stat)(const char *, struct stat *);
    if (!real_stat)
        real_stat =
            (int (*)(const char *, struct stat *))dlsym(RTLD_NEXT, "stat");
    maybe_vanish(path);
    return real_stat(path, sb);
}

/* realpath(3), deleting the file named by $LEX_VANISH before resolving. */
char *
realpath(const char *path, char *resolved)
{
    static char *(*real_realpath)(const char *, char *);
    if (!real_realpath)
        real_realpath =
            (char *(*)(const char *, char *))dlsym(RTLD_NEXT, "realpath");
    maybe_vanish(path);
    return real_realpath(path, resolved);
}

/* fopen(3), deleting the file named by $LEX_VANISH before opening it. */
FILE *
fopen(const char *path, const char *mode)
{
    static FILE *(*real_fopen)(const char *, const char *);
    if (!real_fopen)
        real_fopen =
            (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
    maybe_vanish(path);
    return real_fopen(path, mode);
}
