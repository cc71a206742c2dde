/*
 * paths.c - the default index location (XDG base directories) and mkdir -p.
 */
#include "paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

/* Returns the value of an environment variable, or NULL if unset/empty. */
static const char *
env_nonempty(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* Picks the index directory from the environment. */
lex_status_t
lex_default_index_path(char **out, lex_err_t *err)
{
    lex_buf_t b = LEX_BUF_INIT;
    const char *v;
    if ((v = env_nonempty("LEXSEARCH_INDEX")))
        lex_buf_puts(&b, v);
    else if ((v = env_nonempty("XDG_DATA_HOME")))
        lex_buf_printf(&b, "%s/lexsearch/index", v);
    else if ((v = env_nonempty("HOME")))
        lex_buf_printf(&b, "%s/.local/share/lexsearch/index", v);
    else
        return lex_err_set(
            err, LEX_EUSAGE,
            "no index location: set LEXSEARCH_INDEX, XDG_DATA_HOME "
            "or HOME, or pass --index");
    *out = lex_buf_steal(&b);
    return *out ? LEX_OK : lex_err_set(err, LEX_ENOMEM, "out of memory");
}

/* Creates one directory, accepting one that already exists. */
static lex_status_t
mkdir_one(const char *dir, lex_err_t *err)
{
    struct stat sb;
    if (mkdir(dir, 0777) == 0)
        return LEX_OK;
    if (errno == EEXIST && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
        return LEX_OK;
    return lex_err_set(err, LEX_EIO, "%s: cannot create directory: %s", dir,
                       errno == EEXIST ? "not a directory" : strerror(errno));
}

/* Creates dir and every missing parent. */
lex_status_t
lex_mkdir_p(const char *dir, lex_err_t *err)
{
    char *copy = strdup(dir);
    if (!copy)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    lex_status_t st = LEX_OK;
    for (char *p = copy + 1; *p && st == LEX_OK; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        st = mkdir_one(copy, err);
        *p = '/';
    }
    if (st == LEX_OK)
        st = mkdir_one(copy, err);
    free(copy);
    return st;
}
