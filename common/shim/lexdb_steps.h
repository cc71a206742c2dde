/*
 * lexdb_steps.h - inside liblexdb, between its C and its C++ (never
 * included outside common/shim/).
 *
 * The shim's C files (lexdb_open.c, lexdb_search.c, lexdb_admin.c,
 * lexdb_shards.c) decide the order of things: what opening an index
 * does, when a search is tried again, which generation, when to swap
 * the stub, what to delete when a build fails, how a stub's shards are
 * read and which failures --partial forgives.  They reach Xapian only
 * through the steps below, each one Xapian call or a few, implemented
 * in the .cc files.  A handle's Xapian side stays opaque; what C decides
 * about it is the plain state below.  Every step returns a status with
 * a message, and no exception crosses.
 */
#ifndef LEXDB_STEPS_H
#define LEXDB_STEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "indexmeta.h"
#include "query_expand.h"
#include "lexdb.h"
#include "stub.h"

/*
 * The part of a handle its C reads and sets (lexdb_t's c); the C++
 * keeps the databases, the stemmer and the thesaurus beside it (x).  The
 * strings are the handle's own, freed by lexdb_close.
 */
typedef struct {
    char *path;                  /* the index directory, as given */
    char *stub;                  /* its shards' stub file; NULL: plain */
    lexdb_mode_t mode;           /* LEXDB_READ, or a writer */
    lexdb_read_opts_t read_opts; /* a reader's shard options */
    unsigned long run;           /* a writer's run number */
    unsigned long generation;    /* what a reader opened; a rebuild's */
    const lex_gazetteer_t *gazetteer;
    char **notices; /* shards left out (--partial), one sentence each */
    size_t n_notices;
    char **remote; /* the names of the remote shards open (HOST:PORT or
                      program), for the search driver */
    size_t n_remote;
    bool in_transaction; /* a writer's, from lexdb_begin to lexdb_commit */
    bool fresh;          /* a new part or generation: every item is ours */
    bool wrote;          /* items were written through this handle */
    const char *topics;  /* the fingerprint of the thesaurus items are
                            tagged with (lex_topics_id); NULL: none */
    lex_stemmed_thesaurus_t *stemmed; /* a search's thesaurus as stems,
                                         kept for the next (lexdb_stemmed) */
    uint64_t stemmed_hash;            /* that thesaurus's hash then */
} lexdb_state_t;

/* A handle: the plain state C decides, and the Xapian side (databases,
   stemmer, thesaurus), which only the steps below see into. */
struct _lexdb {
    lexdb_state_t c;
    struct lexdb_xapian *x;
};

/* Tries of a search while the index changes under it, and of opening a
   generation a rebuild swaps out meanwhile. */
#define LEXDB_RETRIES 5

/* --- Xapian steps (C++) --- */

/* A new handle's Xapian side, with no database open; NULL when out of
   memory. */
struct lexdb_xapian *lexdb_step_xapian(void);

/* Cancels db's uncommitted transaction, closes its databases and frees
   its Xapian side (not db nor its state's strings). */
void lexdb_step_close(lexdb_t *db);

/* Opens the database of db's path: for a reader, for reading (the
   generation its stub names now, which C notes in db's state
   beforehand); for a writer, for writing, taking the lock. */
lexdb_status_t lexdb_step_open(lexdb_t *db, lex_err_t *err);

/* Begins the transaction of db, a writer. */
lexdb_status_t lexdb_step_begin(lexdb_t *db, lex_err_t *err);

/* Sets db's metadata meta[0..n-1] and commits db's transaction; a bulk
   build's part then goes on in a new segment when its own is full. */
lexdb_status_t lexdb_step_commit(lexdb_t *db, const lex_meta_t *meta, size_t n,
                                 lex_err_t *err);

/* Reopens db's database at its latest commit. */
lexdb_status_t lexdb_step_reopen(lexdb_t *db, lex_err_t *err);

/* Sets the metadata of key in db's database, a writer, to value ("":
   removes it). */
lexdb_status_t lexdb_step_set_metadata(lexdb_t *db, const char *key,
                                       const char *value, lex_err_t *err);

/* Called with each metadata value (NUL-terminated, n bytes). */
typedef void (*lexdb_value_fn)(void *ctx, const char *value, size_t n);

/* Calls each with the metadata value of key in db's database ("" if
   none), or with prefix, with the value of every key that begins with
   key, in key order. */
lexdb_status_t lexdb_step_each_metadata(lexdb_t *db, const char *key,
                                        bool prefix, lexdb_value_fn each,
                                        void *ctx, lex_err_t *err);

/* Appends the lowest and the highest value of slot in db's database to
   lo and hi (nothing when no item has one); the caller checks the
   buffers for a failed append. */
lexdb_status_t lexdb_step_value_bounds(lexdb_t *db, unsigned slot,
                                       lex_buf_t *lo, lex_buf_t *hi,
                                       lex_err_t *err);

/* Deletes every item of db, a writer, that holds the term. */
lexdb_status_t lexdb_step_delete_term(lexdb_t *db, const char *term,
                                      lex_err_t *err);

/* Searches db once for q into out (lex_search, over lexdb_query.cc's
   steps), or for a NULL out appends how q is understood to plan
   (lex_search_explain); a Xapian error's message names the query. */
lexdb_status_t lexdb_step_search(lexdb_t *db, const lexdb_query_t *q,
                                 lexdb_hits_t *out, lex_buf_t *plan,
                                 lex_err_t *err);

/* Creates an empty glass database at path (replacing any there), commits
   and closes it; a failure's message names what. */
lexdb_status_t lexdb_step_create(const char *path, const char *what,
                                 lex_err_t *err);

/*
 * Opens on fresh, a new writer whose state C copied from live's, an
 * empty glass database made for it, with live's thesaurus: at dest, a
 * new generation, or for NULL the first segment of part `part` of a bulk
 * build (whose later segments lexdb_commit opens).  Every item written
 * through it is new.
 */
lexdb_status_t lexdb_step_fresh(const lexdb_t *live, lexdb_t *fresh,
                                const char *dest, size_t part, lex_err_t *err);

/* Marks the schema of a fresh handle's database, whose transaction C
   committed, commits and closes it; the handle stays, for lexdb_close. */
lexdb_status_t lexdb_step_seal(lexdb_t *fresh, lex_err_t *err);

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

/* Opens the shard line (a remote one with timeout, in milliseconds),
   checks its schema and adds it to db's shards; a failure's message
   names it. */
lexdb_status_t lexdb_step_shard(lexdb_t *db, const lex_stub_line_t *line,
                                unsigned timeout, lex_err_t *err);

/* Forgets the shards db has open. */
void lexdb_step_no_shards(lexdb_t *db);

/* Joins db's open shards into the database db searches. */
lexdb_status_t lexdb_step_join(lexdb_t *db, lex_err_t *err);

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

/* Says in err that memory ran out while working on what; returns
   LEXDB_NOMEM. */
lexdb_status_t lexdb_no_memory(const char *what, lex_err_t *err);

/* Gives dir an empty first generation when it holds no index yet
   (lex_gen_first_needed); does nothing to an existing index. */
lexdb_status_t lexdb_ensure_layout(const char *dir, lex_err_t *err);

/* (Re)opens the shards the stub file lists into db; with --partial,
   those that fail are left out with a notice. */
lexdb_status_t lexdb_open_shards(lexdb_t *db, const char *stub, lex_err_t *err);

/* Reopens db, a reader, on what is live now: its stub's shards, or the
   generation the index's stub names (lexdb_open.c). */
lexdb_status_t lexdb_reopen_reader(lexdb_t *db, lex_err_t *err);

/* Appends to out how messages name the query text: "query 'TEXT'", a
   query of more than 80 characters by its first 80 and "...", so that
   the reason after it still fits the one-line message (a pasted page
   filled it, and the reason and its column were cut off). */
void lexdb_query_name(const char *query, lex_buf_t *out);

/* In *value, a heap copy of the metadata of key in db's database ("" if
   none); NULL on failure (lexdb_open.c). */
lexdb_status_t lexdb_metadata_copy(lexdb_t *db, const char *key, char **value,
                                   lex_err_t *err);

/* Says in err that db (its path) cannot do that now, with why; returns
   LEXDB_INVALID (lexdb_open.c). */
lexdb_status_t lexdb_invalid(const lexdb_t *db, const char *why,
                             lex_err_t *err);

/* A new handle on path in mode, its state's path copied; LEXDB_NOMEM
   with "out of memory" (lexdb_open.c). */
lexdb_status_t lexdb_handle_new(const char *path, lexdb_mode_t mode,
                                lexdb_t **out, lex_err_t *err);

/*
 * The status of a search whose C driver ended with st (message e), after
 * steps whose first failure was failed (its message already in err): a
 * refusal is LEXDB_QUERY_SYNTAX and a damaged record LEXDB_CORRUPT, with
 * the messages of the Xapian errors (QueryParserError,
 * DatabaseCorruptError) they once were thrown as, a refusal's column
 * counted in characters of the query text; what names the query
 * (lexdb_search.c).
 */
lexdb_status_t lexdb_search_outcome(lex_status_t st, const lex_err_t *e,
                                    lexdb_status_t failed, const char *text,
                                    const char *what, lex_err_t *err);

/* th as stems through the handle's stemmer (stem, ctx), made at a
   search's first need and kept in the handle for its later searches;
   NULL for no thesaurus (lexdb_search.c). */
lex_status_t lexdb_stemmed(lexdb_t *db, const lex_thesaurus_t *th,
                           lex_stem_fn stem, void *ctx,
                           const lex_stemmed_thesaurus_t **out);

#endif
