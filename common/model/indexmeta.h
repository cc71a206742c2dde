/*
 * indexmeta.h - what the index's metadata and records mean, in C: the
 * metadata keys, whether a path may be opened for reading or writing,
 * what a writer's commit records, the schema check, the findings and
 * report of lexindex --check and the numbers of lexindex --stats.
 *
 * The shim (lexdb.cc, lexdb_admin.cc) reads the facts from Xapian (a
 * metadata value, a document's record, the item count) and hands them
 * here, and stores what this says to store; what is checked, recorded
 * and said is decided here.
 */
#ifndef LEX_INDEXMETA_H
#define LEX_INDEXMETA_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "lexdb.h"

#define LEX_META_SCHEMA "lexsearch.schema"
#define LEX_META_LAST_RUN "lexsearch.last_run"
#define LEX_META_LAST_RUN_TIME "lexsearch.last_run_time"
/* A file's state (filestate.h) is under this and the file's key term. */
#define LEX_META_FILE_STATE "file:"
/* The id of the thesaurus every item is tagged with (topics.h); "" when
   items were tagged with different ones, or none. */
#define LEX_META_TOPICS "lexsearch.topics"

#define LEX_STRINGIFY_(x) #x
#define LEX_STRINGIFY(x) LEX_STRINGIFY_(x)
/* LEXDB_SCHEMA_VERSION as LEX_META_SCHEMA stores it. */
#define LEX_SCHEMA_TEXT LEX_STRINGIFY(LEXDB_SCHEMA_VERSION)

/*
 * The status of a Xapian error met on what (an index path, or "query
 * '...'"), with its message in err (NULL: none): type is the error's
 * class as Xapian::Error::get_type() names it, msg its message and
 * description its full description.  A refusal of the query parser is a
 * syntax error and says its message alone; the others say the whole
 * description.  Classes are told apart by name: every DatabaseError's
 * name starts "Database" and every NetworkError's "Network" (a shard
 * that cannot be reached).  A lock that is "already locked" is another
 * writer; one that cannot be made (read-only directory, no space) is an
 * I/O error.
 */
lexdb_status_t lex_xapian_failure(const char *what, const char *type,
                                  const char *msg, const char *description,
                                  lex_err_t *err);

/*
 * Whether this build can use the index (or shard) name, whose recorded
 * schema is recorded ("" for an index never committed): LEXDB_OK, else
 * LEXDB_VERSION with a message that says to rebuild.
 */
lexdb_status_t lex_schema_check(const char *recorded, const char *name,
                                lex_err_t *err);

/*
 * Whether the index at path may be opened in mode: *stub gets the stub
 * file of a set of shards (lex_stub_of_index) for a reader to open shard
 * by shard, else NULL.  A writer is refused a set of shards (each shard
 * is written on its own: LEXDB_INVALID), a reader a path holding no
 * index (LEXDB_NOT_FOUND).
 */
lexdb_status_t lex_index_opening(const char *path, lexdb_mode_t mode,
                                 char **stub, lex_err_t *err);

/* A metadata key and the value to store under it. */
typedef struct {
    const char *key;
    char value[40];
} lex_meta_t;

/* Most entries lex_commit_meta stores. */
#define LEX_COMMIT_META 4

/*
 * Stores in meta what a writer's commit records, and returns how many
 * entries: the schema, run's number and the time now, and which
 * thesaurus the items are tagged with, given topics (the writer's id,
 * "" for none) and recorded (the index's so far).  A new generation or
 * part (fresh) holds only items written here, so records topics; an
 * update whose items (when it wrote any) were tagged with another
 * thesaurus than the rest records "", so that queries write groups out
 * again; otherwise the record stands.
 */
size_t lex_commit_meta(unsigned long run, bool fresh, bool wrote,
                       const char *recorded, const char *topics,
                       lex_meta_t *meta);

/* The findings of an integrity check, one report line per problem. */
typedef struct {
    unsigned long problems;
    unsigned long recorded; /* items the file records account for */
    lex_buf_t report;
} lex_check_t;

#define LEX_CHECK_INIT                                                         \
    {                                                                          \
        0, 0, LEX_BUF_INIT                                                     \
    }

/* Adds text (lines) to the report as they are: Xapian's own check. */
void lex_check_note(lex_check_t *c, const char *text);

/* A problem unless the recorded schema is exactly this build's. */
void lex_check_schema(lex_check_t *c, const char *recorded);

/* Counts the items of the file record stored under key; a problem when
   the record is unreadable. */
void lex_check_file_record(lex_check_t *c, const char *key, const char *value);

/* A problem when item id's stored record data[0..len) cannot be decoded. */
void lex_check_item_record(lex_check_t *c, unsigned long id, const char *data,
                           size_t len);

/* A problem when the index holds another number of items than its file
   records account for (call after every lex_check_file_record). */
void lex_check_item_count(lex_check_t *c, unsigned long items);

/*
 * Writes the report to out, each line as "PATH: LINE", when there are
 * problems (else nothing: Xapian's check narrates even a sound index);
 * empty lines and Xapian's "checked OK" lines are left out.
 */
void lex_check_print(const lex_check_t *c, const char *path, FILE *out);

/* Frees the report. */
void lex_check_free(lex_check_t *c);

/*
 * Fills in what lexindex --stats takes from the index directory dir (its
 * live generation and that one's size on disk) and from the metadata
 * (schema, last run and its time; each "" when unset).
 */
void lex_stats_from_meta(lexdb_stats_t *s, const char *dir, const char *schema,
                         const char *last_run, const char *last_run_time);

/*
 * Fills in the dates of the first and last items from the date values'
 * bounds first[0..first_len) and last[0..last_len); none for an index
 * without items (call after setting s->items).
 */
void lex_stats_dates(lexdb_stats_t *s, const char *first, size_t first_len,
                     const char *last, size_t last_len);

#endif
