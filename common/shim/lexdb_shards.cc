/*
 * lexdb_shards.cc - searching many shards at once, the Xapian side:
 * opening each shard a stub lists (lexdb_shards.c reads the stub), a
 * local index or a remote one served by xapian-tcpsrv with the
 * configured timeout, and joining them with Database::add_database, so
 * that the search runs on Xapian's remote protocol with its global
 * statistics: weights and ranks are those of a single index holding
 * every item.
 */
#include "lexdb_private.h"

extern "C" {
#include "generations.h"
}

using namespace lexdb_internal;

namespace
{

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

} // namespace

extern "C" {

lexdb_status_t
lexdb_step_shards(lexdb_t *db, const lex_stub_line_t *lines, size_t n,
                  lex_err_t *err)
{
    unsigned timeout = db->read_opts.timeout_ms ? db->read_opts.timeout_ms
                                                : LEXDB_DEFAULT_TIMEOUT_MS;
    db->shards.clear();
    db->notices.clear();
    for (size_t i = 0; i < n; i++) {
        lexdb_shard shard;
        lex_err_t e;
        lexdb_status_t st = open_one(lines[i], timeout, &shard, &e);
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

} /* extern "C" */
