/*
 * vanish.c - LD_PRELOAD shim for the bad-input tests: makes a file
 * vanish in the middle of a lexindex run, deterministically.
 *
 * lexindex first lists the corpus, then resolves each file's path with
 * realpath(3) just before reading it.  When the name of the file being
 * resolved equals $LEX_VANISH, this realpath deletes the file first, so
 * the run sees a file that was there when listed and is gone when read.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* realpath(3), deleting the file named by $LEX_VANISH before resolving. */
char *
realpath(const char *path, char *resolved)
{
    static char *(*real_realpath)(const char *, char *);
    if (!real_realpath)
        real_realpath =
            (char *(*)(const char *, char *))dlsym(RTLD_NEXT, "realpath");
    const char *victim = getenv("LEX_VANISH");
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *name = slash ? slash + 1 : path;
    if (victim && name && !strcmp(name, victim))
        unlink(path);
    return real_realpath(path, resolved);
}
