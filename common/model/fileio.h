/*
 * fileio.h - reading a whole bulletin file, within a size limit.
 */
#ifndef LEX_FILEIO_H
#define LEX_FILEIO_H

#include <stddef.h>

#include "status.h"

/* Largest bulletin file accepted, in bytes (documented in lexindex(1)). */
#define LEX_MAX_FILE_BYTES (64u * 1024u * 1024u)

/*
 * Reads the file at path into a NUL-terminated heap buffer (*data, with
 * *len bytes before the NUL).  LEX_ELIMIT for files over max_bytes,
 * LEX_EIO when the file cannot be opened or read.
 */
lex_status_t lex_read_file(const char *path, size_t max_bytes, char **data,
                           size_t *len, lex_err_t *err);

/*
 * fsyncs the file or directory at path, so that what was written or
 * renamed there survives a power cut.  LEX_EIO "cannot open PATH: ..."
 * or "cannot sync PATH: ...".
 */
lex_status_t lex_sync_path(const char *path, lex_err_t *err);

#endif
