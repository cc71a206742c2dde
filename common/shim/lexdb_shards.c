/*
 * lexdb_shards.c - searching many shards at once: reading the Xapian
 * stub file that lists them (stub.c) and saying what is wrong with it.
 *
 * The stub has Xapian's own syntax, and Xapian could open it by
 * itself.  It is read here instead so that each shard is opened on its
 * own by lexdb_shards.cc: a shard that is down is named in the error
 * or, with --partial, left out with a notice, and remote shards get the
 * configured timeout, which a stub line cannot carry.  Which failures
 * --partial forgives, and the notices that say so, are decided here too.
 * C inside liblexdb: it calls liblexcore and the Xapian steps of
 * lexdb_steps.h.
 */
#include <stdlib.h>
#include <string.h>

#include "lexdb_steps.h"

/* Adds to s's notices that a shard was left out, for why (a message
   naming it); false when out of memory. */
static bool
add_notice(lexdb_state_t *s, const char *why)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_printf(&b, "%s; results are from the other shards only", why);
    bool added = !lex_buf_failed(&b) &&
                 lex_strings_add(&s->notices, &s->n_notices, b.data, b.len);
    lex_buf_free(&b);
    return added;
}

/* Empties the list of n strings at *list. */
static void
forget(char ***list, size_t *n)
{
    lex_strings_free(*list, *n);
    *list = NULL;
    *n = 0;
}

/* Notes in s the name of line, a shard just opened, when it is remote
   (the search driver leaves such shards out of what it does in-process);
   false when out of memory. */
static bool
note_remote(lexdb_state_t *s, const lex_stub_line_t *line)
{
    bool remote = line->kind == LEX_STUB_TCP || line->kind == LEX_STUB_PROGRAM;
    return !remote || lex_strings_add(&s->remote, &s->n_remote, line->name,
                                      strlen(line->name));
}

/*
 * Opens the shards lines[0..n-1] into db, each on its own (remote ones
 * with the configured timeout), leaving out with a notice, under
 * --partial, those that fail; then joins them into the database db
 * searches.
 */
static lexdb_status_t
open_each(lexdb_t *db, const lex_stub_line_t *lines, size_t n, lex_err_t *err)
{
    lexdb_state_t *s = &db->c;
    unsigned timeout = s->read_opts.timeout_ms ? s->read_opts.timeout_ms
                                               : LEXDB_DEFAULT_TIMEOUT_MS;
    lexdb_step_no_shards(db);
    forget(&s->notices, &s->n_notices);
    forget(&s->remote, &s->n_remote);
    size_t opened = 0;
    for (size_t i = 0; i < n; i++) {
        lex_err_t e;
        lexdb_status_t st = lexdb_step_shard(db, &lines[i], timeout, &e);
        if (st == LEXDB_OK && !note_remote(s, &lines[i]))
            return lexdb_no_memory(s->stub, err);
        if (st == LEXDB_OK)
            opened++;
        else if (!s->read_opts.partial) {
            lex_err_set(err, LEX_EINDEX,
                        "%s (with --partial, the other shards answer)", e.msg);
            return st;
        } else if (!add_notice(s, e.msg))
            return lexdb_failed(LEX_ENOMEM, s->stub, &e, err);
    }
    if (!opened) {
        lex_err_set(err, LEX_EINDEX, "%s: no shard could be opened: %s",
                    s->stub, s->notices[s->n_notices - 1]);
        return LEXDB_SHARD_DOWN;
    }
    return lexdb_step_join(db, err);
}

lexdb_status_t
lexdb_open_shards(lexdb_t *db, const char *stub, lex_err_t *err)
{
    lex_stub_t specs;
    lex_err_t e;
    lex_status_t read = lex_stub_read(stub, &specs, &e);
    lexdb_status_t st = LEXDB_OK;
    /* the statuses and messages of the Xapian errors that once said it */
    if (read == LEX_EIO || (read == LEX_OK && specs.n == 0)) {
        st = LEXDB_NOT_FOUND;
        if (read == LEX_OK)
            lex_err_set(&e, read, "%s: the stub lists no shards", stub);
        lex_err_set(err, read, "%s: DatabaseNotFoundError: %s", stub, e.msg);
    } else if (read == LEX_EPARSE) {
        st = LEXDB_CORRUPT;
        lex_err_set(err, read, "%s: DatabaseOpeningError: %s", stub, e.msg);
    } else if (read != LEX_OK)
        st = lexdb_failed(read, stub, &e, err);
    else
        st = open_each(db, specs.lines, specs.n, err);
    lex_stub_free(&specs);
    return st;
}
