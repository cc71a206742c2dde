/*
 * thesaurus.c - reading the thesaurus file and finding data files.
 */
#include "thesaurus.h"

#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "hash.h"
#include "tsv.h"

#define MAX_THESAURUS_BYTES (4u << 20)

/* True when s is one run of non-ASCII (Chinese) characters, no spaces. */
static bool
chinese_phrase(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x80)
            return false;
    return *s != '\0';
}

/* True when s is 1-4 lower-case words of letters, digits and hyphens, or
   a Chinese phrase. */
static bool
valid_phrase(const char *s)
{
    int words = 1;
    if (chinese_phrase(s))
        return true;
    if (!*s || *s == ' ' || s[strlen(s) - 1] == ' ')
        return false;
    for (const char *p = s; *p; p++) {
        if (*p == ' ') {
            if (p[1] == ' ')
                return false;
            words++;
        } else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                     *p == '-')) {
            return false;
        }
    }
    return words <= 4;
}

/* strcmp for tsearch, whose keys are the phrases themselves. */
static int
compare_phrases(const void *a, const void *b)
{
    return strcmp(a, b);
}

/*
 * True when phrase is in *seen, the phrases of the groups read so far (a
 * tsearch tree): a lookup in log time, where a scan of every earlier
 * group made loading quadratic in the file's size (a third of the time
 * lexsearch took to start).
 */
static bool
seen_phrase(void *const *seen, const char *phrase)
{
    return tfind(phrase, seen, compare_phrases) != NULL;
}

/* Adds the phrases of group g (owned by the thesaurus) to *seen. */
static bool
remember_group(void **seen, const lex_syn_group_t *g)
{
    for (size_t i = 0; i < g->n; i++)
        if (!tsearch(g->phrases[i], seen, compare_phrases))
            return false;
    return true;
}

/* Empties *seen (its keys belong to th, which still holds them all). */
static void
forget_phrases(void **seen, const lex_thesaurus_t *th)
{
    for (size_t g = 0; g < th->n; g++)
        for (size_t i = 0; i < th->groups[g].n; i++)
            tdelete(th->groups[g].phrases[i], seen, compare_phrases);
}

/* Appends a phrase to the group being built. */
static bool
add_phrase(lex_syn_group_t *g, const char *s, size_t n)
{
    return lex_strings_add(&g->phrases, &g->n, s, n);
}

/* Parses one TAB-separated group line into th (a new group); *seen holds
   the phrases of th's groups. */
static lex_status_t
parse_group(lex_thesaurus_t *th, void **seen, const char *line, size_t len,
            const char *path, unsigned lineno, lex_err_t *err)
{
    lex_syn_group_t g = {0};
    lex_status_t st = LEX_OK;
    size_t pos = 0, n;
    const char *field;
    while (st == LEX_OK && lex_tsv_next(line, len, &pos, &field, &n)) {
        if (!add_phrase(&g, field, n))
            st = lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
        else if (!valid_phrase(g.phrases[g.n - 1]))
            st = lex_err_set(
                err, LEX_EPARSE,
                "%s:%u: '%s' is not 1-4 lower-case words or a Chinese phrase",
                path, lineno, g.phrases[g.n - 1]);
        else if (seen_phrase(seen, g.phrases[g.n - 1]))
            st = lex_err_set(err, LEX_EPARSE,
                             "%s:%u: '%s' is already in another group", path,
                             lineno, g.phrases[g.n - 1]);
    }
    if (st == LEX_OK && g.n < 2)
        st = lex_err_set(err, LEX_EPARSE,
                         "%s:%u: a group needs two or more TAB-separated "
                         "phrases",
                         path, lineno);
    lex_syn_group_t *groups =
        st == LEX_OK ? realloc(th->groups, (th->n + 1) * sizeof *groups) : NULL;
    if (st == LEX_OK && !groups)
        st = lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    if (st != LEX_OK) {
        lex_strings_free(g.phrases, g.n);
        return st;
    }
    th->groups = groups;
    th->groups[th->n++] = g;
    if (!remember_group(seen, &g))
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    return LEX_OK;
}

/*
 * Sets th->hash from its groups (phrases TAB-separated, groups on lines
 * of their own), so that users of the thesaurus can tell whether two
 * loads hold the same groups without comparing them.
 */
static lex_status_t
hash_groups(lex_thesaurus_t *th, const char *path, lex_err_t *err)
{
    lex_buf_t all = LEX_BUF_INIT;
    for (size_t g = 0; g < th->n; g++) {
        lex_buf_putc(&all, '\n');
        for (size_t i = 0; i < th->groups[g].n; i++) {
            lex_buf_puts(&all, th->groups[g].phrases[i]);
            lex_buf_putc(&all, '\t');
        }
    }
    lex_status_t st = LEX_OK;
    if (lex_buf_failed(&all))
        st = lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    else
        th->hash = lex_hash64(all.data, all.len);
    lex_buf_free(&all);
    return st;
}

/* Reads the whole file, group by group. */
lex_status_t
lex_thesaurus_load(const char *path, lex_thesaurus_t **out, lex_err_t *err)
{
    char *data;
    size_t len;
    *out = NULL;
    lex_status_t st =
        lex_read_file(path, MAX_THESAURUS_BYTES, &data, &len, err);
    if (st != LEX_OK)
        return st;
    lex_thesaurus_t *th = calloc(1, sizeof *th);
    if (!th) {
        free(data);
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    }
    unsigned lineno = 0;
    void *seen = NULL;
    for (size_t pos = 0; pos < len && st == LEX_OK;) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t n = end - pos;
        lineno++;
        if (n > 0 && data[pos + n - 1] == '\r')
            n--;
        if (n > 0 && data[pos] != '#')
            st = parse_group(th, &seen, data + pos, n, path, lineno, err);
        pos = end + 1;
    }
    forget_phrases(&seen, th);
    free(data);
    if (st == LEX_OK)
        st = hash_groups(th, path, err);
    if (st != LEX_OK) {
        lex_thesaurus_free(th);
        return st;
    }
    *out = th;
    return LEX_OK;
}

lex_status_t
lex_thesaurus_load_default(lex_thesaurus_t **out, lex_err_t *err)
{
    char *path = NULL;
    *out = NULL;
    lex_status_t st = lex_data_file("thesaurus.tsv", &path, err);
    if (st == LEX_OK)
        st = lex_thesaurus_load(path, out, err);
    free(path);
    return st;
}

void
lex_thesaurus_free(lex_thesaurus_t *th)
{
    if (!th)
        return;
    for (size_t g = 0; g < th->n; g++) {
        lex_strings_free(th->groups[g].phrases, th->groups[g].n);
    }
    free(th->groups);
    free(th);
}

/* Tries dir/name; on success stores the malloc'd path. */
static bool
try_dir(const char *dir, const char *name, char **out)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_printf(&b, "%s/%s", dir, name);
    if (!lex_buf_failed(&b) && access(lex_buf_str(&b), R_OK) == 0) {
        *out = lex_buf_steal(&b);
        return *out != NULL;
    }
    lex_buf_free(&b);
    return false;
}

/*
 * PROGRAM_DIR/../share/lexsearch: where cmake --install --prefix P puts
 * the data for programs in P/bin, wherever P is.
 */
static bool
try_beside_program(const char *name, char **out)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    lex_buf_t dir = LEX_BUF_INIT;
    lex_buf_printf(&dir, "%s/../share/lexsearch", exe);
    bool found = !lex_buf_failed(&dir) && try_dir(lex_buf_str(&dir), name, out);
    lex_buf_free(&dir);
    return found;
}

/* $LEXSEARCH_DATADIR, the install location, then the source tree. */
lex_status_t
lex_data_file(const char *name, char **out, lex_err_t *err)
{
    const char *env = getenv("LEXSEARCH_DATADIR");
    *out = NULL;
    if (env && *env) {
        if (try_dir(env, name, out))
            return LEX_OK;
        return lex_err_set(err, LEX_EIO, "%s/%s: not found (LEXSEARCH_DATADIR)",
                           env, name);
    }
    if (try_beside_program(name, out) ||
        try_dir(LEX_INSTALL_DATADIR, name, out) ||
        try_dir(LEX_SOURCE_DATADIR, name, out))
        return LEX_OK;
    return lex_err_set(err, LEX_EIO,
                       "%s: not found in %s (set LEXSEARCH_DATADIR)", name,
                       LEX_INSTALL_DATADIR);
}
