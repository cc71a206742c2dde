/*
 * lexdb_files.c - what an index records of each bulletin file, behind
 * lexdb.h: its state (size, times, hash: filestate.c's text, then the
 * file's key) under a metadata key of its own, which lexindex compares
 * to skip unchanged files; removing a file's items with it; listing the
 * files indexed.
 *
 * The keys and the stored text are filestate.c's and analysis.c's; the
 * metadata and the deletion by term are Xapian steps of lexdb.cc
 * (lexdb_steps.h).  C inside liblexdb: it may call liblexcore and those
 * steps, and no Xapian.
 */
#include <stdlib.h>

#include "analysis.h"
#include "lexdb_steps.h"

/* The metadata key of file_key's state into key (LEX_KEY_TERM_SIZE). */
static void
state_key(const char *file_key, char *key)
{
    lex_key_term(LEX_META_FILE_STATE, file_key, key);
}

lexdb_status_t
lexdb_file_state(lexdb_t *db, const char *file_key, lexdb_file_state_t *state,
                 bool *found, lex_err_t *err)
{
    *found = false;
    char key[LEX_KEY_TERM_SIZE], *value;
    state_key(file_key, key);
    lexdb_status_t st = lexdb_metadata_copy(db, key, &value, err);
    if (st == LEXDB_OK && *value)
        *found = lex_file_state_parse(value, state, NULL);
    free(value);
    return st;
}

lexdb_status_t
lexdb_set_file_state(lexdb_t *db, const char *file_key,
                     const lexdb_file_state_t *st, lex_err_t *err)
{
    if (db->c.mode == LEXDB_READ)
        return lexdb_invalid(db, "index is open read-only", err);
    char key[LEX_KEY_TERM_SIZE], numbers[LEX_FILE_STATE_TEXT];
    state_key(file_key, key);
    lex_file_state_format(st, numbers);
    lex_buf_t value = LEX_BUF_INIT;
    lex_buf_puts(&value, numbers);
    lex_buf_puts(&value, file_key);
    lexdb_status_t done =
        lex_buf_failed(&value)
            ? lexdb_no_memory(db->c.path, err)
            : lexdb_step_set_metadata(db, key, lex_buf_str(&value), err);
    lex_buf_free(&value);
    return done;
}

lexdb_status_t
lexdb_remove_file(lexdb_t *db, const char *file_key, lex_err_t *err)
{
    if (db->c.mode == LEXDB_READ)
        return lexdb_invalid(db, "index is open read-only", err);
    /* every item of the file carries its F term */
    char fterm[LEX_KEY_TERM_SIZE], key[LEX_KEY_TERM_SIZE];
    lex_key_term(LEX_PREFIX_FILE, file_key, fterm);
    state_key(file_key, key);
    lexdb_status_t st = lexdb_step_delete_term(db, fterm, err);
    if (st == LEXDB_OK)
        st = lexdb_step_set_metadata(db, key, "", err);
    return st;
}

/* The file keys of the states lexdb_step_each_metadata hands over. */
typedef struct {
    char **keys;
    size_t n;
    bool failed; /* out of memory */
} file_keys_t;

/* Adds the file key of a stored state (value, n bytes) to ctx's keys;
   a value that is not a state is skipped. */
static void
add_file_key(void *ctx, const char *value, size_t n)
{
    file_keys_t *k = ctx;
    lexdb_file_state_t st;
    size_t key_at;
    if (!lex_file_state_parse(value, &st, &key_at))
        return;
    if (!lex_strings_add(&k->keys, &k->n, value + key_at, n - key_at))
        k->failed = true;
}

lexdb_status_t
lexdb_each_file(lexdb_t *db, lexdb_file_fn fn, void *ctx, lex_err_t *err)
{
    file_keys_t k = {NULL, 0, false};
    lexdb_status_t st = lexdb_step_each_metadata(db, LEX_META_FILE_STATE, true,
                                                 add_file_key, &k, err);
    if (st == LEXDB_OK && k.failed)
        st = lexdb_no_memory(db->c.path, err);
    for (size_t i = 0; st == LEXDB_OK && i < k.n; i++)
        if (!fn(ctx, k.keys[i]))
            break;
    lex_strings_free(k.keys, k.n);
    return st;
}
