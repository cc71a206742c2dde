/*
 * lexdb_shards.c - searching many shards at once: reading the Xapian
 * stub file that lists them (stub.c) and saying what is wrong with it.
 *
 * The stub has Xapian's own syntax, and Xapian could open it by
 * itself.  It is read here instead so that each shard is opened on its
 * own by lexdb_shards.cc: a shard that is down is named in the error
 * or, with --partial, left out with a notice, and remote shards get the
 * configured timeout, which a stub line cannot carry.  C inside liblexdb:
 * it calls liblexcore and the Xapian steps of lexdb_steps.h.
 */
#include "lexdb_steps.h"

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
        st = lexdb_step_shards(db, specs.lines, specs.n, err);
    lex_stub_free(&specs);
    return st;
}
