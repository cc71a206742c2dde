/*
 * version.h - the lexsearch version, shared by both programs.
 */
#ifndef LEX_VERSION_H
#define LEX_VERSION_H

/* Returns the lexsearch release, e.g. "0.1.0". */
const char *lex_version(void);

#endif
