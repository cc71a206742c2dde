/*
 * lexdb_private.h - what the shim's C++ files share (never included
 * from C).
 *
 * lexdb.cc holds indexing and the steps of opening, which lexdb_open.c,
 * lexdb_search.c and lexdb_files.c order; lexdb_query.cc the steps of
 * a search and of the query layer's index callbacks; lexdb_admin.cc the
 * Xapian steps of the index's life cycle (making, committing, sealing,
 * compacting, merging and checking databases; statistics), which
 * lexdb_admin.c and lexdb_open.c order; lexdb_shards.cc opens the shards
 * a stub file lists, which lexdb_shards.c reads.  All need the handle's
 * Xapian side (lexdb_t's x) and the exception guard; the C files see
 * only lexdb_steps.h, and of a handle only its plain state (lexdb_t's c).
 *
 * On disk an index is a directory holding a Xapian stub file, XAPIANDB,
 * that names the live generation, a glass database in a subdirectory
 * "gen-NNNNNN".  Replacing the stub with rename(2) swaps a whole new
 * generation in atomically, which is how --rebuild and --compact work;
 * that file-system side is C (generations.c, stub.c).
 */
#ifndef LEXDB_PRIVATE_H
#define LEXDB_PRIVATE_H

#include <xapian.h>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

extern "C" {
#include "analysis.h"
#include "gazetteer.h"
#include "indexmeta.h"
#include "lexdb.h"
#include "lexdb_steps.h"
#include "query_plan.h"
#include "thesaurus.h"
#include "topics.h"
}

namespace lexdb_internal
{

/* The Xapian query of plan, node by node (lexdb_plan.cc); throws
   bad_alloc for a NULL plan (one whose construction ran out of
   memory). */
Xapian::Query query_of_plan(const lex_plan_t *plan);

/*
 * The status of the exception being handled, met on what (the index
 * path, a shard, or the query), with its message in err (NULL: none): a
 * Xapian::Error's by its class (lex_xapian_failure), LEXDB_NOMEM for
 * bad_alloc.  Called only inside a catch block, which it rethrows.
 */
lexdb_status_t failure(const char *what, lex_err_t *err);

/*
 * Runs fn, a Xapian step, so that no exception crosses into C: its
 * status (LEXDB_OK when fn returns nothing), or failure's of what it
 * threw.  Every entry point of the shim's C++ is one guard.
 */
template <typename F>
lexdb_status_t
guard(lex_err_t *err, const char *what, F fn)
{
    try {
        if constexpr (std::is_void_v<decltype(fn())>) {
            fn();
            return LEXDB_OK;
        } else {
            return fn();
        }
    } catch (...) {
        return failure(what, err);
    }
}

/* The English stemmer, with "sdks" stemmed to "sdk" (lex_acronym_plural). */
Xapian::Stem make_stemmer();

/* Appends the stem of w (n bytes) by the Xapian::Stem ctx to out: the
   stemmer of the C layer (lex_stem_fn); an exception marks out failed. */
void stem_into(void *ctx, const char *w, size_t n, lex_buf_t *out);

/*
 * Adds a boolean term for each thesaurus group the document (indexed
 * but not yet stored) matches.
 */
void tag_topics(const lex_topics_t &t, Xapian::Document &doc);

} // namespace lexdb_internal

/* A handle's Xapian side (lexdb_t's x), which its C never sees into. */
struct lexdb_xapian {
    /* a stub's shards open, local or remote (which C names) */
    std::vector<Xapian::Database> shards;
    Xapian::Database rdb;
    std::unique_ptr<Xapian::WritableDatabase> wdb;
    /* writers: the thesaurus groups to tag items with (NULL: none) */
    std::shared_ptr<const lex_topics_t> topics;
    Xapian::Stem stem{lexdb_internal::make_stemmer()};
    /* A bulk build's part: the segments written so far, the last one
       open in wdb (empty for any other handle). */
    std::vector<std::string> segments;
    size_t part_index = 0;

    Xapian::Database &db()
    {
        return wdb ? *wdb : rdb;
    }
};

#endif
