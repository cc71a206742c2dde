/*
 * lexdb_open.c - opening and closing an index, in order, behind lexdb.h:
 * what a path is (lex_index_opening: an index, a set of shards, nothing),
 * the first generation of a new index, the leftovers of crashed
 * rebuilds, a writer's run number, the schema check, and a reader's
 * open of the live generation while a rebuild may swap it.
 *
 * The databases themselves are opened by the Xapian steps of lexdb.cc
 * (lexdb_steps.h).  C inside liblexdb: it may call liblexcore and those
 * steps, and no Xapian.
 */
#include <stdlib.h>
#include <string.h>

#include "generations.h"
#include "lexdb_steps.h"

lexdb_status_t
lexdb_handle_new(const char *path, lexdb_mode_t mode, lexdb_t **out,
                 lex_err_t *err)
{
    lexdb_t *db = calloc(1, sizeof *db);
    if (db) {
        db->c.path = strdup(path);
        db->c.mode = mode;
        db->x = db->c.path ? lexdb_step_xapian() : NULL;
    }
    if (!db || !db->x) {
        if (db)
            free(db->c.path);
        free(db);
        *out = NULL;
        lex_err_set(err, LEX_ENOMEM, "out of memory");
        return LEXDB_NOMEM;
    }
    *out = db;
    return LEXDB_OK;
}

lexdb_status_t
lexdb_invalid(const lexdb_t *db, const char *why, lex_err_t *err)
{
    lex_err_set(err, LEX_EUSAGE, "%s: %s", db->c.path, why);
    return LEXDB_INVALID;
}

/* Hands db to *out when st is LEXDB_OK, or closes it; returns st. */
static lexdb_status_t
handed_over(lexdb_t *db, lexdb_status_t st, lexdb_t **out)
{
    if (st == LEXDB_OK)
        *out = db;
    else
        lexdb_close(db);
    return st;
}

/* Keeps a heap copy of value in *ctx (a char *; NULL when out of
   memory). */
static void
copy_value(void *ctx, const char *value, size_t n)
{
    (void)n;
    *(char **)ctx = strdup(value);
}

/* One key's value through the metadata step, as the copy the callers
   keep and free. */
lexdb_status_t
lexdb_metadata_copy(lexdb_t *db, const char *key, char **value, lex_err_t *err)
{
    *value = NULL;
    lexdb_status_t st =
        lexdb_step_each_metadata(db, key, false, copy_value, value, err);
    if (st == LEXDB_OK && !*value)
        st = lexdb_no_memory(db->c.path, err);
    return st;
}

/* Called with a metadata value of db's database; returns a status. */
typedef lexdb_status_t (*use_metadata_fn)(lexdb_t *db, const char *value,
                                          lex_err_t *err);

/* Reads the metadata of key in db's database and hands it to use: the
   read's failure, else use's status. */
static lexdb_status_t
with_metadata(lexdb_t *db, const char *key, use_metadata_fn use, lex_err_t *err)
{
    char *value;
    lexdb_status_t st = lexdb_metadata_copy(db, key, &value, err);
    if (st == LEXDB_OK)
        st = use(db, value, err);
    free(value);
    return st;
}

/* Checks the schema db's database records (schema) against ours. */
static lexdb_status_t
schema_is_ours(lexdb_t *db, const char *schema, lex_err_t *err)
{
    return lex_schema_check(schema, db->c.path, err);
}

/* Numbers a writer's run: one past the last run the index recorded. */
static lexdb_status_t
number_run(lexdb_t *db, const char *last, lex_err_t *err)
{
    (void)err;
    db->c.run = strtoul(last, NULL, 10) + 1;
    return LEXDB_OK;
}

lexdb_status_t
lexdb_open(const char *path, lexdb_mode_t mode, lexdb_t **out, lex_err_t *err)
{
    if (mode == LEXDB_READ)
        return lexdb_open_reader(path, NULL, out, err);
    *out = NULL;
    char *stub;
    lexdb_status_t st = lex_index_opening(path, mode, &stub, err);
    if (st != LEXDB_OK)
        return st; /* a writer never gets a stub */
    lexdb_t *db;
    st = lexdb_handle_new(path, mode, &db, err);
    if (st != LEXDB_OK)
        return st;
    st = lexdb_ensure_layout(path, err);
    if (st == LEXDB_OK)
        st = lexdb_step_open(db, err);
    if (st == LEXDB_OK) {
        /* holding the lock: leftovers of crashed rebuilds can go */
        lex_gen_remove_stale(path);
        st = with_metadata(db, LEX_META_LAST_RUN, number_run, err);
    }
    if (st == LEXDB_OK && mode != LEXDB_WRITE_ANY_SCHEMA)
        st = with_metadata(db, LEX_META_SCHEMA, schema_is_ours, err);
    return handed_over(db, st, out);
}

/*
 * Opens the generation the stub names for reading.  A rebuild or
 * compaction may swap the stub and delete the generation between our
 * reading the stub and opening its files: the open then fails, and is
 * tried again on the new generation.
 */
static lexdb_status_t
open_live_generation(lexdb_t *db, lex_err_t *err)
{
    const char *path = db->c.path;
    for (int attempt = 1;; attempt++) {
        unsigned long gen = lex_gen_live(path);
        db->c.generation = gen; /* a rebuild may swap it meanwhile */
        lexdb_status_t st = lexdb_step_open(db, err);
        bool unopened =
            st == LEXDB_CORRUPT || st == LEXDB_NOT_FOUND || st == LEXDB_VERSION;
        if (!unopened || attempt >= LEXDB_RETRIES || lex_gen_live(path) == gen)
            return st;
    }
}

lexdb_status_t
lexdb_reopen_reader(lexdb_t *db, lex_err_t *err)
{
    const char *stub = db->c.stub;
    return stub ? lexdb_open_shards(db, stub, err)
                : open_live_generation(db, err);
}

lexdb_status_t
lexdb_open_reader(const char *path, const lexdb_read_opts_t *opts,
                  lexdb_t **out, lex_err_t *err)
{
    *out = NULL;
    char *stub;
    lexdb_status_t st = lex_index_opening(path, LEXDB_READ, &stub, err);
    if (st != LEXDB_OK)
        return st;
    lexdb_t *db;
    st = lexdb_handle_new(path, LEXDB_READ, &db, err);
    if (st != LEXDB_OK) {
        free(stub);
        return st;
    }
    lexdb_state_t *s = &db->c;
    s->stub = stub;
    if (opts)
        s->read_opts = *opts;
    st = lexdb_reopen_reader(db, err);
    if (st == LEXDB_OK && !stub)
        st = with_metadata(db, LEX_META_SCHEMA, schema_is_ours, err);
    return handed_over(db, st, out);
}

void
lexdb_set_gazetteer(lexdb_t *db, const lex_gazetteer_t *g)
{
    db->c.gazetteer = g;
}

lexdb_status_t
lexdb_begin(lexdb_t *db, lex_err_t *err)
{
    if (db->c.mode == LEXDB_READ || db->c.in_transaction)
        return lexdb_invalid(db, "cannot begin a transaction", err);
    lexdb_status_t st = lexdb_step_begin(db, err);
    db->c.in_transaction = st == LEXDB_OK;
    return st;
}

/* Records what the run leaves (lex_commit_meta: its number, the
   thesaurus its items are tagged with) as it commits. */
lexdb_status_t
lexdb_commit(lexdb_t *db, lex_err_t *err)
{
    if (db->c.mode == LEXDB_READ || !db->c.in_transaction)
        return lexdb_invalid(db, "no transaction to commit", err);
    char *recorded;
    lexdb_status_t st =
        lexdb_metadata_copy(db, LEX_META_TOPICS, &recorded, err);
    if (st != LEXDB_OK)
        return st;
    lex_meta_t meta[LEX_COMMIT_META];
    size_t n = lex_commit_meta(db->c.run, db->c.fresh, db->c.wrote, recorded,
                               db->c.topics ? db->c.topics : "", meta);
    free(recorded);
    return lexdb_step_commit(db, meta, n, err);
}

void
lexdb_close(lexdb_t *db)
{
    if (!db)
        return;
    lexdb_step_close(db);
    free(db->c.path);
    free(db->c.stub);
    lex_strings_free(db->c.notices, db->c.n_notices);
    lex_strings_free(db->c.remote, db->c.n_remote);
    lex_stemmed_thesaurus_free(db->c.stemmed);
    free(db);
}
