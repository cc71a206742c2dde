/*
 * parse_pdf.h - bulletins published as PDF files.
 *
 * The PDF parser reads the text layer through poppler's GLib API, page
 * by page in reading order, and lays it out as the plain-text newsletter
 * layout: headings set apart by their font, running headers, footers and
 * page numbers dropped, words hyphenated across lines and paragraphs
 * split across pages joined, and footnote links that live only in link
 * annotations turned into reference entries.  lex_parse_text then cuts
 * the items, so a PDF yields the same items as the text form of the same
 * bulletin; each item's page (lex_item_t.page) is where its headline is.
 */
#ifndef LEX_PARSE_PDF_H
#define LEX_PARSE_PDF_H

#include <stddef.h>

#include "bulletin.h"
#include "parse.h"
#include "status.h"

/*
 * Limits on one PDF, documented in lexsearch-corpus(5) LIMITS: pages in
 * the document, and seconds spent reading it (checked before each page;
 * the environment variable LEXINDEX_PDF_SECONDS overrides the default).
 */
#define LEX_MAX_PDF_PAGES 1000
#define LEX_PDF_SECONDS 60.0

/*
 * Parses one PDF bulletin; same contract as lex_parse_text (parse.h),
 * whose opts its rendered text is read with.
 */
lex_parse_fn lex_parse_pdf;

#endif
