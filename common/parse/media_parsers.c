/*
 * media_parsers.c - the table of the PDF and mail parsers (media.h).
 *
 * Built into the module LEX_MEDIA_MODULE, whose one exported symbol it
 * is, and into the programs that link the parsers themselves (the unit
 * tests, the fuzzers), where media.c finds it linked in.
 */
#include "media.h"
#include "parse_mail.h"
#include "parse_pdf.h"

__attribute__((visibility("default"))) const lex_media_t lex_media_parsers = {
    LEX_MEDIA_ABI, lex_parse_pdf, lex_parse_mail, lex_parse_mbox};
