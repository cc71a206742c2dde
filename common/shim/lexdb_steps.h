/*
 * lexdb_steps.h - inside liblexdb, between its C and its C++ (never
 * included outside common/shim/).
 *
 * The shim's C files (lexdb_admin.c, lexdb_shards.c) decide the order of
 * things: which generation, when to swap the stub, what to delete when a
 * build fails, how a stub's shards are read and which failures --partial
 * forgives.  They reach Xapian only through the steps below, each one
 * Xapian call or a few, implemented in lexdb_admin.cc and
 * lexdb_shards.cc.  The C++ calls back the two entry points at the end
 * (lexdb.cc, when it opens an index).  Handles stay opaque, every step
 * returns a status with a message, and no exception crosses.
 */
#ifndef LEXDB_STEPS_H
#define LEXDB_STEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "indexmeta.h"
#include "lexdb.h"
#include "stub.h"

/* --- Xapian steps (C++) --- */

/* Creates an empty glass database at path (replacing any there), commits
   and closes it; a failure's message names what. */
lexdb_status_t lexdb_step_create(const char *path, const char *what,
                                 lex_err_t *err);

/*
 * Opens *out, a writer of live's run with its gazetteer and thesaurus,
 * on an empty glass database made for it: generation gen of live's
 * directory or, for gen 0, the first segment of part `part` of a bulk
 * build (whose later segments lexdb_commit opens).  Every item written
 * through it is new.
 */
lexdb_status_t lexdb_step_fresh(const lexdb_t *live, unsigned long gen,
                                size_t part, lexdb_t **out, lex_err_t *err);

/* Commits what a fresh handle holds, marks its schema and closes its
   database; the handle stays, for lexdb_close. */
lexdb_status_t lexdb_step_seal(lexdb_t *fresh, lex_err_t *err);

/*
 * The index directory of db, a handle open for writing (valid while db
 * is), and in *gen (when not NULL) the generation it writes: a
 * rebuild's, or 0.  NULL when db is not open for writing, with the
 * message "DIR: not open for writing" (LEXDB_INVALID) in err (when not
 * NULL).
 */
const char *lexdb_step_writer(const lexdb_t *db, unsigned long *gen,
                              lex_err_t *err);

/* Xapian's compaction of live's database (open for writing) into a new
   database at dest. */
lexdb_status_t lexdb_step_compact(lexdb_t *live, const char *dest,
                                  lex_err_t *err);

/* Merges the segments of sealed parts[0..n-1] into a new database at
   dest, with one full, multipass compaction: every table written once,
   in order and full, as small as lexindex --compact makes it. */
lexdb_status_t lexdb_step_merge(lexdb_t *const *parts, size_t n,
                                const char *dest, lex_err_t *err);

/*
 * Xapian's structural check of the database at target into c, then,
 * when it found nothing, lexsearch's invariants of the index at path
 * (indexmeta.h).  Damage bad enough to stop the check is one more
 * problem, not a failure.
 */
lexdb_status_t lexdb_step_check(const char *path, const char *target,
                                lex_check_t *c, lex_err_t *err);

/* Opens the shards lines[0..n-1] into db, each on its own (remote ones
   with db's timeout), leaving out with a notice, under --partial, those
   that fail; then joins them into the database db searches. */
lexdb_status_t lexdb_step_shards(lexdb_t *db, const lex_stub_line_t *lines,
                                 size_t n, lex_err_t *err);

/* --- sequencing (C) --- */

/*
 * The lexdb status of a C helper's failure st (message e) about what,
 * into err (which may be e): LEX_ENOMEM is LEXDB_NOMEM, LEX_EUSAGE (not
 * an index) LEXDB_CORRUPT, any other LEXDB_IO; the messages are those
 * the shim gave when these failures came through Xapian's exceptions
 * (lexindex(1) quotes them).  Returns LEXDB_OK for LEX_OK.
 */
lexdb_status_t lexdb_failed(lex_status_t st, const char *what,
                            const lex_err_t *e, lex_err_t *err);

/* The two entry points lexdb.cc calls: */

/* Gives dir an empty first generation when it holds no index yet
   (lex_gen_first_needed); does nothing to an existing index. */
lexdb_status_t lexdb_ensure_layout(const char *dir, lex_err_t *err);

/* (Re)opens the shards the stub file lists into db; with --partial,
   those that fail are left out with a notice. */
lexdb_status_t lexdb_open_shards(lexdb_t *db, const char *stub, lex_err_t *err);

#endif
