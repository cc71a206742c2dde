/*
 * dump.h - lexindex --dump: the items a bulletin parses into, as NDJSON.
 */
#ifndef LEX_DUMP_H
#define LEX_DUMP_H

#include <stddef.h>
#include <stdio.h>

/*
 * Parses every bulletin file under the paths (files, or directories
 * walked as an indexing run walks them) exactly as lexindex would, tags
 * the items with the gazetteer, and writes each item to out as one JSON
 * object per line.  No index is opened.  Files that cannot be parsed are
 * reported on log as "lexindex: path[:line]: reason", and the others are
 * still dumped.  Returns the exit status: 0 when every file parsed, 1
 * when some were rejected, 3 when out could not be written or memory ran
 * out.
 */
int dump_files(char *const *paths, size_t n_paths, FILE *out, FILE *log);

#endif
