/*
 * formats.h - which files are bulletins, and which parser reads each.
 */
#ifndef LEX_FORMATS_H
#define LEX_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "bulletin.h"
#include "parse.h"
#include "status.h"

/* True when the file name has an extension lexindex reads. */
bool lex_is_bulletin_name(const char *name);

/*
 * True when path names a file in a folder called cur or new, which is
 * how a Maildir keeps its messages (names not starting with a dot);
 * the walk also checks that the folder's parent has a tmp folder.
 */
bool lex_is_maildir_path(const char *path);

/* The largest file lexindex reads for this name (an mbox may be big). */
size_t lex_max_file_bytes(const char *path);

/*
 * Parses data with the parser that the file name's extension selects,
 * with what the caller knows (--encoding: opts->text_encoding, read here
 * for plain text); opts may be NULL.
 */
lex_parse_fn lex_parse_any;

#endif
