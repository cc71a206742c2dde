/*
 * parse_xml.h - XML bulletins and news feeds.
 *
 * One parser reads three XML vocabularies, chosen by the root element:
 * the lexsearch bulletin format (corpus/bulletin.rng, validated against
 * that schema), RSS 2.0 and Atom.  Same contract as lex_parse_text in
 * parse.h: on success *out owns the bulletin; on failure *out is NULL and
 * err holds "path[:line]: reason".
 */
#ifndef LEX_PARSE_XML_H
#define LEX_PARSE_XML_H

#include <stddef.h>

#include "bulletin.h"
#include "parse.h"
#include "status.h"

/* Parses an XML bulletin, RSS 2.0 feed or Atom feed; opts are not read. */
lex_parse_fn lex_parse_xml;

/* Initialises libxml2 once per process, before the first parse of any
   thread (the HTML parser calls it too): libxml2 2.9 builds its global
   tables on first use without a lock. */
void lex_libxml2_init(void);

#endif
