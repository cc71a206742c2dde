/*
 * version.c - the release number, set by CMake from project(VERSION).
 */
#include "version.h"

#ifndef LEX_VERSION
#define LEX_VERSION "unknown"
#endif

/* Returns the lexsearch release. */
const char *
lex_version(void)
{
    return LEX_VERSION;
}
