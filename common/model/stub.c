/*
 * stub.c - Xapian stub files: reading one into lines, writing one
 * atomically (see stub.h for the three kinds lexsearch meets).
 */
#include "stub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"

/* The text that follows "PATH:LINE: " for a line Xapian would refuse. */
#define BAD_LINE "bad line (expected 'auto PATH' or 'remote HOST:PORT')"

/* A heap "a" followed by "b", or NULL when memory runs out. */
static char *
joined(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    char *p = malloc(alen + blen + 1);
    if (p) {
        memcpy(p, a, alen);
        memcpy(p + alen, b, blen + 1);
    }
    return p;
}

bool
lex_parse_host_port(const char *s, char **host, unsigned *port, bool *nomem)
{
    *host = NULL;
    *nomem = false;
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || !colon[1])
        return false;
    char *end;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (*end || p == 0 || p > 65535)
        return false;
    size_t n = (size_t)(colon - s);
    if (n > 2 && s[0] == '[' && s[n - 1] == ']')
        *host = lex_memdup_str(s + 1, n - 2);
    else
        *host = lex_memdup_str(s, n);
    *nomem = *host == NULL;
    *port = (unsigned)p;
    return *host != NULL;
}

/* Makes a relative path in a stub relative to the stub's directory. */
static char *
resolved(const char *path, const char *stub_path)
{
    const char *slash = strrchr(stub_path, '/');
    if (path[0] == '/' || !slash)
        return lex_memdup_str(path, strlen(path));
    return joined(stub_path, (size_t)(slash - stub_path) + 1, path);
}

/* Fills out from "remote :PROGRAM ARGS" (rest is ":PROGRAM ARGS"). */
static lex_status_t
parse_program(const char *rest, lex_stub_line_t *out)
{
    const char *space = strchr(rest, ' ');
    size_t n = space ? (size_t)(space - rest) - 1 : strlen(rest + 1);
    if (n == 0)
        return LEX_EPARSE;
    out->kind = LEX_STUB_PROGRAM;
    out->name = lex_memdup_str(rest + 1, n);
    out->arg = space ? lex_memdup_str(space + 1, strlen(space + 1))
                     : lex_memdup_str("", 0);
    return out->name && out->arg ? LEX_OK : LEX_ENOMEM;
}

/* Fills out from "remote HOST:PORT" (rest is "HOST:PORT"). */
static lex_status_t
parse_tcp(const char *rest, lex_stub_line_t *out)
{
    bool nomem;
    out->kind = LEX_STUB_TCP;
    if (!lex_parse_host_port(rest, &out->arg, &out->port, &nomem))
        return nomem ? LEX_ENOMEM : LEX_EPARSE;
    out->name = lex_memdup_str(rest, strlen(rest));
    return out->name ? LEX_OK : LEX_ENOMEM;
}

/* Releases what one line owns and empties it. */
static void
free_line(lex_stub_line_t *l)
{
    free(l->name);
    free(l->arg);
    memset(l, 0, sizeof *l);
}

lex_status_t
lex_stub_parse_line(const char *line, const char *stub_path,
                    lex_stub_line_t *out)
{
    memset(out, 0, sizeof *out);
    const char *space = strchr(line, ' ');
    if (!space || !space[1])
        return LEX_EPARSE;
    size_t type_len = (size_t)(space - line);
    const char *rest = space + 1;
    lex_status_t st = LEX_EPARSE;
    if ((type_len == 4 && !strncmp(line, "auto", 4)) ||
        (type_len == 5 && !strncmp(line, "glass", 5))) {
        out->kind = type_len == 4 ? LEX_STUB_AUTO : LEX_STUB_GLASS;
        out->name = resolved(rest, stub_path);
        st = out->name ? LEX_OK : LEX_ENOMEM;
    } else if (type_len == 6 && !strncmp(line, "remote", 6))
        st = rest[0] == ':' ? parse_program(rest, out) : parse_tcp(rest, out);
    if (st != LEX_OK)
        free_line(out);
    return st;
}

/* Appends line to s, growing its array. */
static lex_status_t
append_line(lex_stub_t *s, size_t *cap, const lex_stub_line_t *line)
{
    lex_stub_line_t *more = lex_grow(s->lines, s->n, cap, sizeof *s->lines);
    if (!more)
        return LEX_ENOMEM;
    s->lines = more;
    s->lines[s->n++] = *line;
    return LEX_OK;
}

/* Reads the lines of an open stub file f, named path, into out. */
static lex_status_t
read_lines(FILE *f, const char *path, lex_stub_t *out, lex_err_t *err)
{
    char *text = NULL;
    size_t text_cap = 0, cap = 0;
    ssize_t len;
    lex_status_t st = LEX_OK;
    for (unsigned n = 1;
         st == LEX_OK && (len = getline(&text, &text_cap, f)) >= 0; n++) {
        if (len > 0 && text[len - 1] == '\n')
            text[--len] = '\0';
        if (len == 0 || text[0] == '#')
            continue;
        lex_stub_line_t line;
        st = lex_stub_parse_line(text, path, &line);
        if (st == LEX_OK && (st = append_line(out, &cap, &line)) != LEX_OK)
            free_line(&line);
        if (st == LEX_EPARSE)
            lex_err_set(err, st, "%s:%u: " BAD_LINE, path, n);
    }
    free(text);
    if (st == LEX_ENOMEM)
        lex_err_set(err, st, "out of memory");
    return st;
}

lex_status_t
lex_stub_read(const char *path, lex_stub_t *out, lex_err_t *err)
{
    out->lines = NULL;
    out->n = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return lex_err_set(err, LEX_EIO, "%s: cannot read the stub", path);
    lex_status_t st = read_lines(f, path, out, err);
    fclose(f);
    if (st != LEX_OK)
        lex_stub_free(out);
    return st;
}

void
lex_stub_free(lex_stub_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free_line(&s->lines[i]);
    free(s->lines);
    s->lines = NULL;
    s->n = 0;
}

/* Writes one stub line to f as Xapian reads it. */
static void
print_line(FILE *f, const lex_stub_line_t *l)
{
    switch (l->kind) {
    case LEX_STUB_AUTO:
        fprintf(f, "auto %s\n", l->name);
        break;
    case LEX_STUB_GLASS:
        fprintf(f, "glass %s\n", l->name);
        break;
    case LEX_STUB_TCP:
        fprintf(f, "remote %s\n", l->name);
        break;
    case LEX_STUB_PROGRAM:
        fprintf(f, "remote :%s%s%s\n", l->name, l->arg && *l->arg ? " " : "",
                l->arg ? l->arg : "");
        break;
    }
}

/* Writes and syncs the stub's text to tmp. */
static lex_status_t
write_temporary(const char *tmp, const char *comment,
                const lex_stub_line_t *lines, size_t n, lex_err_t *err)
{
    FILE *f = fopen(tmp, "w");
    if (!f)
        return lex_err_set(err, LEX_EIO, "cannot create %s: %s", tmp,
                           strerror(errno));
    if (comment)
        fputs(comment, f);
    for (size_t i = 0; i < n; i++)
        print_line(f, &lines[i]);
    bool ok = !ferror(f) && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if (fclose(f) != 0 || !ok)
        return lex_err_set(err, LEX_EIO, "cannot write %s: %s", tmp,
                           strerror(errno));
    return LEX_OK;
}

/* Syncs the directory holding path, so that a rename in it lasts. */
static lex_status_t
sync_parent(const char *path, lex_err_t *err)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return lex_sync_path(".", err);
    char *dir =
        lex_memdup_str(path, slash == path ? 1 : (size_t)(slash - path));
    if (!dir)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    lex_status_t st = lex_sync_path(dir, err);
    free(dir);
    return st;
}

lex_status_t
lex_stub_write(const char *path, const char *comment,
               const lex_stub_line_t *lines, size_t n, lex_err_t *err)
{
    char *tmp = joined(path, strlen(path), ".tmp");
    if (!tmp)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    lex_status_t st = write_temporary(tmp, comment, lines, n, err);
    if (st == LEX_OK && rename(tmp, path) != 0)
        st = lex_err_set(err, LEX_EIO, "cannot replace %s: %s", path,
                         strerror(errno));
    free(tmp);
    return st == LEX_OK ? sync_parent(path, err) : st;
}

lex_status_t
lex_stub_of_index(const char *path, char **stub, lex_err_t *err)
{
    struct stat sb;
    *stub = NULL;
    if (stat(path, &sb) != 0 || !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
        return LEX_OK;
    char *p = S_ISREG(sb.st_mode)
                  ? lex_memdup_str(path, strlen(path))
                  : joined(path, strlen(path), "/" LEX_SHARDS_STUB);
    if (!p)
        return lex_err_set(err, LEX_ENOMEM, "out of memory");
    if (S_ISDIR(sb.st_mode) && stat(p, &sb) != 0) {
        free(p);
        return LEX_OK;
    }
    *stub = p;
    return LEX_OK;
}
