/*
 * filestate.h - what the index remembers of each bulletin file, so that
 * a later run can pass over the files that did not change: size,
 * modification time, hash of the bytes and number of items.
 *
 * The shim stores it as one line of text in the index's metadata, under
 * a key per file (lexdb_set_file_state): "SIZE MTIME_NS HASH ITEMS KEY",
 * HASH in hexadecimal, KEY the file's key, so that the files an index
 * holds can be listed from the metadata alone.  The text is written and
 * read here.
 */
#ifndef LEX_FILESTATE_H
#define LEX_FILESTATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    unsigned long long size;
    long long mtime_ns;
    unsigned long long hash; /* of the file's bytes */
    unsigned long items;
} lex_file_state_t;

/* Room for the numbers of a file state as text, with their NUL. */
#define LEX_FILE_STATE_TEXT 96

/*
 * Writes the numbers of st, each followed by a space, into out (of
 * LEX_FILE_STATE_TEXT bytes); the stored text is this and the file's key.
 */
void lex_file_state_format(const lex_file_state_t *st, char *out);

/*
 * Reads a stored file state from text; false when it is damaged (fewer
 * than four numbers).  *key_at (when given) gets the offset of the
 * file's key in text.
 */
bool lex_file_state_parse(const char *text, lex_file_state_t *st,
                          size_t *key_at);

#endif
