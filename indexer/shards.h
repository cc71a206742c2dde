/*
 * shards.h - lexindex --shards: one index split into N shard indexes.
 *
 * A sharded index is a directory DIR holding DIR/shard-1 ... DIR/shard-N,
 * each a complete lexindex index of its own (own lock, own generations;
 * it can be reindexed, rebuilt and served by xapian-tcpsrv alone), and
 * DIR/shards.stub, a Xapian stub file listing them, which lexsearch
 * --index DIR searches.  Each bulletin file belongs to one shard, chosen
 * by the year in its path (see shard_of), so that it stays put from run
 * to run.
 */
#ifndef LEX_SHARDS_H
#define LEX_SHARDS_H

#include "status.h"

/* The most shards lexindex --shards makes. */
#define SHARDS_MAX 64

/*
 * The shard (1 to n) of a bulletin file: the year in its name, else in
 * the nearest directory name that has one (a run of four digits from
 * 1900 to 2099), modulo n, plus 1; a path without a year goes by a hash
 * of the file's name.
 */
unsigned shard_of(const char *path, unsigned n);

/* The number of shards of the index at dir; 0 when it is not sharded. */
unsigned shards_count(const char *dir);

/*
 * Makes dir a sharded index of n shards: the shard directories and the
 * stub.  An existing sharded index must have n shards already.
 */
lex_status_t shards_create(const char *dir, unsigned n, lex_err_t *err);

/* The path of shard k of dir, as a heap string (NULL when out of memory). */
char *shard_path(const char *dir, unsigned k);

#endif
