/*
 * paths.h - where the index lives by default, and making directories.
 */
#ifndef LEX_PATHS_H
#define LEX_PATHS_H

#include "status.h"

/*
 * The default index directory, as a heap string: $LEXSEARCH_INDEX, else
 * $XDG_DATA_HOME/lexsearch/index, else $HOME/.local/share/lexsearch/index.
 * LEX_EUSAGE when none of these variables is set.
 */
lex_status_t lex_default_index_path(char **out, lex_err_t *err);

/* Creates dir and its missing parents (like mkdir -p). */
lex_status_t lex_mkdir_p(const char *dir, lex_err_t *err);

#endif
