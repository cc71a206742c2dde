/*
 * lexdb.h - the C API over the Xapian index.
 *
 * This header is all the C code knows of Xapian: opaque handles, plain
 * structs and status codes.  The implementation, the files of
 * common/shim/ (lexdb.cc and its lexdb_*.cc, with the C files that order
 * their steps), is the only C++ in the project; it catches every
 * Xapian::Error at the boundary and turns it into a lexdb_status_t plus
 * a one-line message in a lex_err_t.  The results and the status strings
 * are plain C (model/hits.c, status.c).
 *
 * One index holds one document per bulletin item.  Writers follow the
 * pattern open(WRITE) -> begin -> index_bulletin... -> commit -> close;
 * nothing is visible to readers before commit, and a writer that dies
 * before commit leaves the index as it was.  Readers open(READ) and
 * search; a reader whose snapshot is overtaken by a writer reopens and
 * retries by itself.
 */
#ifndef LEXDB_H
#define LEXDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bulletin.h"
#include "filestate.h"
#include "status.h"
#include "gazetteer.h"
#include "snippet.h"
#include "thesaurus.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _lexdb lexdb_t;
typedef struct _lexdb_hits lexdb_hits_t;

typedef enum {
    LEXDB_OK = 0,
    LEXDB_NOT_FOUND,    /* there is no index at the path */
    LEXDB_LOCKED,       /* another writer holds the index's write lock */
    LEXDB_CORRUPT,      /* the index is damaged */
    LEXDB_VERSION,      /* the index was written with another schema */
    LEXDB_QUERY_SYNTAX, /* the query could not be parsed */
    LEXDB_MODIFIED,     /* kept changing under a reader; retries ran out */
    LEXDB_IO,           /* the file system refused (permissions, space) */
    LEXDB_NOMEM,        /* allocation failed */
    LEXDB_INVALID,      /* the API was called the wrong way */
    LEXDB_XAPIAN_ERROR, /* any other error from Xapian */
    LEXDB_SHARD_DOWN,   /* a shard of a stub could not be reached in time */
    LEXDB_STATUS_LAST
} lexdb_status_t;

/*
 * The two status enums.  lex_status_t (status.h) is what the C library
 * returns: reading files, parsing bulletins, loading the gazetteer and
 * the thesaurus.  lexdb_status_t is what the index returns, and adds the
 * states only an index has (locked, corrupt, schema, shards...).  Where a
 * C failure stops an index operation, it becomes the lexdb_status_t
 * below, and its lex_err_t message travels unchanged:
 *     LEX_OK        -> LEXDB_OK
 *     LEX_ENOMEM    -> LEXDB_NOMEM
 *     LEX_EIO       -> LEXDB_IO
 *     LEX_EINDEX    -> LEXDB_XAPIAN_ERROR
 *     LEX_EUSAGE    -> LEXDB_INVALID
 *     LEX_EPARSE, LEX_EENCODING, LEX_ELIMIT (bad input) -> LEXDB_INVALID
 * A bad bulletin is normally a rejected file, not a failed run: the
 * indexer reports it and goes on, and never maps it.
 */
static inline lexdb_status_t
lexdb_status_from_lex(lex_status_t st)
{
    switch (st) {
    case LEX_OK:
        return LEXDB_OK;
    case LEX_ENOMEM:
        return LEXDB_NOMEM;
    case LEX_EIO:
        return LEXDB_IO;
    case LEX_EINDEX:
        return LEXDB_XAPIAN_ERROR;
    default:
        return LEXDB_INVALID;
    }
}

typedef enum {
    LEXDB_READ,
    LEXDB_WRITE,
    LEXDB_WRITE_ANY_SCHEMA /* write lock without the schema check (rebuild) */
} lexdb_mode_t;

/* The index schema this build reads and writes (stored in the index). */
#define LEXDB_SCHEMA_VERSION 7

/* Returns a short constant description of a status code. */
const char *lexdb_status_string(lexdb_status_t st);

/* Returns the version of the Xapian library in use. */
const char *lexdb_xapian_version(void);

/*
 * Opens the index at path.  LEXDB_WRITE creates it when missing (the
 * parent directory must exist) and takes the write lock, failing at once
 * with LEXDB_LOCKED if another writer has it.  LEXDB_READ fails with
 * LEXDB_NOT_FOUND when there is no index.
 */
lexdb_status_t lexdb_open(const char *path, lexdb_mode_t mode, lexdb_t **out,
                          lex_err_t *err);

/* How long a remote shard may take to connect or answer, by default. */
#define LEXDB_DEFAULT_TIMEOUT_MS 10000

/* How lexdb_open_reader treats the shards of a stub. */
typedef struct {
    unsigned timeout_ms; /* per remote operation and connection; 0 for
                            LEXDB_DEFAULT_TIMEOUT_MS */
    bool partial;        /* skip shards that cannot be opened, with a notice,
                            instead of failing with LEXDB_SHARD_DOWN */
} lexdb_read_opts_t;

/*
 * Opens an index, or a set of shards, for searching.  path is an index
 * directory, a Xapian stub file listing shards ("auto PATH", "glass
 * PATH", "remote HOST:PORT" lines; relative paths are relative to the
 * stub), or a sharded index directory holding such a stub named
 * shards.stub (lexindex --shards).  Each shard is opened on its own, so
 * that a shard that is down is named in the error (LEXDB_SHARD_DOWN,
 * LEXDB_NOT_FOUND) or, with opts->partial, left out with a notice
 * (lexdb_hits_notices).  opts may be NULL.
 */
lexdb_status_t lexdb_open_reader(const char *path,
                                 const lexdb_read_opts_t *opts, lexdb_t **out,
                                 lex_err_t *err);

/*
 * Gives the index the gazetteer: writers then tag terms for the agencies
 * an item mentions and their parents (agency:CAC matches items of CAC's
 * local branches); readers resolve agency:/law: values and bare entity
 * names in queries.  g must outlive db; NULL turns entities off.
 */
void lexdb_set_gazetteer(lexdb_t *db, const lex_gazetteer_t *g);

/*
 * Gives a writer the legal thesaurus: each item is then tagged with a
 * term for each synonym group it matches, and a query naming a group
 * reads that term instead of a dozen phrases (much faster on a large
 * index).  Queries fall back to the phrases when the index was tagged
 * with another thesaurus.  NULL turns tagging off, and so does a
 * thesaurus with a phrase the tagger cannot read (lex_topics_compile):
 * that is a warning, not a failure: LEXDB_OK, with warning's message
 * saying which phrase (warning's message is empty otherwise; warning may
 * be NULL).  err says why on any other status.
 */
lexdb_status_t lexdb_set_thesaurus(lexdb_t *db, const lex_thesaurus_t *th,
                                   lex_err_t *warning, lex_err_t *err);

/* Closes the index, cancelling an uncommitted transaction. NULL is a no-op. */
void lexdb_close(lexdb_t *db);

/* Starts the transaction that groups one run's changes. */
lexdb_status_t lexdb_begin(lexdb_t *db, lex_err_t *err);

/* Makes every change since lexdb_begin visible to readers, atomically. */
lexdb_status_t lexdb_commit(lexdb_t *db, lex_err_t *err);

/*
 * Indexes every item of a bulletin, replacing the items an earlier run
 * stored for the same file (file_key, normally its absolute path) and
 * removing those beyond the bulletin's current item count.
 */
lexdb_status_t lexdb_index_bulletin(lexdb_t *db, const lex_bulletin_t *b,
                                    const char *file_key, lex_err_t *err);

/*
 * What the index remembers of a bulletin file from the run that last
 * indexed it, so that later runs can pass over files that did not change.
 */
typedef lex_file_state_t lexdb_file_state_t; /* filestate.h */

/* Looks up a file's state; *found is false for a file never indexed. */
lexdb_status_t lexdb_file_state(lexdb_t *db, const char *file_key,
                                lexdb_file_state_t *state, bool *found,
                                lex_err_t *err);

/* Records a file's state, in the current transaction. */
lexdb_status_t lexdb_set_file_state(lexdb_t *db, const char *file_key,
                                    const lexdb_file_state_t *state,
                                    lex_err_t *err);

/* Removes every item of a file and its state. */
lexdb_status_t lexdb_remove_file(lexdb_t *db, const char *file_key,
                                 lex_err_t *err);

/* Called with each indexed file's key; return false to stop. */
typedef bool (*lexdb_file_fn)(void *ctx, const char *file_key);

/* Calls fn for every file the index holds, in key order. */
lexdb_status_t lexdb_each_file(lexdb_t *db, lexdb_file_fn fn, void *ctx,
                               lex_err_t *err);

/*
 * Starts a rebuild of the index live is open on (for writing): creates
 * an empty new generation beside the live one and opens it as *fresh.
 * Index everything into fresh, then lexdb_rebuild_finish.  Readers keep
 * seeing the live generation until then; live keeps the write lock.
 */
lexdb_status_t lexdb_rebuild_begin(lexdb_t *live, lexdb_t **fresh,
                                   lex_err_t *err);

/*
 * Commits and closes fresh, then swaps it in as the live generation with
 * one atomic rename and deletes the old generation.  live is closed in
 * all cases.  A crash at any point leaves either the old or the new
 * generation live, both complete.
 */
lexdb_status_t lexdb_rebuild_finish(lexdb_t *live, lexdb_t *fresh,
                                    lex_err_t *err);

/* Gives up a rebuild: closes fresh and deletes its generation. */
void lexdb_rebuild_abandon(lexdb_t *fresh);

/*
 * Starts a bulk build, the fast way to index many files into an empty
 * index or to rebuild one: n part databases are created beside the live
 * generation and opened as parts[0..n-1].  Each part may be written by
 * its own thread (a part is used by one thread at a time; nothing else
 * is shared).  lexdb_bulk_finish then merges them into a new generation.
 * Readers keep seeing the live generation until then.
 */
lexdb_status_t lexdb_bulk_begin(lexdb_t *live, size_t n, lexdb_t **parts,
                                lex_err_t *err);

/*
 * Commits and closes the parts, merges them by compaction into a new
 * generation, swaps it in as the live one with one atomic rename, and
 * deletes the parts and the old generation.  The parts and live are
 * closed in all cases; on failure the live generation is unchanged.
 */
lexdb_status_t lexdb_bulk_finish(lexdb_t *live, lexdb_t **parts, size_t n,
                                 lex_err_t *err);

/* Gives up a bulk build: closes the parts and deletes them. */
void lexdb_bulk_abandon(lexdb_t **parts, size_t n);

/*
 * Compacts the index live is open on (for writing) into a new
 * generation and swaps it in atomically, like a rebuild.  Reports the
 * sizes before and after in bytes.  live is closed afterwards.
 */
lexdb_status_t lexdb_compact(lexdb_t *live, unsigned long long *before,
                             unsigned long long *after, lex_err_t *err);

/* What lexindex --stats reports. */
typedef struct {
    unsigned long items;
    unsigned long bulletins;
    char first_date[16]; /* YYYY-MM-DD of the oldest dated item, or "" */
    char last_date[16];
    unsigned long long bytes; /* on disk, live generation */
    unsigned long generation;
    unsigned long schema;
    unsigned long last_run;
    char last_run_time[32]; /* ISO 8601 UTC, or "" */
} lexdb_stats_t;

/* Gathers the index's statistics. */
lexdb_status_t lexdb_stats(lexdb_t *db, lexdb_stats_t *stats, lex_err_t *err);

/*
 * Verifies the index at path: Xapian's own structural check of every
 * table, then lexsearch's invariants (schema, every item's stored record
 * readable, every item belonging to a recorded file).  Writes one line per
 * problem to report and stores their number in *problems.  Returns
 * LEXDB_OK when the check ran, whatever it found.
 */
lexdb_status_t lexdb_check(const char *path, FILE *report,
                           unsigned long *problems, lex_err_t *err);

/* Number of items in the index. */
lexdb_status_t lexdb_item_count(lexdb_t *db, unsigned long *count,
                                lex_err_t *err);

typedef enum {
    LEXDB_SORT_RELEVANCE = 0,
    LEXDB_SORT_NEWEST,
    LEXDB_SORT_OLDEST
} lexdb_sort_t;

/* What to search for and how much to return. */
typedef struct {
    const char *query;      /* the user's query string ("" = every item) */
    const char *filter;     /* more conditions in query syntax that only
                               filter (--since, --section...); NULL if none */
    const char *like;       /* an item id: rank items similar to it */
    unsigned offset;        /* hits to skip */
    unsigned limit;         /* hits to return */
    unsigned snippet_chars; /* approximate snippet length */
    bool new_only;          /* only items written by the last lexindex run */
    bool exact;             /* no thesaurus synonyms, no spelling fallback */
    bool facets;            /* count all matches by section and month */
    lexdb_sort_t sort;
    const lex_thesaurus_t *thesaurus; /* synonyms; NULL for none */
} lexdb_query_t;

/* One facet value and the number of matching items that have it. */
typedef struct {
    const char *value;
    unsigned long count;
} lexdb_facet_t;

/* A highlighted stretch of a snippet, in bytes: the one span type,
   lex_span_t of snippet.h, under the API's name. */
typedef lex_span_t lexdb_span_t;

/* One result: the stored item plus what the query made of it. */
typedef struct {
    unsigned rank;            /* 1-based, counting the offset */
    double score;             /* BM25 weight */
    int percent;              /* Xapian's percentage score */
    char *id;                 /* unique item id: "FILE#ITEM" */
    lex_bulletin_t *bulletin; /* the item's bulletin, holding just it */
    const lex_item_t *item;   /* == &bulletin->items[0] */
    char *snippet;            /* plain text, no markup */
    lexdb_span_t *spans;      /* highlighted words in snippet */
    size_t n_spans;
    lexdb_span_t *headline_spans; /* highlighted words in item->headline */
    size_t n_headline_spans;
} lexdb_hit_t;

/*
 * Runs a query; on success *out holds the hits (possibly none).  An empty
 * query matches every item, newest first (useful with new_only).
 */
lexdb_status_t lexdb_search(lexdb_t *db, const lexdb_query_t *q,
                            lexdb_hits_t **out, lex_err_t *err);

/*
 * How the query was understood, one "key: value" line per aspect, for
 * lexsearch --explain (*out is malloc'd).
 */
lexdb_status_t lexdb_explain(lexdb_t *db, const lexdb_query_t *q, char **out,
                             lex_err_t *err);

/*
 * The spelling correction of the query, or NULL when every word is known.
 * Only words that no item contains are corrected.  *used is true when
 * the hits are the corrected query's, because the query as typed matched
 * almost nothing (two items or fewer).
 */
const char *lexdb_hits_correction(const lexdb_hits_t *hits, bool *used);

/*
 * Facet counts of kind "section", "month", "agency" or "law" (with
 * q->facets), most first (months newest first).
 */
size_t lexdb_hits_facets(const lexdb_hits_t *hits, const char *kind,
                         const lexdb_facet_t **out);

/*
 * What the search could not do, one sentence each: shards left out by
 * --partial, features the remote backend lacks (spelling correction).
 * Returns their number; *out points to them (valid while hits lives).
 */
size_t lexdb_hits_notices(const lexdb_hits_t *hits, const char *const **out);

/* Estimated number of items matching the query. */
unsigned long lexdb_hits_total(const lexdb_hits_t *hits);

/*
 * Number of items matching every word of the query, when the query is
 * words side by side (recall-first: items matching most words are hits
 * too); -1 for queries with operators or fewer than two words.
 */
long lexdb_hits_all_words(const lexdb_hits_t *hits);

/* Number of items the query as typed matched (before any correction). */
unsigned long lexdb_hits_typed_total(const lexdb_hits_t *hits);

/* Number of hits returned (at most the limit). */
size_t lexdb_hits_count(const lexdb_hits_t *hits);

/* The i-th returned hit, 0-based. */
const lexdb_hit_t *lexdb_hits_get(const lexdb_hits_t *hits, size_t i);

/* Frees the hits; NULL is a no-op. */
void lexdb_hits_free(lexdb_hits_t *hits);

#ifdef __cplusplus
}
#endif

#endif
