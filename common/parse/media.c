/*
 * media.c - reaching the PDF and mail parsers (see media.h): the table
 * linked into the program when it is, else the module's, loaded at the
 * first PDF or mail file.
 */
#include "media.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* media_parsers.c's table when the program links it, else NULL. */
extern const lex_media_t lex_media_parsers __attribute__((weak));

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const lex_media_t *media;     /* the parsers, NULL when not loadable */
static char why[2 * PATH_MAX + 256]; /* why not */

/*
 * Stores in dir the directory the running program was started from, with
 * its trailing '/', and in parent the directory LEX_MEDIA_RELDIR (the
 * install's libdir, relative to its bindir) names from there.  False when
 * the program's own path cannot be read.
 */
static bool
module_dirs(char *dir, char *lib, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", dir, cap - 1);
    if (n <= 0 || (size_t)n >= cap - 1)
        return false;
    dir[n] = '\0';
    *(strrchr(dir, '/') + 1) = '\0';
    /* each leading "../" of LEX_MEDIA_RELDIR climbs one directory */
    const char *rel = LEX_MEDIA_RELDIR;
    size_t keep = strlen(dir) - 1; /* the trailing '/' */
    for (; !strncmp(rel, "../", 3) && keep > 0; rel += 3) {
        while (keep > 0 && dir[keep - 1] != '/')
            keep--;
        if (keep > 1)
            keep--; /* the '/' before the directory left */
    }
    return snprintf(lib, cap, "%.*s/%s/", (int)keep, dir, rel) < (int)cap;
}

/*
 * Opens the module at path and takes its table; on failure says why in
 * why.
 */
static const lex_media_t *
open_module(const char *path)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(why, sizeof why, "cannot load %s", dlerror());
        return NULL;
    }
    const lex_media_t *table = dlsym(handle, "lex_media_parsers");
    if (!table || table->abi != LEX_MEDIA_ABI) {
        snprintf(why, sizeof why,
                 "%s is not the PDF and mail module of this lexsearch", path);
        dlclose(handle);
        return NULL;
    }
    return table; /* kept loaded: its parsers serve the whole run */
}

/*
 * Finds the parsers once per process: linked in, or LEX_MEDIA_MODULE
 * next to the program, or in the install's libdir.
 */
static void
load_media(void)
{
    if (&lex_media_parsers) {
        media = &lex_media_parsers;
        return;
    }
    char dir[PATH_MAX], lib[PATH_MAX], path[PATH_MAX + 64];
    if (!module_dirs(dir, lib, sizeof dir)) {
        snprintf(why, sizeof why,
                 "cannot find %s: the program's own path is unknown",
                 LEX_MEDIA_MODULE);
        return;
    }
    const char *dirs[] = {dir, lib};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s%s", dirs[i], LEX_MEDIA_MODULE);
        if (access(path, F_OK) == 0) {
            media = open_module(path);
            return;
        }
    }
    snprintf(why, sizeof why, "%s%s is missing (nor is it in %s)", lib,
             LEX_MEDIA_MODULE, dir);
}

/*
 * The parsers, or NULL with err set to "path: PDF and mail files cannot
 * be read: why".
 */
static const lex_media_t *
parsers_for(const char *path, lex_err_t *err)
{
    pthread_once(&load_once, load_media);
    if (!media)
        lex_err_set(err, LEX_EIO, "%s: PDF and mail files cannot be read: %s",
                    path, why);
    return media;
}

/* Which of the table's parsers a dispatcher calls. */
typedef enum { MEDIA_PDF, MEDIA_MAIL, MEDIA_MBOX } media_kind_t;

/*
 * Parses the file with the table's parser of kind, wherever the table is:
 * what each dispatcher below does, with *out NULL and LEX_EIO when the
 * parsers cannot be reached.
 */
static lex_status_t
parse_with(media_kind_t kind, const char *path, const char *data, size_t len,
           const lex_parse_opts_t *opts, lex_bulletin_t **out, lex_err_t *err)
{
    const lex_media_t *m = parsers_for(path, err);
    *out = NULL;
    if (!m)
        return LEX_EIO;
    lex_parse_fn *parse = kind == MEDIA_PDF    ? m->pdf
                          : kind == MEDIA_MAIL ? m->mail
                                               : m->mbox;
    return parse(path, data, len, opts, out, err);
}

/* Parses a PDF with lex_parse_pdf (parse_pdf.h). */
lex_status_t
lex_media_parse_pdf(const char *path, const char *data, size_t len,
                    const lex_parse_opts_t *opts, lex_bulletin_t **out,
                    lex_err_t *err)
{
    return parse_with(MEDIA_PDF, path, data, len, opts, out, err);
}

/* Parses one message with lex_parse_mail (parse_mail.h). */
lex_status_t
lex_media_parse_mail(const char *path, const char *data, size_t len,
                     const lex_parse_opts_t *opts, lex_bulletin_t **out,
                     lex_err_t *err)
{
    return parse_with(MEDIA_MAIL, path, data, len, opts, out, err);
}

/* Parses an mbox file with lex_parse_mbox (parse_mail.h). */
lex_status_t
lex_media_parse_mbox(const char *path, const char *data, size_t len,
                     const lex_parse_opts_t *opts, lex_bulletin_t **out,
                     lex_err_t *err)
{
    return parse_with(MEDIA_MBOX, path, data, len, opts, out, err);
}
