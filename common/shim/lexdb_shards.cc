/*
 * lexdb_shards.cc - searching many shards at once, the Xapian side:
 * opening each shard a stub lists (lexdb_shards.c reads the stub), a
 * local index or a remote one served by xapian-tcpsrv with the
 * configured timeout, and joining them with Database::add_database, so
 * that the search runs on Xapian's remote protocol with its global
 * statistics: weights and ranks are those of a single index holding
 * every item.  Which failures --partial forgives is decided in
 * lexdb_shards.c.
 */
#include "lexdb_private.h"

extern "C" {
#include "generations.h"
}

using namespace lexdb_internal;

extern "C" {

/* A shard is named in its messages; one whose schema is not ours is not
   added. */
lexdb_status_t
lexdb_step_shard(lexdb_t *db, const lex_stub_line_t *line, unsigned timeout,
                 lex_err_t *err)
{
    std::string what = std::string("shard ") + line->name;
    return guard(err, what.c_str(), [&] {
        Xapian::Database s;
        if (line->kind == LEX_STUB_TCP)
            s = Xapian::Remote::open(line->arg, line->port, timeout, timeout);
        else if (line->kind == LEX_STUB_PROGRAM)
            s = Xapian::Remote::open(line->name, line->arg, timeout);
        else if (lex_gen_exists(line->name, NULL) == LEX_OK)
            s = Xapian::Database(line->name);
        else
            throw Xapian::DatabaseNotFoundError(
                "no index here; create it with lexindex");
        lexdb_status_t st = lex_schema_check(
            s.get_metadata(LEX_META_SCHEMA).c_str(), what.c_str(), err);
        if (st == LEXDB_OK)
            db->x->shards.push_back(s);
        return st;
    });
}

void
lexdb_step_no_shards(lexdb_t *db)
{
    db->x->shards.clear();
}

lexdb_status_t
lexdb_step_join(lexdb_t *db, lex_err_t *err)
{
    return guard(err, db->c.stub, [&] {
        db->x->rdb = Xapian::Database();
        for (Xapian::Database &s : db->x->shards)
            db->x->rdb.add_database(s);
    });
}

} /* extern "C" */
