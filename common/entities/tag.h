/*
 * tag.h - tagging bulletin items with the agencies and laws they name.
 *
 * lexindex tags every item with the gazetteer ids of the entities its
 * headline and body mention, in any spelling, so that agency:CAC finds
 * an item that only says 国家互联网信息办公室.  The ids travel with the
 * item into the index (terms for filtering, the record for display).
 */
#ifndef LEX_TAG_H
#define LEX_TAG_H

#include "bulletin.h"
#include "gazetteer.h"

/* Adds the agencies and laws each item mentions to the item. */
lex_status_t lex_tag_bulletin(const lex_gazetteer_t *g, lex_bulletin_t *b,
                              lex_err_t *err);

/*
 * Loads the shipped gazetteer (agencies.tsv and laws.tsv, found like every
 * data file, see lex_data_file()).
 */
lex_status_t lex_gazetteer_load_default(lex_gazetteer_t **out, lex_err_t *err);

/*
 * Finds the shipped gazetteer's files as lex_gazetteer_load_default does
 * and opens them with lex_gazetteer_open: read and checked on first need.
 */
lex_status_t lex_gazetteer_open_default(lex_gazetteer_t **out, lex_err_t *err);

#endif
