/*
 * formats.h - which files are bulletins, and which parser reads each.
 */
#ifndef LEX_FORMATS_H
#define LEX_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "bulletin.h"
#include "status.h"

/* True when the file name has an extension lexindex reads. */
bool lex_is_bulletin_name(const char *name);

/* Parses data with the parser that the file name's extension selects. */
lex_status_t lex_parse_any(const char *path, const char *data, size_t len,
                           lex_bulletin_t **out, lex_err_t *err);

#endif
