/*
 * lexdb_admin.cc - the Xapian steps of the index's life cycle: making,
 * committing (a bulk build's part then rolling on to a new segment),
 * sealing, compacting, merging and checking the glass databases of
 * generations and of a bulk build's parts, and --stats' reads.
 *
 * Which generation, when the stub is swapped and what is deleted after
 * a failure are decided in C, in lexdb_admin.c, which calls these steps
 * through lexdb_steps.h.  Xapian opens an index directory's stub
 * transparently, for reading and for writing; the write lock belongs to
 * the generation.
 */
#include "lexdb_private.h"

#include <sstream>

extern "C" {
#include "generations.h"
}

using namespace lexdb_internal;

namespace
{

/* Items in one segment of a bulk build's part (see roll_segment_if_full). */
const Xapian::doccount SEGMENT_ITEMS = 25000;

/* A new, empty glass database at path (replacing any there). */
std::unique_ptr<Xapian::WritableDatabase>
created(const std::string &path)
{
    return std::unique_ptr<Xapian::WritableDatabase>(
        new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE |
                                               Xapian::DB_BACKEND_GLASS));
}

/* Creates the next segment of a part and makes it the open one. */
void
open_segment(lexdb_t *part)
{
    std::unique_ptr<char, void (*)(void *)> path(
        lex_gen_segment_path(part->c.path, part->x->part_index,
                             part->x->segments.size()),
        free);
    if (!path)
        throw std::bad_alloc();
    part->x->wdb = created(path.get());
    part->x->segments.push_back(path.get());
}

/* Marks a finished generation's or segment's schema, commits and closes it. */
void
seal(lexdb_t *db)
{
    db->x->wdb->set_metadata(LEX_META_SCHEMA, LEX_SCHEMA_TEXT);
    db->x->wdb->commit();
    db->x->wdb->close();
}

/* Hands c the facts lexsearch's own invariants are about (indexmeta.h). */
void
check_items(const Xapian::Database &db, lex_check_t *c)
{
    lex_check_schema(c, db.get_metadata(LEX_META_SCHEMA).c_str());
    for (auto k = db.metadata_keys_begin(LEX_META_FILE_STATE);
         k != db.metadata_keys_end(LEX_META_FILE_STATE); ++k)
        lex_check_file_record(c, (*k).c_str(), db.get_metadata(*k).c_str());
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        std::string data = db.get_document(*p).get_data();
        lex_check_item_record(c, *p, data.data(), data.size());
    }
    lex_check_item_count(c, db.get_doccount());
}

/* After a bulk build part's commit: a segment of SEGMENT_ITEMS items is
   closed and a new one opened, so that no flush grows slow. */
void
roll_segment_if_full(lexdb_t *db)
{
    if (db->x->segments.empty() || db->x->wdb->get_doccount() < SEGMENT_ITEMS)
        return;
    seal(db);
    open_segment(db);
}

} // namespace

extern "C" {

lexdb_status_t
lexdb_step_create(const char *path, const char *what, lex_err_t *err)
{
    return guard(err, what, [&] {
        created(path)->commit(); /* closed as it goes */
    });
}

lexdb_status_t
lexdb_step_commit(lexdb_t *db, const lex_meta_t *meta, size_t n, lex_err_t *err)
{
    return guard(err, db->c.path, [&] {
        for (size_t i = 0; i < n; i++)
            db->x->wdb->set_metadata(meta[i].key, meta[i].value);
        db->x->wdb->commit_transaction();
        db->c.in_transaction = false;
        roll_segment_if_full(db);
    });
}

lexdb_status_t
lexdb_step_fresh(const lexdb_t *live, lexdb_t *f, const char *dest, size_t part,
                 lex_err_t *err)
{
    return guard(err, live->c.path, [&] {
        f->x->topics = live->x->topics;
        f->x->part_index = part;
        if (dest)
            f->x->wdb = created(dest);
        else
            open_segment(f);
    });
}

lexdb_status_t
lexdb_step_seal(lexdb_t *fresh, lex_err_t *err)
{
    return guard(err, fresh->c.path, [&] { seal(fresh); });
}

lexdb_status_t
lexdb_step_compact(lexdb_t *live, const char *dest, lex_err_t *err)
{
    return guard(err, live->c.path, [&] { live->x->wdb->compact(dest, 0); });
}

lexdb_status_t
lexdb_step_merge(lexdb_t *const *parts, size_t n, const char *dest,
                 lex_err_t *err)
{
    return guard(err, parts[0]->c.path, [&] {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            for (const std::string &segment : parts[i]->x->segments)
                all.add_database(Xapian::Database(segment));
        all.compact(dest,
                    Xapian::Compactor::FULL | Xapian::DBCOMPACT_MULTIPASS);
    });
}

lexdb_status_t
lexdb_step_check(const char *path, const char *target, lex_check_t *c,
                 lex_err_t *err)
{
    return guard(err, path, [&] {
        std::ostringstream out;
        try {
            c->problems = Xapian::Database::check(target, 0, &out);
            lex_check_note(c, out.str().c_str());
            out.str("");
            if (c->problems == 0)
                check_items(Xapian::Database(path), c);
        } catch (const Xapian::DatabaseError &e) {
            /* damage bad enough to stop the check is one more problem */
            out << e.get_description() << "\n";
            lex_check_note(c, out.str().c_str());
            c->problems++;
        }
    });
}

lexdb_status_t
lexdb_step_value_bounds(lexdb_t *db, unsigned slot, lex_buf_t *lo,
                        lex_buf_t *hi, lex_err_t *err)
{
    return guard(err, db->c.path, [&] {
        std::string first = db->x->db().get_value_lower_bound(slot);
        std::string last = db->x->db().get_value_upper_bound(slot);
        lex_buf_append(lo, first.data(), first.size());
        lex_buf_append(hi, last.data(), last.size());
    });
}

} /* extern "C" */
