/*
 * maint.c - lexindex --check, --compact and --stats.
 *
 * These act on the index as a whole rather than on bulletin files; the
 * work is in the shim (lexdb_admin.c and its Xapian steps), this file
 * only reports.
 */
#include "maint.h"

#include <stdio.h>
#include <time.h>

#include "lexdb.h"
#include "sanitize.h"

enum { EXIT_OK = 0, EXIT_INDEX = 3, EXIT_LOCKED = 75 };

/* Prints an index error the way every lexindex error looks. */
static int
index_error(lexdb_status_t st, const char *index_dir, const lex_err_t *err)
{
    if (st == LEXDB_LOCKED) {
        fprintf(stderr,
                "lexindex: %s: index is locked by another lexindex run; "
                "try again later\n",
                index_dir);
        return EXIT_LOCKED;
    }
    fputs("lexindex: ", stderr);
    lex_fputs_safe(stderr, err->msg);
    fputc('\n', stderr);
    return EXIT_INDEX;
}

/* Runs Xapian's and lexsearch's checks and says what they found. */
int
maint_check(const char *index_dir)
{
    lex_err_t err;
    unsigned long problems;
    lexdb_status_t st = lexdb_check(index_dir, stderr, &problems, &err);
    if (st != LEXDB_OK)
        return index_error(st, index_dir, &err);
    if (problems) {
        fprintf(stderr,
                "lexindex: %s: %lu problem%s found; rebuild the index with "
                "lexindex --rebuild\n",
                index_dir, problems, problems == 1 ? "" : "s");
        return EXIT_INDEX;
    }
    printf("%s: index is sound\n", index_dir);
    return EXIT_OK;
}

/* Opens for writing, waiting for the lock up to wait_seconds. */
static lexdb_status_t
open_locked(const char *index_dir, unsigned wait_seconds, lexdb_t **db,
            lex_err_t *err)
{
    time_t deadline = time(NULL) + (time_t)wait_seconds;
    for (;;) {
        lexdb_status_t st = lexdb_open(index_dir, LEXDB_WRITE, db, err);
        if (st != LEXDB_LOCKED || time(NULL) >= deadline)
            return st;
        struct timespec pause = {0, 200 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

/* Compacts into a new generation and reports the sizes. */
int
maint_compact(const char *index_dir, unsigned wait_seconds)
{
    lex_err_t err;
    lexdb_t *db;
    unsigned long long before, after;
    /* a read-only open first, so that a missing index is not created */
    lexdb_status_t st = lexdb_open(index_dir, LEXDB_READ, &db, &err);
    if (st != LEXDB_OK)
        return index_error(st, index_dir, &err);
    lexdb_close(db);
    st = open_locked(index_dir, wait_seconds, &db, &err);
    if (st == LEXDB_OK)
        st = lexdb_compact(db, &before, &after, &err);
    if (st != LEXDB_OK)
        return index_error(st, index_dir, &err);
    printf("%s: compacted from %.1f MiB to %.1f MiB\n", index_dir,
           (double)before / 1048576.0, (double)after / 1048576.0);
    return EXIT_OK;
}

/* Prints one "key: value" statistics line per fact. */
int
maint_stats(const char *index_dir)
{
    lex_err_t err;
    lexdb_t *db;
    lexdb_stats_t s;
    lexdb_status_t st = lexdb_open(index_dir, LEXDB_READ, &db, &err);
    if (st == LEXDB_OK) {
        st = lexdb_stats(db, &s, &err);
        lexdb_close(db);
    }
    if (st != LEXDB_OK)
        return index_error(st, index_dir, &err);
    printf("index:       %s\n", index_dir);
    printf("items:       %lu\n", s.items);
    printf("bulletins:   %lu\n", s.bulletins);
    if (*s.first_date)
        printf("dates:       %s to %s\n", s.first_date, s.last_date);
    else
        printf("dates:       none\n");
    printf("size:        %.1f MiB\n", (double)s.bytes / 1048576.0);
    printf("schema:      %lu\n", s.schema);
    printf("generation:  %lu\n", s.generation);
    printf("last run:    %lu%s%s\n", s.last_run, *s.last_run_time ? " at " : "",
           s.last_run_time);
    return EXIT_OK;
}
