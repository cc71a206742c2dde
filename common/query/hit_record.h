/*
 * hit_record.h - a search hit filled from its item's stored record.
 *
 * The shim reads an item's record (record.h) out of the index with its
 * match; what a hit shows of it (the bulletin and item, the id users
 * give to --like, rank and scores) is decoded here.  Only the snippets,
 * which Xapian's snippet generator picks, are left to the shim.
 */
#ifndef LEX_HIT_RECORD_H
#define LEX_HIT_RECORD_H

#include <stddef.h>

#include "lexdb.h"
#include "status.h"

/*
 * Fills hit number rank (from 1) from the record data (len bytes) of its
 * item, shown with score and percent: hit->bulletin (holding just the
 * item), hit->item and hit->id.  LEX_EPARSE with err set for a damaged
 * record or one of another version, LEX_ENOMEM when out of memory; what
 * was filled is freed with the hits either way.
 */
lex_status_t lex_hit_from_record(lexdb_hit_t *hit, const char *data, size_t len,
                                 unsigned rank, double score, int percent,
                                 lex_err_t *err);

#endif
