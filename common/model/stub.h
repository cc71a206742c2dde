/*
 * stub.h - Xapian stub files: the one reader and the one writer.
 *
 * A stub file names databases, one a line, in Xapian's syntax: "auto
 * PATH", "glass PATH", "remote HOST:PORT", "remote :PROGRAM ARGS", and
 * '#' comments; a relative PATH is relative to the stub's directory.
 * lexsearch meets three kinds: the XAPIANDB of an index directory, which
 * names its live generation (generations.h); the shards.stub of a
 * sharded index, which lists its shards (indexer/shards.c); and a stub a
 * user writes to search remote shards.  Xapian could open each by
 * itself; the shim reads them here instead so that it can open each
 * shard on its own (lexdb_shards.c) and know which generation is live.
 */
#ifndef LEX_STUB_H
#define LEX_STUB_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* The stub of a sharded index, in its directory. */
#define LEX_SHARDS_STUB "shards.stub"

typedef enum {
    LEX_STUB_AUTO,   /* "auto PATH": a local database of any backend */
    LEX_STUB_GLASS,  /* "glass PATH": a local glass database */
    LEX_STUB_TCP,    /* "remote HOST:PORT": xapian-tcpsrv */
    LEX_STUB_PROGRAM /* "remote :PROGRAM ARGS": a program on a pipe */
} lex_stub_kind_t;

/* One line of a stub: where one database is. */
typedef struct {
    lex_stub_kind_t kind;
    /* AUTO, GLASS: the path (as read, relative to the stub's directory
       made relative to the current one); TCP: HOST:PORT as written;
       PROGRAM: the program */
    char *name;
    /* TCP: the host, without the [] of an IPv6 address; PROGRAM: the
       arguments ("" for none); NULL otherwise */
    char *arg;
    unsigned port; /* TCP only */
} lex_stub_line_t;

/* The databases a stub lists, in order. */
typedef struct {
    lex_stub_line_t *lines;
    size_t n;
} lex_stub_t;

/*
 * Parses "HOST:PORT" (HOST may be [IPv6]); false when s is not that or
 * the port is not 1 to 65535.  *host gets a heap copy of the host; false
 * with *host NULL also when memory runs out (*nomem is then set).
 */
bool lex_parse_host_port(const char *s, char **host, unsigned *port,
                         bool *nomem);

/*
 * Parses one line of the stub at stub_path (a comment or blank line is
 * not a line: the caller skips those).  LEX_EPARSE, without a message,
 * when Xapian would not accept the line; LEX_ENOMEM.
 */
lex_status_t lex_stub_parse_line(const char *line, const char *stub_path,
                                 lex_stub_line_t *out);

/*
 * Reads the stub file at path into *out (empty when it lists nothing).
 * Fails with LEX_EIO "PATH: cannot read the stub", LEX_EPARSE
 * "PATH:LINE: bad line (...)" or LEX_ENOMEM; *out is then empty.
 */
lex_status_t lex_stub_read(const char *path, lex_stub_t *out, lex_err_t *err);

/* Releases what a stub read by lex_stub_read owns; s may be NULL. */
void lex_stub_free(lex_stub_t *s);

/*
 * Writes the stub file at path: comment as given (NULL for none), then
 * the lines, names as given.  Atomic and durable: written to PATH.tmp,
 * synced, renamed over path, and the directory synced, so that a reader
 * sees the old stub or the new one and a crash leaves one of them.
 */
lex_status_t lex_stub_write(const char *path, const char *comment,
                            const lex_stub_line_t *lines, size_t n,
                            lex_err_t *err);

/*
 * The stub file that the index path path designates: path itself when
 * it is a file, PATH/shards.stub when path is a sharded index's
 * directory.  *stub gets a heap string, or NULL for a plain index (or
 * nothing at all) at path.
 */
lex_status_t lex_stub_of_index(const char *path, char **stub, lex_err_t *err);

#endif
