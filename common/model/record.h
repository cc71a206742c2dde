/*
 * record.h - the display record stored with each indexed item.
 *
 * The index keeps, beside an item's terms, everything needed to show it
 * in a result without opening the bulletin file again: headline, body,
 * section, date, citations, file and line (or page, for a PDF).  This module
 * turns one item into that record and back.  The encoding is line-based text
 * ("key<TAB>value" with \\, \n and \t escaped), versioned by its first
 * line, so it is readable with xapian-delve when debugging.
 */
#ifndef LEX_RECORD_H
#define LEX_RECORD_H

#include <stddef.h>

#include "bulletin.h"
#include "buf.h"
#include "status.h"

/* Appends the record of item it (from bulletin b) to out. */
void lex_record_encode(const lex_bulletin_t *b, const lex_item_t *it,
                       lex_buf_t *out);

/*
 * Decodes a record into a new bulletin holding exactly that one item (the
 * item keeps its original number).  LEX_EPARSE for a record of another
 * version or a damaged one.
 */
lex_status_t lex_record_decode(const char *data, size_t len,
                               lex_bulletin_t **out, lex_err_t *err);

#endif
