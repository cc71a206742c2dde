/*
 * lexdb_shards.cc - searching many shards at once: local indexes and
 * remote ones served by xapian-tcpsrv, listed in a Xapian stub file.
 *
 * The stub has Xapian's own syntax (see stub.h, which reads it), and
 * Xapian could open it by itself.  It is read instead so that each shard
 * is opened on its own: a shard that is down is named in the error or, with
 * --partial, left out with a notice, and remote shards get the configured
 * timeout, which a stub line cannot carry.  The shards are then joined with
 * Database::add_database, so that the search runs on Xapian's remote
 * protocol with its global statistics: weights and ranks are those of a
 * single index holding every item.
 */
#include "lexdb_private.h"

extern "C" {
#include "generations.h"
#include "stub.h"
}

using namespace lexdb_internal;

namespace
{

/*
 * Reads the shards a stub lists (stub.c), as Xapian errors: one that
 * cannot be read is not found, a bad line makes it unopenable.
 */
lex_stub_t
read_stub(const std::string &stub)
{
    lex_stub_t specs;
    lex_err_t e;
    lex_status_t st = lex_stub_read(stub.c_str(), &specs, &e);
    if (st == LEX_EIO)
        throw Xapian::DatabaseNotFoundError(e.msg);
    if (st == LEX_EPARSE)
        throw Xapian::DatabaseOpeningError(e.msg);
    throw_if_failed(st, e);
    if (specs.n == 0)
        throw Xapian::DatabaseNotFoundError(stub +
                                            ": the stub lists no shards");
    return specs;
}

/*
 * Opens shard s into out (a remote one with the timeout) and checks its
 * schema; names it on failure.
 */
lexdb_status_t
open_one(const lex_stub_line_t &s, unsigned timeout_ms, lexdb_shard *out,
         lex_err_t *err)
{
    std::string what = std::string("shard ") + s.name;
    return guarded(err, what, [&]() {
        out->name = s.name;
        out->remote = s.kind == LEX_STUB_TCP || s.kind == LEX_STUB_PROGRAM;
        if (s.kind == LEX_STUB_TCP)
            out->db =
                Xapian::Remote::open(s.arg, s.port, timeout_ms, timeout_ms);
        else if (s.kind == LEX_STUB_PROGRAM)
            out->db = Xapian::Remote::open(s.name, s.arg, timeout_ms);
        else if (lex_gen_exists(s.name, NULL) == LEX_OK)
            out->db = Xapian::Database(s.name);
        else
            throw Xapian::DatabaseNotFoundError(
                "no index here; create it with lexindex");
        return check_schema_of(out->db, what, err);
    });
}

/*
 * Opens each shard specs lists into db (leaving out, with --partial,
 * those that fail, with a notice) and joins them into db->rdb.
 */
lexdb_status_t
open_listed(lexdb_t *db, const lex_stub_t &specs, lex_err_t *err)
{
    unsigned timeout = db->read_opts.timeout_ms ? db->read_opts.timeout_ms
                                                : LEXDB_DEFAULT_TIMEOUT_MS;
    db->shards.clear();
    db->notices.clear();
    for (size_t i = 0; i < specs.n; i++) {
        lexdb_shard shard;
        lex_err_t e;
        lexdb_status_t st = open_one(specs.lines[i], timeout, &shard, &e);
        if (st == LEXDB_OK) {
            db->shards.push_back(shard);
            continue;
        }
        if (!db->read_opts.partial)
            return fail(err, st,
                        std::string(e.msg) +
                            " (with --partial, the other shards answer)");
        db->notices.push_back(std::string(e.msg) +
                              "; results are from the other shards only");
    }
    if (db->shards.empty())
        return fail(err, LEXDB_SHARD_DOWN,
                    db->stub +
                        ": no shard could be opened: " + db->notices.back());
    return guarded(err, db->stub, [&]() {
        db->rdb = Xapian::Database();
        for (lexdb_shard &s : db->shards)
            db->rdb.add_database(s.db);
        return LEXDB_OK;
    });
}

} // namespace

namespace lexdb_internal
{

lexdb_status_t
open_shards(lexdb_t *db, lex_err_t *err)
{
    lex_stub_t specs = {NULL, 0};
    lexdb_status_t st = guarded(err, db->stub, [&]() {
        specs = read_stub(db->stub);
        return LEXDB_OK;
    });
    if (st == LEXDB_OK)
        st = open_listed(db, specs, err);
    lex_stub_free(&specs);
    return st;
}

} // namespace lexdb_internal
