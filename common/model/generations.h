/*
 * generations.h - the index directory: numbered generations, the stub
 * that names the live one, and the atomic swap.
 *
 * An index directory holds a Xapian stub file, XAPIANDB, that names the
 * live generation ("glass gen-NNNNNN"), and the generations themselves,
 * each a glass database in gen-NNNNNN.  A rebuild or compaction writes a
 * new generation while the live one stays readable, then replaces the
 * stub with rename(2) (lex_gen_make_live): readers see the old
 * generation or the new one, never a mix, and a crash leaves one of them
 * live.  Generations that are not live are garbage, deleted by the next
 * writer (lex_gen_remove_stale), as are bulk.tmp, where a bulk build
 * writes its parts, and the first-PID.tmp of a first run that died.
 *
 * Only file-system work is here; the shim orders it (lexdb_admin.c)
 * around the Xapian steps that create, compact and merge the databases
 * themselves (lexdb_admin.cc).
 */
#ifndef LEX_GENERATIONS_H
#define LEX_GENERATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* The stub naming the live generation, in the index directory. */
#define LEX_GEN_STUB "XAPIANDB"

/* The generation number in a "gen-NNNNNN" name, 0 if it is not one. */
unsigned long lex_gen_of_name(const char *name);

/*
 * The generation the stub in dir names; 0 when there is no stub (no
 * index, or an index older than generations) or it names no generation.
 */
unsigned long lex_gen_live(const char *dir);

/* LEX_OK when there is something at dir; else LEX_EIO, "DIR: no index
   here; create it with lexindex". */
lex_status_t lex_gen_exists(const char *dir, lex_err_t *err);

/* LEX_OK when dir has a live generation; else LEX_EUSAGE, "DIR: index
   predates generations; ...": a rebuild or compaction needs one. */
lex_status_t lex_gen_require(const char *dir, lex_err_t *err);

/* The next unused generation number in dir: above the live one and any
   other generation present. */
unsigned long lex_gen_next(const char *dir);

/* DIR/gen-NNNNNN as a heap string (NULL when out of memory). */
char *lex_gen_path(const char *dir, unsigned long gen);

/* Points the stub of dir at generation gen, atomically and durably. */
lex_status_t lex_gen_make_live(const char *dir, unsigned long gen,
                               lex_err_t *err);

/* Deletes generation gen of dir; failures are left for the next writer. */
void lex_gen_remove(const char *dir, unsigned long gen);

/*
 * Deletes what no one uses, once a writer holds the lock: generations
 * other than the live one, a bulk build's parts, and the first-PID.tmp
 * of first runs whose process is gone.  Does nothing without a stub.
 */
void lex_gen_remove_stale(const char *dir);

/*
 * Whether dir needs a first generation: *needed is false for an
 * existing index (a stub, or a plain glass database); true for a missing
 * or empty directory, or one holding only what a crashed first run left
 * (dir is then created).  Any other file in dir is refused (LEX_EUSAGE):
 * lexindex does not write into a directory that is not an index.
 */
lex_status_t lex_gen_first_needed(const char *dir, bool *needed,
                                  lex_err_t *err);

/*
 * DIR/first-PID.tmp as a heap string (NULL when out of memory), emptied
 * of what an earlier run of this pid left: where this process makes
 * generation 1 before lex_gen_install_first moves it into place.
 */
char *lex_gen_first_scratch(const char *dir);

/*
 * Makes the database committed at scratch generation 1 of dir and
 * points the stub at it.  Xapian killed while creating a database
 * leaves a directory it then refuses to open or create again; made
 * under a name of its own and renamed once whole, gen-000001 is always
 * a whole database.  When two first runs race, the loser's copy is
 * dropped; a gen-000001 left half-made by an older lexindex is replaced.
 */
lex_status_t lex_gen_install_first(const char *dir, const char *scratch,
                                   lex_err_t *err);

/* DIR/bulk.tmp/part-I-S as a heap string: segment s of part i of a bulk
   build (NULL when out of memory). */
char *lex_gen_segment_path(const char *dir, size_t i, size_t s);

/* Makes DIR/bulk.tmp anew, empty, for a bulk build's parts. */
lex_status_t lex_gen_scratch_create(const char *dir, lex_err_t *err);

/* Deletes DIR/bulk.tmp and every part in it. */
void lex_gen_scratch_remove(const char *dir);

/* Deletes a directory tree; failures are left for the next writer. */
void lex_remove_tree(const char *path);

/* The size of generation gen of dir: the sum of its files' sizes (with
   gen 0, of the files of dir itself: an index older than generations). */
unsigned long long lex_gen_bytes(const char *dir, unsigned long gen);

#endif
