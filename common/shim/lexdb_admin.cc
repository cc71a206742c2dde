/*
 * lexdb_admin.cc - the index's life cycle, the Xapian side: the
 * databases of generations, rebuild, bulk builds, compaction, integrity
 * checks and statistics.
 *
 * An index directory holds a Xapian stub file (XAPIANDB) naming the live
 * generation, a glass database in gen-NNNNNN; generations.c owns that
 * layout (numbering, the stub, the atomic swap, deleting what is stale).
 * Xapian opens the stub transparently, for reading and for writing; the
 * write lock belongs to the generation.  A rebuild or compaction writes
 * a new generation here while the live one stays locked and readable,
 * then has generations.c replace the stub: readers see the old
 * generation or the new one, never a mix.  --compact and a bulk build's
 * merge of its parts are one Xapian compaction into the next generation
 * (compact_in).
 */
#include "lexdb_private.h"

#include <sstream>

extern "C" {
#include "generations.h"
}

using namespace lexdb_internal;

namespace
{

/* A new, empty glass database at path (replacing any there). */
std::unique_ptr<Xapian::WritableDatabase>
created(const std::string &path)
{
    return std::unique_ptr<Xapian::WritableDatabase>(
        new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE |
                                               Xapian::DB_BACKEND_GLASS));
}

/*
 * Makes generation 1 of a new index: Xapian creates and commits it under
 * a name of this process's own, and generations.c moves it into place
 * and points the stub at it.
 */
void
make_first_generation(const std::string &dir)
{
    std::string tmp = taken(lex_gen_first_scratch(dir.c_str()));
    created(tmp)->commit(); /* closed as it goes */
    lex_err_t e;
    throw_if_failed(lex_gen_install_first(dir.c_str(), tmp.c_str(), &e), e);
}

/* Makes gen the live generation and drops live's (after closing it). */
void
swap_in(lexdb_t *live, unsigned long gen)
{
    const char *dir = live->path.c_str();
    unsigned long old = lex_gen_live(dir);
    lex_err_t e;
    throw_if_failed(lex_gen_make_live(dir, gen, &e), e);
    live->wdb->close();
    live->wdb.reset();
    if (old && old != gen)
        lex_gen_remove(dir, old);
}

/* Creates the next segment of a part and makes it the open one. */
void
open_segment(lexdb_t *part)
{
    std::string path = taken(lex_gen_segment_path(
        part->path.c_str(), part->part_index, part->segments.size()));
    part->wdb = created(path);
    part->segments.push_back(path);
}

/*
 * A writer of live's run, with its gazetteer and thesaurus, for a new
 * generation or part: every item written through it is new.  Its
 * database is for the caller to open.
 */
std::unique_ptr<lexdb_t>
fresh_writer(const lexdb_t *live)
{
    std::unique_ptr<lexdb_t> f(new lexdb_t);
    f->path = live->path;
    f->mode = LEXDB_WRITE;
    f->run = live->run;
    f->gazetteer = live->gazetteer;
    f->topics = live->topics;
    f->fresh = true;
    return f;
}

/* Marks a finished generation's or segment's schema, commits and closes it. */
void
seal(lexdb_t *db)
{
    db->wdb->set_metadata(LEX_META_SCHEMA, LEX_SCHEMA_TEXT);
    db->wdb->commit();
    db->wdb->close();
}

/* Commits what a new generation or part holds and closes it. */
lexdb_status_t
close_fresh(lexdb_t *fresh, lex_err_t *err)
{
    lexdb_status_t st = LEXDB_OK;
    if (fresh->in_transaction)
        st = lexdb_commit(fresh, err);
    if (st != LEXDB_OK)
        return st;
    return guarded(err, fresh->path, [&]() {
        seal(fresh);
        return LEXDB_OK;
    });
}

/*
 * Compacts from (with Xapian's compaction flags) into the next
 * generation of live's directory, and swaps that in; a failed compaction
 * leaves nothing behind.  Compaction writes every table once, in order
 * and full, so merging a bulk build's parts this way also leaves the
 * index as small as lexindex --compact would.  Returns the generation.
 */
unsigned long
compact_in(lexdb_t *live, Xapian::Database &from, unsigned flags)
{
    const char *dir = live->path.c_str();
    unsigned long gen = lex_gen_next(dir);
    std::string dest = taken(lex_gen_path(dir, gen));
    try {
        from.compact(dest, flags);
    } catch (...) {
        lex_remove_tree(dest.c_str());
        throw;
    }
    swap_in(live, gen);
    return gen;
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

} // namespace

namespace lexdb_internal
{

void
throw_if_failed(lex_status_t st, const lex_err_t &e)
{
    if (st == LEX_OK)
        return;
    if (st == LEX_ENOMEM)
        throw std::bad_alloc();
    if (st == LEX_EUSAGE)
        throw Xapian::DatabaseOpeningError(e.msg);
    throw Xapian::DatabaseError(e.msg);
}

void
ensure_layout(const std::string &dir)
{
    bool needed;
    lex_err_t e;
    throw_if_failed(lex_gen_first_needed(dir.c_str(), &needed, &e), e);
    if (needed)
        make_first_generation(dir);
}

void
roll_segment_if_full(lexdb_t *db)
{
    if (db->segments.empty() || db->wdb->get_doccount() < SEGMENT_ITEMS)
        return;
    seal(db);
    open_segment(db);
}

} // namespace lexdb_internal

extern "C" {

lexdb_status_t
lexdb_rebuild_begin(lexdb_t *live, lexdb_t **fresh, lex_err_t *err)
{
    *fresh = NULL;
    if (!live->wdb)
        return fail(err, LEXDB_INVALID, live->path + ": not open for writing");
    std::unique_ptr<lexdb_t> f;
    lexdb_status_t st = guarded(err, live->path, [&]() {
        if (lex_gen_require(live->path.c_str(), err) != LEX_OK)
            return LEXDB_INVALID;
        f = fresh_writer(live);
        f->generation = lex_gen_next(live->path.c_str());
        f->wdb =
            created(taken(lex_gen_path(live->path.c_str(), f->generation)));
        return LEXDB_OK;
    });
    if (st == LEXDB_OK)
        *fresh = f.release();
    return st;
}

lexdb_status_t
lexdb_rebuild_finish(lexdb_t *live, lexdb_t *fresh, lex_err_t *err)
{
    lexdb_status_t st = close_fresh(fresh, err);
    if (st == LEXDB_OK)
        st = guarded(err, live->path, [&]() {
            swap_in(live, fresh->generation);
            return LEXDB_OK;
        });
    if (st != LEXDB_OK)
        lexdb_rebuild_abandon(fresh);
    else
        delete fresh;
    lexdb_close(live);
    return st;
}

void
lexdb_rebuild_abandon(lexdb_t *fresh)
{
    if (!fresh)
        return;
    std::string dir = fresh->path;
    unsigned long gen = fresh->generation;
    lex_err_t ignored;
    guarded(&ignored, fresh->path, [&]() {
        if (fresh->wdb)
            fresh->wdb->close();
        return LEXDB_OK;
    });
    delete fresh;
    lex_gen_remove(dir.c_str(), gen);
}

lexdb_status_t
lexdb_bulk_begin(lexdb_t *live, size_t n, lexdb_t **parts, lex_err_t *err)
{
    for (size_t i = 0; i < n; i++)
        parts[i] = NULL;
    if (!live->wdb || n == 0)
        return fail(err, LEXDB_INVALID, live->path + ": not open for writing");
    lexdb_status_t st = guarded(err, live->path, [&]() {
        if (lex_gen_require(live->path.c_str(), err) != LEX_OK)
            return LEXDB_INVALID;
        /* if this run dies, the next writer deletes the parts along
           with stale generations */
        lex_err_t e;
        throw_if_failed(lex_gen_scratch_create(live->path.c_str(), &e), e);
        for (size_t i = 0; i < n; i++) { /* each a handle of its own */
            parts[i] = fresh_writer(live).release();
            parts[i]->part_index = i;
            open_segment(parts[i]);
        }
        return LEXDB_OK;
    });
    if (st != LEXDB_OK)
        lexdb_bulk_abandon(parts, n);
    return st;
}

lexdb_status_t
lexdb_bulk_finish(lexdb_t *live, lexdb_t **parts, size_t n, lex_err_t *err)
{
    lexdb_status_t st = LEXDB_OK;
    for (size_t i = 0; i < n && st == LEXDB_OK; i++)
        st = close_fresh(parts[i], err);
    if (st == LEXDB_OK)
        st = guarded(err, live->path, [&]() {
            Xapian::Database all;
            for (size_t i = 0; i < n; i++)
                for (const std::string &segment : parts[i]->segments)
                    all.add_database(Xapian::Database(segment));
            compact_in(live, all,
                       Xapian::Compactor::FULL | Xapian::DBCOMPACT_MULTIPASS);
            return LEXDB_OK;
        });
    lexdb_bulk_abandon(parts, n);
    lexdb_close(live);
    return st;
}

void
lexdb_bulk_abandon(lexdb_t **parts, size_t n)
{
    if (n == 0 || !parts[0])
        return;
    std::string dir = parts[0]->path;
    for (size_t i = 0; i < n; i++) {
        lexdb_close(parts[i]);
        parts[i] = NULL;
    }
    lex_gen_scratch_remove(dir.c_str());
}

lexdb_status_t
lexdb_compact(lexdb_t *live, unsigned long long *before,
              unsigned long long *after, lex_err_t *err)
{
    if (!live->wdb)
        return fail(err, LEXDB_INVALID, live->path + ": not open for writing");
    lexdb_status_t st = guarded(err, live->path, [&]() {
        if (lex_gen_require(live->path.c_str(), err) != LEX_OK)
            return LEXDB_INVALID;
        const char *dir = live->path.c_str();
        *before = lex_gen_bytes(dir, lex_gen_live(dir));
        *after = lex_gen_bytes(dir, compact_in(live, *live->wdb, 0));
        return LEXDB_OK;
    });
    lexdb_close(live);
    return st;
}

lexdb_status_t
lexdb_stats(lexdb_t *db, lexdb_stats_t *s, lex_err_t *err)
{
    *s = lexdb_stats_t();
    return guarded(err, db->path, [&]() {
        Xapian::Database &x = db->db();
        s->items = x.get_doccount();
        for (auto k = x.metadata_keys_begin(LEX_META_FILE_STATE);
             k != x.metadata_keys_end(LEX_META_FILE_STATE); ++k)
            s->bulletins++;
        std::string first = x.get_value_lower_bound(SLOT_DATE);
        std::string last = x.get_value_upper_bound(SLOT_DATE);
        lex_stats_dates(s, first.data(), first.size(), last.data(),
                        last.size());
        lex_stats_from_meta(s, db->path.c_str(),
                            x.get_metadata(LEX_META_SCHEMA).c_str(),
                            x.get_metadata(LAST_RUN_KEY).c_str(),
                            x.get_metadata(LEX_META_LAST_RUN_TIME).c_str());
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_check(const char *path, FILE *report, unsigned long *problems,
            lex_err_t *err)
{
    *problems = 0;
    if (lex_gen_exists(path, err) != LEX_OK)
        return LEXDB_NOT_FOUND;
    lex_check_t c = LEX_CHECK_INIT;
    lexdb_status_t st = guarded(err, path, [&]() {
        std::ostringstream out;
        unsigned long gen = lex_gen_live(path);
        std::string target = gen ? taken(lex_gen_path(path, gen)) : path;
        try {
            c.problems = Xapian::Database::check(target, 0, &out);
            lex_check_note(&c, out.str().c_str());
            out.str("");
            if (c.problems == 0)
                check_items(Xapian::Database(path), &c);
        } catch (const Xapian::DatabaseError &e) {
            /* damage bad enough to stop the check is one more problem */
            out << e.get_description() << "\n";
            lex_check_note(&c, out.str().c_str());
            c.problems++;
        }
        return LEXDB_OK;
    });
    if (st == LEXDB_OK)
        lex_check_print(&c, path, report);
    *problems = c.problems;
    lex_check_free(&c);
    return st;
}

} /* extern "C" */
