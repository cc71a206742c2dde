/*
 * lexdb_hold.c - test tool: holds an index's write lock until stdin closes.
 *
 * The CLI tests use it to check that a second writer is refused at once
 * with a clear message and status 75, instead of waiting or corrupting.
 * Prints "locked" on stdout once it holds the lock.
 */
#include <stdio.h>

#include "lexdb.h"

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: lexdb_hold INDEX_DIR\n", stderr);
        return 2;
    }
    lex_err_t err;
    lexdb_t *db;
    if (lexdb_open(argv[1], LEXDB_WRITE, &db, &err) != LEXDB_OK) {
        fprintf(stderr, "lexdb_hold: %s\n", err.msg);
        return 1;
    }
    puts("locked");
    fflush(stdout);
    int c;
    do
        c = getchar();
    while (c != EOF);
    lexdb_close(db);
    return 0;
}
